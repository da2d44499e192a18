"""Builds ModelScope-format Sambert-HiFiGAN voice folders with random weights (small widths, official layer
layout and vocabularies) for tests: am/config.yaml + am/ckpt/checkpoint_N.pth, voc/config.yaml + voc/ckpt/..."""

from __future__ import annotations

from pathlib import Path

import torch
import yaml

from ttsserve.pipeline.hifigan import HiFiGAN, HiFiGANConfig
from ttsserve.pipeline.sambert import Sambert, SambertConfig

SMALL_AM = dict(max_len=800, embedding_dim=64, encoder_num_layers=2, encoder_num_heads=2, encoder_num_units=32,
                encoder_ffn_inner_dim=64, encoder_projection_units=8, speaker_units=8, emotion_units=8,
                predictor_filter_size=41, predictor_fsmn_num_layers=2, predictor_num_memory_units=16,
                predictor_ffn_inner_dim=16, predictor_shift=0, predictor_lstm_units=16, dur_pred_prenet_units=[16, 16],
                dur_pred_lstm_units=16, decoder_prenet_units=[32, 32], decoder_num_layers=2, decoder_num_heads=2,
                decoder_num_units=32, decoder_ffn_inner_dim=64, outputs_per_step=3, num_mels=80,
                postnet_filter_size=41, postnet_fsmn_num_layers=2, postnet_num_memory_units=32,
                postnet_ffn_inner_dim=32, postnet_shift=17, postnet_lstm_units=16, MAS=False)


def small_sambert(seed: int = 0, dur_bias: float = 1.8) -> Sambert:
    """Random small Sambert whose predicted durations are about exp(dur_bias) - 1 frames per symbol."""
    torch.manual_seed(seed)
    model = Sambert(SambertConfig.from_kantts(SMALL_AM)).eval()
    with torch.no_grad():
        model.variance_adaptor.duration_predictor.fc.bias.fill_(dur_bias)
    return model


def write_kantts_voice(root: Path, name: str, *, speakers: str = "F7", seed: int = 0) -> Path:
    voice = root / name
    (voice / "am" / "ckpt").mkdir(parents=True, exist_ok=True)
    (voice / "voc" / "ckpt").mkdir(parents=True, exist_ok=True)
    am_cfg = {"model_type": "sambert", "Model": {"KanTtsSAMBERT": {"params": SMALL_AM}},
              "linguistic_unit": {"cleaners": "english_cleaners",
                                  "lfeat_type_list": "sy,tone,syllable_flag,word_segment,emo_category,speaker_category",
                                  "speaker_list": speakers}}
    (voice / "am" / "config.yaml").write_text(yaml.safe_dump(am_cfg))
    model = small_sambert(seed)
    n_spk = len(speakers.split(",")) + 3
    if n_spk != model.cfg.n_speaker:  # speaker table = speaker_list + `_`, `~`, `@[MASK]`
        model.spk_tokenizer = torch.nn.Embedding(n_spk, model.cfg.speaker_units)
    # an older, worse checkpoint and the one ModelScope would pick (highest step)
    torch.save({"model": {k: v * 0 for k, v in model.state_dict().items()}, "steps": 1000}, voice / "am" / "ckpt" / "checkpoint_1000.pth")
    torch.save({"model": model.state_dict(), "optimizer": {}, "scheduler": {}, "steps": 980000},
               voice / "am" / "ckpt" / "checkpoint_980000.pth")
    voc_params = {"in_channels": 80, "out_channels": 1, "channels": 32, "kernel_size": 7, "upsample_scales": [10, 5, 2, 2],
                  "upsample_kernal_sizes": [20, 10, 4, 4], "resblock_kernel_sizes": [3, 7, 11],
                  "resblock_dilations": [[1, 3, 5, 7]] * 3, "bias": True, "causal": True,
                  "nonlinear_activation": "LeakyReLU", "nonlinear_activation_params": {"negative_slope": 0.1},
                  "use_weight_norm": True}
    (voice / "voc" / "config.yaml").write_text(yaml.safe_dump(
        {"model_type": "hifigan", "Model": {"Generator": {"params": voc_params}}, "audio_config": {"sampling_rate": 16000}}))
    torch.manual_seed(seed + 1)
    gen = HiFiGAN(HiFiGANConfig(channels=32))
    torch.save({"model": {"generator": gen.state_dict(), "discriminator": {}}, "steps": 1}, voice / "voc" / "ckpt" / "checkpoint_1.pth")
    return voice
