"""Deployment settings: `TTSSERVE_*` environment variables over an optional YAML profile over defaults.

Model hyper-parameters live in each voice's `voice.yaml`; this module holds deployment knobs only.
Nothing is built at import: call `load_settings()` (the CLI does) and pass the result to `create_app()`.
Every field here is read somewhere. What can only be checked against the disk or the host (the weights
folder and the voices in it, the devices, the listening port) is checked when the Engine and the CLI start.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

from ttsserve.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
_KEY = re.compile(r"[!-~]+")  # an API key: visible ASCII, no spaces (fullmatch)


def default_weights_dir() -> Path:
    """Where the shipped voices are: `ttsserve/weights/` inside an installed wheel (setup.py copies them
    there), else `weights/` of the source checkout (an editable install). Override: TTSSERVE_WEIGHTS_DIR,
    `weights_dir:` in the YAML profile or `--weights-dir`."""
    packaged = Path(__file__).resolve().parent / "weights"
    return packaged if packaged.is_dir() else PROJECT_ROOT / "weights"


def usable_cpus() -> int:
    """Physical cores this process may run on: the cores of the CPUs in its affinity mask (taskset, cpusets;
    hyper-threads of one core count once, as torch's own default does), capped by a cgroup v2 CPU quota
    (`docker run --cpus`, Kubernetes limits) rounded up. The default for torch's intra-op threads: more
    threads than cores only makes them wait for each other (docs/benchmarks.md, CPU threads)."""
    try:
        cpus = os.sched_getaffinity(0)
    except (AttributeError, OSError):  # not Linux
        cpus = set(range(os.cpu_count() or 1))
    cores = set()
    for cpu in cpus:
        topology = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology")
        try:
            cores.add((topology / "physical_package_id").read_text().strip() + ":" + (topology / "core_id").read_text().strip())
        except OSError:
            cores.add(f"cpu{cpu}")  # no topology (not Linux, a restricted /sys): count the CPU
    n = len(cores)
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            n = min(n, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return max(1, n)


class FrontendSettings(BaseModel):
    type: str = "mandarin"  # registry name of the text frontend
    max_sentence_chars: int = Field(60, ge=8, le=400)  # forced split beyond this many characters
    lexicon_path: Path | None = None  # optional user lexicon (word -> pinyin), reloaded when it changes


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TTSSERVE_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    # --- server
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    # --- voices
    weights_dir: Path = Field(default_factory=default_weights_dir)  # one sub-folder per voice, each with voice.yaml
    default_voice: str = "baker"  # used when a request names no voice; must load or startup fails
    voices: list[str] | None = None  # voices to serve; None = every folder in weights_dir with a voice.yaml
    preload_voices: list[str] = Field(default_factory=list)  # loaded (and warmed) at startup besides the default

    # --- placement
    device: str = "auto"  # "auto" (cuda if available, else cpu), "cpu", "cuda", "cuda:1"
    acoustic_device: str | None = None  # per-stage override, e.g. acoustic on GPU ...
    vocoder_device: str | None = None  # ... and vocoder on CPU
    dtype: Literal["float32", "float16", "bfloat16"] = "float32"  # compute dtype on GPU; CPU weights stay float32
    # A vocoder placed on the CPU runs its windows under bfloat16 autocast ("bfloat16"): 1.3-1.7x faster on a
    # CPU that computes bfloat16 in hardware (AVX512-BF16 or AMX), at a small, measured cost in fidelity (README,
    # "Faster vocoders on the CPU"); acoustic models stay float32 (durations and pitch unchanged). On a CPU
    # without native bfloat16 the worker keeps float32 and logs why (emulated bfloat16 is slower).
    cpu_vocoder_dtype: Literal["float32", "bfloat16"] = "float32"
    torch_threads: int | None = Field(None, ge=1, le=256)  # intra-op CPU threads; None = usable_cpus()
    # cuDNN autotuning (torch.backends.cudnn.benchmark): each new convolution shape is timed once and the fastest
    # algorithm kept; the vocoders' stacked windows take few shapes, so it pays after the first requests.
    cudnn_benchmark: bool = False
    # CUDA graphs: while more than one job is active, a new shape runs eagerly until it has been met this many
    # times, then it is captured (a capture stalls every active job; engine/graphs.py). 1 = capture at once.
    cuda_graph_capture_after: int = Field(4, ge=1, le=1000)
    # On a GPU, pad a non-causal vocoder's windows on the right to a few captured widths so that they stack across
    # jobs and replay CUDA graphs (MB-MelGAN, the default voice: a call's last ~0.2 s within 34 dB SNR of unpadded,
    # bench/vocoder_padding.py). On an H100 at 32 mixed-length streams: ~1,250-1,450x without, 1,600-1,750x with,
    # once the graphs stop growing (docs/benchmarks.md, session 33).
    vocoder_pad_windows: bool = True
    # On a GPU, run a causal HiFiGAN's narrow residual convolutions (8 channels over every output sample; 16 with
    # kernels of 3) as a Triton kernel instead of cuDNN's (pipeline/narrow_conv.py: 0.05-0.18 against 0.27-0.78 ms
    # a call on an H100, bench/narrow_conv_gpu.py). "auto": where Triton and a check against cuDNN pass; "on":
    # required; "off": cuDNN. In a server on an H100, distill-baker at 32 streams 949-1,030x against 777-804x on
    # one machine, 678-785x against 547-634x on another (passes 3-6; docs/benchmarks.md, session 35). No effect on
    # a CPU.
    vocoder_narrow_kernels: Literal["auto", "on", "off"] = "auto"

    # --- memory (bytes)
    # voice-cache budget for weights resident on the GPU (under a smaller gpu_memory_budget_bytes: half of that)
    max_gpu_bytes: int = Field(2 * 1024**3, ge=0)
    max_cpu_bytes: int = Field(4 * 1024**3, ge=0)  # voice-cache host budget: parked voices + GPU voices' pinned copies
    vocoder_chunk_frames: int = Field(400, ge=16)  # mel frames per vocoder chunk (bounds activation memory)
    # Cap on the torch allocator of the worker's GPU (weights + activations + cached blocks; the CUDA
    # context, ~0.5 GB, is outside it). None = no cap. Enforced by torch's per-process memory fraction;
    # the worker trims its cache before a job when near it, and an overrun is a recovered OOM.
    gpu_memory_budget_bytes: int | None = Field(None, ge=64 * 1024**2)

    # --- queue and limits
    max_queue_size: int = Field(64, ge=1)  # jobs waiting for the worker; beyond it -> 503 + Retry-After
    request_timeout_s: float = Field(120.0, gt=0)  # queue wait + synthesis, per request
    retry_after_s: int = Field(1, ge=1)  # advertised in Retry-After when the queue is full
    # Admission control (engine/admission.py): refuse a request (503 overloaded) when its estimated wait, from the
    # admitted work and the measured service rate (characters per busy second), exceeds admission_max_wait_s
    # (None: request_timeout_s). Off: requests are admitted up to max_queue_size and may time out late (504).
    admission_control: bool = True
    admission_max_wait_s: float | None = Field(None, gt=0)
    max_text_chars: int = Field(5000, ge=1)  # longer text -> 413
    max_body_bytes: int = Field(1024 * 1024, ge=1024)  # request body limit -> 413
    # POST /v1/audio/speech reads an `input` that starts with <speak as SSML (frontend/ssml.py). Off by default:
    # OpenAI's API has no SSML, and a client sending such text expects it refused, not interpreted.
    openai_ssml: bool = False
    shutdown_grace_s: float = Field(30.0, ge=0)  # how long shutdown waits for queued/in-flight jobs
    inspect_max_concurrent: int = Field(1, ge=1)  # POST /v1/frontend texts analysed at once, beside synthesis
    inspect_max_waiting: int = Field(8, ge=0)  # /v1/frontend requests waiting for that; more -> 503 queue_full

    # --- connections (server.py): what clients can hold open; docs/reliability.md
    max_connections: int = Field(1000, ge=1)  # open HTTP connections; beyond -> 503 too_many_connections, closed
    header_timeout_s: float = Field(10.0, gt=0)  # a request's headers must arrive within this, else closed (408)
    body_timeout_s: float = Field(30.0, gt=0)  # a request's body must arrive within this, else 408
    keep_alive_timeout_s: float = Field(5.0, gt=0)  # an idle keep-alive connection is closed after this
    max_header_bytes: int = Field(16 * 1024, ge=1024)  # request line + headers; more -> 400 bad_request

    # --- the WebSocket route /v1/audio/speech/stream (docs/websocket.md)
    ws_idle_timeout_s: float = Field(60.0, gt=0)  # no message from the client and nothing to speak: closed
    ws_send_timeout_s: float = Field(10.0, gt=0)  # a frame the client has not taken in this long: closed
    ws_max_message_bytes: int = Field(64 * 1024, ge=1024)  # largest client message (uvicorn's ws_max_size)
    ws_lookahead_clauses: int = Field(2, ge=1, le=16)  # clauses of one connection queued or synthesizing at once
    ws_max_pending_chars: int = Field(5000, ge=1)  # text received but not yet spoken, per connection

    # --- access
    api_keys: list[str] = Field(default_factory=list)  # Bearer keys; empty (and no file) = no auth
    api_keys_file: Path | None = None  # one key per line ('#' comments); read at startup
    auth_protect_health: bool = False  # also require a key for /healthz and /readyz
    auth_protect_metrics: bool = False  # also require a key for /metrics
    auth_protect_docs: bool = True  # require a key for /docs, /redoc and /openapi.json (when keys are on)
    api_key_rate_per_minute: int | None = Field(None, ge=1)  # per-key request limit (token bucket) -> 429

    # --- the scheduler (engine/scheduler.py): jobs interleaved call by call, windows stacked across jobs
    max_active_jobs: int = Field(64, ge=1, le=1024)  # jobs in progress at once (more wait in the queue); 1 = one by one
    iteration_max_symbols: int = Field(4096, ge=1)  # acoustic symbols per model call group in one iteration
    # vocoder windows stacked into one forward pass on a GPU (halved on CUDA OOM): a pass's activations grow with
    # it (HiFiGAN at 24 kHz: tens of MB a window). 8 since session 17: torch's reserved high-water under 32 streams
    # 0.77-0.80 GB against 1.15 GB with 16, and as fast once an iteration runs 32 windows (docs/benchmarks.md)
    vocoder_max_windows: int = Field(8, ge=1, le=64)
    # vocoder windows one scheduler iteration runs on a GPU, in passes of vocoder_max_windows (each job at most
    # vocoder_job_windows of them): it bounds how long an iteration keeps a newly arrived job waiting, not the memory
    vocoder_windows_per_iteration: int = Field(32, ge=1, le=256)
    # vocoder windows one job may take in one iteration on a GPU (its current call's next ones, stacked with the
    # others'); 1: each job at most one. More lets a whole mel cut in short graph-shaped windows go in as few
    # iterations as in long eager ones (docs/benchmarks.md, session 29); a CPU always takes one
    vocoder_job_windows: int = Field(1, ge=1, le=16)
    # Autoregressive acoustic models (Sambert) on a GPU: calls decoded at once, each in a slot it joins and
    # leaves while the others run; their frames stream to the vocoder every `decoder_steps_per_advance` steps.
    # On a CPU one slot (calls one at a time).
    # 0: no slots, each call decoded whole (`infer`): on a CPU about 1.4x less acoustic time per sentence for
    # distill-baker, but no audio before a call's last decoder step (docs/benchmarks.md).
    decoder_slots: int = Field(32, ge=0, le=256)
    decoder_steps_per_advance: int = Field(8, ge=1, le=64)
    # A busy decoder may advance several times an iteration: one advance per 8 calls in its slots, up to this many
    # (4: at 32 streams four advances, 32 steps, between two vocoder passes; fewer than 16 calls: one, so a lone
    # stream's first audio is as soon as with one). Each iteration's fixed cost (planning, beginning calls, a vocoder
    # pass, handing audio out) is then paid per 32 steps, not 8. 4 against 1 in a server on one H100 (docs/benchmarks.md,
    # "Session 40"): more throughput at 32 streams, repeated and mixed lengths, first audio at one stream unchanged.
    # 1 = one advance an iteration whatever the load.
    decoder_max_advances_per_iteration: int = Field(4, ge=1, le=16)
    # Whole responses (not streamed) on a GPU decode in slots of their own whose advances are longer: a whole
    # response waits for its last frame, not its first, and each advance also pays a memory window and a
    # post-net chunk, so fewer, longer advances finish it sooner (docs/benchmarks.md). 0 = they share the
    # streams' slots. On a CPU (one slot) whole responses always share it.
    decoder_whole_slots: int = Field(8, ge=0, le=256)
    decoder_whole_steps_per_advance: int = Field(32, ge=1, le=128)
    # The decoder step as fused Triton kernels (one per decoder layer, pipeline/sambert_fused.py): "auto" = on a
    # CUDA GPU with Triton where a one-step check against the ordinary step passes, else the ordinary step;
    # "on" = required (an error where it cannot run); "off" = the ordinary step.
    decoder_fused_step: Literal["auto", "on", "off"] = "auto"
    inline_frontend_max_chars: int = Field(300, ge=1)  # longest text an idle worker runs through the frontend itself
    # Text frontend (normalize, split, G2P) in separate processes, beside the HTTP event loop, so that
    # the GPU worker thread only runs models. "auto": 0 on a CPU-only deployment (torch uses the cores),
    # else min(4, CPU cores // 4), at least 1. 0 = the worker thread runs the frontend itself.
    frontend_processes: Annotated[int, Field(ge=0, le=64)] | Literal["auto"] = "auto"
    frontend_inline_when_idle: bool = True  # an idle worker with an empty queue runs the text itself

    # --- synthesis
    sentence_silence_s: float = Field(0.2, ge=0, le=5)  # pause inserted between sentences
    warmup: bool = True  # synthesize one short sentence per preloaded voice at startup

    # glibc malloc arenas (allocator.py), applied when the app is built unless MALLOC_ARENA_MAX is in the
    # environment: with one arena per thread the resident memory climbed in steps under the CPU soak; 2 kept it
    # flat (docs/reliability.md). None: glibc's default (8 per core).
    malloc_arena_max: int | None = Field(2, ge=1, le=1024)
    # once the server is ready, what it has loaded is frozen out of Python's cyclic garbage collector
    # (`gc.freeze()`, undone at shutdown): a full collection no longer walks the models' and dictionaries'
    # ~400k objects while holding the interpreter lock (~100 ms)
    gc_freeze: bool = True
    # torch's CUDA allocator settings (PYTORCH_CUDA_ALLOC_CONF), applied when the app is built unless that variable
    # is in the environment (allocator.configure_cuda_allocator): expandable segments held the reserved high-water
    # of a 32-stream load to 1.15 GB (1.8-1.9 GB without) at the same throughput. None: torch's defaults.
    cuda_alloc_conf: str | None = "expandable_segments:True"
    # glibc's malloc_trim(0) this often, between the worker's iterations (allocator.Trimmer): what malloc holds
    # free goes back to the system. None (the default): never; every 30 s did not lower the RSS a 10-minute CPU
    # soak levelled at (docs/reliability.md): what it gave back was mostly faulted in again before the next 10-s sample.
    malloc_trim_interval_s: float | None = Field(None, gt=0)

    # --- diagnostics (api/debug.py): tracemalloc from the start and the /debug/memory, /debug/malloc_trim routes
    debug_memory: bool = False  # off in production: tracemalloc slows every allocation
    debug_memory_frames: int = Field(8, ge=1, le=64)  # stack frames kept per traced allocation

    frontend: FrontendSettings = Field(default_factory=FrontendSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Explicit arguments > environment > YAML profile > defaults.
        return (init_settings, env_settings, YamlConfigSettingsSource(settings_cls))

    @field_validator("device", "acoustic_device", "vocoder_device")
    @classmethod
    def _check_device(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if v in ("auto", "cpu", "cuda") or (v.startswith("cuda:") and v[5:].isdigit()):
            return v
        raise ValueError(f"device must be auto, cpu, cuda or cuda:N, got {v!r}")

    @model_validator(mode="after")
    def _check_consistency(self) -> "Settings":
        if self.voices is not None and self.default_voice not in self.voices:
            raise ValueError(f"default_voice {self.default_voice!r} is not in voices {self.voices}")
        # A GPU budget alone must be enough to start: where max_gpu_bytes is left at its default and the budget
        # is smaller than that, the voices' weights get half the budget (the CUDA graphs may take a quarter,
        # activations and the allocator's cache the rest). Set explicitly, max_gpu_bytes is kept and checked
        # against the budget by the worker.
        budget = self.gpu_memory_budget_bytes
        if budget is not None and "max_gpu_bytes" not in self.model_fields_set and self.max_gpu_bytes > budget:
            self.max_gpu_bytes = budget // 2
        return self

    def keys(self) -> list[str]:
        """Every accepted API key (inline and from the keys file). A key is visible ASCII without spaces: an
        empty one (an unset variable in a template) would let an empty Bearer token in, so it stops startup."""
        for i, key in enumerate(self.api_keys):
            if not _KEY.fullmatch(key):
                raise ConfigError(f"api_keys[{i}] is empty or has spaces or control characters; "
                                  "keys are visible ASCII without spaces")
        keys = list(self.api_keys)
        if self.api_keys_file is not None:
            try:  # utf-8-sig: a BOM written by an editor is not part of the first key
                text = self.api_keys_file.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                why = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
                raise ConfigError(f"cannot read api_keys_file {self.api_keys_file}: {why}") from None
            for n, line in enumerate(text.splitlines(), 1):
                key = line.split("#", 1)[0].strip()
                if key and not _KEY.fullmatch(key):
                    raise ConfigError(f"{self.api_keys_file}:{n}: a key is visible ASCII without spaces")
                if key:
                    keys.append(key)
        return keys

    # ------------------------------------------------------------------ derived
    def stage_device(self, stage: Literal["acoustic", "vocoder"]) -> str:
        override = self.acoustic_device if stage == "acoustic" else self.vocoder_device
        return override or self.device


def load_settings(config: str | os.PathLike | None = None, **overrides: Any) -> Settings:
    """Build settings from an optional YAML profile (or `TTSSERVE_CONFIG`), the environment and overrides.

    Raises ConfigError with a readable message instead of a pydantic traceback.
    """
    from pydantic import ValidationError

    path = config or os.environ.get("TTSSERVE_CONFIG")
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")

    class _Settings(Settings):
        model_config = SettingsConfigDict(**{**Settings.model_config, "yaml_file": path})

    try:
        return _Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"] else e["msg"] for e in exc.errors()
        )
        raise ConfigError(f"invalid settings: {problems}") from None
