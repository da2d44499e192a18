"""CUDA-graph decoding of Sambert's PNCA decoder returns what the eager bounded decoder returns, and reuses
captured graphs for batches of the same shape."""

from __future__ import annotations

import pytest
import torch

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")]

from ttsserve.engine.graphs import CudaGraphCache  # noqa: E402
from ttsserve.pipeline.base import AcousticInput  # noqa: E402
from ttsserve.pipeline.sambert import Sambert, SambertAcoustic, SambertConfig  # noqa: E402
from ttsserve.pipeline.sambert_graph import decode_graphed  # noqa: E402

LIMITS = (140, 7, 5, 5)


def make_model(dtype: torch.dtype) -> Sambert:
    torch.manual_seed(0)
    model = Sambert(SambertConfig()).eval()
    with torch.no_grad():
        model.variance_adaptor.duration_predictor.fc.bias.fill_(1.8)  # durations ~5 frames
    return model.to("cuda", dtype)


def make_enc(model: Sambert, lengths: list[int], seed: int = 1):
    g = torch.Generator().manual_seed(seed)
    b, n = len(lengths), max(lengths)
    ling = torch.stack([torch.randint(0, hi, (b, n), generator=g) for hi in LIMITS], dim=-1).cuda()
    emo = torch.ones(b, n, dtype=torch.long, device="cuda")
    spk = torch.zeros(b, n, dtype=torch.long, device="cuda")
    with torch.inference_mode():
        return model.encode(ling, emo, spk, torch.tensor(lengths, device="cuda"))


@pytest.fixture(scope="module", params=[torch.float32, torch.float16], ids=["fp32", "fp16"])
def model(request):
    return make_model(request.param)


@pytest.mark.parametrize("lengths", [[24], [30, 12, 21]], ids=["b1", "b3"])
def test_graphed_equals_eager(model, lengths):
    enc = make_enc(model, lengths)
    graphs = CudaGraphCache()
    with torch.inference_mode():
        ref = model.decode(enc)
        got = decode_graphed(model, enc, graphs)
        again = decode_graphed(model, enc, graphs)  # replayed from the cached graph, state reset in between
    assert got.shape == ref.shape and got.dtype == ref.dtype
    assert torch.isfinite(got).all()
    tol = 1e-4 if ref.dtype == torch.float32 else 2e-2
    # each item's own steps (past its end an item is padding whose output is dropped)
    diff = max((got[i, :s].float() - ref[i, :s].float()).abs().max().item() for i, s in enumerate(enc.steps.tolist()))
    print(f"{ref.dtype} B={len(lengths)} S={ref.shape[1]} steps={enc.steps.tolist()}: max |graphed - eager| = {diff:.3g}")
    assert diff < tol
    assert torch.equal(got, again)
    assert graphs.stats()["captures"] == 1 and graphs.stats()["hits"] == 1


def test_graph_cache_reuses_captures():
    model = make_model(torch.float32)
    graphs = CudaGraphCache()
    enc = make_enc(model, [30, 18], seed=2)
    with torch.inference_mode():
        first = decode_graphed(model, enc, graphs)
        st = graphs.stats()
        assert st["captures"] == 1 and [k[0] for k in graphs.keys()] == ["sambert"]
        # charged: the static state plus the private pool of the step's intermediates (printed for the record)
        assert st["cached_bytes"] > 0 and st["cached_bytes"] == st["charged_bytes"] and st["pool_bytes"] == 0
        print(f"Sambert B=2 graph: {st['cached_bytes']} bytes")
        second = decode_graphed(model, enc, graphs)
        assert graphs.stats()["captures"] == 1  # same (B, w, padded S): no new capture
        assert graphs.stats()["hits"] == 1
        assert torch.equal(first, second)
        # another batch size is another graph
        enc1 = make_enc(model, [30], seed=3)
        out1 = decode_graphed(model, enc1, graphs)
        assert graphs.stats()["captures"] == 2
        assert (out1 - model.decode(enc1)).abs().max().item() < 1e-4
        # a batch of 3 runs in the graph for 4 (batch sizes are bucketed to powers of two)
        decode_graphed(model, make_enc(model, [30, 18, 9], seed=4), graphs)
        decode_graphed(model, make_enc(model, [30, 18, 9, 12], seed=4), graphs)
        assert graphs.stats()["captures"] == 3  # the batch of 4 reused the graph of the batch of 3
    assert graphs.stats()["replays"] >= 2 * enc.memory.shape[1] + enc1.memory.shape[1]


def test_cache_is_bounded_and_drops_stale_graphs():
    model = make_model(torch.float32)
    graphs = CudaGraphCache(max_graphs=2)
    with torch.inference_mode():
        for b in (1, 2, 3):  # batch buckets 1, 2, 4
            decode_graphed(model, make_enc(model, [20] * b, seed=b), graphs)
        assert graphs.stats()["cached"] == 2 and graphs.stats()["evictions"] == 1
        enc = make_enc(model, [20] * 3, seed=3)
        decode_graphed(model, enc, graphs)
        assert graphs.stats()["captures"] == 3  # b=3 still cached
    with torch.no_grad():
        for p in model.decoder.parameters():  # parameters re-created at new addresses: the cached graph is stale
            p.data = p.data.clone()
    with torch.inference_mode():
        got = decode_graphed(model, enc, graphs)
        st = graphs.stats()
        # recaptured; both old graphs (stale, their decoder's parameters moved) are gone
        assert st["captures"] == 4 and st["cached"] == 1 and st["evictions"] == 3
        ref = model.decode(enc)
        assert max((got[i, :s] - ref[i, :s]).abs().max().item() for i, s in enumerate(enc.steps.tolist())) < 1e-4
    graphs.max_bytes = 1  # over the byte limit: only the newest graph stays
    with torch.inference_mode():
        decode_graphed(model, make_enc(model, [20], seed=1), graphs)
    assert graphs.stats()["cached"] == 1
    assert graphs.clear() == 1


def test_stage_keeps_its_graphs_in_its_cache():
    """SambertAcoustic built without a cache has its own; given one (the worker's), its graphs go there."""
    shared = CudaGraphCache()
    alone = SambertAcoustic(make_model(torch.float32), device="cuda")
    given = SambertAcoustic(make_model(torch.float32), device="cuda", graphs=shared)
    assert alone.graphs is not shared and given.graphs is shared
    g = torch.Generator().manual_seed(5)
    rows = tuple(tuple(int(torch.randint(0, hi, (1,), generator=g)) for hi in LIMITS) for _ in range(12))
    out = given.infer([AcousticInput(symbol_ids=rows)])[0]
    assert torch.isfinite(out.mel).all()
    # two graphs: the per-symbol encoder (`encoder_graphs`, on by default: text encoder, predictors, the duration
    # loop) and the decoder step
    assert shared.stats()["captures"] == 2 and shared.stats()["replays"] > 0
    assert {k[0] for k in shared.keys()} == {"sambert", "sambert-encoder"}
    assert alone.graphs.stats()["captures"] == 0
