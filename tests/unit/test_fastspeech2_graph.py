"""The FastSpeech2 CUDA-graph path's math on the CPU: the padded steps that the graphs capture (token, frame and
batch buckets, static buffers, the device-side length regulator), run eagerly, equal the unpadded eager
`infer` on a small random model and on the real weights (weights/baker).

Tolerance: durations equal exactly; mels within MEL_ATOL. Padding only appends exact zeros to reductions
(masked attention keys, zeroed positions under the convolutions), but a kernel may pick another summation
order for another length: measured differences are at most ~1.2e-5 on the real weights' mels (|mel| < ~4,
i.e. a few fp32 ulps through 6 transformer blocks), often exactly 0.
"""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

import pytest
import torch

from tests.baker_ids import IDS_42, IDS_A, IDS_B
from ttsserve.engine.graphs import CudaGraphCache
from ttsserve.pipeline import fastspeech2_graph as fg
from ttsserve.pipeline.base import AcousticInput, Prosody, StageSpec
from ttsserve.pipeline.fastspeech2 import FastSpeech2, FastSpeech2Acoustic, FastSpeech2Config, load

ROOT = Path(__file__).resolve().parents[2]
MEL_ATOL = 5e-5


def small_stage() -> FastSpeech2Acoustic:
    """A random FastSpeech2 with small widths, durations around 4 frames with some spread (and some zeros)."""
    torch.manual_seed(0)
    cfg = FastSpeech2Config(hidden=64, ffn=128, predictor_filters=64, postnet_filters=64, max_positions=256)
    module = FastSpeech2(cfg)
    with torch.no_grad():
        module.duration.proj.weight.mul_(0.3)
        module.duration.proj.bias.fill_(math.log(1 + 4))
    return FastSpeech2Acoustic(module)


@pytest.fixture(scope="module")
def small():
    return small_stage()


@pytest.fixture(scope="module")
def baker():
    return load(StageSpec("fastspeech2", ROOT / "weights" / "baker", {"weights": "acoustic.safetensors"}))


def padded(stage: FastSpeech2Acoustic, inputs: list[AcousticInput]):
    return stage._infer_padded(inputs, *stage._batch(inputs), graphs=False)


def assert_same(stage: FastSpeech2Acoustic, inputs: list[AcousticInput]) -> float:
    ref = stage.infer(inputs)  # the unpadded eager forward (on the CPU infer never takes the graph path)
    got = padded(stage, inputs)
    worst = 0.0
    for r, g in zip(ref, got):
        assert torch.equal(g.durations, r.durations)
        assert g.mel.shape == r.mel.shape and g.mel.dtype == torch.float32
        worst = max(worst, (g.mel - r.mel).abs().max().item())
    assert worst <= MEL_ATOL, worst
    return worst


def test_buckets():
    assert [fg.bucket(n, 32, 512) for n in (1, 32, 33, 40, 41, 64, 65, 119, 128, 129, 512)] == \
        [32, 32, 40, 40, 48, 64, 80, 128, 128, 160, 512]
    assert fg.bucket(513, 32, 512) is None
    assert fg.bucket(660, 64, 4096) == 768 and fg.bucket(4097, 64, 4096) is None
    for n in range(1, 4097):  # at most 25% padding above the smallest bucket; buckets are multiples of 8
        size = fg.bucket(n, 64, 4096)
        assert size >= n and (size <= 64 or size <= 1.25 * n) and size % 8 == 0
    assert [fg.bucket_batch(b) for b in (1, 2, 3, 5, 8, 9, 16, 17)] == [1, 2, 4, 8, 8, 16, 16, None]


def test_regulate_into_equals_the_eager_regulator():
    g = torch.Generator().manual_seed(1)
    x = torch.randn(3, 7, 64, generator=g)  # the small model's width
    durations = torch.randint(0, 4, (3, 7), generator=g)
    durations[1] = 0  # an item with no frames at all
    durations[2, 5:] = 0  # padding symbols
    ref, ref_mask = FastSpeech2._regulate(x, durations)
    st = fg._DecoderState.allocate(small_stage().module, 3, ref.shape[1] + 6, torch.float32, torch.device("cpu"))
    st.h.fill_(7.0)  # stale contents of a reused buffer must not leak
    fg.regulate_into(x, durations, st)
    assert torch.equal(st.h[:, : ref.shape[1]], ref) and not st.h[:, ref.shape[1]:].any()
    assert torch.equal(st.frame_mask[:, : ref.shape[1]], ref_mask) and not st.frame_mask[:, ref.shape[1]:].any()


@pytest.mark.parametrize("case", ["one", "batch3", "prosody-seeds", "slow"])
def test_padded_equals_eager_small_random_model(small, case):
    inputs = {
        "one": [AcousticInput(symbol_ids=IDS_A)],
        "batch3": [AcousticInput(symbol_ids=IDS_A), AcousticInput(symbol_ids=IDS_B), AcousticInput(symbol_ids=IDS_B[:5])],
        "prosody-seeds": [AcousticInput(symbol_ids=IDS_B, prosody=Prosody(speed=1.3, pitch=1.2, energy=0.8), seed=4),
                          AcousticInput(symbol_ids=IDS_A, prosody=Prosody(speed=0.7)),
                          AcousticInput(symbol_ids=IDS_42[:40], seed=9), AcousticInput(symbol_ids=IDS_A[:3]),
                          AcousticInput(symbol_ids=IDS_42)],  # batch 5 -> bucket 8
        "slow": [AcousticInput(symbol_ids=IDS_42, prosody=Prosody(speed=0.3))],  # > 256 frames: positions extended
    }[case]
    assert_same(small, inputs)


def test_padded_equals_eager_baker_weights(baker):
    worst = assert_same(baker, [AcousticInput(symbol_ids=IDS_42)])
    worst = max(worst, assert_same(baker, [AcousticInput(symbol_ids=IDS_A),
                                           AcousticInput(symbol_ids=IDS_B, prosody=Prosody(speed=1.2, pitch=1.1), seed=3),
                                           AcousticInput(symbol_ids=IDS_B[:8])]))
    print(f"baker: max |padded - eager| = {worst:.3g}")


def test_static_buffers_reused_across_requests(small):
    """What a cached graph sees: one set of static buffers loaded request after request. A seeded request's
    dropout masks must not leak into the next unseeded one, nor a longer request's ids into a shorter one."""
    m = small.module
    enc = fg._EncoderState.allocate(m, 4, 64, torch.float32, torch.device("cpu"))
    seeded = [AcousticInput(symbol_ids=IDS_42[:50], seed=1), AcousticInput(symbol_ids=IDS_B)]
    plain = [AcousticInput(symbol_ids=IDS_A, prosody=Prosody(pitch=1.1))]
    for inputs in (seeded, plain, seeded):
        ids, ratios, keep = small._batch(inputs)
        enc.load(ids, ratios, keep)
        assert enc.keep_is_ones == (keep is None)
        fg._encode_step(m, enc)
        r = ratios.float()
        x, durations = m.encode(ids, r[0], r[1], r[2], None if keep is None else (keep[0], keep[1]),
                                f0_shift=r[3], energy_shift=r[4])
        b, n = ids.shape
        assert torch.equal(enc.durations[:b, :n], durations) and not enc.durations[:, n:].any()
        assert not enc.durations[b:].any()  # padded items get no frames
        assert (enc.x[:b, :n] - x).abs().max() <= 1e-5
    assert not torch.equal(enc.keep, torch.ones_like(enc.keep))  # the last load was seeded
    enc.load(*small._batch(plain))
    assert torch.equal(enc.keep, torch.ones_like(enc.keep))


def test_frames_beyond_the_largest_bucket_run_unpadded(small, monkeypatch):
    monkeypatch.setattr(fg, "MAX_FRAMES", 96)
    assert_same(small, [AcousticInput(symbol_ids=IDS_42), AcousticInput(symbol_ids=IDS_A)])


def test_beyond_batch_or_token_buckets_is_left_to_the_eager_path(small, monkeypatch):
    ids, ratios, keep = small._batch([AcousticInput(symbol_ids=IDS_A)] * 3)
    monkeypatch.setattr(fg, "MAX_BATCH", 2)
    assert fg.run(small.module, ids, ratios, keep, graphs=False) is None
    monkeypatch.setattr(fg, "MAX_BATCH", 16)
    monkeypatch.setattr(fg, "MAX_TOKENS", 16)
    assert fg.run(small.module, ids, ratios, keep, graphs=False) is None


def test_cuda_graphs_option_and_cpu_never_captures(tmp_path):
    from safetensors.torch import save_file

    save_file({k: v.contiguous() for k, v in small_stage().module.state_dict().items()}, str(tmp_path / "a.safetensors"))
    cfg = {"hidden": 64, "ffn": 128, "predictor_filters": 64, "postnet_filters": 64, "max_positions": 256}
    on = load(StageSpec("fastspeech2", tmp_path, {"weights": "a.safetensors", "config": cfg}))
    off = load(StageSpec("fastspeech2", tmp_path, {"weights": "a.safetensors", "config": cfg, "cuda_graphs": False}))
    assert on.cuda_graphs is True and off.cuda_graphs is False
    assert on.graphs is not off.graphs  # built without a cache: each stage has its own
    out = on.infer([AcousticInput(symbol_ids=IDS_A)])[0]
    assert torch.equal(out.mel, off.infer([AcousticInput(symbol_ids=IDS_A)])[0].mel)
    st = on.graphs.stats()
    assert st["captures"] == 0 and st["replays"] == 0 and st["cached"] == 0
    shared = CudaGraphCache()
    assert load(StageSpec("fastspeech2", tmp_path, {"weights": "a.safetensors", "config": cfg}), graphs=shared).graphs is shared


def test_voice_load_hands_the_workers_cache_to_the_stages_that_capture_graphs():
    from ttsserve.pipeline.voice import LoadedVoice, Placement
    from ttsserve.voices import load_manifest

    cache = CudaGraphCache(max_graphs=5)
    voice = LoadedVoice.load(load_manifest(ROOT / "weights" / "baker"), Placement("cpu", "cpu", "float32"), graphs=cache)
    assert voice.acoustic.graphs is cache
    assert voice.vocoder.graphs is cache  # stacked windows (pipeline/vocoder_graph.py)
    alone = LoadedVoice.load(load_manifest(ROOT / "weights" / "baker"), Placement("cpu", "cpu", "float32"))
    assert alone.acoustic.graphs is not cache and alone.acoustic.graphs.max_graphs != 5
    assert alone.vocoder.graphs is None  # without the worker's cache a vocoder runs eagerly


def test_scratch_estimate_keeps_default_shapes_capturable(baker):
    m = baker.module
    limit = CudaGraphCache().max_scratch_bytes  # the default; a GPU memory budget may lower it (test_graph_cache.py)
    # one 60-character sentence, and the worker's batch of 16 for ~40-character sentences, fit in fp32
    assert fg.scratch_bytes(m, 1, 2048, 4) <= limit
    assert fg.scratch_bytes(m, 16, 768, 4) <= limit
    assert fg.scratch_bytes(m, 16, 2048, 4) > limit  # this one runs eagerly


class ReplayByRunning:
    """Stands in for a captured CUDA graph on the CPU: a replay runs the captured step on the static buffers."""

    def __init__(self, step, model, state) -> None:
        self.step, self.model, self.state = step, model, state

    def replay(self) -> None:
        self.step(self.model, self.state)


def test_graph_cache_logic_with_a_stand_in_recorder(monkeypatch):
    """The cache around the captures (hits, static buffers reused request after request, LRU by count and by
    bytes, stale parameters), with graphs that replay by running their step eagerly (no CUDA here)."""
    stage = small_stage()
    monkeypatch.setattr(fg, "_record",
                        lambda model, state, step, device, cache: (ReplayByRunning(step, model, state), 1000))
    cache = stage.graphs
    other = CudaGraphCache()  # another engine's cache in the same process: never touched

    def check(inputs: list[AcousticInput]) -> None:
        ids, ratios, keep = stage._batch(inputs)
        bp, n_pad = fg.bucket_batch(len(inputs)), fg.bucket(ids.shape[1], fg.MIN_TOKENS, fg.MAX_TOKENS)
        res = fg._run(stage.module, ids, ratios, keep, bp, n_pad, graphs=True, cache=cache)
        for b, (inp, ref) in enumerate(zip(inputs, stage.infer(inputs))):
            assert torch.equal(res.durations[b, : len(inp.symbol_ids)], ref.durations)
            mel = res.mel[b, : max(res.frames[b], 1)]
            assert mel.shape == ref.mel.shape and (mel - ref.mel).abs().max() <= MEL_ATOL

    seeded = [AcousticInput(symbol_ids=IDS_B, seed=2), AcousticInput(symbol_ids=IDS_A, prosody=Prosody(speed=1.2))]
    plain = [AcousticInput(symbol_ids=IDS_B), AcousticInput(symbol_ids=IDS_A, prosody=Prosody(speed=1.2))]
    check(seeded)
    st = cache.stats()
    assert st["captures"] == 2 and st["replays"] == 2 and st["fallbacks"] == 0  # encoder + decoder
    assert sorted(k[0] for k in cache.keys()) == ["fastspeech2-decoder", "fastspeech2-encoder"]
    check(plain)  # same buckets: both graphs reused; the seeded masks do not leak
    check(seeded)
    st = cache.stats()
    assert st["captures"] == 2 and st["hits"] == 4 and st["cached"] == 2 and st["pool_bytes"] == 2000
    static = st["cached_bytes"] - 2000  # the two graphs' static buffers
    assert static > 0 and st["charged_bytes"] == static + 2000

    cache.max_graphs = 3
    check([AcousticInput(symbol_ids=IDS_A)])  # batch bucket 1: two more graphs, one evicted
    st = cache.stats()
    assert st["captures"] == 4 and st["cached"] == 3 and st["evictions"] == 1
    # the evicted graph's share of the shared pool is still held: the pool counts in full while any graph uses it
    assert st["pool_bytes"] == 4000 and st["cached_bytes"] == st["charged_bytes"] + 1000

    with torch.no_grad():  # parameters moved (as the voice cache does): every cached graph is stale
        for p in stage.module.parameters():
            p.data = p.data.clone()
    check(plain)
    st = cache.stats()
    assert st["captures"] == 6 and st["cached"] == 2 and st["evictions"] == 4

    cache.max_bytes = 1  # over budget: only the newest graph stays
    check([AcousticInput(symbol_ids=IDS_42)])
    assert cache.stats()["cached"] == 1
    assert cache.clear() == 1
    assert cache.stats()["pool_bytes"] == 0  # no graph left: the pool goes with them
    assert other.stats()["captures"] == 0 and other.max_graphs != 3 and other.max_bytes > 1


def test_a_busy_worker_runs_new_shapes_eagerly_until_met_often_enough(monkeypatch):
    """While the worker is busy (`cache.busy`), a shape without a graph runs the padded step eagerly, the same
    result, and is captured on its `capture_after`-th meeting; a cached shape replays as usual."""
    stage = small_stage()
    monkeypatch.setattr(fg, "_record",
                        lambda model, state, step, device, cache: (ReplayByRunning(step, model, state), 1000))
    cache = stage.graphs
    cache.busy = True
    inputs = [AcousticInput(symbol_ids=IDS_B), AcousticInput(symbol_ids=IDS_A)]
    ids, ratios, keep = stage._batch(inputs)
    bp, n_pad = fg.bucket_batch(len(inputs)), fg.bucket(ids.shape[1], fg.MIN_TOKENS, fg.MAX_TOKENS)
    ref = fg._run(stage.module, ids, ratios, keep, bp, n_pad, graphs=False)
    for meeting in range(1, cache.capture_after + 2):
        res = fg._run(stage.module, ids, ratios, keep, bp, n_pad, graphs=True, cache=cache)
        assert torch.equal(res.durations, ref.durations) and torch.equal(res.mel, ref.mel)
        st = cache.stats()
        captured = meeting >= cache.capture_after
        assert st["captures"] == (2 if captured else 0), meeting  # encoder + decoder graphs, together
        assert st["deferred"] == 2 * min(meeting, cache.capture_after - 1)
    assert st["replays"] == 4 and st["hits"] == 2  # captured at meeting 4, replayed from the cache at meeting 5


def test_a_deferred_shape_is_captured_when_the_worker_is_idle(monkeypatch):
    """The deferred encoder and decoder shapes are left for an idle worker (`capture_pending`); once captured
    there, the next call of that shape replays both graphs, with the same result."""
    stage = small_stage()
    monkeypatch.setattr(fg, "_record",
                        lambda model, state, step, device, cache: (ReplayByRunning(step, model, state), 1000))
    cache = stage.graphs
    cache.busy = True
    ids, ratios, keep = stage._batch([AcousticInput(symbol_ids=IDS_A)])
    bp, n_pad = fg.bucket_batch(1), fg.bucket(ids.shape[1], fg.MIN_TOKENS, fg.MAX_TOKENS)
    first = fg._run(stage.module, ids, ratios, keep, bp, n_pad, graphs=True, cache=cache)
    assert cache.stats()["captures"] == 0 and cache.pending == 2  # the encoder's and the decoder's shapes
    while cache.capture_pending():
        pass
    assert cache.stats()["captures"] == 2 and cache.stats()["disabled"] == 0
    cache.busy = True
    again = fg._run(stage.module, ids, ratios, keep, bp, n_pad, graphs=True, cache=cache)
    st = cache.stats()
    assert st["replays"] == 2 and st["hits"] == 2 and st["deferred"] == 2  # nothing put off the second time
    assert torch.equal(again.mel, first.mel) and torch.equal(again.durations, first.durations)


def test_a_capture_the_driver_refuses_switches_graphs_off_in_that_cache_only(monkeypatch):
    """As on a GPU (a stand-in model that reports a CUDA device): a failed capture is logged, FastSpeech2's
    graphs go off in this cache alone and the call is redone eagerly; an OOM is raised for the worker's
    recovery instead, and switches nothing off."""
    from types import SimpleNamespace

    stage = small_stage()
    ids, ratios, keep = stage._batch([AcousticInput(symbol_ids=IDS_A)])
    on_gpu = SimpleNamespace(training=False, embed=SimpleNamespace(weight=SimpleNamespace(device=torch.device("cuda", 0))))
    real = fg._run

    def refuse(model, ids, ratios, keep, bp, n_pad, *, graphs, cache=None):
        if graphs:
            raise RuntimeError("operation not permitted when stream is capturing")
        return real(stage.module, ids, ratios, keep, bp, n_pad, graphs=False, cache=cache)

    monkeypatch.setattr(fg, "_run", refuse)
    monkeypatch.setattr(torch.cuda, "device", lambda device: contextlib.nullcontext())
    other = CudaGraphCache()
    res = fg.run(on_gpu, ids, ratios, keep, graphs=True, cache=stage.graphs)
    ref = stage.infer([AcousticInput(symbol_ids=IDS_A)])[0]
    assert torch.equal(res.durations[0], ref.durations)
    assert stage.graphs.disabled("fastspeech2") and stage.graphs.stats()["disabled"] == 1
    assert other.disabled("fastspeech2") is None and other.stats()["disabled"] == 0

    def oom(model, ids, ratios, keep, bp, n_pad, *, graphs, cache=None):
        raise RuntimeError("CUDA error: out of memory")

    monkeypatch.setattr(fg, "_run", oom)
    with pytest.raises(torch.cuda.OutOfMemoryError):
        fg.run(on_gpu, ids, ratios, keep, graphs=True, cache=other)
    assert other.disabled("fastspeech2") is None  # memory to recover, not a refused capture
