"""Parity of our Sambert with KAN-TTS's own implementation (github.com/modelscope/KAN-TTS), same weights.

The reference model is built from a KAN-TTS checkout with the official 16 kHz config and random weights
(perturbed, and the duration bias set so phones last ~5 frames); its state dict is loaded into ours with
`from_checkpoint` (strict), and both run the same random linguistic inputs. KAN-TTS's model code needs only
torch and numpy; its training-only imports (numba alignment, the HiFiGAN package init) are stubbed here.

    git clone https://github.com/modelscope/KAN-TTS /tmp/KAN-TTS
    PYTHONPATH=src python bench/parity_sambert_kantts.py /tmp/KAN-TTS --out bench/results/parity_sambert_kantts.json
"""

from __future__ import annotations

import argparse
import json
import sys
import types
from pathlib import Path

import torch
import yaml

from ttsserve.pipeline.sambert import SambertConfig, from_checkpoint


def import_reference(root: Path):
    sys.path.insert(0, str(root))
    # stub what the model code imports for training only
    models = types.ModuleType("kantts.models")
    models.__path__ = [str(root / "kantts" / "models")]
    sys.modules["kantts.models"] = models
    align = types.ModuleType("kantts.models.sambert.alignment")
    align.b_mas = None
    sys.modules["kantts.models.sambert.alignment"] = align
    att = types.ModuleType("kantts.models.sambert.attention")
    att.ConvAttention = None
    sys.modules["kantts.models.sambert.attention"] = att
    utils = types.ModuleType("kantts.models.utils")

    def get_mask_from_lengths(lengths, max_len=None):
        max_len = max_len or int(lengths.max())
        return torch.arange(max_len, device=lengths.device)[None] >= lengths[:, None]

    utils.get_mask_from_lengths = get_mask_from_lengths
    sys.modules["kantts.models.utils"] = utils
    from kantts.models.sambert.kantts_sambert import KanTtsSAMBERT

    return KanTtsSAMBERT


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("kantts", type=Path, help="a KAN-TTS checkout")
    ap.add_argument("--lengths", default="7,25,60,120")
    ap.add_argument("--dur-biases", default="1.8,3.0", help="duration-predictor biases: ~5 and ~19 frames per phone")
    ap.add_argument("--out")
    args = ap.parse_args()
    KanTtsSAMBERT = import_reference(args.kantts)
    params = yaml.safe_load((args.kantts / "kantts/configs/sambert_16k.yaml").read_text())["Model"]["KanTtsSAMBERT"]["params"]
    params.update(sy=147, tone=10, syllable_flag=8, word_segment=8, speaker=4, emotion=36)
    torch.manual_seed(0)
    ref = KanTtsSAMBERT(params).eval()
    with torch.no_grad():
        for p in ref.parameters():
            p.add_(torch.randn_like(p) * 0.02)
    rows = []
    cases = [(float(b), int(n)) for b in args.dur_biases.split(",") for n in args.lengths.split(",")]
    g = torch.Generator().manual_seed(3)
    for bias, n in cases:
        with torch.no_grad():
            ref.variance_adaptor.duration_predictor.fc.bias.fill_(bias)
        ours = from_checkpoint({"model": ref.state_dict()}, SambertConfig.from_kantts(params))
        ling = torch.stack([torch.randint(0, s, (1, n), generator=g) for s in (140, 7, 5, 5)], -1)
        emo = torch.full((1, n), 5)
        spk = torch.zeros(1, n, dtype=torch.long)
        with torch.no_grad():
            r = ref(ling, emo, spk, torch.tensor([n]))
            enc = ours.encode(ling, emo, spk, torch.tensor([n]))
            dec = ours.decode(enc)
            mel = ours.postnet(dec, enc.frames)
        f = int(enc.frames)
        row = {"duration_bias": bias, "symbols": n, "frames_ours": f, "frames_ref": int(r["LR_length_rounded"]),
               "band_ours": int(enc.band), "band_ref": int(r["x_band_width"]),
               "pitch_max_abs": (r["pitch_predictions"] - enc.pitch).abs().max().item(),
               "decoder_max_abs": (r["dec_outputs"][0, :f] - dec.reshape(1, -1, 80)[0, :f]).abs().max().item(),
               "postnet_max_abs": (r["postnet_outputs"][0, :f] - mel[0, :f]).abs().max().item()}
        rows.append(row)
        print(row)
    result = {"reference": "KAN-TTS KanTtsSAMBERT, kantts/configs/sambert_16k.yaml, random weights",
              "ours": "ttsserve.pipeline.sambert, bounded ring-buffer decoder", "device": "cpu", "rows": rows}
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
