"""API contract: status codes, exact error bodies, audio bytes, headers (TestClient over create_app)."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.conftest import running_client
from tests.stages import FRAMES_PER_SYMBOL, TONE_HOP, TONE_RATE_HZ


@pytest.fixture
def client(tone_settings):
    with running_client(tone_settings(max_text_chars=50, max_body_bytes=4096)) as c:
        yield c


def err(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def test_synthesize_returns_wav_of_expected_length(client):
    r = client.post("/synthesize", json={"text": "你好世界"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "audio/wav"
    assert r.content[:4] == b"RIFF" and r.content[8:12] == b"WAVE"
    data, rate = sf.read(io.BytesIO(r.content), dtype="int16")
    assert rate == TONE_RATE_HZ
    assert len(data) == 4 * FRAMES_PER_SYMBOL * TONE_HOP
    assert np.abs(data).max() > 10000  # a 0.5-amplitude tone, not silence
    assert float(r.headers["X-Audio-Seconds"]) == pytest.approx(len(data) / rate, abs=1e-3)
    for h in ("X-Request-ID", "X-Peak-VRAM-Bytes", "X-Synthesis-Seconds", "X-Queue-Wait-Seconds"):
        assert h in r.headers
    assert r.headers["X-Voice"] == "tone" and r.headers["X-Emotion"] == "neutral"


def test_request_id_is_echoed(client):
    r = client.post("/synthesize", json={"text": "你好"}, headers={"X-Request-ID": "abc-123"})
    assert r.headers["X-Request-ID"] == "abc-123"


def test_sentences_are_joined_with_silence(tone_settings):
    with running_client(tone_settings(sentence_silence_s=0.1)) as c:
        r = c.post("/synthesize", json={"text": "你好。世界"})
    data, rate = sf.read(io.BytesIO(r.content), dtype="float32")
    per = 2 * FRAMES_PER_SYMBOL * TONE_HOP
    assert len(data) == 2 * per + int(0.1 * rate)
    assert np.all(data[per : per + int(0.1 * rate)] == 0)


@pytest.mark.parametrize("fmt,ctype", [("flac", "audio/flac"), ("ogg", "audio/ogg")])
def test_compressed_formats_decode(client, fmt, ctype):
    r = client.post("/synthesize", json={"text": "你好", "format": fmt})
    assert r.status_code == 200
    assert r.headers["content-type"] == ctype
    data, rate = sf.read(io.BytesIO(r.content))
    assert rate == TONE_RATE_HZ and abs(len(data) - 2 * FRAMES_PER_SYMBOL * TONE_HOP) <= 0


def test_pcm_is_raw_s16le(client):
    r = client.post("/synthesize", json={"text": "你好", "format": "pcm"})
    assert r.headers["content-type"] == f"audio/L16; rate={TONE_RATE_HZ}; channels=1"
    assert len(r.content) == 2 * 2 * FRAMES_PER_SYMBOL * TONE_HOP


def test_resampling_on_request(client):
    r = client.post("/synthesize", json={"text": "你好", "sample_rate_hz": 16000})
    data, rate = sf.read(io.BytesIO(r.content))
    assert rate == 16000 and r.headers["X-Sample-Rate-Hz"] == "16000"
    assert len(data) == 2 * 2 * FRAMES_PER_SYMBOL * TONE_HOP


def test_speed_and_volume_apply(client):
    base = client.post("/synthesize", json={"text": "你好", "format": "pcm"}).content
    fast = client.post("/synthesize", json={"text": "你好", "format": "pcm", "speed": 2.0}).content
    quiet = client.post("/synthesize", json={"text": "你好", "format": "pcm", "volume": 0.5}).content
    assert len(fast) < len(base)
    a, q = np.frombuffer(base, "<i2").astype(float), np.frombuffer(quiet, "<i2").astype(float)
    assert np.abs(q).max() == pytest.approx(np.abs(a).max() / 2, rel=0.01)


def test_emotion_preset_and_speaker(client):
    r = client.post("/synthesize", json={"text": "你好", "emotion": "happy", "speaker": "b"})
    assert r.status_code == 200 and r.headers["X-Emotion"] == "happy"


# Exact bodies: they are the API's contract. The invalid_request messages carry pydantic's wording, which is
# why pydantic is pinned in constraints.txt (the tested set); a pydantic upgrade that rewords them shows here.
@pytest.mark.parametrize(
    "body,status,expected",
    [
        ({"text": ""}, 422, err("invalid_text", "text is empty")),
        ({"text": "   \n"}, 422, err("invalid_text", "text is empty")),
        ({"text": "。。。"}, 422, err("invalid_text", "text contains nothing speakable")),
        ({"text": "长" * 51}, 413, err("text_too_long", "text has 51 characters; the limit is 50")),
        ({"text": "你好", "voice": "nobody"}, 404, err("unknown_voice", "unknown voice 'nobody'; available: slow, tone")),
        ({"text": "你好", "voice": "../tone"}, 404, err("unknown_voice", "unknown voice '../tone'; available: slow, tone")),
        ({"text": "你好", "voice": "/etc/passwd"}, 404, err("unknown_voice", "unknown voice '/etc/passwd'; available: slow, tone")),
        ({"text": "你好", "emotion": "angry"}, 422, err("unknown_emotion", "voice 'tone' has no emotion 'angry'; emotions: neutral, happy")),
        ({"text": "你好", "speaker": "c"}, 422, err("unknown_speaker", "voice 'tone' has no speaker 'c'; speakers: a, b")),
        ({"text": "你好", "speed": 3}, 422, err("invalid_request", "speed: Input should be less than or equal to 2")),
        ({"text": "你好", "format": "aac"}, 422, err("invalid_request", "format: Input should be 'wav', 'flac', 'ogg', 'opus', 'mp3' or 'pcm'")),
        ({"text": "你好", "sample_rate_hz": 12345}, 422, err("invalid_request", "sample_rate_hz: Value error, sample_rate_hz must be one of [8000, 16000, 22050, 24000, 32000, 44100, 48000]")),
        ({"text": 5}, 422, err("invalid_request", "text: Input should be a valid string")),
        ({"txt": "你好"}, 422, err("invalid_request", "text: Field required; txt: Extra inputs are not permitted")),
    ],
)
def test_bad_requests_get_exact_json_errors(client, body, status, expected):
    r = client.post("/synthesize", json=body)
    assert r.status_code == status
    assert r.json() == expected
    assert client.post("/synthesize", json={"text": "好"}).status_code == 200  # still serving


def test_invalid_json_and_oversized_body(client):
    r = client.post("/synthesize", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    r = client.post("/synthesize", content=b"x" * 5000, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json() == err("body_too_large", "request body is over the limit of 4096 bytes")


def test_worker_exception_is_isolated_to_its_job(client):
    r = client.post("/synthesize", json={"text": "爆炸"}, headers={"X-Request-ID": "r1"})
    assert r.status_code == 500
    assert r.json() == err("internal_error", "synthesis failed (RuntimeError); request id r1")
    assert "Traceback" not in r.text
    assert client.post("/synthesize", json={"text": "你好"}).status_code == 200
    assert client.get("/readyz").status_code == 200


def test_unknown_route_is_json_404(client):
    r = client.get("/nope")
    assert r.status_code == 404 and r.json() == err("not_found", "Not Found")


def test_voices_lists_speakers_emotions_and_load_state(client):
    r = client.get("/v1/voices")
    assert r.status_code == 200
    body = r.json()
    assert body["default_voice"] == "tone"
    by_name = {v["name"]: v for v in body["voices"]}
    assert set(by_name) == {"tone", "slow"}
    tone = by_name["tone"]
    assert tone["loaded"] is True and tone["tier"] == "compute" and tone["available"] is True
    assert tone["speakers"] == ["a", "b"] and tone["sample_rate_hz"] == TONE_RATE_HZ
    assert [e["name"] for e in tone["emotions"]] == ["neutral", "happy"]
    assert tone["emotions"][1] == {"name": "happy", "kind": "prosody", "description": "brighter"}
    assert by_name["slow"]["loaded"] is False and by_name["slow"]["tier"] == "disk"
    client.post("/synthesize", json={"text": "好", "voice": "slow"})
    by_name = {v["name"]: v for v in client.get("/v1/voices").json()["voices"]}
    assert by_name["slow"]["loaded"] is True


def test_healthz_fails_once_the_worker_has_failed(client):
    worker = client.app.state.engine.worker
    worker.healthy, worker.failure = False, "RuntimeError: injected"
    try:
        r = client.get("/healthz")
        assert r.status_code == 503 and r.json() == {
            "status": "failed", "detail": "the synthesis worker has failed; restart the process (the server log says why)"}
        assert client.get("/readyz").status_code == 503
    finally:
        worker.healthy, worker.failure = True, None
    assert client.get("/healthz").status_code == 200


def test_health_ready_and_metrics(client):
    assert client.get("/healthz").json() == {"status": "ok", "detail": ""}
    assert client.get("/readyz").json() == {"status": "ready", "detail": "ok"}
    client.post("/synthesize", json={"text": "你好"})
    client.post("/synthesize", json={"text": ""})
    text = client.get("/metrics").text
    assert 'ttsserve_requests_total{route="/synthesize",status="200"}' in text
    assert 'ttsserve_requests_total{route="/synthesize",status="422"}' in text
    assert "ttsserve_queue_depth 0.0" in text
    assert "ttsserve_synthesis_seconds_count" in text
    assert 'ttsserve_stage_seconds_count{stage="vocoder"}' in text
    assert "ttsserve_worker_up 1.0" in text
    if Path("/proc/self/clear_refs").exists():  # a CPU deployment on Linux: the stages' host memory
        for stage in ("acoustic", "vocoder"):
            assert f'ttsserve_stage_rss_peak_growth_bytes_count{{stage="{stage}"}}' in text


def test_jobs_in_flight_counts_running_jobs_for_the_autoscaler(tone_settings):
    """`ttsserve_jobs_in_flight` (queued + running) is what KEDA / the HPA scale on (docs/scaling.md): a job the
    worker is synthesizing counts, although the queue it left is empty."""
    import threading

    with running_client(tone_settings(slow_delay_s=1.5)) as client:
        assert "ttsserve_jobs_in_flight 0.0" in client.get("/metrics").text
        done = []
        t = threading.Thread(target=lambda: done.append(client.post("/synthesize", json={"text": "慢", "voice": "slow"})))
        t.start()
        # the job is queued for an instant before the worker takes it (then both gauges read 1): wait for the
        # moment it runs, which lasts the slow voice's 1.5 s, however late the request reaches the server
        seen = None
        deadline = time.monotonic() + 20
        while t.is_alive() and time.monotonic() < deadline:
            text = client.get("/metrics").text
            if "ttsserve_jobs_in_flight 1.0" in text and "ttsserve_queue_depth 0.0" in text:
                seen = text
                break
            time.sleep(0.02)
        t.join()
        assert seen is not None, "the running job (queue empty) never showed in ttsserve_jobs_in_flight"
        assert done[0].status_code == 200
        assert "ttsserve_jobs_in_flight 0.0" in client.get("/metrics").text


def test_memory_report(client):
    body = client.get("/v1/memory").json()
    assert body["compute_device"] == "cpu"
    assert body["voice_cache"]["voices"][0]["voice"] == "tone"


def test_memory_report_splits_phase_time_into_worker_cpu(client):
    """The scheduler block: wall and worker-thread CPU seconds per phase (CPU never above wall: one thread's CPU
    time cannot outrun the clock), and the worker's thread id as /proc lists it (benchmarks read its CPU there)."""
    assert client.post("/synthesize", json={"text": "你好。世界"}).status_code == 200
    deadline = time.monotonic() + 10
    while (sched := client.get("/v1/memory").json()["scheduler"])["iterations"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)  # /v1/memory shows the state the worker last published
    wall, cpu = sched["phase_seconds"], sched["phase_cpu_seconds"]
    assert sched["iterations"] > 0 and set(cpu) == set(wall)
    assert all(0 <= cpu[k] <= wall[k] + 1e-3 for k in wall), (wall, cpu)
    assert sum(cpu.values()) > 0
    tid = sched["thread_id"]
    assert tid != os.getpid() and (not os.path.isdir("/proc/self/task") or str(tid) in os.listdir("/proc/self/task"))


def test_openapi_documents_synthesize(client):
    spec = client.get("/openapi.json").json()
    assert "/synthesize" in spec["paths"] and "/v1/voices" in spec["paths"]
    assert "404" in spec["paths"]["/synthesize"]["post"]["responses"]


def test_frontend_inspection_route(client):
    r = client.post("/v1/frontend", json={"text": "你好。世界"})
    assert r.status_code == 200
    body = r.json()
    assert [s["span"] for s in body["sentences"]] == [[0, 2], [3, 5]]
    assert body["sentences"][1]["original"] == "世界"
    assert body["sentences"][0]["phones"] == ["a1", "a1"]
    r = client.post("/v1/frontend", json={"text": "你好", "voice": "x/y"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "unknown_voice"


def test_streaming_wav_equals_non_streamed_audio(client):
    whole = client.post("/synthesize", json={"text": "你好。世界", "format": "pcm"}).content
    with client.stream("POST", "/synthesize", json={"text": "你好。世界", "stream": True}) as r:
        assert r.status_code == 200 and r.headers["content-type"] == "audio/wav"
        chunks = list(r.iter_bytes())
    data = b"".join(chunks)
    assert data[:4] == b"RIFF" and data[4:8] == b"\xff\xff\xff\xff"
    assert data[44:] == whole


def test_streaming_errors_before_audio_keep_their_status(client):
    r = client.post("/synthesize", json={"text": "", "stream": True})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_text"
    r = client.post("/synthesize", json={"text": "你好", "stream": True, "format": "flac"})
    assert r.status_code == 422
    assert r.json() == err("unsupported_format", "streaming supports wav and pcm, not flac")
    r = client.post("/synthesize", json={"text": "你好", "stream": True, "sample_rate_hz": 16000})
    assert r.json() == err("unsupported_format", "streaming is at the voice's own rate (8000 Hz); omit sample_rate_hz or do not stream")


def test_web_page_is_served(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<title>ttsserve</title>" in r.text and "/synthesize" in r.text and "X-Peak-VRAM-Bytes" in r.text


def test_cuda_graph_cache_is_observable(tone_settings):
    """The worker's CUDA-graph cache (Sambert's decoder, FastSpeech2; bounded by count and bytes) is exported."""
    with running_client(tone_settings()) as client:
        graphs = client.app.state.engine.worker.graphs
        graphs.put(("sambert", 1, 1, 4, 64), object(), 1234)  # plain objects: the tone voices capture no graphs
        graphs.put(("fastspeech2-encoder", 1, 1, 32), object(), 100, pool=("fastspeech2", 0), pool_growth=900)
        graphs.put(("fastspeech2-decoder", 1, 1, 64), object(), 0, pool=("fastspeech2", 0), pool_growth=0)
        assert client.post("/synthesize", json={"text": "ab"}).status_code == 200  # the worker publishes after a job
        metrics = client.get("/metrics").text
    assert "ttsserve_cuda_graph_cache_entries 3.0" in metrics
    assert "ttsserve_cuda_graph_cache_bytes 2234.0" in metrics
    assert "ttsserve_cuda_graph_captures 3.0" in metrics
