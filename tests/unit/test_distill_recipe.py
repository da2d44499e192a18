"""The distillation recipe's teacher data: Baker-symbol durations map onto KAN-TTS tokens without losing
frames, for sentences with erhua, in-word and phrase boundaries, and the two speakers' mels differ as stated."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import torch

RECIPE = Path(__file__).resolve().parents[2] / "recipes" / "distill" / "distill.py"


def load_recipe():
    spec = importlib.util.spec_from_file_location("distill_recipe", RECIPE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_teacher_durations_map_onto_kantts_tokens():
    d = load_recipe()
    sents = d.sentences(["老头儿在哪儿玩儿呢？", "银行行长2024年3月15日到访，讨论了新的合作计划。"])
    items = d.make_data(sents, "cpu", need_wav=False)
    assert len(items) == len(sents) * len(d.EMOTIONS) * len(d.SPEAKERS)
    kan = d.KanttsSymbols()
    for it in items:
        assert it.tokens.tolist() == [list(r) for r in kan.encode(sents[it.sentence])]
        assert len(it.durations) == len(it.tokens) == len(it.pitch) == len(it.energy)
        assert int(it.durations.sum()) == it.mel.shape[0]  # every teacher frame after the lead-in is assigned
        assert it.mel_full.shape[0] > it.mel.shape[0]  # the lead-in silence was cut from the target
    neutral = {(it.sentence, it.speaker): it for it in items if it.emotion == d.EMOTION_IDS["neutral"]}
    sad = {(it.sentence, it.speaker): it for it in items if it.emotion == d.EMOTION_IDS["sad"]}
    assert sad[(0, 0)].mel.shape[0] > neutral[(0, 0)].mel.shape[0]  # the sad preset speaks slower
    a, b = neutral[(0, 0)].mel_full.float(), neutral[(0, 1)].mel_full.float()
    assert torch.equal(b[:, : -d.M_SHIFT_BINS], a[:, d.M_SHIFT_BINS :])  # baker-low: mel shifted down
