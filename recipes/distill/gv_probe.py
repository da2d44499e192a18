"""How flat is the student's mel? Per-band spread of the multi-speaker student's free-running mel against its
teacher's, per speaker (issue 19; a CPU probe).

Sessions 11-23 found the student's lost words in its decoder's spectra (copy synthesis 5-15%, the decoder fed the
teacher's frames and prosody 8-27%, the whole student 6-27%), while its whole-frame L1 is near the teacher's.
A decoder trained on L1 predicts something like the conditional median: formant peaks and the gaps between them
are flattened, which an L1 barely charges and a vocoder trained on sharp mels renders as mush. Statistical
parametric synthesis met the same and measured it as the "global variance" of each band over an utterance's
speech frames; the classic mend scales each band's deviation from its mean back to the natural spread.

This probe measures, on training sentences (never the held-out test texts), for each speaker: the mean and standard
deviation over speech frames, per mel band, of the teacher's mel (in the shared space of `melspace.py`) and of the
student's free-running mel for the same sentences; and the same spread of two kinds of detail, along frequency
(the mel minus its 5-band moving average: harmonics, formant peaks) and along time (minus a 5-frame moving
average). Their ratios teacher / student, clipped to [1, MAX_GAIN], are the gains of a post-filter that
`asr_eval.py synth --voices am-pf:<folder>:<speaker> --postfilter JSON` applies to the student's mel:
mel' = mel + (gain - 1) * detail(mel), frequency first (per frame: it would work on streamed chunks as they are),
then time. `--save` keeps the mel pairs for plots.

Session 25 (`docs/benchmarks.md`, "Where the student's words go, again"): the band spreads match within ~5%, the
detail does not (frequency 1.3x for baker, 2.0x for zm_yunyang), and the post-filter that restores it leaves the
recognizer where it was.

usage: PYTHONPATH=src python recipes/distill/gv_probe.py --weights DIR --folder zh-s23 \
    --speakers baker,zm_yunyang --sentences 40 --json OUT.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import distill  # noqa: E402  (puts ROOT/src on sys.path)

DETAIL_BANDS = 5  # the moving average along frequency whose residual is "detail"
DETAIL_FRAMES = 5  # and along time
MAX_GAIN = 3.0
SPEECH_DB = 30.0  # a frame is speech when its mean log10-mel power is within this many dB of the item's loudest


def speech_frames(mel: torch.Tensor, raw_mean: torch.Tensor, raw_std: torch.Tensor) -> torch.Tensor:
    """Boolean (frames,) of a normalized shared-space mel: frames whose mean log10 power (un-normalized) lies
    within SPEECH_DB of the item's loudest frame."""
    level = (mel * raw_std + raw_mean).mean(dim=1)  # log10 power, averaged over bands
    return level > level.max() - SPEECH_DB / 10.0


def freq_detail(mel: torch.Tensor) -> torch.Tensor:
    """(frames, bands) -> the mel minus its DETAIL_BANDS-band moving average along frequency: harmonics and formant
    peaks (edges replicated)."""
    import torch.nn.functional as F

    h = DETAIL_BANDS // 2
    x = F.pad(mel[None, None], (h, h, 0, 0), mode="replicate")
    return mel - F.avg_pool2d(x, (1, DETAIL_BANDS), 1)[0, 0]


def time_detail(mel: torch.Tensor) -> torch.Tensor:
    """(frames, bands) -> the mel minus its DETAIL_FRAMES-frame moving average along time (edges replicated)."""
    import torch.nn.functional as F

    h = DETAIL_FRAMES // 2
    x = F.pad(mel.T[None], (h, h), mode="replicate")
    return mel - F.avg_pool1d(x, DETAIL_FRAMES, 1)[0].T


def postfilter(mel: torch.Tensor, freq_gain: torch.Tensor | None = None,
               time_gain: torch.Tensor | None = None) -> torch.Tensor:
    """Scale the mel's detail along frequency (per band, `freq_gain`) and then along time (`time_gain`), keeping
    the smooth part: mel' = smooth + gain * detail."""
    if freq_gain is not None:
        mel = mel + (freq_gain - 1.0) * freq_detail(mel)
    if time_gain is not None:
        mel = mel + (time_gain - 1.0) * time_detail(mel)
    return mel


def band_stats(mels: list[torch.Tensor], masks: list[torch.Tensor]) -> tuple[list[float], list[float]]:
    frames = torch.cat([m[k] for m, k in zip(mels, masks)])
    return frames.mean(0).tolist(), frames.std(0).tolist()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", required=True)
    ap.add_argument("--folder", required=True, help="the student's voice folder in --weights")
    ap.add_argument("--speakers", required=True)
    ap.add_argument("--sentences", type=int, default=40, help="training sentences from the start of the corpus")
    ap.add_argument("--json", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--save", default=None, help="also save every (teacher, student) mel pair here (torch.save)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    from asr_eval import teacher_items  # the same teacher items the am*: modes decode against

    from ttsserve.pipeline import sambert
    from ttsserve.pipeline.base import StageSpec
    from ttsserve.voices import load_manifest

    weights = Path(args.weights)
    space = json.loads(Path(__file__).with_name("melspace.json").read_text())["slaney"]
    raw_mean, raw_std = torch.tensor(space["mean"]), torch.tensor(space["scale"])
    train, _, _ = distill.splits()
    texts = train[: args.sentences]
    per_text = [distill.sentences([t]) for t in texts]
    keep = [i for i, s in enumerate(per_text) if len(s) == 1]  # one frontend sentence per text, as asr_eval
    texts, per_text = [texts[i] for i in keep], [per_text[i] for i in keep]
    m = load_manifest(weights / args.folder)
    am = sambert.load(StageSpec(type=m.acoustic.type, voice_dir=m.dir, options=m.acoustic.options()), device="cpu")
    by_key = None
    out = dict(what="per-band mean/std over speech frames: teacher mel vs the student's free-running mel, "
                    "shared mel space (normalized)", folder=args.folder, texts=texts, speech_db=SPEECH_DB,
               command=" ".join([sys.executable, *sys.argv]), speakers={})
    t0 = time.perf_counter()
    saved = {}
    for speaker in args.speakers.split(","):
        if speaker == "baker" and by_key is None:
            items = distill.make_data([s[0] for s in per_text], "cpu")
            by_key = {(it.speaker, it.emotion, it.sentence): it for it in items}
        items = teacher_items(weights, speaker, "neutral", distill, per_text, by_key)
        sid = m.speakers[speaker]
        teacher, student, tmask, smask = [], [], [], []
        for it in items:
            tok = it.tokens[None]
            n = tok.shape[1]
            full = lambda v: torch.full((1, n), v)  # noqa: E731
            with torch.inference_mode():
                enc = am.module.encode(tok, full(distill.EMOTION_IDS["neutral"]), full(sid), torch.tensor([n]))
                mel = am.module.postnet(am.module.decode(enc), enc.frames)[0, : int(enc.frames[0])].float()
            t = it.mel.float()
            teacher.append(t)
            student.append(mel)
            tmask.append(speech_frames(t, raw_mean, raw_std))
            smask.append(speech_frames(mel, raw_mean, raw_std))
        saved[speaker] = list(zip(teacher, student))
        tm, ts = band_stats(teacher, tmask)
        sm, ss = band_stats(student, smask)
        out["speakers"][speaker] = dict(teacher_mean=tm, teacher_std=ts, student_mean=sm, student_std=ss,
                                        items=len(items), teacher_speech_frames=int(sum(k.sum() for k in tmask)),
                                        student_speech_frames=int(sum(k.sum() for k in smask)))
        gains = {}
        for name, fn in (("freq_gain", freq_detail), ("time_gain", time_detail)):
            t_std = torch.cat([fn(t)[k] for t, k in zip(teacher, tmask)]).std(0)
            s_std = torch.cat([fn(s_)[k] for s_, k in zip(student, smask)]).std(0)
            gains[name] = (t_std / s_std).clamp(1.0, MAX_GAIN).tolist()
        out["speakers"][speaker].update(gains)
        print(f"{speaker}: detail gains, frequency median {torch.tensor(gains['freq_gain']).median():.2f}, time "
              f"{torch.tensor(gains['time_gain']).median():.2f}")
        ratio = torch.tensor(ts) / torch.tensor(ss)
        print(f"{speaker}: {len(items)} items, std ratio teacher/student by band: median {ratio.median():.3f}, "
              f"bands 0-19 {ratio[:20].mean():.3f}, 20-39 {ratio[20:40].mean():.3f}, 40-59 {ratio[40:60].mean():.3f},"
              f" 60-79 {ratio[60:].mean():.3f} ({time.perf_counter() - t0:.0f} s)", flush=True)
    Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False))
    if args.save:
        torch.save(saved, args.save)


if __name__ == "__main__":
    main()
