"""The fused Sambert decoder step (pipeline/sambert_fused.py) against the eager step (`sambert_slots._step`),
run by Triton's interpreter on the CPU: distill-baker's decoder sizes with random weights, slots at different
steps and bands (a slot at its first step, ring wrap-around, a slot past its end, an empty slot), two or three
steps in a row; fp32 within 1e-4, fp16 within 2e-3; a ring that is not a power of two, a one-layer decoder; and whole
calls decoded in slots with the fused step equal the whole-call path. And the kernels compile for sm_90 (Triton's
bundled ptxas, no GPU) without spilling. Skipped without Triton (CI has none)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import torch
import yaml

if importlib.util.find_spec("triton") is None:
    pytest.skip("Triton is not installed", allow_module_level=True)

from tests import triton_interp  # noqa: E402
from tests.kantts_voice import small_sambert  # noqa: E402
from tests.unit.test_sambert_slots import call_input, collect  # noqa: E402
from ttsserve.pipeline.sambert import Sambert, SambertAcoustic, SambertConfig  # noqa: E402
from ttsserve.pipeline.sambert_slots import SlotDecoder, _step  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
# Triton's interpreter is chosen when triton is imported (its library functions are decorated then), so the
# checks run in a process started with TRITON_INTERPRET=1: test_under_the_interpreter starts it.
INTERPRETED = triton_interp.INTERPRETED
interpreted = triton_interp.interpreted


@triton_interp.outside
def test_under_the_interpreter():
    """The checks below, in a process with Triton's interpreter (they run kernels on CPU tensors)."""
    triton_interp.run_module(__file__, exclude="test_under_the_interpreter or test_kernels_compile", min_passed=7,
                             timeout_s=900)


@triton_interp.outside
@pytest.mark.parametrize("dtype", ["float16", "float32"])
def test_kernels_compile_for_an_h100_without_spilling(dtype):
    """Ahead of time for sm_90 with Triton's bundled ptxas (no GPU needed): catches what the interpreter does
    not check (types of loop-carried values, layouts), and the register tiles fit without spilling."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from sambert_fused_compile import compile_variants
    finally:
        sys.path.remove(str(ROOT / "bench"))
    rows = compile_variants("distill-baker", dtype, arch=90, slots=32, unroll=1, warps=8)
    print(rows)
    assert [r["kernel"] for r in rows] == ["per_slot"] * 4 + ["split_attn", "split_attn", "split_ffn", "split_out"]
    for row in rows:
        assert 0 < row["registers"] <= 255 and row["stack_bytes"] == 0 and row["local_bytes"] == 0, row


@pytest.fixture(scope="module")
def fused():
    from ttsserve.pipeline import sambert_fused

    return sambert_fused


def distill_sizes(**overrides) -> SambertConfig:
    params = yaml.safe_load((ROOT / "weights/distill-baker/am/config.yaml").read_text())["Model"]["KanTtsSAMBERT"]
    return SambertConfig.from_kantts(params["params"], **overrides)


def decoder(cfg: SambertConfig, dtype: str, *, slots: int, window: int = 64, k: int = 8) -> SlotDecoder:
    torch.manual_seed(0)
    stage = SambertAcoustic(Sambert(cfg).eval(), dtype=dtype)
    return SlotDecoder(stage, slots=slots, steps_per_advance=k, window=window, use_graphs=False, fused_step="off")


# slot: 0 first step of a call; 1 early (ring not full, band wider than t); 2 ring wrapped (t > w), band < w - 1;
# 3 wrapped with the widest band (every entry valid); 4 its last step; 5 past its end (memory mask empty:
# attends to every row); 6 empty (inactive, t = 0)
T = [0, 5, 150, 200, 99, 130, 0]
BAND = [3, 20, 17, 63, 40, 8, 0]
STEPS = [120, 80, 400, 300, 100, 129, 1]
ACTIVE = [1, 1, 1, 1, 1, 1, 0]


@interpreted
@pytest.mark.parametrize("dtype,tol", [("float32", 1e-4), ("float16", 2e-3)])
def test_fused_step_equals_eager_step_distill_sizes(fused, dtype, tol):
    sd = decoder(distill_sizes(), dtype, slots=len(T))
    dec = sd.model.decoder
    st = fused.random_state(sd.st, seed=1, t=T, band=BAND, steps=STEPS, active=ACTIVE)
    with torch.inference_mode():
        diff = fused.compare(dec, st, sd.w, fused.FusedStep(dec), steps=2)
    print(f"fused vs eager step, distill-baker sizes, {dtype}: {diff}")
    assert diff["indices"] == 0.0  # t, j and the ring table advanced exactly as the eager step does
    assert diff["out_scale"] > 0.5  # the outputs are not trivially small
    for name in ("out", "prev", "ring_k", "ring_v"):
        assert diff[name] <= tol, name


@interpreted
@pytest.mark.parametrize("split", [True, False])
def test_fused_step_random_slots(fused, split):
    """Random steps, bands and lengths (some past their end, the last slot empty), fp32; the split layout (the
    default) and the per-slot kernel."""
    sd = decoder(distill_sizes(), "float32", slots=5)
    dec = sd.model.decoder
    st = fused.random_state(sd.st, seed=2)
    with torch.inference_mode():
        diff = fused.compare(dec, st, sd.w, fused.FusedStep(dec, split=split), steps=2)
    assert diff["indices"] == 0.0
    assert max(diff["out"], diff["prev"], diff["ring_k"], diff["ring_v"]) <= 1e-4, diff


@interpreted
@pytest.mark.parametrize("layers,window", [(1, 24), (2, 40)])
def test_fused_step_other_shapes(fused, layers, window):
    """A ring of 24 or 40 entries (padded to a power of two in the kernel: the CPU's one-slot ring sizes) and a
    one-layer decoder (its output in a kernel of its own)."""
    sd = decoder(distill_sizes(decoder_layers=layers), "float32", slots=3, window=window)
    dec = sd.model.decoder
    st = fused.random_state(sd.st, seed=4, t=[0, 30, 57], band=[2, window - 1, 11], steps=[50, 60, 58],
                            active=[1, 1, 1])
    with torch.inference_mode():
        diff = fused.compare(dec, st, sd.w, fused.FusedStep(dec), steps=3)
    assert diff["indices"] == 0.0
    assert max(diff["out"], diff["prev"], diff["ring_k"], diff["ring_v"]) <= 1e-4, diff


@interpreted
def test_slot_decoder_with_fused_step_equals_whole_calls(fused):
    """Calls joining a running decoder in slots, decoded by the fused step (`fused_step="on"`), give the mel
    and durations of the whole-call path."""
    stage = SambertAcoustic(small_sambert(dur_bias=2.0))
    inputs = [call_input(9, seed=1), call_input(5, seed=2, emotion_id=5)]
    refs = [stage.infer([inp])[0] for inp in inputs]
    sd = SlotDecoder(stage, slots=3, steps_per_advance=4, use_graphs=False, fused_step="on")
    assert sd.fused and sd.step_fn is not _step
    mels: dict[int, list] = {}
    calls = sd.begin(inputs[:1])
    collect(sd, calls, mels, until_done=False)
    calls += sd.begin(inputs[1:])
    collect(sd, calls, mels)
    for call, ref in zip(calls, refs):
        assert torch.equal(call.durations, ref.durations)
        got = torch.cat(mels[id(call)])
        assert got.shape == ref.mel.shape
        assert (got - ref.mel).abs().max().item() < 1e-4


@interpreted
def test_self_check_refuses_a_wrong_step(fused):
    """`make_step`'s check against the eager step catches a step that computes something else."""
    sd = decoder(distill_sizes(decoder_layers=1), "float32", slots=2)
    dec = sd.model.decoder
    step = fused.FusedStep(dec)

    def wrong(d, st, w):
        step(d, st, w)
        st.out.mul_(1.01)

    with torch.inference_mode():
        fused.self_check(dec, sd.st, sd.w, step)  # the real one passes
        with pytest.raises(fused.Unsupported, match="disagrees"):
            fused.self_check(dec, sd.st, sd.w, wrong)
