"""Peak memory and latency of the Sambert acoustic stage and the HiFiGAN vocoder stage by text length:
bounded mode (ttsserve: sentences of <= 60 characters, ring-buffer decoder, vocoder in overlapping chunks)
vs a naive whole-utterance mode (the reference's way: one utterance, every decoder key and every attention
map kept at full length, the vocoder over the whole mel at once), fp32 vs fp16.

Weights are random (official 16 kHz layer sizes: Sambert 12.7 M numbers, HiFiGAN-v1 4.9 M); the duration
predictor's bias is set so phones last ~5 frames (12.5 ms each, about real speech rate), so memory and
time are those a real voice of this layout needs. Run on a GPU:

    PYTHONPATH=src python bench/sambert_memory.py --out bench/results/sambert_memory_h100.json

Naive runs whose predicted attention maps exceed --naive-limit-gb are not run (reported as skipped with the
prediction, 768 * T^2 bytes for T decoder steps).
"""

from __future__ import annotations

import argparse
import json
import time

import torch

from ttsserve.frontend import MandarinFrontend
from ttsserve.frontend.kantts import KanttsSymbols
from ttsserve.pipeline.base import AcousticInput
from ttsserve.pipeline.hifigan import HiFiGAN, HiFiGANConfig, HiFiGANVocoder
from ttsserve.pipeline.sambert import Sambert, SambertAcoustic, SambertConfig

CALLS_PER_GROUP = 8  # model calls run together in this benchmark's batches
PARAGRAPH = ("今天天气不错，我们去公园散步吧。银行行长二〇二四年三月十五日到访，讨论了新的合作计划。"
             "春天来了，小草从地下探出头来，花儿也开了，到处都是一片生机勃勃的景象。")


def text_of(n: int) -> str:
    return (PARAGRAPH * (n // len(PARAGRAPH) + 1))[:n]


def build(device: str, dtype: torch.dtype):
    torch.manual_seed(0)
    am = Sambert(SambertConfig()).eval()
    with torch.no_grad():
        am.variance_adaptor.duration_predictor.fc.bias.fill_(1.8)
    voc = HiFiGAN(HiFiGANConfig()).eval()
    name = {torch.float32: "float32", torch.float16: "float16"}[dtype]
    return SambertAcoustic(am, device=device, dtype=name), HiFiGANVocoder(voc, device=device, dtype=name, chunk_frames=400)


def inputs_for(text: str, symbols: KanttsSymbols, frontend, *, whole: bool) -> list[AcousticInput]:
    sentences = frontend.process(text).sentences
    rows = [symbols.encode(s) for s in sentences]
    if whole:  # one utterance, as a server without sentence splitting feeds the model
        rows = [[r for part in rows for r in part]]
    return [AcousticInput(symbol_ids=tuple(r)) for r in rows]


def measure(fn, device: str) -> tuple[float, int, object]:
    torch.cuda.synchronize()
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    base = torch.cuda.memory_allocated()
    t = time.perf_counter()
    out = fn()
    torch.cuda.synchronize()
    return time.perf_counter() - t, torch.cuda.max_memory_allocated() - base, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lengths", default="10,50,200,1000,5000")
    ap.add_argument("--dtypes", default="float32,float16")
    ap.add_argument("--naive-limit-gb", type=float, default=20.0)
    ap.add_argument("--naive-max-chars", default="float32:1000,float16:200",
                    help="longest text run naively per dtype (the reference-style decoder is slow: ~160 s at 1,000 chars)")
    ap.add_argument("--out")
    args = ap.parse_args()
    device = "cuda"
    frontend = MandarinFrontend()
    symbols = KanttsSymbols()
    rows = []
    for dname in args.dtypes.split(","):
        dtype = getattr(torch, dname)
        acoustic, vocoder = build(device, dtype)
        weights = torch.cuda.memory_allocated()
        for _ in range(2):  # warm-up (cuDNN/cuBLAS handles, LSTM plans)
            acoustic.infer(inputs_for(text_of(20), symbols, frontend, whole=False))
        for n in map(int, args.lengths.split(",")):
            text = text_of(n)
            for mode in ("bounded", "naive"):
                items = inputs_for(text, symbols, frontend, whole=(mode == "naive"))
                acoustic.mode = "bounded" if mode == "bounded" else "full"
                row = {"dtype": dname, "chars": n, "mode": mode, "utterances": len(items),
                       "weights_bytes": weights}
                if mode == "naive":
                    # predicted decoder steps from the bounded run's frames (same durations)
                    steps = prev_frames // 3 + 1
                    maps = 768 * steps**2 * (2 if dname == "float16" else 4) // 4
                    row["predicted_attention_map_bytes"] = maps
                    limit = dict(kv.split(":") for kv in args.naive_max_chars.split(",")).get(dname, "0")
                    if maps > args.naive_limit_gb * 2**30 or n > int(limit):
                        row["skipped"] = (f"attention maps alone would need {maps / 2**30:.1f} GiB"
                                          if maps > args.naive_limit_gb * 2**30 else
                                          f"not run (> {limit} chars for {dname}); maps would need {maps / 2**30:.2f} GiB")
                        rows.append(row)
                        print(row)
                        continue
                if mode == "naive":
                    m = acoustic.module

                    def naive_acoustic():
                        # the reference's decoder: keeps every layer's attention maps at full length
                        from ttsserve.pipeline.base import AcousticOutput
                        ids = torch.tensor(items[0].symbol_ids, device=device)[None]
                        emo = torch.ones(ids.shape[:2], dtype=torch.long, device=device)
                        spk = torch.zeros_like(emo)
                        with torch.inference_mode():
                            enc = m.encode(ids, emo, spk, torch.tensor([ids.shape[1]], device=device))
                            dec, maps_kept = m.decode_full(enc, keep_attention=True)
                            mel = m.postnet(dec, enc.frames)[0, : int(enc.frames[0])]
                        del maps_kept
                        return [AcousticOutput(mel=mel.float(), durations=enc.durations[0])]

                    t_a, peak_a, outs = measure(naive_acoustic, device)
                else:
                    def bounded_acoustic():
                        # as the worker: sentences in calls of 8; each call's mels leave the GPU before the next
                        # (the worker vocodes them first), so mels are moved to the host here
                        outs = []
                        for i in range(0, len(items), CALLS_PER_GROUP):
                            for o in acoustic.infer(items[i : i + CALLS_PER_GROUP]):
                                o.mel = o.mel.cpu()
                                outs.append(o)
                        return outs

                    # first call: captures CUDA graphs for new decoder shapes (one-time, kept in a bounded cache)
                    t_first, peak_first, _ = measure(bounded_acoustic, device)
                    row.update(acoustic_first_call_s=round(t_first, 4), acoustic_first_call_peak_bytes=int(peak_first))
                    t_a, peak_a, outs = measure(bounded_acoustic, device)  # steady state: what a request costs
                frames = sum(o.mel.shape[0] for o in outs)
                if mode == "bounded":
                    prev_frames = frames
                mels = [o.mel for o in outs]
                del outs
                if mode == "naive":
                    t_v, peak_v, wav = measure(lambda: [vocoder.stream(m_, chunk_frames=m_.shape[0]).__next__() for m_ in mels], device)
                else:
                    def chunked_vocoder():  # chunks go to the host as they are produced, as the worker streams them
                        return [torch.cat([c.cpu() for c in vocoder.stream(m_)]) for m_ in mels]

                    measure(chunked_vocoder, device)  # warm-up (cuDNN plans for the chunk shapes)
                    t_v, peak_v, wav = measure(chunked_vocoder, device)
                audio_s = sum(w.numel() for w in wav) / vocoder.sample_rate_hz
                del wav, mels
                row.update(frames=frames, audio_s=round(audio_s, 2), acoustic_s=round(t_a, 4),
                           peak_total_bytes=int(weights + max(peak_a, peak_v)),
                           acoustic_peak_bytes=int(peak_a), vocoder_s=round(t_v, 4), vocoder_peak_bytes=int(peak_v))
                rows.append(row)
                print({k: row[k] for k in ("dtype", "chars", "mode", "audio_s", "acoustic_s", "acoustic_peak_bytes",
                                           "vocoder_s", "vocoder_peak_bytes")}, flush=True)
        del acoustic, vocoder
        torch.cuda.empty_cache()
        write(args.out, rows)  # after each dtype, so a cut-off run keeps what it measured
    print_table(rows)
    write(args.out, rows)


def write(path, rows) -> None:
    if not path:
        return
    result = {"device": torch.cuda.get_device_name(), "torch": torch.__version__, "rows": rows,
              "command": "PYTHONPATH=src python bench/sambert_memory.py"}
    with open(path, "w") as f:
        json.dump(result, f, indent=1)


def print_table(rows) -> None:
    print("\n| dtype | chars | mode | audio s | acoustic s | acoustic peak MiB | vocoder s | vocoder peak MiB | weights + peak MiB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if "skipped" in r:
            print(f"| {r['dtype']} | {r['chars']} | {r['mode']} | - | - | {r['skipped']} | - | - | - |")
        else:
            print(f"| {r['dtype']} | {r['chars']} | {r['mode']} | {r['audio_s']} | {r['acoustic_s']} | "
                  f"{r['acoustic_peak_bytes'] / 2**20:.1f} | {r['vocoder_s']} | {r['vocoder_peak_bytes'] / 2**20:.1f} | "
                  f"{r['peak_total_bytes'] / 2**20:.1f} |")


if __name__ == "__main__":
    main()
