"""Intelligibility by sentence length: does a voice stay intelligible on long sentences and paragraphs?

    .venv/bin/python bench/intelligibility.py all --out /tmp/intel --voices baker --json out.json   # both steps
    .venv/bin/python bench/intelligibility.py synth --out /tmp/intel --voices baker,distill-baker
    asr-venv/bin/python bench/intelligibility.py transcribe --dir /tmp/intel --json bench/results/intelligibility_cpu.json

The set (bench/data/intelligibility_zh.txt, written for this benchmark) has 20 short sentences (8-11 characters),
20 of 33-40, 20 of 50-58 and one paragraph of 496 characters sent as a single request. `synth` runs the voices
through the project's engine in-process on CPU (frontend -> model calls -> scheduler), once per segmentation
setting: `--max-syllables voice` (what the voice's voice.yaml declares), `none` (each
frontend sentence is one model call, as before segmentation existed) or a number (override). It also measures
the pauses inside each clip (silent runs of 80 ms or more between speech, from the audio itself), so that a
segmented voice's phrase pauses can be compared with the pauses the model makes at commas on its own.

`transcribe` runs in the recognizer's venv and imports nothing from the project: offline Whisper base (int8,
faster-whisper), set up as recipes/distill/asr_eval.py describes (its `model_dir` and `edit_distance` are used).
Scores: syllable error rate (edits over toneless pinyin syllables, so homophones do not count) and CER, per
voice, setting and group, as corpus rates (total edits / total reference length). Whisper base misreads even
perfect speech a little: compare the long groups with the short group of the same voice.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data" / "intelligibility_zh.txt"
GROUPS = ["short", "mid", "long", "paragraph"]


def read_set(path: Path = DATA) -> list[tuple[str, str]]:
    """[(group, text)] in file order."""
    items, group = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"\[(\w+)\]", line)
        if m:
            group = m.group(1)
            continue
        items.append((group, line))
    return items


def pause_runs(audio, rate: int, *, frame_s: float = 0.01, floor_db: float = -45.0,
               min_s: float = 0.08) -> list[tuple[float, float]]:
    """(start_s, length_s) of the silent runs (frame RMS below `floor_db` relative to the clip's loudest frame) of
    at least `min_s` between speech: leading and trailing silence excluded."""
    import numpy as np

    hop = int(rate * frame_s)
    n = len(audio) // hop
    if n == 0:
        return []
    frames = np.asarray(audio[: n * hop], dtype=np.float64).reshape(n, hop)
    db = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    silent = db < db.max() + floor_db
    speech = np.flatnonzero(~silent)
    if len(speech) == 0:
        return []
    runs, run = [], 0
    for i in range(speech[0], speech[-1] + 1):
        if silent[i]:
            run += 1
        else:
            if run * frame_s >= min_s:
                runs.append((round((i - run) * frame_s, 3), round(run * frame_s, 3)))
            run = 0
    return runs


def pauses_s(audio, rate: int, *, frame_s: float = 0.01, floor_db: float = -45.0, min_s: float = 0.08) -> list[float]:
    """The lengths of `pause_runs`."""
    return [length for _, length in pause_runs(audio, rate, frame_s=frame_s, floor_db=floor_db, min_s=min_s)]


def tail_db(audio, rate: int, *, frame_s: float = 0.01) -> float:
    """Level of the clip's last 10 ms relative to its loudest 10 ms frame, in dB: a clip whose last syllable
    was chopped ends loud (above about -30 dB); a clean end has the model's trailing silence (below -40 dB)."""
    import numpy as np

    hop = int(rate * frame_s)
    n = len(audio) // hop
    frames = np.asarray(audio[: n * hop], dtype=np.float64).reshape(n, hop)
    rms = np.sqrt(np.mean(frames**2, axis=1)) + 1e-9
    return round(float(20 * np.log10(rms[-1] / rms.max())), 1)


def read_wav(path: Path):
    """16-bit mono WAV -> (float array, rate) with the standard library (the recognizer's venv has no soundfile)."""
    import wave

    import numpy as np

    with wave.open(str(path), "rb") as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768
        return data, w.getframerate()


def pieces_for_asr(path: Path, *, max_s: float = 25.0) -> list[Path]:
    """A clip longer than Whisper's 30 s window is cut at its longest pauses into pieces of at most `max_s`
    (written beside it as .partN.wav): Whisper's own long-form decoding drops or repeats words at its window
    edges, which would count against the voice. Shorter clips are returned as they are."""
    import wave

    import numpy as np

    audio, rate = read_wav(path)
    if len(audio) <= max_s * rate:
        return [path]
    hop = rate // 100
    n = len(audio) // hop
    db = 10 * np.log10(np.mean(audio[: n * hop].astype(np.float64).reshape(n, hop) ** 2, axis=1) + 1e-12)
    silent = db < db.max() - 45
    cuts, start = [], 0
    while (n - start) * hop > max_s * rate:
        window = silent[start : start + int(max_s * 100)]
        # the middle of the last silent run of at least 0.2 s inside the window
        runs, run = [], 0
        for i, sil in enumerate(window):
            run = run + 1 if sil else 0
            if run >= 20 and (i + 1 == len(window) or not window[i + 1]):
                runs.append(start + i - run // 2)
        cut = runs[-1] if runs else start + int(max_s * 100)
        cuts.append(cut)
        start = cut
    out = []
    for k, (a, b) in enumerate(zip([0, *cuts], [*cuts, n + 1])):
        piece = path.with_suffix(f".part{k}.wav")
        with wave.open(str(piece), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes((np.clip(audio[a * hop : b * hop], -1, 1) * 32767).astype("<i2").tobytes())
        out.append(piece)
    return out


# ------------------------------------------------------------------------------------------ synth (project venv)
def cmd_synth(args) -> None:
    import asyncio

    import soundfile as sf
    import torch

    sys.path.insert(0, str(ROOT / "src"))
    from ttsserve.engine.engine import Engine, SynthesisRequest
    from ttsserve.settings import load_settings
    from ttsserve.telemetry import Telemetry
    from ttsserve.voices import Segmentation

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    items = [(g, t) for g, t in read_set() if g in args.groups.split(",")]
    voices = args.voices.split(",")
    settings = load_settings(weights_dir=args.weights, voices=voices, default_voice=voices[0], device="cpu",
                             torch_threads=args.threads, warmup=False, frontend_processes=0, request_timeout_s=3600,
                             cpu_vocoder_dtype=args.cpu_vocoder_dtype)
    engine = Engine(settings, Telemetry())
    engine.start()
    manifest_path = out / "manifest.json"
    clips = json.loads(manifest_path.read_text())["clips"] if manifest_path.exists() else []
    done = {c["file"] for c in clips}
    try:
        for voice_name in voices:
            manifest = engine.voices[voice_name]  # the worker reads the same object: overrides apply at once
            declared = manifest.segmentation
            for setting in args.max_syllables.split(","):
                seg = declared.model_copy(update={} if setting == "voice" else
                                          {"max_syllables": None if setting == "none" else int(setting)})
                if args.phrase_pause_s is not None:
                    seg = seg.model_copy(update={"phrase_pause_s": args.phrase_pause_s})
                manifest.segmentation = Segmentation(**seg.model_dump())
                tag = setting if setting != "voice" else f"voice{seg.max_syllables}"
                t0 = time.perf_counter()
                for i, (group, text) in enumerate(items):
                    name = f"{voice_name}_{tag}_{group}_{i:03d}.wav"
                    if name in done:
                        continue
                    t1 = time.perf_counter()
                    result = asyncio.run(engine.synthesize(SynthesisRequest(text=text, voice=voice_name)))
                    sf.write(out / name, result.audio, result.sample_rate_hz, subtype="PCM_16")
                    clips.append(dict(file=name, voice=voice_name, setting=tag, max_syllables=seg.max_syllables,
                                      phrase_pause_s=seg.phrase_pause_s, group=group, index=i, text=text,
                                      seconds=round(result.audio_seconds, 3), synth_s=round(time.perf_counter() - t1, 3),
                                      pauses_s=pauses_s(result.audio, result.sample_rate_hz)))
                print(f"{voice_name} {tag}: {len(items)} items in {time.perf_counter() - t0:.0f} s", flush=True)
                manifest_path.write_text(json.dumps(dict(
                    synth=dict(command=" ".join([sys.executable, *sys.argv]), device=f"cpu ({args.threads} threads, "
                               f"vocoder {engine.memory()['placement']['cpu_vocoder_dtype']})",
                               torch=torch.__version__), clips=clips), ensure_ascii=False, indent=1))
            manifest.segmentation = declared
    finally:
        engine.stop(grace_s=1)


# ------------------------------------------------------------------------------------------ transcribe (ASR venv)
def cmd_transcribe(args) -> None:
    import os
    import statistics

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT / "recipes" / "distill"))
    from asr_eval import edit_distance, model_dir  # the recognizer set-up shared with the distill recipe
    from faster_whisper import WhisperModel
    from opencc import OpenCC
    from pypinyin import Style, lazy_pinyin

    t2s = OpenCC("t2s").convert

    def normalize(text: str) -> str:
        return "".join(c.lower() for c in t2s(text) if unicodedata.category(c)[0] not in "PZSC")

    d = Path(args.dir)
    manifest = json.loads((d / "manifest.json").read_text())
    previous = {}
    if args.json and Path(args.json).exists() and args.resume:
        previous = {c["file"]: c for c in json.loads(Path(args.json).read_text()).get("clips", []) if "transcript" in c}
    model = WhisperModel(str(model_dir(Path(args.cache))), device="cpu", compute_type="int8",
                         cpu_threads=args.threads, local_files_only=True)
    decode = dict(language="zh", task="transcribe", beam_size=5, temperature=0.0, condition_on_previous_text=False,
                  vad_filter=False, without_timestamps=False, initial_prompt=None)
    t0 = time.time()
    for n, clip in enumerate(manifest["clips"], 1):
        clip["tail_db"] = tail_db(*read_wav(d / clip["file"]))
        if clip["file"] in previous and clip["group"] not in args.redo.split(","):
            clip.update({k: previous[clip["file"]][k] for k in ("transcript", "char_edits", "ref_chars",
                                                                 "syllable_edits", "ref_syllables")})
            continue
        raw = ""
        for piece in pieces_for_asr(d / clip["file"]):  # the paragraph: cut at its pauses into <= 25 s pieces
            segments, _ = model.transcribe(str(piece), **decode)
            raw += "".join(s.text for s in segments).strip()
        ref, hyp = normalize(clip["text"]), normalize(raw)
        ref_syl, hyp_syl = lazy_pinyin(ref, style=Style.NORMAL), lazy_pinyin(hyp, style=Style.NORMAL)
        clip.update(transcript=raw, ref_chars=len(ref), char_edits=edit_distance(ref, hyp),
                    ref_syllables=len(ref_syl), syllable_edits=edit_distance(ref_syl, hyp_syl))
        if n % 25 == 0:
            print(f"{n}/{len(manifest['clips'])} clips, {time.time() - t0:.0f} s", flush=True)

    summary: dict = {}
    for clip in manifest["clips"]:
        summary.setdefault(clip["voice"], {}).setdefault(clip["setting"], {}).setdefault(clip["group"], []).append(clip)
    for voice, settings in summary.items():
        for setting, groups in settings.items():
            for group, clips in groups.items():
                pauses = [p for c in clips for p in c["pauses_s"]]
                groups[group] = dict(
                    clips=len(clips),
                    syler=round(sum(c["syllable_edits"] for c in clips) / sum(c["ref_syllables"] for c in clips), 4),
                    cer=round(sum(c["char_edits"] for c in clips) / sum(c["ref_chars"] for c in clips), 4),
                    audio_s=round(sum(c["seconds"] for c in clips), 1),
                    loud_ends=sum(c["tail_db"] > -30 for c in clips),
                    median_pause_s=round(statistics.median(pauses), 3) if pauses else None)
    report = dict(
        what="ASR intelligibility by sentence length (bench/data/intelligibility_zh.txt)",
        recognizer="OpenAI Whisper base (CTranslate2, int8, faster-whisper, CPU), language zh, beam 5; clips over 25 s "
                   "(the paragraph) transcribed in pieces cut at their pauses",
        scoring="corpus syllable error rate (toneless pinyin edits / reference syllables) and CER, text normalized "
                "(OpenCC t2s, punctuation removed); median_pause_s: median internal silent run >= 80 ms; loud_ends: "
                "clips whose last 10 ms are above -30 dB of their loudest 10 ms (a chopped last syllable)",
        commands=dict(synth=manifest["synth"]["command"], transcribe=" ".join([sys.executable, *sys.argv])),
        synth_device=manifest["synth"]["device"], summary=summary, clips=manifest["clips"])
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(f"\n{'voice':18s} {'setting':9s} " + " ".join(f"{g:>16s}" for g in GROUPS))
    for voice, settings in summary.items():
        for setting, groups in settings.items():
            cells = [f"{groups[g]['syler']:6.1%} ({groups[g]['median_pause_s'] or 0:.2f}s)" if g in groups else "-"
                     for g in GROUPS]
            print(f"{voice:18s} {setting:9s} " + " ".join(f"{c:>16s}" for c in cells))
    print("cells: syllable error rate (median internal pause)")
    loud = {f"{v}/{st}": sum(g.get("loud_ends", 0) for g in gs.values()) for v, sts in summary.items() for st, gs in sts.items()}
    print("clips ending loud (chopped last syllable):", loud)
    print(f"-> {args.json}")


def cmd_all(args) -> None:
    """synth here, then transcribe with the recognizer's Python (`--asr-python`), in one command."""
    import subprocess

    cmd_synth(args)
    subprocess.run([args.asr_python, __file__, "transcribe", "--dir", args.out, "--json", args.json,
                    "--threads", str(args.threads)], check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("synth", help="project venv: the set -> WAVs + manifest.json")
    sp.add_argument("--out", required=True)
    sp.add_argument("--voices", default="baker,distill-baker,distill-baker-low")
    sp.add_argument("--weights", default=str(ROOT / "weights"))
    sp.add_argument("--max-syllables", default="voice", help="comma list of: voice, none, or a number")
    sp.add_argument("--phrase-pause-s", type=float, default=None, help="override the voice's phrase_pause_s")
    sp.add_argument("--groups", default=",".join(GROUPS))
    sp.add_argument("--threads", type=int, default=2)
    sp.add_argument("--cpu-vocoder-dtype", choices=["float32", "bfloat16"], default="float32",
                    help="the server setting of that name (bfloat16: the vocoder under autocast where native)")
    sp.set_defaults(func=cmd_synth)
    ap_all = sub.add_parser("all", help="project venv: synth, then transcribe with --asr-python")
    for a in sp._actions[1:]:  # the synth options
        ap_all._add_action(a)
    ap_all.add_argument("--json", required=True)
    ap_all.add_argument("--asr-python", default="asr-venv/bin/python", help="the recognizer venv's python")
    ap_all.set_defaults(func=cmd_all)
    tp = sub.add_parser("transcribe", help="ASR venv: WAVs -> scores JSON")
    tp.add_argument("--dir", required=True)
    tp.add_argument("--json", required=True)
    tp.add_argument("--cache", default=str(Path.home() / ".cache" / "asr-eval"))
    tp.add_argument("--threads", type=int, default=2)
    tp.add_argument("--resume", action="store_true", help="reuse transcripts already in --json")
    tp.add_argument("--redo", default="", help="with --resume: groups to transcribe again (e.g. paragraph)")
    tp.set_defaults(func=cmd_transcribe)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
