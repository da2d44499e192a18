"""Real-time factor per pipeline stage of a voice, on one device, outside the server: frontend (CPU, always),
acoustic model and vocoder (synchronized on a GPU), for one request alone (its sentences in acoustic calls of
8, vocoded chunk by chunk as a streamed or lone job is) and for a batch of whole-response requests as the
worker runs them (sentences length-sorted in acoustic calls of 16, vocoder windows stacked).

RTF = stage seconds / seconds of audio produced (heard: less the silent edges a stage marks, which the vocoder
still makes; lower is faster); the median of `--repeats` runs after one
warm-up run.

usage: python bench/stage_rtf.py [--voice baker] [--weights-dir weights] [--device cuda] [--dtype float32] [--batches 1,8,32] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ttsserve.pipeline.base import get_loader  # noqa: E402
from ttsserve.pipeline.voice import LoadedVoice, Placement, SynthesisOptions, prepare_inputs  # noqa: E402
from ttsserve.settings import Settings  # noqa: E402
from ttsserve.voices import load_manifest  # noqa: E402

GPU_MAX_WINDOWS = Settings.model_fields["vocoder_max_windows"].default  # the server's windows per pass

CHUNK_FRAMES = Settings.model_fields["vocoder_chunk_frames"].default  # the server's default
TEXT_42 = "国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之零点二，环比下降零点一。"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voice", default="baker")
    ap.add_argument("--weights-dir", default=str(ROOT / "weights"), help="the folder holding the voice's folder")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--dtype", default="float32")
    ap.add_argument("--batches", default="1,8,32")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--text", default=TEXT_42)
    ap.add_argument("--speaker", help="a multi-speaker voice's speaker (default: its first)")
    ap.add_argument("--threads", type=int, help="torch CPU threads (default: torch's)")
    ap.add_argument("--cpu-vocoder-dtype", choices=["float32", "bfloat16"], default="float32",
                    help="on the CPU: the server's setting of that name (bfloat16: the vocoder under autocast)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    dev = args.device
    cuda = dev.startswith("cuda")
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    voice = LoadedVoice.load(load_manifest(Path(args.weights_dir) / args.voice),
                             Placement(acoustic_device=dev, vocoder_device=dev, gpu_dtype=args.dtype), device=dev)
    frontend = get_loader("frontend", "mandarin")({})
    rows = []
    for batch in [int(b) for b in args.batches.split(",")]:
        times: dict[str, list[float]] = {"frontend": [], "acoustic": [], "vocoder": []}
        audio_s = 0.0
        for rep in range(args.repeats + 1):
            with torch.inference_mode():
                t0 = time.perf_counter()
                inputs = [x for _ in range(batch) for x in prepare_inputs(voice, frontend.process(args.text), SynthesisOptions(speaker=args.speaker))]
                t1 = time.perf_counter()
                # as the scheduler runs them: on a GPU the model calls of all requests in one group and the vocoder
                # windows stacked across them; on a CPU one call and one window at a time
                step = len(inputs) if cuda else 1
                outs = [o for g in range(0, len(inputs), step) for o in voice.acoustic.infer(inputs[g : g + step])]
                mels = [o.mel for o in outs]
                sync()
                t2 = time.perf_counter()
                if cuda:
                    wavs = voice.vocoder.infer_batch(mels, chunk_frames=CHUNK_FRAMES,
                                                     max_windows=GPU_MAX_WINDOWS)
                else:
                    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.cpu_vocoder_dtype == "bfloat16"):
                        wavs = [torch.cat([w.float() for w in voice.vocoder.stream(m, chunk_frames=CHUNK_FRAMES)])
                                for m in mels]
                sync()
                t3 = time.perf_counter()
            # the audio a listener gets: without the silent edges a stage marks (Kokoro's), which the vocoder
            # still makes here (it reads them as context)
            edges = sum(sum(o.edges) for o in outs) * voice.vocoder.hop_length
            audio_s = (sum(w.numel() for w in wavs) - edges) / voice.vocoder.sample_rate_hz
            if rep:  # the first run warms up (allocator, cuDNN)
                for name, dt in zip(times, (t1 - t0, t2 - t1, t3 - t2)):
                    times[name].append(dt)
        row = {"batch_requests": batch, "audio_s": round(audio_s, 2)}
        for name, ts in times.items():
            med = statistics.median(ts)
            row[f"{name}_ms"] = round(med * 1e3, 2)
            row[f"{name}_rtf"] = float(f"{med / audio_s:.3g}")
        row["total_rtf"] = float(f"{sum(statistics.median(ts) for ts in times.values()) / audio_s:.3g}")
        rows.append(row)
        print(row, flush=True)
    name = torch.cuda.get_device_name() if cuda else "cpu"
    result = {"voice": args.voice, "device": name, "dtype": args.dtype if cuda else "float32",
              "cpu_vocoder_dtype": None if cuda else args.cpu_vocoder_dtype,
              "torch": torch.__version__, "threads": torch.get_num_threads(), "speaker": args.speaker,
              "text_chars": len(args.text), "rows": rows}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
