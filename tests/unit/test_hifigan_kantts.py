"""KAN-TTS HiFiGAN generator: checkpoint-compatible keys, weight-norm folding, causality, chunking."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from torch.nn.utils import parametrize, weight_norm

from ttsserve.pipeline.base import StageSpec
from ttsserve.pipeline.hifigan import HiFiGAN, HiFiGANConfig, HiFiGANVocoder, from_checkpoint, load

REF = Path(__file__).resolve().parents[1] / "data" / "kantts"  # key lists of the official checkpoints (facts)


def small_cfg() -> HiFiGANConfig:
    return HiFiGANConfig(channels=32)  # official layer layout, narrower, so the tests stay fast


def weight_normed_checkpoint(cfg: HiFiGANConfig) -> tuple[HiFiGAN, dict]:
    """A module with legacy weight norm on every conv, and its state dict in the ModelScope layout."""
    torch.manual_seed(0)
    module = HiFiGAN(cfg)
    for m in module.modules():
        if isinstance(m, (torch.nn.Conv1d, torch.nn.ConvTranspose1d)):
            weight_norm(m)
            with torch.no_grad():
                m.weight_g.mul_(torch.rand_like(m.weight_g) + 0.5)  # g differs from ||v||
    return module.eval(), {"model": {"generator": module.state_dict(), "discriminator": {}}, "steps": 1}


@pytest.mark.skipif(not (REF / "hifigan_v1_16k_state_dict_weightnorm.txt").exists(), reason="reference key list not found")
def test_keys_match_the_official_checkpoint():
    _, ckpt = weight_normed_checkpoint(HiFiGANConfig())
    ours = {k: tuple(v.shape) for k, v in ckpt["model"]["generator"].items()}
    ref = {}
    for line in (REF / "hifigan_v1_16k_state_dict_weightnorm.txt").read_text().splitlines():
        key, shape, _ = line.split("\t")
        ref[key] = tuple(int(x) for x in shape.strip("()").split(",") if x.strip())
    assert ours == ref  # 318 tensors with weight norm


def test_folded_weights_compute_the_same_function(tmp_path):
    cfg = small_cfg()
    normed, ckpt = weight_normed_checkpoint(cfg)
    torch.save(ckpt, tmp_path / "checkpoint_100.pth")
    folded = from_checkpoint(tmp_path / "checkpoint_100.pth", cfg)
    assert not any(k.endswith("weight_g") for k in folded.state_dict())
    mel = torch.randn(1, 80, 30)
    with torch.no_grad():
        torch.testing.assert_close(folded(mel), normed(mel), atol=2e-6, rtol=1e-5)


def test_strict_loading_names_the_key(tmp_path):
    cfg = small_cfg()
    _, ckpt = weight_normed_checkpoint(cfg)
    gen = ckpt["model"]["generator"]
    gen.pop("conv_post.conv1d.bias")
    with pytest.raises(KeyError, match="conv_post.conv1d.bias"):
        from_checkpoint(ckpt, cfg)
    gen["conv_post.conv1d.bias"] = torch.zeros(1)
    gen["extra.weight"] = torch.zeros(1)
    with pytest.raises(KeyError, match="unexpected key 'extra.weight'"):
        from_checkpoint(ckpt, cfg)


def test_causal_and_chunked_equals_whole(tmp_path):
    cfg = small_cfg()
    _, ckpt = weight_normed_checkpoint(cfg)
    torch.save(ckpt, tmp_path / "g.pth")
    stage = load(StageSpec("hifigan", tmp_path, {"checkpoint": "g.pth", "config": {"channels": 32}}))
    assert (stage.sample_rate_hz, stage.hop_length) == (16000, 200)
    mel = torch.randn(150, 80)
    whole = stage.infer(mel)
    assert whole.shape == (150 * 200,)
    chunked = torch.cat(list(stage.stream(mel, chunk_frames=32)))
    torch.testing.assert_close(chunked, whole, atol=1e-5, rtol=1e-4)
    # causality: changing the future does not change the past
    later = mel.clone()
    later[100:] = torch.randn(50, 80)
    torch.testing.assert_close(stage.infer(later)[: 100 * 200], whole[: 100 * 200], atol=1e-6, rtol=1e-5)


def test_batched_windows_equal_one_by_one():
    """infer_batch stacks equal-length causal windows of several mels; each waveform equals its own infer."""
    torch.manual_seed(3)
    voc = HiFiGANVocoder(HiFiGAN(small_cfg()).eval(), chunk_frames=20)
    mels = [torch.randn(n, 80) for n in (75, 20, 130, 7)]
    batched = voc.infer_batch(mels, max_windows=3)
    for mel, wav in zip(mels, batched):
        assert wav.shape == (mel.shape[0] * voc.hop_length,)
        torch.testing.assert_close(wav, voc.infer(mel), atol=2e-5, rtol=1e-4)


def test_scheduler_windows_of_several_mels_interleaved_equal_each_infer():
    """The scheduler plans each mel's windows and runs one window of several mels per pass, stacked: every
    mel's chunks still concatenate to its own infer."""
    torch.manual_seed(4)
    voc = HiFiGANVocoder(HiFiGAN(small_cfg()).eval(), chunk_frames=20)
    mels = [torch.randn(n, 80) for n in (75, 20, 130, 7)]
    plans = [voc.plan_windows(m, chunk_frames=16) for m in mels]
    got: list[list[torch.Tensor]] = [[] for _ in mels]
    for r in range(max(len(p) for p in plans)):
        live = [i for i, p in enumerate(plans) if r < len(p)]
        for i, wav in zip(live, voc.run_windows([plans[i][r] for i in live], max_windows=3)):
            got[i].append(wav)
    for mel, chunks in zip(mels, got):
        torch.testing.assert_close(torch.cat(chunks), voc.infer(mel), atol=2e-5, rtol=1e-4)


def test_equal_length_windows_stack_and_still_give_each_mels_own_audio():
    """On a GPU the scheduler widens first and last windows with more of the mel as context, so that all
    windows of a length class stack; the chunks still concatenate to the whole-mel output."""
    torch.manual_seed(5)
    voc = HiFiGANVocoder(HiFiGAN(small_cfg()).eval(), chunk_frames=20)
    for n in (75, 130, 33):
        mel = torch.randn(n, 80)
        windows = voc.plan_windows(mel, chunk_frames=16, equal_length=True)
        assert len({w.mel.shape[-1] for w in windows}) == 1
        torch.testing.assert_close(torch.cat(voc.run_windows(windows, max_windows=16)), voc.infer(mel),
                                   atol=2e-5, rtol=1e-4)
