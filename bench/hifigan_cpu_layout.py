"""distill-baker's HiFiGAN on the CPU with its narrow residual convolutions in channels-last memory or not
(`CausalConv.cpu_channels_last`, pipeline/hifigan.py): one process, the two interleaved, median of 8 forwards each,
and the largest sample difference between them. A diagnostic (session 34).

usage: PYTHONPATH=src python bench/hifigan_cpu_layout.py [--frames 134,400] [--threads 2] [--max-channels 8]
       [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import torch

from ttsserve.pipeline import hifigan as h
from ttsserve.pipeline.torch_stage import read_kantts_params, resolve_checkpoint

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", default="134,400")  # a stream's 96-frame chunk with its 38 frames of context; 400
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-channels", type=int, default=8, help="channels-last for convolutions this narrow")
    ap.add_argument("--reps", type=int, default=16)
    ap.add_argument("--json")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    voc = ROOT / "weights" / "distill-baker"
    over = h.config_from_kantts(read_kantts_params(voc / "voc" / "config.yaml", "Generator"))
    module = h.from_checkpoint(resolve_checkpoint(voc, "voc/ckpt/checkpoint_*.pth"), h.HiFiGANConfig(**over))
    convs = [c for c in module.modules() if isinstance(c, h.CausalConv)
             and c.conv1d.in_channels == c.conv1d.out_channels <= a.max_channels]

    def layout(on: bool) -> None:
        for c in module.modules():
            if isinstance(c, h.CausalConv):
                c.cpu_channels_last = on and c in convs

    rows = []
    with torch.inference_mode():
        for frames in (int(f) for f in a.frames.split(",")):
            mel = torch.randn(1, 80, frames, generator=torch.Generator().manual_seed(frames))
            times = {True: [], False: []}
            for on in (True, False):
                layout(on)
                module(mel)
            for i in range(a.reps):
                on = i % 2 == 0
                layout(on)
                t = time.perf_counter()
                module(mel)
                times[on].append(time.perf_counter() - t)
            layout(True)
            y_on = module(mel)
            layout(False)
            y_off = module(mel)
            med = {on: 1e3 * sorted(v)[len(v) // 2] for on, v in times.items()}
            rows.append({"frames": frames, "channels_last_ms": round(med[True], 1), "plain_ms": round(med[False], 1),
                         "max_abs_diff": float((y_on - y_off).abs().max())})
            print(f"{frames} frames: channels-last {med[True]:.1f} ms, plain {med[False]:.1f} ms, {len(convs)} "
                  f"convolutions, max |difference| {rows[-1]['max_abs_diff']:.1e}")
    layout(True)
    if a.json:
        Path(a.json).write_text(json.dumps({"rows": rows, "threads": a.threads, "max_channels": a.max_channels,
                                            "cpu": platform.processor() or platform.machine(), "torch": torch.__version__,
                                            "command": "PYTHONPATH=src python bench/hifigan_cpu_layout.py"}, indent=1))


if __name__ == "__main__":
    main()
