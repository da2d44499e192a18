"""A busy decoder on the GPU (`decoder_max_advances_per_iteration`, session 39): with twenty streams of distill-baker in
the slots the decoder advances more than once an iteration, and each stream's audio is the audio it gets alone (within
the rounding of batched float16 work). Skipped without CUDA."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
import torch

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]

from ttsserve.engine.engine import Engine, SynthesisRequest  # noqa: E402
from ttsserve.settings import load_settings  # noqa: E402
from ttsserve.telemetry import Telemetry  # noqa: E402

TEXTS = ["今天天气不错，我们出去走走吧。", "会议定在下午三点开始。", "请把窗户关上。", "他每天早上跑步。",
         "这家店的面条很好吃。", "明天可能会下雨，记得带伞。", "我们中午先在学校附近吃午饭。", "周末去公园散步。",
         "火车晚点了二十分钟。", "她喜欢在图书馆看书。"] * 2


def snr_db(ref: np.ndarray, x: np.ndarray) -> float:
    n = min(len(ref), len(x))
    ref, x = ref[:n].astype(np.float64), x[:n].astype(np.float64)
    return float(10 * np.log10((ref**2).sum() / max(((ref - x) ** 2).sum(), 1e-20)))


async def _stream(engine: Engine, req: SynthesisRequest) -> np.ndarray:
    pieces = [item async for item in engine.stream(req) if isinstance(item, np.ndarray)]
    return np.concatenate(pieces)


def test_a_busy_decoder_advances_several_times_an_iteration_on_the_gpu(monkeypatch):
    from ttsserve.pipeline.sambert_slots import SlotDecoder

    engine = Engine(load_settings(device="cuda", warmup=False, voices=["baker", "distill-baker"],
                                  decoder_max_advances_per_iteration=4), Telemetry())
    engine.start()
    try:
        requests = [SynthesisRequest(text=t, voice="distill-baker") for t in TEXTS]
        alone = [asyncio.run(_stream(engine, r)) for r in requests[:10]]
        per_iteration: dict[int, int] = {}
        advance = SlotDecoder.advance

        def counted(self):
            it = engine.worker.scheduler.iteration
            per_iteration[it] = per_iteration.get(it, 0) + 1
            return advance(self)

        monkeypatch.setattr(SlotDecoder, "advance", counted)

        async def together():
            return await asyncio.gather(*(_stream(engine, r) for r in requests))

        results = asyncio.run(together())
    finally:
        engine.stop()
    assert max(per_iteration.values()) >= 2, per_iteration  # twenty calls: two advances an iteration at least once
    for i, audio in enumerate(results):
        ref = alone[i % 10]
        assert abs(len(audio) - len(ref)) <= 300  # (a duration rounded one frame the other way at most)
        assert snr_db(ref, audio) > 20, i
