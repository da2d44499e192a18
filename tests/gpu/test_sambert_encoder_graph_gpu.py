"""The per-symbol half of Sambert's encoding replayed from a CUDA graph (pipeline/sambert_graph.py,
`encode_symbols_graphed`, stage option `encoder_graphs`): the same durations and, within a stated tolerance,
the same decoder memory as the eager encoding, for a batch of calls of different lengths and prosody; captured
once per bucket and replayed; the shipped distill-baker voice with the option on decodes what it decodes without.
Skipped without CUDA."""

from __future__ import annotations

import pytest
import torch

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]

from tests.unit.test_sambert_encoder_graph import LENGTHS, batch  # noqa: E402
from tests.unit.test_sambert_slots import call_input  # noqa: E402
from ttsserve.engine.graphs import CudaGraphCache  # noqa: E402
from ttsserve.pipeline import sambert_graph as sg  # noqa: E402
from ttsserve.pipeline.sambert import Sambert, SambertAcoustic, SambertConfig  # noqa: E402
from ttsserve.pipeline.sambert_fused import exact_fp32  # noqa: E402


def stage(dtype: str, **kw) -> SambertAcoustic:
    torch.manual_seed(0)
    model = Sambert(SambertConfig()).eval()
    with torch.no_grad():
        model.variance_adaptor.duration_predictor.fc.bias.fill_(1.8)
    return SambertAcoustic(model, device="cuda", dtype=dtype, graphs=CudaGraphCache(), **kw)


@pytest.mark.parametrize("dtype,tol", [("float32", 1e-4), ("float16", 2e-2)])
def test_graphed_symbols_equal_eager(dtype, tol):
    st = stage(dtype)
    model = st.module
    ling, emotion, speaker, lengths, controls, speed = batch(st)
    dev, dt = torch.device("cuda"), st.dtype
    ling, emotion, speaker, lengths = (t.to(dev) for t in (ling, emotion, speaker, lengths))
    controls = {k: v.to(dev, dt) for k, v in controls.items()}
    speed = speed.to(dev, dt)
    with torch.inference_mode(), exact_fp32():
        ref = model.encode(ling, emotion, speaker, lengths, speed=speed, **controls)
        for _ in range(2):  # capture, then replay from the cache
            sym = sg.encode_symbols_graphed(model, ling, emotion, speaker, lengths, controls, st.graphs)
            got = model.regulate(sym, lengths, speed=speed)
            flipped = (got.durations != ref.durations).sum().item()
            if dtype == "float32":
                assert flipped == 0
                assert (got.memory - ref.memory).abs().max().item() < tol
            else:  # fp16: a duration within ~1e-3 of a half frame may round the other way, as between batches
                assert flipped <= max(1, ref.durations.numel() // 50)
    stats = st.graphs.stats()
    assert stats["disabled"] == 0, st.graphs.disabled(sg.ENCODER_KIND)
    assert stats["replays"] >= 2


def test_stage_with_encoder_graphs_decodes_what_it_decodes_without():
    """The stage replays the encoder graph for groups of up to ENCODER_MAX_BATCH calls (eager beyond)."""
    on, off = stage("float32"), stage("float32", encoder_graphs=False)  # on by default
    inputs = [call_input(n, seed=n) for n in LENGTHS]
    groups = [inputs[:1], inputs[1 : 1 + sg.ENCODER_MAX_BATCH], inputs]
    with exact_fp32():
        a = [out for g in groups for out in on.infer(g)]
        b = [out for g in groups for out in off.infer(g)]
    for x, y in zip(a, b):
        assert torch.equal(x.durations, y.durations)
        assert (x.mel - y.mel).abs().max().item() < 1e-3
    batches = sorted(k[2] for k in on.graphs.keys() if k[0] == sg.ENCODER_KIND)
    assert batches == [1, sg.ENCODER_MAX_BATCH]  # (batch buckets) the whole group of LENGTHS ran eagerly
    assert not any(k[0] == sg.ENCODER_KIND for k in off.graphs.keys())


def test_eager_groups_run_the_predictors_unpacked(monkeypatch):
    """A group too large for the encoder graph runs eagerly; on a GPU its pitch and energy BiLSTMs run without
    packing (packing reads the lengths back to the host, which waits for every queued kernel), and encode what
    the packed BiLSTMs encode: the same durations, the memory within 1e-4 (fp32)."""
    st = stage("float32", encoder_graphs=False)
    inputs = [call_input(n, seed=n) for n in LENGTHS]
    assert len(inputs) > 1
    with exact_fp32():
        packed_calls = []
        real_pack = torch.nn.utils.rnn.pack_padded_sequence
        monkeypatch.setattr(torch.nn.utils.rnn, "pack_padded_sequence",
                            lambda *a, **k: packed_calls.append(1) or real_pack(*a, **k))
        with torch.inference_mode():
            got = st.encode(inputs)
        assert packed_calls == []
        monkeypatch.setattr(torch.nn.utils.rnn, "pack_padded_sequence", real_pack)
        with torch.inference_mode(), monkeypatch.context() as m:  # the packed path, as before session 35
            m.setattr("ttsserve.pipeline.sambert.bilstm_within_lengths",
                      lambda *a, **k: pytest.fail("the reference must pack"))
            real_encode = st.module.encode
            m.setattr(st.module, "encode", lambda *a, **k: real_encode(*a, **{**k, "masked_lstm": False}))
            ref = st.encode(inputs)
    assert torch.equal(got.durations, ref.durations)
    assert (got.memory - ref.memory).abs().max().item() < 1e-4


def test_unpacked_bilstm_hands_cudnn_flat_weights():
    """`bilstm_within_lengths` on a GPU: each direction's weights in a flat buffer of their own (cuDNN copied the
    reverse direction's into a new buffer at every call before, with a "not part of single contiguous chunk"
    warning, once per process: hence a fresh interpreter, that warning an error); the values those of packing."""
    import subprocess
    import sys

    code = """
import warnings
import torch, torch.nn as nn
from ttsserve.pipeline.sambert import bilstm_within_lengths
from ttsserve.pipeline.sambert_fused import exact_fp32
warnings.filterwarnings("error", message=".*single contiguous chunk.*")
torch.manual_seed(0)
lstm = nn.LSTM(32, 16, batch_first=True, bidirectional=True).cuda()
x, lengths = torch.randn(3, 9, 32, device="cuda"), torch.tensor([9, 4, 6], device="cuda")
with torch.inference_mode(), exact_fp32():  # (cuDNN's LSTM in TF32 by default: 1e-3 apart)
    got = bilstm_within_lengths(lstm, x, lengths)
    again = bilstm_within_lengths(lstm, x, lengths)
    packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
    ref = nn.utils.rnn.pad_packed_sequence(lstm(packed)[0], batch_first=True, total_length=9)[0]
for b, n in enumerate(lengths.tolist()):
    assert (got[b, :n] - ref[b, :n]).abs().max().item() < 1e-5
assert torch.equal(got, again)
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
