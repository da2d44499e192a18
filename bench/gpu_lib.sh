# Sourced by the bench/*_gpu.sh device scripts: $OUT and $PORT, the serving stack from the wheels in .whl/ (the
# device image has no package registry and its own CUDA torch: fill .whl/ on a machine with a registry with the
# serving stack's wheels for the device's CPython, e.g. `pip download --only-binary=:all: --python-version 3.12
# --platform manylinux2014_x86_64 -d .whl fastapi fastapi-offline uvicorn pydantic pydantic-settings soundfile pypinyin jieba cn2an
# prometheus-client httpx pyyaml safetensors websockets` and their dependencies, torch excluded; misaki 0.9.4 and
# ordered-set too, 3.6 MB, so that the GPU suite's Kokoro test runs: session 31 found it skipped), step(), and one
# server started in the background (start_server LOG [VAR=value ...]: waits for /readyz; stop_server).
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"; PORT=${PORT:-8123}
# .whl2/ (optional): packages too big to travel beside the rest. jieba's wheel is 19 MB, and the tracked tree is
# ~47 MiB of the 64 MiB a command carries: .whl2/jieba_small.tar.xz (3.2 MiB) holds the wheel's files without the
# two subpackages ttsserve never imports (lac_small, a paddle model, 13 MB; analyse, 6 MB), unpacked where pip
# would put them: `mkdir t && cd t && unzip -q ../jieba-0.42.1-py3-none-any.whl && rm -rf jieba/lac_small
# jieba/analyse && tar cJf ../.whl2/jieba_small.tar.xz .` (session 13 carried the whole wheel as two 8 MiB parts in
# calls of their own, and a machine that went back between calls lost them: session 14's first run)
[ -d /tmp/site/fastapi ] || { python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
  --target /tmp/site .whl/*.whl $(ls .whl2/*.whl 2>/dev/null) 2>&1 | tail -2
  for t in .whl2/*.tar.xz; do [ -f "$t" ] && tar xJf "$t" -C /tmp/site; done
  true; }
export PYTHONPATH=/tmp/site:src:. PATH=/tmp/site/bin:$PATH
# what the server and the WebSocket client import, checked at once (a missing wheel cost session 10 four minutes)
python3 -c "import fastapi, fastapi_offline, uvicorn, pydantic_settings, soundfile, prometheus_client, pypinyin, jieba, \
cn2an, httpx, websockets, safetensors" 2>&1 | tail -1
step() { echo "=== $1 ($(date +%T))"; }
start_server() {  # start_server LOG [VAR=value ...]: the default profile on ${DEVICE:-cuda}
  local log=$1; shift
  # room for 128 clients (64 active + up to 64 waiting) unless SERVER_QUEUE says otherwise ("" = the setting's default)
  local queue=${SERVER_QUEUE-128}
  env ${queue:+TTSSERVE_MAX_QUEUE_SIZE=$queue} "$@" python3 -m ttsserve serve --device "${DEVICE:-cuda}" --port "$PORT" \
    --config configs/default.yaml > "$log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 "${READY_TRIES:-240}"); do
    curl -fs "localhost:$PORT/readyz" >/dev/null 2>&1 && break
    kill -0 "$SERVER" 2>/dev/null || { echo "server exited at start:"; tail -3 "$log"; break; }  # no 2-minute wait
    sleep 0.5
  done
}
stop_server() { kill -TERM "$SERVER"; timeout "${1:-20}" tail --pid="$SERVER" -f /dev/null || kill -9 "$SERVER"; }
record_device() {  # the GPU, driver and torch into $OUT/gpu.txt (and the output)
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
  python3 -c "import torch; print('torch', torch.__version__)" | tee -a "$OUT/gpu.txt"
}
