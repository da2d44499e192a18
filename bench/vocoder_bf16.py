"""How far bfloat16 autocast moves each vocoder's waveform on the CPU (the `cpu_vocoder_dtype` setting): the same
mel through the serving path (`plan_windows` + `run_windows`) in float32 and under autocast, as waveform SNR in dB
(float32 as the reference). Speed: `bench/stage_rtf.py --cpu-vocoder-dtype`; words: `bench/kokoro_asr.py
--cpu-vocoder-dtype` then `recipes/distill/asr_eval.py transcribe`.

usage: PYTHONPATH=src python bench/vocoder_bf16.py [--voices baker,distill-baker,kokoro] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ttsserve.frontend import MandarinFrontend  # noqa: E402
from ttsserve.pipeline.torch_stage import cpu_has_native_bfloat16  # noqa: E402
from ttsserve.pipeline.voice import LoadedVoice, Placement, SynthesisOptions, plan_calls  # noqa: E402
from ttsserve.voices import load_manifest  # noqa: E402

TEXTS = ["国家统计局今天发布数据，十月份全国居民消费价格同比上涨百分之零点二，环比下降零点一。",
         "今天天气不错，我们一起去公园散步吧。"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--voices", default="baker,distill-baker,kokoro")
    ap.add_argument("--weights-dir", default=str(ROOT / "weights"))
    ap.add_argument("--json")
    args = ap.parse_args()
    rows = []
    for name in args.voices.split(","):
        manifest = load_manifest(Path(args.weights_dir) / name)
        plain = LoadedVoice.load(manifest, Placement("cpu", "cpu", "float32"))
        fast = LoadedVoice.load(manifest, Placement("cpu", "cpu", "float32", cpu_vocoder_autocast="bfloat16"))
        names = list(manifest.speakers)
        for speaker in dict.fromkeys(names[:1] + names[-1:]) if names else [None]:  # its first and last speaker
            for text in TEXTS:
                plan = plan_calls(plain, MandarinFrontend().process(text), SynthesisOptions(speaker=speaker))
                mels = [o.mel for o in plain.acoustic.infer(list(plan.inputs))]
                ref = torch.cat([w for m in mels for w in plain.vocoder.run_windows(plain.vocoder.plan_windows(m))])
                out = torch.cat([w for m in mels for w in fast.vocoder.run_windows(fast.vocoder.plan_windows(m))])
                a, b = ref.double().numpy(), out.double().numpy()
                snr = 10 * np.log10((a**2).sum() / ((a - b) ** 2).sum())
                rows.append({"voice": name, "speaker": speaker, "chars": len(text), "samples": len(a),
                             "snr_db": round(float(snr), 1)})
                print(rows[-1], flush=True)
    result = {"device": "cpu", "native_bfloat16": cpu_has_native_bfloat16(), "torch": torch.__version__,
              "rows": rows}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
