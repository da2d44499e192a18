"""The duration loop's Triton kernel on a GPU (pipeline/sambert_duration.py): equal to the PyTorch loop within
float rounding with the same frame counts, eagerly and inside the encoder's CUDA graph (stage option
`duration_kernel`)."""

from __future__ import annotations

import pytest
import torch

pytestmark = pytest.mark.gpu
if not torch.cuda.is_available():
    pytest.skip("needs CUDA", allow_module_level=True)
pytest.importorskip("triton")

from tests.unit.test_sambert_duration import shipped_predictor  # noqa: E402
from tests.unit.test_sambert_slots import call_input  # noqa: E402
from ttsserve.engine.graphs import CudaGraphCache  # noqa: E402
from ttsserve.pipeline.sambert import SambertAcoustic  # noqa: E402
from ttsserve.pipeline.sambert_duration import duration_loop  # noqa: E402
from ttsserve.pipeline.sambert_fused import exact_fp32  # noqa: E402


@pytest.mark.parametrize("rows,symbols", [(1, 100), (5, 37)])
def test_kernel_equals_the_loop_on_the_gpu(rows, symbols):
    pred = shipped_predictor().cuda()
    c = pred.lstm.input_size - pred.prenet(torch.zeros(1, 1, device="cuda")).shape[-1]
    cond = torch.randn(rows, symbols, c, device="cuda", generator=torch.Generator("cuda").manual_seed(rows))
    with torch.inference_mode(), exact_fp32():  # cuDNN's LSTM may run in TF32 by default (~1e-3 off)
        ref = pred.infer(cond, cells=False)
        got = duration_loop(pred, cond)
    assert (got - ref).abs().max().item() < 1e-4
    assert torch.equal((torch.exp(got) - 1 + 0.5).long(), (torch.exp(ref) - 1 + 0.5).long())


def test_stage_with_the_kernel_in_the_encoder_graph_decodes_what_it_decodes_without():
    from tests.unit.test_sambert_duration import ROOT
    from ttsserve.pipeline.base import StageSpec
    from ttsserve.pipeline.sambert import load

    import yaml

    voice = ROOT / "weights/distill-baker"
    opts = {k: v for k, v in yaml.safe_load((voice / "voice.yaml").read_text())["acoustic"].items() if k != "type"}
    on = load(StageSpec("sambert", voice, {**opts, "duration_kernel": True}), device="cuda", graphs=CudaGraphCache())
    off = load(StageSpec("sambert", voice, opts), device="cuda", graphs=CudaGraphCache())
    assert isinstance(on, SambertAcoustic) and on.module.variance_adaptor.duration_predictor.kernel
    inputs = [call_input(n, seed=n) for n in (40, 9)]
    for group in (inputs[:1], inputs):  # one call (the encoder graph), two calls
        a, b = on.infer(group), off.infer(group)
        for x, y in zip(a, b):
            assert torch.equal(x.durations, y.durations)
            assert (x.mel - y.mel).abs().max().item() < 1e-3
    assert on.module.variance_adaptor.duration_predictor.kernel  # it ran: no fallback
