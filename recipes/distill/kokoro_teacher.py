"""Kokoro-82M's Mandarin speakers as teachers for the multi-speaker distilled Sambert (issue 19, part 2).

`distill.py` labels training sentences with the default voice (FastSpeech2: durations per Baker symbol, its mel,
MB-MelGAN's waveform). This module does the same with a Kokoro voice folder (`ttsserve convert kokoro`): for one
sentence of our frontend and one of the 8 speakers, what the student Sambert trains on:

- `tokens`: the sentence's KAN-TTS tokens (`KanttsSymbols`, what the student is served with);
- `durations`: frames per token in the student's frames (hop 300 at 24 kHz; Kokoro's frames are 600 samples, so
  each Kokoro frame is 2 of ours), from Kokoro's own predicted duration per phoneme, summed per syllable
  (`KokoroSymbols.symbol_syllables`) and split at the syllable's initial: Kokoro spells a syllable as its
  initial's IPA then its final's (`zhong1` -> `ꭧ` + `ʊ→ŋ`), so the initial token gets its initial's phonemes'
  frames and the final token the rest. A syllable without initial (a, yi, wu, er...: KAN-TTS still gives it an
  initial token) gives a quarter of its frames, at least one, to that token. Spaces and punctuation between
  syllables go to the KAN-TTS boundary (#1 / #3) there, or to the previous final where there is none; those
  after the last syllable (and the closing pad) to #4; those before the first are the lead-in, cut from the
  target as `distill.py` cuts the teacher's leading silence;
- `pitch` / `energy` per token: Kokoro's predicted F0 (Hz) and N curves, two values per Kokoro frame, i.e. one
  per student frame: mean log F0 over the token's voiced frames (0 when none), mean N. They are in Kokoro's
  units, per speaker; the trainer normalizes them per speaker (mean / std over its data);
- `wav`: the waveform Kokoro speaks (24 kHz), from which the student's mel targets are made.

`to_items` turns labels into `distill.Item`s (the mel from the waveform in the shared space of `melspace.py`,
pitch and energy as per-speaker z-scores) that `distill.train_am` trains on. The training runs of the
multi-speaker student (and its vocoder) on the GPU are the next step (recipes/distill/README.md, "Multi-speaker").

usage (a smoke run on a CPU): PYTHONPATH=src python recipes/distill/kokoro_teacher.py --voice weights/kokoro
    --speaker zm_yunjian --text "我们明天去公园散步。"
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # distill.py, melspace.py

FRAMES_PER_KOKORO_FRAME = 2  # Kokoro: 600 samples per frame; the student: 300
ZERO_INITIAL_SHARE = 0.25  # of a syllable's frames, for the initial token of a syllable without initial
VOICED_HZ = 10.0  # Kokoro's own voicing threshold (its harmonic source is silent below it)


def initial_ipa_chars(pinyin: str) -> int:
    """How many characters of the syllable's Kokoro spelling (`frontend.kokoro.pinyin_ipa`) are its initial:
    0 for a syllable without initial (y- and w- are glides of the final)."""
    from pypinyin.style._utils import get_initials

    from ttsserve.frontend.kokoro import pinyin_phones

    bare = re.sub(r"\d", "", pinyin)
    if not get_initials(bare, strict=True):
        return 0
    return len(pinyin_phones(pinyin)[0])


def kokoro_to_kantts(kokoro_syllables: list[int], durations: list[int], initial_chars: list[int],
                     kantts_syllables: list[int]) -> tuple[int, list[int]]:
    """Kokoro durations per symbol (its frames; `kokoro_syllables[i]`: symbol i's syllable index or -1) ->
    (lead-in frames, frames per KAN-TTS token) in the student's frames. `initial_chars[k]`: Kokoro symbols of
    syllable k's initial; `kantts_syllables`: per token, its syllable or -1 (a boundary, the closing #4).
    Every frame lands in exactly one place: lead + sum(tokens) == 2 * sum(durations)."""
    if len(kokoro_syllables) != len(durations):
        raise ValueError("one duration per Kokoro symbol")
    n = len(initial_chars)
    initial, final, gap = [0] * n, [0] * n, [0] * n
    seen = [0] * n  # symbols of syllable k so far
    lead, last = 0, -1
    for k, d in zip(kokoro_syllables, durations):
        d *= FRAMES_PER_KOKORO_FRAME
        if k < 0:
            if last < 0:
                lead += d
            else:
                gap[last] += d
            continue
        if k < last or k >= n:
            raise ValueError(f"Kokoro symbols out of syllable order ({k} after {last}, {n} syllables)")
        if seen[k] < initial_chars[k]:
            initial[k] += d
        else:
            final[k] += d
        seen[k] += 1
        last = k
    for k in range(n):
        if initial_chars[k] == 0:  # KAN-TTS's initial token of a syllable without initial
            total = final[k]
            share = min(total - 1, max(1, round(ZERO_INITIAL_SHARE * total))) if total >= 2 else 0
            initial[k], final[k] = share, total - share
    out: list[int] = []
    k_prev = -1
    used = [False] * n
    for pos, k in enumerate(kantts_syllables):
        if k >= 0:
            if k_prev == k:  # the syllable's second token: its final
                out.append(final[k])
            else:
                if k_prev >= 0 and not used[k_prev]:  # no boundary token before this syllable: fold the gap
                    out[-1] += gap[k_prev]
                    used[k_prev] = True
                out.append(initial[k])
            k_prev = k
        else:
            last_token = pos == len(kantts_syllables) - 1
            if last_token:  # #4: whatever follows the last syllable, and any gap not placed yet
                out.append(sum(g for i, g in enumerate(gap) if not used[i]))
                used = [True] * n
            else:  # a boundary #1 / #3 after syllable k_prev
                out.append(gap[k_prev] if k_prev >= 0 and not used[k_prev] else 0)
                if k_prev >= 0:
                    used[k_prev] = True
    if sorted(set(k for k in kantts_syllables if k >= 0)) != list(range(n)):
        raise ValueError("the KAN-TTS tokens do not hold the same syllables")
    assert lead + sum(out) == FRAMES_PER_KOKORO_FRAME * sum(durations)
    return lead, out


def per_token(values: torch.Tensor, lead: int, durations: list[int], *, log_voiced: bool) -> list[float]:
    """Mean of a per-student-frame curve over each token's frames (after the lead-in); `log_voiced`: mean log
    over the frames above VOICED_HZ (0.0 when a token has none)."""
    out, start = [], lead
    for d in durations:
        seg = values[start : start + d]
        start += d
        if log_voiced:
            seg = seg[seg > VOICED_HZ]
            out.append(float(torch.log(seg).mean()) if seg.numel() else 0.0)
        else:
            out.append(float(seg.mean()) if seg.numel() else 0.0)
    return out


TEMPLATE_POINTS = 10  # a tone's contour template: semitones about the token's mean at this many positions
TEMPLATE_MIN_FRAMES = 4  # voiced frames a token needs to add its contour to a template
TEMPLATE_SENTENCES = 60  # training sentences a speaker's templates are fitted on (the same every time)


def _positions(n: int) -> torch.Tensor:
    return (torch.arange(n, dtype=torch.float32) + 0.5) / n  # relative position of each frame in its token


def _template_at(template: torch.Tensor, where: torch.Tensor) -> torch.Tensor:
    """Linear interpolation of a (TEMPLATE_POINTS,) template at relative positions in (0, 1)."""
    x = (where * TEMPLATE_POINTS - 0.5).clamp(0, TEMPLATE_POINTS - 1)
    lo = x.floor().long().clamp(max=TEMPLATE_POINTS - 2)
    w = x - lo
    return template[lo] * (1 - w) + template[lo + 1] * w


def token_contours(f0: torch.Tensor, lead: int, durations: list[int], tones: list[str]) -> dict[str, list]:
    """Tone -> the contours of the tokens with that tone: log f0 in semitones about the token's mean, resampled to
    TEMPLATE_POINTS positions (tokens with at least TEMPLATE_MIN_FRAMES voiced frames)."""
    out: dict[str, list] = {}
    start = lead
    for d, tone in zip(durations, tones):
        seg = f0[start : start + d]
        pos = _positions(d)
        start += d
        v = seg > VOICED_HZ
        if int(v.sum()) < TEMPLATE_MIN_FRAMES:
            continue
        st = 12 * torch.log2(seg[v])
        st = st - st.mean()
        grid = _positions(TEMPLATE_POINTS)
        out.setdefault(tone, []).append(torch.stack([st[(pos[v] - g).abs().argmin()] for g in grid]))
    return out


def fit_templates(contours: dict[str, list]) -> dict[str, torch.Tensor]:
    """Tone -> its mean contour (the mean over positions removed, so a token keeps its level). Fitted on the
    neutral style: a style that widens the f0 range (the voice's presets) keeps the neutral shape."""
    out = {}
    for tone, cs in contours.items():
        t = torch.stack(cs).mean(dim=0)
        out[tone] = t - t.mean()
    return out


def token_curve(f0: torch.Tensor, lead: int, durations: list[int], smooth: int = 5, tones: list[str] | None = None,
                templates: dict[str, torch.Tensor] | None = None) -> torch.Tensor:
    """(frames,) f0 in Hz, one per student frame -> the same voicing, each token's voiced frames at the token's
    mean log f0 (what the student is given of it), then a `smooth`-frame moving average of log f0 within each
    voiced run (1: none). Session 25: the teacher re-vocoded from this curve reads as well as from its own
    (`f0_probe.py`), and its harmonics are then a function of what the student sees. With `tones` (per token)
    and `templates` (`fit_templates`), each token follows its tone's template about its mean instead of staying
    level: the tone's typical movement, a function of what the student sees too."""
    voiced = f0 > VOICED_HZ
    logf = torch.zeros_like(f0)
    start = lead
    for i, d in enumerate(durations):
        seg = slice(start, start + d)
        v = voiced[seg]
        if v.any():
            level = torch.log(f0[seg][v]).mean()
            shape = templates.get(tones[i]) if templates is not None and tones is not None else None
            if shape is not None:
                level = level + _template_at(shape, _positions(d)[v]) * (math.log(2) / 12)
            logf[seg][v] = level
        start += d
    if smooth > 1:
        h = smooth // 2
        edges = torch.diff(voiced.to(torch.int8), prepend=torch.zeros(1, dtype=torch.int8),
                           append=torch.zeros(1, dtype=torch.int8))
        for i, j in zip((edges == 1).nonzero().flatten().tolist(), (edges == -1).nonzero().flatten().tolist()):
            x = logf[i:j]  # one voiced run, edges replicated
            logf[i:j] = torch.cat([x[:1].expand(h), x, x[-1:].expand(h)]).unfold(0, smooth, 1).mean(-1)
    out = f0.clone()
    out[voiced] = torch.exp(logf[voiced])
    return out


def f0_curve_from_env() -> str:
    """The labeller's f0 curve named by DISTILL_TOKEN_F0: 1 or token -> "token", tone -> "tone", else "served"."""
    import os

    return {"1": "token", "token": "token", "tone": "tone"}.get(os.environ.get("DISTILL_TOKEN_F0", ""), "served")


@dataclass
class Label:
    tokens: list[tuple[int, int, int, int]]  # KAN-TTS ids per token
    durations: list[int]  # student frames per token
    lead: int  # student frames before the first syllable (cut from the target)
    pitch: list[float]  # mean log F0 (Hz) over each token's voiced frames, 0 when none
    energy: list[float]  # mean N
    wav: torch.Tensor  # (samples,) float32, 24 kHz
    speaker: int


class KokoroTeacher:
    """A Kokoro voice folder as a labeller (CPU or GPU): `label(sentence, speaker)`."""

    def __init__(self, voice_dir: Path, device: str = "cpu", f0_curve: str | None = None) -> None:
        """`f0_curve`: "served" (Kokoro's own f0 curve), "token" (`token_curve`: the waveform re-made from each
        token's mean f0, smoothed) or "tone" (the same, each token following its tone's template, fitted per
        speaker on TEMPLATE_SENTENCES training sentences at first use); None: DISTILL_TOKEN_F0 in the environment
        (`f0_curve_from_env`)."""
        from ttsserve.frontend.kantts import KanttsSymbols
        from ttsserve.pipeline import kokoro
        from ttsserve.pipeline.base import StageSpec
        from ttsserve.voices import load_manifest, load_symbols

        m = load_manifest(Path(voice_dir))
        self.manifest = m
        self.symbols = load_symbols(m)
        self.kantts = KanttsSymbols()
        self.acoustic = kokoro.load_acoustic(StageSpec("kokoro", m.dir, m.acoustic.options()), device=device)
        self.vocoder = kokoro.load_vocoder(StageSpec("kokoro", m.dir, m.vocoder.options()), device=device)
        self.speakers = dict(m.speakers)
        if f0_curve is None:
            f0_curve = f0_curve_from_env()
        if f0_curve not in ("served", "token", "tone"):
            raise ValueError(f"f0_curve {f0_curve!r}: served, token or tone")
        self.f0_curve = f0_curve
        self.templates: dict[int, dict[str, torch.Tensor]] = {}  # speaker id -> tone -> template

    def tone_templates(self, speaker_id: int) -> dict[str, torch.Tensor]:
        """The speaker's tone templates (neutral style), fitted once on the first TEMPLATE_SENTENCES sentences of
        the recipe's training split."""
        if speaker_id not in self.templates:
            import distill
            from ttsserve.pipeline.base import AcousticInput, Prosody

            sents = distill.sentences(distill.splits()[0][:TEMPLATE_SENTENCES])
            contours: dict[str, list] = {}
            c = self.acoustic.cfg.hidden_dim
            for k in range(0, len(sents), 16):
                part = sents[k : k + 16]
                outs = self.acoustic.infer([AcousticInput(symbol_ids=tuple(self.symbols.encode(s)),
                                                          speaker_id=speaker_id, prosody=Prosody()) for s in part])
                for s, out in zip(part, outs):
                    a, b = out.edges
                    lead, durs = self.aligned(s, out)
                    f0 = out.mel[a : out.mel.shape[0] - b, c : c + 2].reshape(-1).float().cpu()
                    for tone, cs in token_contours(f0, lead, durs, [t[1] for t in self.kantts.tokens(s)]).items():
                        contours.setdefault(tone, []).extend(cs)
            self.templates[speaker_id] = fit_templates(contours)
        return self.templates[speaker_id]

    def aligned(self, sentence, out) -> tuple[int, list[int]]:
        """(lead-in frames, student frames per KAN-TTS token) of an acoustic output for `sentence`."""
        inits = [initial_ipa_chars(s.pinyin) for s in sentence.syllables]
        return kokoro_to_kantts(self.symbols.symbol_syllables(sentence), out.durations.tolist(), inits,
                                self.kantts.symbol_syllables(sentence))

    def label(self, sentence, speaker: str | int, emotion: str | None = None) -> Label:
        """`emotion`: one of the Kokoro voice's styles (its voice.yaml presets: tempo, register, f0 range and
        vocal effort, as the voice serves them); None: neutral."""
        return self.label_many([(sentence, speaker, emotion)])[0]

    @torch.inference_mode()
    def label_many(self, requests: list[tuple]) -> list[Label]:
        """`label` for several (sentence, speaker, emotion) at once: one batched acoustic call (the voice's padded
        path: each call's durations as alone, features within float rounding), then the waveforms in padded
        vocoder passes (as alone up to float rounding)."""
        from ttsserve.pipeline.base import AcousticInput, Prosody

        inputs = []
        for sentence, speaker, emotion in requests:
            spk = self.speakers[speaker] if isinstance(speaker, str) else int(speaker)
            _, e = self.manifest.emotion(emotion)
            prosody = Prosody(speed=e.speed, pitch=e.pitch, energy=e.energy, pitch_range=e.pitch_range)
            inputs.append(AcousticInput(symbol_ids=tuple(self.symbols.encode(sentence)), speaker_id=spk,
                                        prosody=prosody))
        labels = []
        outs = self.acoustic.infer(inputs)
        c = self.acoustic.cfg.hidden_dim
        aligned, mels = [], []
        for (sentence, _, _), inp, out in zip(requests, inputs, outs):
            # the call as the voice serves it: its silent edges left out (pipeline/kokoro.py; from session 21 on,
            # the closing #4 holds ~0.15 s of silence where it held ~0.9 s), the durations already without them
            a, b = out.edges
            end = out.mel.shape[0] - b
            lead, durs = self.aligned(sentence, out)
            mel = out.mel
            if self.f0_curve != "served":  # the decoder draws its harmonics from the token curve instead
                f0 = mel[a:end, c : c + 2].reshape(-1).float().cpu()
                tones = templates = None
                if self.f0_curve == "tone":
                    tones = [t[1] for t in self.kantts.tokens(sentence)]
                    templates = self.tone_templates(inp.speaker_id)
                curve = token_curve(f0, lead, durs, tones=tones, templates=templates)
                mel = mel.clone()
                mel[a:end, c : c + 2] = curve.view(-1, 2).to(mel.device, mel.dtype)
            aligned.append((a, end, lead, durs))
            mels.append(mel.to(self.acoustic.device))
        # the waveforms in padded passes too (the serving path, `infer_batch`; each as alone up to float rounding):
        # one vocoder call per item left a GPU mostly idle while the labeller fed the trainers (session 17:
        # ~18 items a second beside them)
        wavs = self.vocoder.infer_batch(mels)
        hop = self.vocoder.hop_length
        for (sentence, _, _), inp, mel, wav, (a, end, lead, durs) in zip(requests, inputs, mels, wavs, aligned):
            feats = mel[a:end]
            wav = wav.float().flatten().cpu()[a * hop : end * hop]
            f0 = feats[:, c : c + 2].reshape(-1).cpu()  # one value per student frame
            n = feats[:, c + 2 : c + 4].reshape(-1).cpu()
            labels.append(Label(tokens=self.kantts.encode(sentence), durations=durs, lead=lead,
                                pitch=per_token(f0, lead, durs, log_voiced=True),
                                energy=per_token(n, lead, durs, log_voiced=False), wav=wav, speaker=inp.speaker_id))
        return labels


def to_items(teacher: KokoroTeacher, sentences: list, speakers: list[str], space: dict, *, speaker_base: int,
             emotion: int = 1, device: str = "cpu", assign: dict[int, list[int]] | None = None,
             styles: dict[int, str] | None = None, batch: int = 16,
             stats: dict[str, list[float]] | None = None) -> list:
    """Labels as `distill.Item`s for the student's trainer: the mel from the waveform in the shared space
    (`melspace.normalize(log_mel(wav))`, lead-in cut), pitch as z-scores of log F0 per speaker over these items'
    voiced tokens (0 where unvoiced), energy as z-scores of N per speaker. Student speaker id = speaker_base +
    the speaker's position in `speakers`. `assign`: sentence index -> the speaker positions that speak it
    (default: all); `styles`: sentence index -> the Kokoro style it is said in, the item's emotion id that
    style's in `distill.EMOTION_IDS` (default: neutral, `emotion`). Sentences a symbol set cannot take are
    skipped. `stats`: speaker name -> [pitch mean, pitch std, energy mean, energy std] to normalize with; a
    speaker it lacks gets these items' own, written into it (data labelled in parts keeps one scale per speaker
    when every part is given the same dict)."""
    import distill
    import melspace

    fb = melspace.mel_filters()
    items, raw, todo = [], [], []
    for si, sentence in enumerate(sentences):
        for sk, name in enumerate(speakers):
            if assign is not None and sk not in assign.get(si, ()):
                continue
            style_name = styles.get(si) if styles else None
            try:  # both symbol sets must spell the sentence
                teacher.symbols.encode(sentence), teacher.kantts.encode(sentence)
            except Exception:  # noqa: BLE001 - a syllable one of the symbol sets cannot spell
                continue
            todo.append((si, sk, name, style_name))
    todo.sort(key=lambda t: len(sentences[t[0]].syllables))  # batches of similar lengths pad little
    for start in range(0, len(todo), batch):  # batched acoustic calls (the labeller's time on a GPU)
        part = todo[start : start + batch]
        try:
            labels = teacher.label_many([(sentences[si], name, style) for si, _, name, style in part])
        except Exception:  # noqa: BLE001 - a sentence whose labels do not line up: label one by one, skip it
            labels = []
            for si, _, name, style in part:
                try:
                    labels.append(teacher.label(sentences[si], name, style))
                except Exception:  # noqa: BLE001
                    labels.append(None)
        for (si, sk, _, style_name), lab in zip(part, labels):
            if lab is not None:
                raw.append((si, sk, lab, distill.EMOTION_IDS[style_name] if style_name else emotion))
    for sk in range(len(speakers)):
        labs = [lab for _, k, lab, _ in raw if k == sk]
        if stats is not None and speakers[sk] in stats:
            pm, ps, em, es = stats[speakers[sk]]
        else:
            voiced = torch.tensor([p for lab in labs for p in lab.pitch if p != 0.0] or [0.0])
            energy = torch.tensor([e for lab in labs for e in lab.energy] or [0.0])
            pm, ps = float(voiced.mean()), float(voiced.std().clamp_min(1e-3)) if voiced.numel() > 1 else 1.0
            em, es = float(energy.mean()), float(energy.std().clamp_min(1e-3)) if energy.numel() > 1 else 1.0
            if stats is not None and labs:
                stats[speakers[sk]] = [pm, ps, em, es]
        for si, k, lab, emo in raw:
            if k != sk:
                continue
            mel = melspace.normalize(melspace.log_mel(lab.wav.to(device), fb), space)  # on the GPU when training
            items.append(distill.Item(
                tokens=torch.tensor(lab.tokens), durations=torch.tensor(lab.durations),
                pitch=torch.tensor([(p - pm) / ps if p != 0.0 else 0.0 for p in lab.pitch]),
                energy=torch.tensor([(e - em) / es for e in lab.energy]),
                mel=mel[lab.lead :].half().to(device), wav=lab.wav.half().to(device), mel_full=mel.half().to(device),
                speaker=speaker_base + sk, emotion=emo, sentence=si))
    return items


def main() -> None:
    from ttsserve.frontend import MandarinFrontend

    ap = argparse.ArgumentParser()
    ap.add_argument("--voice", default=str(ROOT / "weights" / "kokoro"))
    ap.add_argument("--speaker", default="zm_yunjian")
    ap.add_argument("--text", default="我们明天去公园散步。")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--wav", default=None, help="write the teacher's waveform here")
    args = ap.parse_args()
    teacher = KokoroTeacher(Path(args.voice), args.device)
    for sentence in MandarinFrontend().process(args.text).sentences:
        lab = teacher.label(sentence, args.speaker)
        kan = teacher.kantts.to_phones(sentence)
        print(f"{sentence.text}: {len(lab.tokens)} tokens, lead-in {lab.lead} frames, "
              f"{sum(lab.durations)} frames, {lab.wav.numel() / 24000:.2f} s of audio")
        for tok, d, p, e in zip(kan, lab.durations, lab.pitch, lab.energy):
            hz = f"{math.exp(p):6.1f} Hz" if p else "     - "
            print(f"  {tok:48s} {d:4d} frames  f0 {hz}  N {e:6.2f}")
        if args.wav:
            import soundfile as sf

            sf.write(args.wav, lab.wav.numpy(), 24000)


if __name__ == "__main__":
    main()
