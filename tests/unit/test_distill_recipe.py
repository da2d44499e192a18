"""The distillation recipe's teacher data: Baker-symbol durations map onto KAN-TTS tokens without losing
frames, for sentences with erhua, in-word and phrase boundaries, the two speakers' mels differ as stated, and the
styles move register and level as the served baker voice's do."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
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
    # Styles as the server applies them (the baker voice's presets through the stage's calibrated contour maps):
    # the pitch and energy targets are the neutral ones scaled and shifted, the shift moving the register up for
    # happy and down for sad (a bare ratio, as before session 14, would leave the register where it was)
    am, _ = d.load_teacher("cpu")
    styles = d.teacher_styles(am)
    assert styles["neutral"] == (1.0, 1.0, 0.0, 1.0, 0.0)
    assert styles["happy"][2] > 0.05 and styles["sad"][2] < -0.05  # f0 shifts (normalized units)
    assert styles["happy"][4] > 0 > styles["sad"][4]  # energy shifts: +2 dB, -3 dB
    for emotion in ("happy", "sad", "serious"):
        speed, f0_scale, f0_shift, en_scale, en_shift = styles[emotion]
        styled = {(it.sentence, it.speaker): it for it in items if it.emotion == d.EMOTION_IDS[emotion]}
        for key, it in styled.items():
            assert torch.allclose(it.pitch, neutral[key].pitch * f0_scale + f0_shift, atol=1e-4)
            assert torch.allclose(it.energy, neutral[key].energy * en_scale + en_shift, atol=1e-4)


def load_textgen():
    spec = importlib.util.spec_from_file_location("distill_textgen", RECIPE.parent / "textgen.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_composed_text_keeps_tags_and_lengths_and_is_speakable():
    """Word substitution swaps content words for dictionary words of the same tag and length, is reproducible
    per seed, and gives text that the frontend and both symbol sets (teacher's Baker, student's KAN-TTS) take."""
    from ttsserve.frontend import MandarinFrontend
    from ttsserve.frontend.kantts import KanttsSymbols
    from ttsserve.frontend.symbols import BakerSymbols

    tg = load_textgen()
    sources = ["我们明天去图书馆看书。", "这个问题非常重要，大家都要认真思考。", "他每天早上跑步。"]
    tmpl = tg.templates(sources)
    lex = tg.lexicon()
    rng = __import__("random").Random(0)
    differs = 0
    for t in tmpl:
        original = "".join(w for w, _ in t)
        out = tg.substitute(t, rng, p=1.0)
        assert len(out) == len(original)  # same length, word for word
        assert any((tag, len(word)) in lex for word, tag in t)
        differs += out != original
    assert differs == len(tmpl)
    a, b = tg.compose(tmpl, 40, seed=7), tg.compose(tmpl, 40, seed=7)
    assert a == b and a != tg.compose(tmpl, 40, seed=8)
    assert any("，" in t and t.count("。") == 1 for t in a)  # some are two sentences joined by a comma
    fe, baker, kan = MandarinFrontend(), BakerSymbols(), KanttsSymbols()
    spoken = 0
    for text in a:
        for s in fe.process(text).sentences:
            baker.encode(s)
            kan.encode(s)
            spoken += 1
    assert spoken >= 40


def test_teacher_forced_decoder_equals_the_served_one():
    """The recipe's training decoder (all steps in parallel from a target mel) uses the served decoder's band
    masks: fed the served decoder's own output, it gives that output back."""
    from tests.kantts_voice import small_sambert
    from tests.unit.test_sambert import run

    d = load_recipe()
    model = small_sambert()
    with torch.inference_mode():
        enc, dec = run(model, [25])
        parallel = d.decode_teacher_forced(model, enc, dec.reshape(1, -1, 80))
        enc.band = enc.band - 1  # the comparison can fail: a narrower band differs
        narrower = d.decode_teacher_forced(model, enc, dec.reshape(1, -1, 80))
    assert (parallel - dec).abs().max() < 1e-5
    assert (narrower - dec).abs().max() > 1e-3


def test_the_vocoder_width_travels_with_its_checkpoint(tmp_path):
    """`train --voc-channels N` (issue 19: a wider student vocoder): the width is read back from a checkpoint
    (resume, export), the exported KAN-TTS config carries it, and the served `hifigan` stage loads the export."""
    import yaml

    from ttsserve.pipeline.base import StageSpec
    from ttsserve.pipeline.hifigan import HiFiGAN
    from ttsserve.pipeline.hifigan import load as load_hifigan

    distill = load_recipe()
    assert distill.voc_params()["channels"] == 128 and distill.voc_params(256)["channels"] == 256
    gen = HiFiGAN(distill.voc_config(64))
    distill.save_weights(gen, tmp_path / "voc.pth", 7, vocoder=True)
    assert distill.voc_channels(tmp_path / "voc.pth") == 64 and distill.voc_channels(tmp_path / "none.pth") is None
    voc = torch.load(tmp_path / "voc.pth", map_location="cpu", weights_only=True)
    folder = tmp_path / "voc"
    (folder / "ckpt").mkdir(parents=True)
    torch.save({"model": {"generator": voc["model"]["generator"]}, "steps": 7}, folder / "ckpt" / "checkpoint_7.pth")
    (folder / "config.yaml").write_text(yaml.safe_dump({
        "model_type": "hifigan", "Model": {"Generator": {"params": distill.voc_params(distill.voc_channels(voc))}},
        "audio_config": {"sampling_rate": 24000, "hop_length": 300, "n_mels": 80}}))
    stage = load_hifigan(StageSpec("hifigan", tmp_path, {"checkpoint": "voc/ckpt/checkpoint_*.pth",
                                                         "kantts_config": "voc/config.yaml"}))
    assert stage.module.cfg.channels == 64
    mel = torch.randn(50, 80)
    assert stage.infer(mel).shape[0] == 50 * 300


def test_the_shipped_two_speaker_student_warm_starts_the_multi_speaker_one(tmp_path):
    """`train --kokoro --resume DIR` with DIR the shipped distill-baker (`unexport`): the 9-speaker model loads
    every weight of the 2-speaker one, Baker keeps its row, the 8 new speakers start near it but apart, the three
    special rows move to the end, and the step count starts again (a new model's warm-up)."""
    from ttsserve.pipeline.sambert import Sambert

    d = load_recipe()
    small = Sambert(d.am_config(2))
    torch.manual_seed(1)
    for p in small.parameters():
        torch.nn.init.normal_(p)
    d.save_weights(small, tmp_path / "am.pth", steps=11725)
    big = Sambert(d.am_config(9))
    logs = []
    assert d.load_weights(big, tmp_path / "am.pth", logs.append) == 0
    assert any("2 -> 9 speakers" in m for m in logs)
    old = {k: v.half().float() for k, v in small.state_dict().items()}
    new = big.state_dict()
    assert all(torch.equal(new[k], v) for k, v in old.items() if k != "spk_tokenizer.weight")
    table, grown = old["spk_tokenizer.weight"], new["spk_tokenizer.weight"]
    assert grown.shape[0] == 9 + 3
    assert torch.equal(grown[0], table[0]) and torch.equal(grown[-3:], table[-3:])
    gap = (grown[1:9] - table[0]).norm(dim=1)
    assert bool((gap > 0).all()) and float(gap.max()) < 0.5 * float((table[1] - table[0]).norm())
    same = Sambert(d.am_config(9))  # a checkpoint of the model's own size resumes as it always did
    d.save_weights(big, tmp_path / "big.pth", steps=7)
    assert d.load_weights(same, tmp_path / "big.pth", logs.append) == 7


def test_held_out_items_are_fixed_per_seed_and_never_trained_on():
    d = load_recipe()
    items = [d.Item(tokens=torch.zeros(3, 4, dtype=torch.long), durations=torch.tensor([i % 7 + 1, 2, 3]),
                    pitch=torch.zeros(3), energy=torch.zeros(3), mel=torch.zeros(1, 80), wav=torch.zeros(1),
                    mel_full=torch.zeros(1, 80), speaker=i % 9, emotion=1, sentence=i) for i in range(500)]
    train, held = d.split_held(items, 40, seed=4)
    assert len(held) == 40 and len(train) == 460
    assert {id(it) for it in train}.isdisjoint(id(it) for it in held)
    assert {it.sentence for it in train} | {it.sentence for it in held} == set(range(500))
    lengths = [int(it.durations.sum()) for it in held]
    assert lengths == sorted(lengths)  # validation batches of similar lengths
    again, held_again = d.split_held(items, 40, seed=4)
    assert [it.sentence for it in held_again] == [it.sentence for it in held]
    assert [it.sentence for it in d.split_held(items, 40, seed=5)[1]] != [it.sentence for it in held]
    assert len(d.split_held(items[:100], 40, seed=4)[1]) == 10  # never more than a tenth of the items


def _tiny_items(n: int = 6) -> list:
    d = load_recipe()
    g = torch.Generator().manual_seed(3)
    out = []
    for i in range(n):
        tokens = torch.randint(1, 3, (5, 4), generator=g)  # ids every one of the four vocabularies has
        durations = torch.full((5,), 3, dtype=torch.long)
        mel = torch.randn(15, 80, generator=g) * 0.3
        out.append(d.Item(tokens=tokens, durations=durations, pitch=torch.zeros(5), energy=torch.zeros(5), mel=mel,
                          wav=torch.zeros(1), mel_full=mel, speaker=i % 2, emotion=1, sentence=i))
    return out


def test_a_resumed_call_keeps_adams_moments_of_the_same_checkpoint(tmp_path, monkeypatch):
    """`train_am` keeps AdamW's state beside `am.pth` (`am_opt.pth`, the same step), and a call resumed from
    that folder on the same machine goes on with those moments at this call's peak rate (`DISTILL_AM_LR`);
    moments of another step are not used (the model's checkpoint was not the optimizer's)."""
    d = load_recipe()
    items = _tiny_items()
    first = tmp_path / "first"
    first.mkdir()
    d.train_am(d.bucketed_batches(items, target_frames=60), first, 0.0, "cpu", None, log=lambda _m: None,
               held=items[:2], n_speakers=2)
    model_steps = torch.load(first / "am.pth", weights_only=True)["steps"]
    saved = torch.load(first / d.OPT_FILE, weights_only=False)
    assert saved["steps"] == model_steps  # the start checkpoint (step 0) or a later best
    logs = []
    second = tmp_path / "second"
    second.mkdir()
    monkeypatch.setenv("DISTILL_AM_LR", "2e-4")
    d.train_am(d.bucketed_batches(items, target_frames=60), second, 0.0, "cpu", first, log=logs.append,
               n_speakers=2)
    assert f"resumed {d.OPT_FILE} at step {model_steps}" in logs
    # first/last/: the call's last step and its moments (a validated run), to go on from the last rather than the best
    last_steps = torch.load(first / "last" / "am.pth", weights_only=True)["steps"]
    assert last_steps == torch.load(first / "am_last.pth", weights_only=True)["steps"] >= model_steps
    logs.clear()
    (tmp_path / "third").mkdir()
    d.train_am(d.bucketed_batches(items, target_frames=60), tmp_path / "third", 0.0, "cpu", first / "last",
               log=logs.append, n_speakers=2)
    assert f"resumed {d.OPT_FILE} at step {last_steps}" in logs, logs
    after = torch.load(second / d.OPT_FILE, weights_only=False)
    assert after["steps"] == model_steps + 1  # one step (a call always takes one), its moments saved
    assert {g["initial_lr"] for g in after["opt"]["param_groups"]} == {2e-4}
    torch.save({**saved, "steps": model_steps + 5}, first / d.OPT_FILE)
    logs.clear()
    d.train_am(d.bucketed_batches(items, target_frames=60), tmp_path / "second", 0.0, "cpu", first,
               log=logs.append, n_speakers=2)
    assert any("fresh optimizer moments" in m for m in logs), logs
    logs.clear()  # moments of the same step but another model (a grown speaker table): not loaded either
    torch.save({**saved, "steps": 0}, first / d.OPT_FILE)  # a warm start counts from step 0
    d.train_am(d.bucketed_batches(items, target_frames=60), tmp_path / "second", 0.0, "cpu", first,
               log=logs.append, n_speakers=3)
    assert any("another model's shapes" in m for m in logs), logs
    logs.clear()  # kept before any step (the start was the best checkpoint): the right step, but no moments in it
    empty = torch.optim.AdamW(torch.nn.Linear(2, 2).parameters())
    torch.save({"steps": model_steps, "opt": empty.state_dict()}, first / d.OPT_FILE)
    d.train_am(d.bucketed_batches(items, target_frames=60), tmp_path / "second", 0.0, "cpu", first,
               log=logs.append, n_speakers=2)
    assert f"{d.OPT_FILE} holds no moments (saved before a step): fresh optimizer moments" in logs, logs


def test_prenet_dropout_setting_makes_training_decode_as_served(tmp_path, monkeypatch):
    """Session 18: the multi-speaker student decoded twice as far from the teacher with the decoder prenet's
    dropout off (as served) as with it on (as trained). `DISTILL_PRENET_DROPOUT` sets the rate `train_am` trains
    with; at 0 the training-mode decoder is the served one, at the reference's 0.5 it is not; the setting is
    logged, and the validation figures report every part of the model (`held_out_metrics`)."""
    from ttsserve.pipeline.sambert import Sambert

    d = load_recipe()
    items = _tiny_items()
    model = Sambert(d.am_config(2))
    ling, emo, spk, lengths, dur, pitch, energy, mel, _ = d.am_batch(items[:2], "cpu")

    def teacher_forced(mode: str) -> torch.Tensor:
        getattr(model, mode)()
        torch.manual_seed(0)
        with torch.no_grad():
            enc = model.encode(ling, emo, spk, lengths, durations=dur, pitch=pitch, energy=energy)
            return d.decode_teacher_forced(model, enc, mel[:, : enc.memory.shape[1] * 3])

    assert not torch.equal(teacher_forced("train"), teacher_forced("eval"))
    logs = []
    d.set_prenet_dropout(model, 0.0, logs.append)
    assert logs == ["decoder prenet dropout 0.0 in training"]
    assert torch.equal(teacher_forced("train"), teacher_forced("eval"))
    figures = d.held_out_metrics(model, items[:2], "cpu")
    assert set(figures) == {"free", "free_speech", "silent_share", "decoder", "teacher_forced", "dur", "pitch",
                            "energy"}
    assert all(v >= 0 and v == v for v in figures.values()) and figures["silent_share"] < 1
    monkeypatch.setenv("DISTILL_PRENET_DROPOUT", "0")
    logs.clear()
    d.train_am(d.bucketed_batches(items, target_frames=60), tmp_path, 0.0, "cpu", None, log=logs.append,
               n_speakers=2)
    assert "decoder prenet dropout 0.0 in training" in logs


@pytest.mark.parametrize("passes", [1, 2])
def test_self_fed_passes_read_the_previous_passes_frames(monkeypatch, passes):
    """`--self-fed` (session 20's best acoustic-model setting): after the teacher-forced pass, `passes` more, each
    fed the previous pass's own (detached) frames, all in the loss; without it, one teacher-forced pass."""
    from ttsserve.pipeline.sambert import Sambert

    d = load_recipe()
    items = _tiny_items()[:2]
    model = Sambert(d.am_config(2)).eval()  # no dropout: the passes are comparable
    real, seen = d.decode_teacher_forced, []

    def spy(model, enc, mel):
        out = real(model, enc, mel)
        seen.append((mel.detach().clone(), out.detach().clone()))
        return out

    monkeypatch.setattr(d, "decode_teacher_forced", spy)
    plain = d.am_loss(model, items, "cpu", 0)[1]
    assert len(seen) == 1
    seen.clear()
    fed = d.am_loss(model, items, "cpu", passes)[1]
    assert len(seen) == 1 + passes
    for (_, before), (given, _) in zip(seen, seen[1:]):
        assert torch.equal(given, before.reshape(2, -1, 80))
    assert not torch.equal(seen[1][0], seen[0][0])  # the first fed pass reads the model's frames, not the target
    assert fed.item() != plain.item()


def test_validation_by_speaker_is_each_speakers_items_alone():
    """`validate --by-speaker` (session 20: is the Kokoro speakers' ASR gap already in the mels?): each
    speaker's figures are `held_out_metrics` on that speaker's items alone, named as the export names them."""
    from ttsserve.pipeline.sambert import Sambert

    d = load_recipe()
    items = _tiny_items()
    model = Sambert(d.am_config(2))
    rows = d.by_speaker(model, items, "cpu", ["baker", "zf_xiaobei"])
    assert list(rows) == ["baker", "zf_xiaobei"]
    for name, speaker in (("baker", 0), ("zf_xiaobei", 1)):
        own = [it for it in items if it.speaker == speaker]
        assert rows[name]["items"] == len(own) == 3
        alone = d.held_out_metrics(model, own, "cpu")
        assert {k: rows[name][k] for k in alone} == {k: round(v, 4) for k, v in alone.items()}
    assert rows["baker"]["free"] != rows["zf_xiaobei"]["free"]


def test_the_acoustic_model_trains_in_float32_at_3e4_unless_told(tmp_path, monkeypatch):
    """Session 19's side-by-side device run found bfloat16 autocast spoiling the decoder (validation 0.238 ->
    0.6-0.7 from one checkpoint, float32 0.218-0.225): float32 and a 3e-4 peak are the defaults now."""
    d = load_recipe()
    monkeypatch.delenv("DISTILL_BF16", raising=False)
    monkeypatch.delenv("DISTILL_AM_LR", raising=False)
    assert d.bf16_training() is False
    assert not d.autocast("cpu")._enabled
    monkeypatch.setenv("DISTILL_BF16", "1")
    assert d.bf16_training() is True
    cpu = d.autocast("cpu")  # on either device (session 19 probed it on the CPU)
    assert cpu._enabled and cpu.fast_dtype == torch.bfloat16
    monkeypatch.setenv("DISTILL_BF16", "0")
    assert d.bf16_training() is False
    items = _tiny_items()
    d.train_am(d.bucketed_batches(items, target_frames=60), tmp_path, 0.0, "cpu", None, log=lambda _m: None,
               held=items[:2], n_speakers=2)
    saved = torch.load(tmp_path / d.OPT_FILE, weights_only=False)
    assert {g["initial_lr"] for g in saved["opt"]["param_groups"]} == {3e-4}


def test_a_widened_vocoder_makes_the_same_waveform_and_its_copies_part():
    """`widen_vocoder`: the student HiFiGAN made 2x and 4x wider computes the same waveform (float32 rounding), and
    the copied channels get different gradients from the first step (the split's noise), so training can part
    them; widths that are not a power-of-two multiple are refused."""
    from ttsserve.pipeline.hifigan import HiFiGAN

    d = load_recipe()
    torch.manual_seed(0)
    narrow = HiFiGAN(d.voc_config(16)).eval()
    mel = torch.randn(2, 80, 12)
    with torch.no_grad():
        ref = narrow(mel)
    for width in (32, 64):
        wide = HiFiGAN(d.voc_config(width))
        wide.load_state_dict(d.widen_vocoder(narrow.state_dict(), width))
        assert d.voc_channels({"model": wide.state_dict()}) == width
        with torch.no_grad():
            got = wide.eval()(mel)
        assert got.shape == ref.shape
        assert (got - ref).abs().max().item() < 1e-4 * max(ref.abs().max().item(), 1e-3)
    wide = HiFiGAN(d.voc_config(32))
    wide.load_state_dict(d.widen_vocoder(narrow.state_dict(), 32))
    wide(mel).square().mean().backward()
    grad = wide.conv_pre.conv1d.weight.grad  # (32, 80, k): channel j and its copy j + 16
    assert not torch.allclose(grad[:16], grad[16:])
    try:
        d.widen_vocoder(narrow.state_dict(), 48)
    except ValueError as e:
        assert "power-of-two multiple" in str(e)
    else:
        raise AssertionError("48 from 16 was accepted")


def test_mel_critic_judges_the_same_spans_and_joins_after_its_warm_up(monkeypatch):
    """DISTILL_AM_ADV (session 27): the critic takes the same span of the student's and the target's mel for each
    item, inside the item's frames; its generator term is zero for the first DISTILL_AM_ADV_FROM discriminator
    steps and then gives the acoustic model a gradient; each discriminator step moves the critic."""
    d = load_recipe()
    torch.manual_seed(0)
    critic = d.MelCritic(0.5, "cpu", segment=16, start_after=1)
    frames = torch.tensor([20, 30, 40])
    real = torch.randn(3, 40, 80)
    fake = (real * 0.5).requires_grad_()
    f, r = critic.segments(fake.detach(), real, frames)
    assert f.shape == r.shape == (3, 16, 80)
    for b in range(3):  # the span sits inside the item: find it in the target and check the student's matches
        start = next(s for s in range(int(frames[b]) - 15) if torch.equal(real[b, s : s + 16], r[b]))
        assert torch.equal(f[b], fake.detach()[b, start : start + 16])
    first = critic.generator_loss(fake, real, frames)
    assert first.item() == 0.0 and not first.requires_grad
    before = [p.detach().clone() for p in critic.convs.parameters()]
    critic.step()
    assert critic.steps == 1 and critic.pending is None
    assert any(not torch.equal(a, b) for a, b in zip(before, critic.convs.parameters()))
    joined = critic.generator_loss(fake, real, frames)
    assert joined.item() > 0
    joined.backward()
    assert fake.grad is not None and fake.grad.abs().sum() > 0


def test_a_wider_critic_has_more_channels_and_the_same_output_shape(monkeypatch):
    """DISTILL_AM_ADV_WIDTH (session 46): every hidden layer N times as wide, one score per (frame, band) cell as
    the default critic gives."""
    d = load_recipe()
    x = torch.randn(2, 16, 80)
    base = d.MelCritic(0.1, "cpu", segment=16)
    monkeypatch.setenv("DISTILL_AM_ADV_WIDTH", "2")
    wide = d.MelCritic(0.1, "cpu", segment=16)
    assert [c.out_channels for c in base.convs] == [16, 32, 64, 64]
    assert [c.out_channels for c in wide.convs] == [32, 64, 128, 128]
    assert wide.judge(x)[0].shape == base.judge(x)[0].shape


def test_the_acoustic_model_trains_with_the_critic(monkeypatch, tmp_path):
    """One short CPU run with DISTILL_AM_ADV set: the critic's losses are logged beside the model's."""
    d = load_recipe()
    items = _tiny_items()
    monkeypatch.setenv("DISTILL_AM_ADV", "0.1")
    monkeypatch.setenv("DISTILL_AM_ADV_FROM", "0")
    logs: list[str] = []
    d.train_am(d.bucketed_batches(items, target_frames=60), tmp_path, 0.0, "cpu", None, log=logs.append,
               n_speakers=2)
    assert "mel critic: weight 0.1, generator term after 0 steps" in logs
    assert "am done at step 1; critic steps 1, d " in logs[-1]
    assert (tmp_path / "am.pth").exists()


@pytest.mark.parametrize("layers,ffn", [(12, None), (9, 1024)])
def test_a_deepened_decoder_computes_the_same_mels(tmp_path, layers, ffn):
    """`deepen` (session 27): more decoder blocks (and a wider feed-forward) that start as the identity, so the
    deepened student decodes exactly what it did (free-running and teacher-fed); its checkpoint then builds a
    model of its own shape (am_config from the state), and a run resumed from it trains that shape."""
    from ttsserve.pipeline.sambert import Sambert

    d = load_recipe()
    torch.manual_seed(0)
    items = _tiny_items()[:2]
    model = Sambert(d.am_config(2)).eval()
    d.save_weights(model, tmp_path / "am.pth", 123)  # stored as float16, as every run's checkpoint
    small = d.load_am(tmp_path / "am.pth", "cpu")
    ling, emo, spk, lengths, dur, pitch, energy, mel, _ = d.am_batch(items, "cpu")

    def mels(m):
        with torch.no_grad():
            enc = m.encode(ling, emo, spk, lengths, durations=dur, pitch=pitch, energy=energy)
            free = m.postnet(m.decode(enc), enc.frames)
            fed = d.decode_teacher_forced(m, enc, mel[:, : enc.memory.shape[1] * 3])
        return free, fed

    before = mels(small)
    state = torch.load(tmp_path / "am.pth", weights_only=True)["model"]
    deep = d.deepen_decoder(state, layers, ffn)
    params = d.am_params(deep)
    assert params["decoder_num_layers"] == layers and params["decoder_ffn_inner_dim"] == (ffn or 512)
    ckpt = {"model": deep, "steps": 123}
    torch.save(ckpt, tmp_path / "am.pth")
    big = d.load_am(tmp_path / "am.pth", "cpu")
    assert len(big.mel_decoder.mel_dec.pnca) == layers
    after = mels(big)
    for a, b in zip(before, after):
        torch.testing.assert_close(b, a, atol=1e-5, rtol=1e-5)
    with pytest.raises(ValueError, match="does not remove"):
        d.deepen_decoder(deep, 6)


def test_the_deepen_command_rewrites_a_run_and_keeps_the_old_checkpoint(tmp_path, monkeypatch):
    from ttsserve.pipeline.sambert import Sambert

    d = load_recipe()
    d.save_weights(Sambert(d.am_config(2)), tmp_path / "am.pth", 7)
    (tmp_path / d.OPT_FILE).write_bytes(b"old moments")
    monkeypatch.setattr(sys, "argv", ["distill.py", "deepen", "--run", str(tmp_path), "--layers", "12",
                                      "--ffn", "1024"])
    d.main()
    assert (tmp_path / "am_6x512.pth").exists() and not (tmp_path / d.OPT_FILE).exists()
    ckpt = torch.load(tmp_path / "am.pth", weights_only=True)
    assert ckpt["steps"] == 7
    assert d.am_params(ckpt["model"])["decoder_num_layers"] == 12
    assert all(v.dtype == torch.float16 for v in ckpt["model"].values() if v.is_floating_point())
    logs: list[str] = []  # a run resumed from it trains the deepened shape
    (tmp_path / "next").mkdir()
    d.train_am(d.bucketed_batches(_tiny_items(), target_frames=60), tmp_path / "next", 0.0, "cpu", tmp_path,
               log=logs.append, n_speakers=2)
    assert "resumed am.pth at step 7" in logs
    assert d.am_params(d.am_state(tmp_path / "next/am.pth"))["decoder_num_layers"] == 12


def test_one_speakers_share_of_the_batches_is_raised_by_repeating_its_items():
    d = load_recipe()
    t = torch.zeros(3, 4, dtype=torch.long)
    items = [d.Item(t, torch.ones(3), torch.zeros(3), torch.zeros(3), torch.zeros(3, 80), torch.zeros(900),
                    torch.zeros(3, 80), speaker, 0, k) for k, speaker in enumerate([0, 1, 2, 0, 3])]
    assert d.weight_speaker(items, 0, 1) is items
    out = d.weight_speaker(items, 0, 3, log=lambda _: None)
    assert len(out) == 9 and out[:5] == items
    assert sorted(it.sentence for it in out if it.speaker == 0) == [0, 0, 0, 3, 3, 3]
    assert [it.sentence for it in out if it.speaker != 0] == [1, 2, 4]


def test_a_vocoder_step_moves_the_discriminators_only_once_adversarial(monkeypatch):
    """`voc_step` (what `train_voc` and `voc_speed_probe.py` run): the spectral-only step trains the generator alone,
    the adversarial one both; the discriminators' bfloat16 switch does nothing off a GPU; the window shape comes from
    DISTILL_VOC_SEG / DISTILL_VOC_CTX."""
    d = load_recipe()
    from ttsserve.pipeline.hifigan import HiFiGAN

    monkeypatch.setenv("DISTILL_VOC_SEG", "6")
    monkeypatch.setenv("DISTILL_VOC_CTX", "4")
    monkeypatch.setenv("DISTILL_MPD_BF16", "1")
    seg, ctx = d.voc_windows()
    assert (seg, ctx) == (6, 4)
    with d.mpd_autocast("cpu"):  # asked for, but off a GPU it stays float32
        assert not torch.is_autocast_enabled("cuda") and not torch.is_autocast_enabled("cpu")
    torch.manual_seed(0)
    gen = HiFiGAN(d.voc_config(32))
    mpd = torch.nn.ModuleList(d.PeriodDiscriminator(p) for p in (2, 3))
    opt_g, opt_d = torch.optim.AdamW(gen.parameters(), 1e-3), torch.optim.AdamW(mpd.parameters(), 1e-3)
    mel, target = torch.randn(2, 80, ctx + seg) - 4.0, 0.1 * torch.randn(2, seg * d.HOP)
    fb = d.mel_basis("cpu")

    def snapshot(m):
        return [p.detach().clone() for p in m.parameters()]

    g0, d0 = snapshot(gen), snapshot(mpd)
    y, loss = d.voc_step(gen, mpd, opt_g, opt_d, mel, target, fb, ctx, False, "cpu")
    assert y.shape == target.shape and not y.requires_grad and torch.isfinite(loss)
    assert any(not torch.equal(a, b) for a, b in zip(g0, gen.parameters()))
    assert all(torch.equal(a, b) for a, b in zip(d0, mpd.parameters()))
    d.voc_step(gen, mpd, opt_g, opt_d, mel, target, fb, ctx, True, "cpu")
    assert any(not torch.equal(a, b) for a, b in zip(d0, mpd.parameters()))


def test_snapshot_times_are_even_through_the_call_and_the_last_step_is_the_nth():
    d = load_recipe()
    assert d.snapshot_times(100.0, 400.0, 3) == [200.0, 300.0]
    assert d.snapshot_times(100.0, 400.0, 1) == [] == d.snapshot_times(100.0, 400.0, 0)


def test_a_call_asked_for_snapshots_writes_them_beside_am_last(tmp_path, monkeypatch):
    """`DISTILL_AM_SNAPSHOTS=N` writes am_sSTEP.pth (the model's weights at that step, as am.pth holds them) at
    N-1 even times through the call; a call of no time takes one step, past every time, so it writes the first."""
    d = load_recipe()
    monkeypatch.setenv("DISTILL_AM_SNAPSHOTS", "3")
    items = _tiny_items()
    logs = []
    d.train_am(d.bucketed_batches(items, target_frames=60), tmp_path, 0.0, "cpu", None, log=logs.append,
               held=items[:2], n_speakers=2)
    snaps = sorted(p.name for p in tmp_path.glob("am_s*.pth"))
    assert snaps == ["am_s000001.pth"], snaps
    assert "am step 1 snapshot am_s000001.pth" in logs
    snap = torch.load(tmp_path / snaps[0], weights_only=True)
    last = torch.load(tmp_path / "am_last.pth", weights_only=True)
    assert snap["steps"] == last["steps"] == 1 and snap["model"].keys() == last["model"].keys()
    assert all(torch.equal(snap["model"][k], last["model"][k]) for k in snap["model"])  # no step after it
