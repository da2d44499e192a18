#!/usr/bin/env bash
# Every ttsserve route from curl. Usage: examples/curl.sh [http://127.0.0.1:8000] (set TTSSERVE_API_KEY if keys are on)
set -euo pipefail
URL=${1:-http://127.0.0.1:8000}
AUTH=(); [ -n "${TTSSERVE_API_KEY:-}" ] && AUTH=(-H "Authorization: Bearer $TTSSERVE_API_KEY")
JSON=(-H 'Content-Type: application/json')
curl -fsS "$URL/healthz"; echo
curl -fsS "$URL/readyz"; echo
curl -fsS "${AUTH[@]}" "$URL/v1/voices" | head -c 400; echo
curl -fsS "${AUTH[@]}" "${JSON[@]}" -X POST "$URL/v1/frontend" -d '{"text": "银行行长2024年3月15日来了"}' | head -c 400; echo
curl -fsS "${AUTH[@]}" "${JSON[@]}" -X POST "$URL/synthesize" -d '{"text": "今天天气不错。"}' -o out.wav -D - | grep -i '^x-'
curl -fsS "${AUTH[@]}" "${JSON[@]}" -X POST "$URL/synthesize" -d '{"text": "你好", "emotion": "happy", "format": "mp3"}' -o out.mp3
curl -fsS -N "${AUTH[@]}" "${JSON[@]}" -X POST "$URL/synthesize" -d '{"text": "流式合成，边合成边播放。", "stream": true}' -o stream.wav
curl -fsS "${AUTH[@]}" "${JSON[@]}" -X POST "$URL/v1/audio/speech" -d '{"model": "tts-1", "voice": "alloy", "input": "你好", "response_format": "wav"}' -o openai.wav
curl -fsS "${AUTH[@]}" "$URL/v1/models" | head -c 200; echo
curl -fsS "${AUTH[@]}" "$URL/v1/memory" | head -c 400; echo
curl -fsS "$URL/metrics" | grep '^ttsserve_requests_total' | head -5
ls -l out.wav out.mp3 stream.wav openai.wav
