"""The Kokoro teacher's labels for the multi-speaker distillation (recipes/distill/kokoro_teacher.py): Kokoro's
durations per phoneme land on the KAN-TTS tokens the student is served with, every frame in one place, a
syllable's initial phonemes on its initial token, spaces and punctuation on the boundaries, for sentences with
zero-initial syllables, erhua-free words, phrase boundaries and several punctuation marks. Needs misaki (the
`dev` extra has it); no Kokoro weights: the durations are made up per phoneme."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import torch

pytest.importorskip("misaki")

from ttsserve.frontend import MandarinFrontend  # noqa: E402
from ttsserve.frontend.kantts import KanttsSymbols  # noqa: E402
from ttsserve.frontend.kokoro import KokoroSymbols, pinyin_ipa  # noqa: E402

RECIPE = Path(__file__).resolve().parents[2] / "recipes" / "distill" / "kokoro_teacher.py"


@pytest.fixture(scope="module")
def kt():
    spec = importlib.util.spec_from_file_location("kokoro_teacher", RECIPE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


TEXTS = ["我们明天去公园散步，好吗？", "一二三。", "爱因斯坦说：想象力比知识更重要！", "他叫王小二，住在北京。"]


@pytest.mark.parametrize("pinyin,chars", [("zhong1", 1), ("shi4", 1), ("ci2", 2), ("guo2", 1), ("xue2", 1),
                                          ("a1", 0), ("yi1", 0), ("wu3", 0), ("yu2", 0), ("er2", 0)])
def test_initial_chars(kt, pinyin, chars):
    assert kt.initial_ipa_chars(pinyin) == chars
    assert len(pinyin_ipa(pinyin)) > chars  # a final follows


@pytest.mark.parametrize("text", TEXTS)
def test_every_frame_lands_on_a_token(kt, text):
    kok, kan = KokoroSymbols({}), KanttsSymbols()
    for sentence in MandarinFrontend().process(text).sentences:
        ks = kok.symbol_syllables(sentence)
        durations = [1 + i % 4 for i in range(len(ks))]  # made-up Kokoro frames per phoneme
        inits = [kt.initial_ipa_chars(s.pinyin) for s in sentence.syllables]
        lead, out = kt.kokoro_to_kantts(ks, durations, inits, kan.symbol_syllables(sentence))
        assert len(out) == len(kan.encode(sentence))
        assert lead + sum(out) == 2 * sum(durations)
        assert lead == 2 * durations[0]  # the leading pad: nothing precedes the first syllable
        tokens = kan.symbol_syllables(sentence)
        for k, syl in enumerate(sentence.syllables):
            own = [2 * d for s, d in zip(ks, durations) if s == k]
            first, second = (i for i, s in enumerate(tokens) if s == k)
            if inits[k]:
                assert out[first] == sum(own[: inits[k]])  # the initial's phonemes, exactly
            else:
                assert 1 <= out[first] < out[first] + out[second]  # a share of a syllable without initial
            if k + 1 < len(sentence.syllables) and tokens[second + 1] == k + 1:  # no boundary: gap folded in
                assert out[first] + out[second] >= sum(own)
            else:
                assert out[first] + out[second] == sum(own)
        assert out[-1] >= 2 * durations[-1]  # #4 holds the closing punctuation and pad


def test_out_of_order_symbols_are_refused(kt):
    with pytest.raises(ValueError):
        kt.kokoro_to_kantts([-1, 1, 0, -1], [1, 1, 1, 1], [1, 1], [0, 0, 1, 1, -1])


def test_items_from_a_kokoro_voice_train_the_student(kt, tmp_path):
    """The labeller on a tiny random-weight Kokoro folder (as `ttsserve convert kokoro` lays the real one out):
    items whose durations cover the mel after the lead-in, in the shared mel space, speaker ids after the base;
    and the student's trainer takes them for a few steps (CPU)."""
    import json

    from tests.kokoro_voice import write_kokoro_voice

    sys.path.insert(0, str(RECIPE.parent))
    import distill
    import melspace

    voice = write_kokoro_voice(tmp_path / "weights")
    teacher = kt.KokoroTeacher(voice)
    sents = distill.sentences(["我们明天去公园散步。", "一二三，四五六。"])
    space = json.loads(RECIPE.with_name("melspace.json").read_text())["slaney"]
    items = kt.to_items(teacher, sents, ["zf_xiaobei", "zm_yunjian"], space, speaker_base=2)
    assert sorted((it.sentence, it.speaker) for it in items) == [(0, 2), (0, 3), (1, 2), (1, 3)]
    assert {it.emotion for it in items} == {distill.EMOTION_IDS["neutral"]}
    sad = kt.to_items(teacher, sents[:1], ["zf_xiaobei"], space, speaker_base=2,
                      styles={0: "sad"})
    neutral = [it for it in items if (it.sentence, it.speaker) == (0, 2)][0]
    assert sad[0].emotion == distill.EMOTION_IDS["sad"]
    assert int(sad[0].durations.sum()) > int(neutral.durations.sum())  # the sad preset speaks slower
    for it in items:
        assert int(it.durations.sum()) == it.mel.shape[0] and it.mel.shape[1] == melspace.N_MELS
        assert it.mel_full.shape[0] * melspace.HOP == it.wav.shape[0]
        assert len(it.tokens) == len(it.durations) == len(it.pitch) == len(it.energy)
        assert it.mel.float().min().item() >= space["floor"]
    out = tmp_path / "run"
    out.mkdir()
    distill.train_am(distill.bucketed_batches(items, target_frames=2000), out, 0.02, "cpu", None,
                     log=lambda _m: None, n_speakers=4)
    assert (out / "am.pth").exists()


def test_vocoder_trains_on_the_acoustic_models_own_aligned_mels(kt, tmp_path):
    """`train --gta`: each item's mel from the acoustic model (teacher durations, pitch, energy, free-running
    decoder) is as long as the teacher's mel, keeps the teacher's lead-in, is the model's own after it, and a
    batch of items of different lengths gives each the mel it gets alone; the vocoder then trains on them."""
    import json

    from tests.kokoro_voice import write_kokoro_voice

    sys.path.insert(0, str(RECIPE.parent))
    import distill

    voice = write_kokoro_voice(tmp_path / "weights")
    teacher = kt.KokoroTeacher(voice)
    sents = distill.sentences(["我们明天去公园散步。", "一二三，四五六，七八九十。", "好。"])
    space = json.loads(RECIPE.with_name("melspace.json").read_text())["slaney"]
    items = kt.to_items(teacher, sents, ["zf_xiaobei", "zm_yunjian"], space, speaker_base=1)
    torch.manual_seed(0)
    from ttsserve.pipeline.sambert import Sambert

    model = Sambert(distill.am_config(9))
    distill.save_weights(model, tmp_path / "am.pth", 0)
    am = distill.load_am(tmp_path / "am.pth", "cpu")
    assert am.spk_tokenizer.weight.shape[0] == 9 + 3
    together = distill.gta_mels(am, items, "cpu")
    lengths = {len(it.tokens) for it in items}
    assert len(lengths) > 1  # the batch pads
    # batched by length, two to a batch: every item still gets its own mel back, in the items' order
    for mel, small in zip(together, distill.gta_mels(am, items, "cpu", batch=2)):
        assert mel.shape == small.shape and torch.allclose(mel.float(), small.float(), atol=1e-3, rtol=1e-3)
    for it, mel in zip(items, together):
        lead = it.mel_full.shape[0] - it.mel.shape[0]
        assert mel.shape == it.mel_full.shape and mel.dtype == it.mel_full.dtype
        assert torch.equal(mel[:lead], it.mel_full[:lead])
        assert not torch.allclose(mel[lead:].float(), it.mel.float(), atol=0.1)  # the model's, not the teacher's
        alone = distill.gta_mels(am, [it], "cpu")[0]
        # batched float rounding, stored in fp16: at most a step of fp16 apart (2^-10 of the value)
        assert torch.allclose(mel.float(), alone.float(), atol=1e-3, rtol=1e-3), (mel.float() - alone.float()).abs().max()
    out = tmp_path / "run"
    out.mkdir()
    lines = []
    distill.train_voc(items, out, 0.01, "cpu", None, log=lines.append, gta=tmp_path / "am.pth", gta_share=0.5)
    assert (out / "voc.pth").exists()
    windowed = sum(it.mel_full.shape[0] > 40 + 2 for it in items)  # the items long enough for a training window
    assert any(f"own mels for {windowed} items" in line for line in lines), lines


def test_multi_speaker_train_export_and_serve(tmp_path, monkeypatch):
    """`distill.py train --kokoro DIR --texts FILE` (Baker as speaker 0, the Kokoro speakers after it, every mel
    from the waveform in the shared space) on a tiny random-weight Kokoro folder, a few seconds of each stage on
    the CPU; `distill.py export --kokoro DIR` writes a 9-speaker ModelScope voice folder, and the server lists it
    with its speakers' genders and speaks with one of them. (Random teachers, seconds of training: the structure,
    not the sound.)"""
    import os
    import shutil
    import subprocess

    import torch

    from tests.conftest import PROJECT, running_client
    from tests.kokoro_voice import write_kokoro_voice
    from ttsserve.settings import load_settings

    voice = write_kokoro_voice(tmp_path / "teachers")
    texts = tmp_path / "texts.txt"
    texts.write_text("我们明天去公园散步。\n今天天气很好。\n", encoding="utf-8")
    out = tmp_path / "run"
    run = subprocess.run([sys.executable, str(RECIPE.with_name("distill.py")), "train", "--out", str(out),
                          "--minutes", "0.06", "--stage", "both", "--device", "cpu", "--texts", str(texts),
                          "--kokoro", str(voice), "--kokoro-sentences", "2"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.count("Kokoro items (8 speakers)") == 2  # the two trainers, at once
    assert "am done at step" in run.stdout and "voc done at step" in run.stdout
    state = torch.load(out / "am.pth", map_location="cpu", weights_only=True)["model"]
    assert state["spk_tokenizer.weight"].shape[0] == 9 + 3  # Baker + 8, then KAN-TTS's 3 special rows
    weights = tmp_path / "weights"
    shutil.copytree(PROJECT / "weights" / "baker", weights / "baker")
    (weights / "distill-baker" / "am").mkdir(parents=True)  # the voice it replaces, served on as an alias
    (weights / "distill-baker" / "voice.yaml").write_text("name: distill-baker\n")
    run = subprocess.run([sys.executable, str(RECIPE.with_name("distill.py")), "export", "--run", str(out),
                          "--weights", str(weights), "--kokoro", str(voice), "--alias", "distill-baker=baker"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    for var in [k for k in os.environ if k.startswith("TTSSERVE_")]:
        monkeypatch.delenv(var)
    settings = load_settings(weights_dir=weights, default_voice="baker", warmup=False, device="cpu")
    with running_client(settings) as client:
        voices = {v["name"]: v for v in client.get("/v1/voices").json()["voices"]}
        v = voices["distill-zh"]
        assert v["speakers"][0] == "baker" and len(v["speakers"]) == 9
        genders = {d["name"]: d["gender"] for d in v["speaker_details"]}
        assert sum(g == "male" for g in genders.values()) == 4 and genders["baker"] == "female"
        r = client.post("/synthesize", json={"text": "你好。", "voice": "distill-zh", "speaker": "zm_yunjian",
                                             "emotion": "sad"})
        assert r.status_code == 200 and r.content[:4] == b"RIFF"
        assert voices["distill-baker"]["speakers"] == ["baker"]
        r = client.post("/synthesize", json={"text": "你好。", "voice": "distill-baker"})
        assert r.status_code == 200 and r.content[:4] == b"RIFF"
    assert sorted(p.name for p in (weights / "distill-baker").iterdir()) == ["voice.yaml"]
    # the export is also how training state outlives a machine: `unexport --voice` gives back the run's weights
    # and step counts, for `train --resume`
    back = tmp_path / "back"
    run = subprocess.run([sys.executable, str(RECIPE.with_name("distill.py")), "unexport", "--weights", str(weights),
                          "--voice", "distill-zh", "--out", str(back)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    for name in ("am.pth", "voc.pth"):
        trained = torch.load(out / name, map_location="cpu", weights_only=True)
        rebuilt = torch.load(back / name, map_location="cpu", weights_only=True)
        assert rebuilt["steps"] == trained["steps"] > 0
        key = "spk_tokenizer.weight" if name == "am.pth" else None
        if key:
            assert torch.equal(rebuilt["model"][key], trained["model"][key])


def test_labelled_data_is_cached_per_seed_and_gathered(kt, tmp_path, monkeypatch):
    """`train --kokoro --data-cache DIR`: the items are labelled once per seed into DIR (a second call with the
    same seed labels nothing and gets the same items), and a later seed's call trains on both seeds' items."""
    import argparse

    from tests.kokoro_voice import write_kokoro_voice

    sys.path.insert(0, str(RECIPE.parent))
    import distill

    voice = write_kokoro_voice(tmp_path / "weights")
    sents = distill.sentences(["我们明天去公园散步。", "一二三，四五六。", "今天天气很好。"])
    args = argparse.Namespace(kokoro=str(voice), kokoro_sentences=2, kokoro_per_sentence=1, baker_sentences=2,
                              seed=1, device="cpu", data_cache=str(tmp_path / "cache"))
    first, n = distill.multi_speaker_items(sents, args, log=lambda _m: None)
    assert n == 9 and len(first) == 2 + 2  # two Baker sentences, two Kokoro sentences x one speaker each
    labelled = []
    monkeypatch.setattr(distill.Teacher, "label", lambda *a, **k: labelled.append(1) or [])
    again, _ = distill.multi_speaker_items(sents, args, log=lambda _m: None)
    assert not labelled
    assert [(it.speaker, it.sentence) for it in again] == [(it.speaker, it.sentence) for it in first]
    assert all(torch.equal(a.mel, b.mel) and torch.equal(a.wav, b.wav) for a, b in zip(again, first))
    monkeypatch.undo()
    args.seed = 2
    both, _ = distill.multi_speaker_items(sents, args, log=lambda _m: None)
    assert len(both) == 2 * len(first)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["kokoro_stats.json", "ms_seed1_k2x1_b2.pt",
                                                                      "ms_seed2_k2x1_b2.pt"]


def test_labels_in_one_batch_equal_each_alone(kt, tmp_path):
    """`label_many` (one padded acoustic call for several sentences, speakers and styles, and one padded vocoder
    pass for their waveforms) gives each request the
    label `label` gives it alone: tokens and durations identical, pitch and energy within float rounding, and the
    same spectrum (CPU, the tiny random-weight Kokoro folder). Not the same samples: Kokoro's harmonic source
    integrates f0, so float rounding moves the phase (on the converted voice 2-14% of the peak sample by sample,
    while the log mel the student learns from differs by 0.003-0.006 log10 units on average over the loud
    frames; the random-weight voice 0.008-0.053)."""
    from tests.kokoro_voice import write_kokoro_voice

    sys.path.insert(0, str(RECIPE.parent))
    import distill
    import melspace

    teacher = kt.KokoroTeacher(write_kokoro_voice(tmp_path / "weights"))
    sents = distill.sentences(["我们明天去公园散步，好吗？", "一二三。", "他叫王小二，住在北京。"])
    requests = [(sents[0], "zf_xiaobei", None), (sents[1], "zm_yunjian", "sad"), (sents[2], "zm_yunxi", "happy")]
    passes = []
    run = teacher.vocoder.run_windows
    teacher.vocoder.run_windows = lambda ws, **kw: passes.append(len(ws)) or run(ws, **kw)
    together = teacher.label_many(requests)
    assert passes == [3]  # the three waveforms in one vocoder pass
    teacher.vocoder.run_windows = run
    for req, b in zip(requests, together):
        a = teacher.label(*req)
        assert a.tokens == b.tokens and a.durations == b.durations and a.lead == b.lead and a.speaker == b.speaker
        assert torch.allclose(torch.tensor(a.pitch), torch.tensor(b.pitch), atol=1e-4)
        assert torch.allclose(torch.tensor(a.energy), torch.tensor(b.energy), atol=1e-4)
        assert a.wav.shape == b.wav.shape
        ma, mb = melspace.log_mel(a.wav), melspace.log_mel(b.wav)
        loud = ma > ma.max() - 3  # within 30 dB of the loudest bin
        assert float((ma - mb).abs()[loud].mean()) < 0.1


def test_labels_leave_out_the_silence_the_served_voice_leaves_out(kt, tmp_path, monkeypatch):
    """With the converted voice's edge setting, a label is the call as the voice serves it: the waveform from the
    first heard frame to the last (the vocoder having read every frame), the durations (lead-in and #4 included)
    covering exactly that waveform, so the student learns the short closing silence it should say."""
    from tests.kokoro_voice import write_kokoro_voice
    from tests.unit.test_kokoro import _silent_edges

    sys.path.insert(0, str(RECIPE.parent))
    import distill

    (sent,) = distill.sentences(["我们明天去公园散步，好吗？"])
    plain = kt.KokoroTeacher(write_kokoro_voice(tmp_path / "a")).label(sent, "zm_yunjian")
    _silent_edges(monkeypatch, lead=9, tail=20)
    teacher = kt.KokoroTeacher(write_kokoro_voice(tmp_path / "b", acoustic_options={"edge_silence_s": [0.05, 0.15]}))
    edged = teacher.label(sent, "zm_yunjian")
    assert edged.tokens == plain.tokens
    assert len(edged.wav) == (edged.lead + sum(edged.durations)) * 300
    assert len(plain.wav) - len(edged.wav) == (7 + 14) * 600  # the 9 and 20 silent frames less 2 and 6 kept
    # in the student's frames (2 a Kokoro frame)
    assert (plain.lead + sum(plain.durations)) - (edged.lead + sum(edged.durations)) == 21 * 2


def test_grown_parts_keep_one_scale_per_speaker_and_reach_the_trainers(kt, tmp_path, monkeypatch):
    """`train --stage both --grow N`'s labeller (`distill.grow_data`): composed sentences labelled part after
    part into the data cache (every Kokoro speaker in turn, Baker for every fourth sentence), each Kokoro
    speaker's pitch/energy normalized with the scale stored at the first labelling (`kokoro_stats.json`), and
    the trainers' batches take in each part that lands (`load_cached` reads only new files)."""
    import argparse
    import json

    from tests.kokoro_voice import write_kokoro_voice

    sys.path.insert(0, str(RECIPE.parent))
    import distill

    voice = write_kokoro_voice(tmp_path / "weights")
    sents = distill.sentences(["我们明天去公园散步。", "一二三，四五六。", "今天天气很好。", "他叫王小二。",
                               "请大家排好队。", "明天上午开会。"])
    monkeypatch.setattr(distill, "composed_sentences", lambda n, seed, log=print: list(sents[:n]))
    folder = tmp_path / "cache"
    folder.mkdir()
    args = argparse.Namespace(kokoro=str(voice), data_cache=str(folder), seed=3, device="cpu", grow=6,
                              grow_part=4, kokoro_per_sentence=2)
    distill.grow_data(args, 5.0, log=lambda _m: None)  # the pool (6 sentences) runs out first: two parts
    assert sorted(p.name for p in folder.iterdir()) == ["kokoro_stats.json", "ms_grow3_0000.pt", "ms_grow3_0001.pt"]
    seen: set[str] = set()
    items = distill.load_cached(folder, "cpu", seen, log=lambda _m: None)
    assert len(items) == 6 * 2 + 2  # every sentence by two Kokoro speakers; Baker says sentences 0 and 4
    assert {it.speaker for it in items} == set(range(9))
    assert distill.load_cached(folder, "cpu", seen, log=lambda _m: None) == []  # nothing new since
    stats = json.loads((folder / "kokoro_stats.json").read_text())
    assert len(stats) == 8
    # a later part of another seed is scaled as the first: its items' pitch is (raw log f0 - mean) / std of the
    # stored scale, not of its own few sentences
    args.seed, args.grow = 4, 1
    distill.grow_data(args, 5.0, log=lambda _m: None)
    assert json.loads((folder / "kokoro_stats.json").read_text()) == stats
    new = distill.load_cached(folder, "cpu", seen, log=lambda _m: None)
    teacher = kt.KokoroTeacher(voice)
    names = list(teacher.speakers)
    for it in (it for it in new if it.speaker > 0):
        name = names[it.speaker - 1]
        style = {v: k for k, v in distill.EMOTION_IDS.items()}[it.emotion]
        raw = teacher.label(sents[0], name, style)
        pm, ps, em, es = stats[name]
        expect = torch.tensor([(p - pm) / ps if p != 0.0 else 0.0 for p in raw.pitch])
        assert torch.allclose(it.pitch, expect, atol=1e-4)
        assert torch.allclose(it.energy, torch.tensor([(e - em) / es for e in raw.energy]), atol=1e-4)
    # the acoustic model's batches take in what `more` returns
    arrived = [new]
    draw = distill.bucketed_batches(items[:1], target_frames=100, more=lambda: arrived.pop() if arrived else [],
                                    every_s=0.0)
    batch = draw()
    assert any(b is n for b in batch for n in new) and any(b is items[0] for b in batch)


def test_fixed_validation_is_labelled_once_and_kept_out_of_the_training_data(kt, tmp_path):
    """The multi-speaker acoustic model's validation set (`distill.fixed_validation`): each validation sentence by
    Baker and by one Kokoro speaker in turn, styles from a fixed seed, so a fresh machine labels the same items
    (CPU: identical); kept in the data cache as `val_fixed.pt`, read back as it was, and never taken in by the
    trainers (`load_cached` reads the `ms_*` files only)."""
    import argparse

    from tests.kokoro_voice import write_kokoro_voice

    sys.path.insert(0, str(RECIPE.parent))
    import distill

    voice = write_kokoro_voice(tmp_path / "weights")
    texts = ["我们明天去公园散步。", "今天天气很好。", "他叫王小二。"]
    runs = []
    for name in ("a", "b"):
        args = argparse.Namespace(data_cache=str(tmp_path / name), kokoro=str(voice), device="cpu")
        (tmp_path / name).mkdir()
        runs.append(distill.fixed_validation(args, log=lambda m: None, texts=texts))
        assert (tmp_path / name / distill.VALIDATION_FILE).exists()
        assert distill.load_cached(tmp_path / name, "cpu", set(), log=lambda m: None) == []
    first, second = runs
    assert [it.speaker for it in first] == [0, 0, 0, 1, 2, 3]  # Baker, then Kokoro speakers in turn
    again = distill.fixed_validation(argparse.Namespace(data_cache=str(tmp_path / "a"), kokoro=str(voice),
                                                        device="cpu"), log=lambda m: None, texts=["不同。"])
    assert len(again) == len(first) == len(second) == 6  # read from the cache, not labelled from these texts
    for x, y, z in zip(first, second, again):  # a fresh machine labels the same; the cache gives them back
        assert x.speaker == y.speaker == z.speaker and x.emotion == y.emotion == z.emotion
        assert torch.equal(x.tokens, y.tokens) and torch.equal(x.durations, y.durations)
        assert torch.equal(x.mel, y.mel) and torch.equal(x.mel, z.mel)
