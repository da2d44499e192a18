set -u
export OUT=${OUT:-/tmp/out}
source bench/gpu_lib.sh
start_server "$OUT/server.log"
for i in 1 2 3; do
  timeout 60 python3 bench/fairness.py --url http://127.0.0.1:$PORT --shorts 6 --settle-s 0.15 --gap-s 0.1 --json "$OUT/fair_$i.json" > /dev/null 2>&1
  python3 -c "import json; f=json.load(open('$OUT/fair_$i.json')); print({k: f[k] for k in ('long_first_audio_ms','long_total_s','short_first_audio_ms','long_running_during_all_shorts')})"
done
for i in 1 2; do
  timeout 60 python3 bench/fairness.py --url http://127.0.0.1:$PORT --voice distill-baker --shorts 6 --settle-s 0.15 --gap-s 0.1 --json "$OUT/fair_distill_$i.json" > /dev/null 2>&1
  python3 -c "import json; f=json.load(open('$OUT/fair_distill_$i.json')); print({k: f[k] for k in ('long_first_audio_ms','long_total_s','short_first_audio_ms','long_running_during_all_shorts')})"
done
curl -s localhost:$PORT/v1/memory > "$OUT/memory_after_fairness.json"
stop_server
