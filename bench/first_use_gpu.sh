#!/usr/bin/env bash
# A voice's first request on a fresh server, per server spec (session 35, issue 16): with
# `vocoder_narrow_kernels` on, a causal HiFiGAN's first forward on a GPU compiles Triton kernels (four for
# distill-baker) unless Triton's disk cache already holds them. Per server in SERVERS ("NAME [VAR=value ...]"
# separated by ';', as in steady_gpu.sh): a server started with an empty TRITON_CACHE_DIR of its own (or the
# cache of the server named in CACHE_FROM_<NAME>, to time a warm disk cache), then for each voice in VOICES one
# whole request of the 42-character sentence, then the same request again; wall times (curl) and the server's
# log lines about the kernel. -> $OUT/first_use.txt
# usage: [SERVERS="off TTSSERVE_VOCODER_NARROW_KERNELS=off;auto"] [VOICES="distill-baker"] OUT=/tmp/out bash bench/first_use_gpu.sh
set -uo pipefail
source bench/gpu_lib.sh
TEXT="${TEXT:-今天天气很好，我们一起去公园散步吧，顺便买点水果回家。晚上再一起看电影。}"
IFS=';' read -r -a servers <<< "${SERVERS:-off TTSSERVE_VOCODER_NARROW_KERNELS=off;auto}"
for spec in "${servers[@]}"; do
  set -- $spec; name=$1; shift
  from_var="CACHE_FROM_${name}"; cache="$OUT/triton_${!from_var:-$name}"
  mkdir -p "$cache"
  step "$name: $* (TRITON_CACHE_DIR $cache: $(find "$cache" -type f | wc -l) files)"
  t0=$(date +%s.%N)
  start_server "$OUT/first_${name}.log" TRITON_CACHE_DIR="$cache" "$@"
  echo "$name ready after $(python3 -c "print(round($(date +%s.%N) - $t0, 1))") s"
  for voice in ${VOICES:-distill-baker}; do
    for n in first again; do
      body=$(python3 -c "import json,sys; print(json.dumps({'text': sys.argv[1], 'voice': sys.argv[2]}))" "$TEXT" "$voice")
      curl -s -o /dev/null -w "$name $voice $n: HTTP %{http_code} %{time_total} s\n" -H 'content-type: application/json' \
        -d "$body" "localhost:$PORT/synthesize"
    done
  done
  stop_server
  grep -i "narrow\|triton" "$OUT/first_${name}.log" | head -5
done 2>&1 | tee "$OUT/first_use.txt"
