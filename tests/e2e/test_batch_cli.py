"""Batch CLI: txt/jsonl/csv inputs, per-item voice/emotion, resumable, failures reported, server mode."""

from __future__ import annotations

import io

import pytest
import soundfile as sf

from ttsserve.batch import read_items, run_batch


def test_inputs(tmp_path):
    (tmp_path / "a.txt").write_text("第一句。\n\n第二句\n", encoding="utf-8")
    assert [(i.id, i.text) for i in read_items(tmp_path / "a.txt")] == [("1", "第一句。"), ("3", "第二句")]
    (tmp_path / "b.jsonl").write_text('{"id": "q/1", "text": "你好", "emotion": "happy", "speed": 1.2}\n', encoding="utf-8")
    item = read_items(tmp_path / "b.jsonl")[0]
    assert (item.id, item.emotion, item.speed) == ("q_1", "happy", 1.2)
    (tmp_path / "c.csv").write_text("id,text,voice\nx,你好,slow\ny,世界,\n", encoding="utf-8")
    assert [(i.id, i.voice) for i in read_items(tmp_path / "c.csv")] == [("x", "slow"), ("y", None)]
    (tmp_path / "d.csv").write_text("id,text\nx,你好\nx,世界\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="duplicate id 'x'"):
        read_items(tmp_path / "d.csv")


def test_in_process_resumable_with_failures(tone_settings, tmp_path):
    src = tmp_path / "items.jsonl"
    src.write_text('{"id": "a", "text": "你好"}\n{"id": "b", "text": "世界", "emotion": "happy"}\n'
                   '{"id": "c", "text": "好", "emotion": "angry"}\n', encoding="utf-8")
    out = tmp_path / "out"
    progress = io.StringIO()
    s = run_batch(read_items(src), out, settings=tone_settings(), progress=progress)
    assert (s.items, s.done, s.skipped) == (3, 2, 0)
    assert s.failed == [("c", "voice 'tone' has no emotion 'angry'; emotions: neutral, happy")]
    assert sf.info(str(out / "a.wav")).frames > 0 and not (out / "c.wav").exists()
    assert "3 items: 2 synthesized, 0 already done, 1 failed" in progress.getvalue()
    (out / "b.wav").write_bytes(b"RIFF")  # a broken leftover is redone, finished files are skipped
    s2 = run_batch(read_items(src), out, settings=tone_settings(), progress=io.StringIO())
    assert (s2.done, s2.skipped, len(s2.failed)) == (1, 1, 1)
    assert sf.info(str(out / "b.wav")).frames > 0


def test_server_mode(server_process, tmp_path):
    base, _ = server_process(["-m", "tests.e2e.serve_tone", str(tmp_path / "w"), "{port}"])
    src = tmp_path / "items.txt"
    src.write_text("你好\n世界\n", encoding="utf-8")
    s = run_batch(read_items(src), tmp_path / "out", fmt="flac", server=base, progress=io.StringIO())
    assert s.done == 2 and not s.failed
    assert sf.info(str(tmp_path / "out" / "1.flac")).format == "FLAC"


def test_server_mode_sends_the_voice_header_for_load_balancers():
    """`--server` repeats an item's voice in X-TTS-Voice (what ingress-nginx / HAProxy hash on: docs/scaling.md);
    an item without a voice sends none (the server's default voice; the balancers spread those)."""
    import asyncio

    import httpx

    from ttsserve.batch import Item, _server_synth

    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.headers.get("x-tts-voice"), request.headers.get("authorization")))
        return httpx.Response(200, content=b"RIFF", headers={"x-audio-seconds": "1.5"})

    async def go():
        synth = _server_synth("http://tts.test", "k1")
        synth.client = httpx.AsyncClient(base_url="http://tts.test", headers=synth.client.headers,
                                         transport=httpx.MockTransport(handler))
        out = [await synth.run(Item("a", "你好", voice="distill-baker"), "wav"), await synth.run(Item("b", "好"), "wav")]
        await synth.close()
        return out

    assert asyncio.run(go()) == [(b"RIFF", 1.5), (b"RIFF", 1.5)]
    assert seen == [("distill-baker", "Bearer k1"), (None, "Bearer k1")]
