"""Settings: every shipped profile validates; env overrides YAML; bad values are clear ConfigErrors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ttsserve.errors import ConfigError
from ttsserve.settings import load_settings

CONFIGS = sorted((Path(__file__).resolve().parents[2] / "configs").glob("*.yaml"))


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    import os

    for var in [k for k in os.environ if k.startswith("TTSSERVE_")]:
        monkeypatch.delenv(var)


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_shipped_profiles_validate(path):
    s = load_settings(path)
    assert s.default_voice == "baker"
    assert (s.weights_dir / s.default_voice / "voice.yaml").is_file()


def test_env_overrides_yaml_and_nested(monkeypatch, tmp_path):
    cfg = tmp_path / "p.yaml"
    cfg.write_text("port: 9001\nmax_queue_size: 5\nfrontend: {max_sentence_chars: 40}\n")
    monkeypatch.setenv("TTSSERVE_MAX_QUEUE_SIZE", "7")
    monkeypatch.setenv("TTSSERVE_FRONTEND__TYPE", "mandarin")
    s = load_settings(cfg)
    assert (s.port, s.max_queue_size, s.frontend.max_sentence_chars) == (9001, 7, 40)
    monkeypatch.setenv("TTSSERVE_CONFIG", str(cfg))
    assert load_settings().port == 9001


# Our own part of each message exactly; pydantic's wording of its own checks (which moves between releases) not.
@pytest.mark.parametrize(
    "overrides,prefix,ours",
    [
        ({"port": 0}, "invalid settings: port: ", ""),
        ({"device": "tpu"}, "invalid settings: device: ", "device must be auto, cpu, cuda or cuda:N, got 'tpu'"),
        ({"max_queue_size": 0}, "invalid settings: max_queue_size: ", ""),
        ({"voices": ["a"], "default_voice": "b"}, "invalid settings: ", "default_voice 'b' is not in voices ['a']"),
        ({"bogus": 1}, "invalid settings: bogus: ", ""),
        ({"decoder_fused_step": "yes"}, "invalid settings: decoder_fused_step: ", ""),
    ],
)
def test_invalid_settings_are_clear(overrides, prefix, ours):
    with pytest.raises(ConfigError) as info:
        load_settings(**overrides)
    message = info.value.message
    assert message.startswith(prefix) and message.endswith(ours) and "\n" not in message
    assert len(message) > len(prefix + ours)  # pydantic said why


def test_missing_config_file():
    with pytest.raises(ConfigError, match="config file not found: nope.yaml"):
        load_settings("nope.yaml")


def test_missing_weights_dir_is_clear(tmp_path):
    from ttsserve.engine.engine import Engine
    from ttsserve.telemetry import Telemetry

    with pytest.raises(ConfigError, match="weights directory not found"):
        Engine(load_settings(weights_dir=tmp_path / "none"), Telemetry())


def test_weights_dir_default_and_override(monkeypatch, tmp_path):
    from ttsserve import settings as settings_module

    # a source checkout (no ttsserve/weights inside the package): the checkout's weights/
    assert not (Path(settings_module.__file__).parent / "weights").exists()
    assert load_settings().weights_dir == Path(__file__).resolve().parents[2] / "weights"
    monkeypatch.setenv("TTSSERVE_WEIGHTS_DIR", str(tmp_path))
    assert load_settings().weights_dir == tmp_path


def test_a_gpu_budget_alone_sizes_the_voice_cache(monkeypatch, tmp_path):
    """TTSSERVE_GPU_MEMORY_BUDGET_BYTES below the voice cache's default cap is enough to start: the voices get
    half the budget. An explicit max_gpu_bytes (argument, environment or profile) is kept as given."""
    gib = 1024**3
    assert load_settings().max_gpu_bytes == 2 * gib  # no budget: the default
    assert load_settings(gpu_memory_budget_bytes=gib).max_gpu_bytes == gib // 2
    assert load_settings(gpu_memory_budget_bytes=8 * gib).max_gpu_bytes == 2 * gib  # a larger budget never raises it
    assert load_settings(gpu_memory_budget_bytes=gib, max_gpu_bytes=300 << 20).max_gpu_bytes == 300 << 20
    monkeypatch.setenv("TTSSERVE_GPU_MEMORY_BUDGET_BYTES", str(gib))
    assert load_settings().max_gpu_bytes == gib // 2
    cfg = tmp_path / "p.yaml"
    cfg.write_text(f"max_gpu_bytes: {3 * gib}\n")
    assert load_settings(cfg).max_gpu_bytes == 3 * gib  # kept: the worker refuses it against the budget


def test_the_default_profile_takes_a_budget_from_the_environment(monkeypatch):
    """configs/default.yaml leaves max_gpu_bytes unset, so a budget in the environment sizes it (session 15's
    1 GiB server, started with that profile, failed because the profile restated the 2 GiB default)."""
    monkeypatch.setenv("TTSSERVE_GPU_MEMORY_BUDGET_BYTES", str(1024**3))
    s = load_settings(Path(__file__).resolve().parents[2] / "configs" / "default.yaml")
    assert (s.gpu_memory_budget_bytes, s.max_gpu_bytes) == (1024**3, 512 * 1024**2)


def test_vocoder_max_windows_sets_the_scheduler_budget(monkeypatch):
    """The windows of one vocoder pass on a GPU and the windows of one iteration come from two settings: fewer
    windows a pass (less memory) leave the iteration's 32 (session 16: halving both cost mixed traffic a third)."""
    from ttsserve.engine.scheduler import Scheduler

    monkeypatch.setenv("TTSSERVE_VOCODER_MAX_WINDOWS", "4")
    s = load_settings()
    sched = Scheduler(settings=s, telemetry=None, probe=None, get_voice=None, frontend=None, recover_oom=None,
                      fault_hook=None, retired=None, publish=None, produced=None, stack_windows=True,
                      batch_acoustic=True)
    assert (sched.budget.windows, sched.budget.max_windows, sched.windows_per_iteration) == (4, 4, 32)
    monkeypatch.setenv("TTSSERVE_VOCODER_WINDOWS_PER_ITERATION", "12")  # passes of 4, 12 windows an iteration
    sched = Scheduler(settings=load_settings(), telemetry=None, probe=None, get_voice=None, frontend=None,
                      recover_oom=None, fault_hook=None, retired=None, publish=None, produced=None,
                      stack_windows=True, batch_acoustic=True)
    assert (sched.budget.windows, sched.windows_per_iteration) == (4, 12)
    with pytest.raises(ConfigError, match="vocoder_max_windows"):
        load_settings(vocoder_max_windows=0)
