"""The scheduler: one loop, one path for every job, iteration-level scheduling at TTS granularity.

Admitted jobs become model calls (pipeline/segment.py). Each iteration, across all active jobs:
1. the acoustic step runs the calls that jobs need next (a job's current call, and its next call when the
   current one is on its last vocoder window), grouped by voice, oldest job first, up to a symbol budget;
2. the vocoder step runs one window of every job that has mel ready, windows stacked across jobs of a voice,
   and each chunk goes to its job at once (pushed to a stream, or kept for a whole response).
A lone job is a batch of one; a long text is many calls that take their turn, so a short request that
arrives meanwhile gets its first audio within an iteration or two. Cancellation and timeouts are checked
every iteration. State only advances after a step succeeded, so a retried step never re-sends audio.

Errors: a job's own failure (bad text, unknown symbol, a bug in its input) fails that job. CUDA out of memory
halves the iteration budget and retries the step, freeing memory in steps: first idle voices and the
allocator's cached blocks, then, if the step fails again, the captured CUDA graphs too (dropping them at the
first OOM left a server under a tight budget without any graphs: session 16). A step that still fails at the
smallest budget with the graphs gone, or after OOM_ATTEMPTS tries, fails only the jobs in it. Anything else
escapes `iterate()`: the worker then fails every waiter and stops (the engine is dead, `/readyz` says so).
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import queue
import sys
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import torch

from ttsserve.audio import resample
from ttsserve.errors import InternalError, OutOfMemoryError, TextError, TTSError
from ttsserve.frontend.split import planning_pieces
from ttsserve.pipeline.base import FIRST_CHUNK_FRAMES, STREAM_CHUNK_FRAMES, AcousticOutput, FrontendOutput
from ttsserve.pipeline.timing import TimingBuilder, call_times
from ttsserve.pipeline.voice import CallPlan, LoadedVoice, SynthesisOptions, plan_calls
from ttsserve.telemetry import JobStats, MemoryProbe, Telemetry

log = logging.getLogger(__name__)

_FROM_JOB = object()  # a piece the frontend processes are still working on (it arrives on job.more_fronts)
_NOT_YET = object()
# tries of one step per iteration, each after freeing memory and halving the budget (from 16 stacked windows
# down to one takes 4 halvings, from the default 8 three; three tries were the limit before session 16)
OOM_ATTEMPTS = 6
# Vocoder windows per iteration (on a GPU vocoder_windows_per_iteration; each job at most one, or on a GPU
# `vocoder_job_windows`): a bounded iteration keeps the wait of a newly arrived job short when many are active;
# jobs without audio yet go first, then the ones served longest ago.
CPU_WINDOWS_PER_ITERATION = 4
# Diagnostics: with TTSSERVE_PHASE_SYNC=1 the worker waits for the device after each phase of an iteration, so
# that `phase_seconds` (in /v1/memory) is device time per phase, not only the host's share (slower; for profiling).
PHASE_SYNC = os.environ.get("TTSSERVE_PHASE_SYNC") == "1"
# On a GPU the vocoder pass's audio is copied to the host asynchronously and handed to its jobs in the next
# iteration, after that iteration's decoder work is launched: the worker does not wait for the device between
# queuing one iteration's work and the next, so the GPU does not sit idle while the host plans (issue 20).
# TTSSERVE_PIPELINE=0 waits for each pass at once (the previous behaviour; for A/B runs).
PIPELINE = os.environ.get("TTSSERVE_PIPELINE", "1") != "0"
# (Session 38's TTSSERVE_PIPELINE_DEPTH, two passes in flight, gained nothing on an H100 in session 39: the wait on
# the previous pass is the GPU's own time, not host time to overlap; removed. docs/benchmarks.md, "Session 39")
# the worker's phases of an iteration (/v1/memory `phase_seconds`): "deliver" hands launched vocoder passes' audio
# to their jobs (waiting for the previous pass's copy at the vocoder step: device time the host waits for, apart
# from the vocoder's own host work since session 37)
PHASES = ("plan", "begin", "advance", "acoustic", "deliver", "vocoder")
# FIRST_CHUNK_FRAMES, STREAM_CHUNK_FRAMES (pipeline/base.py): the chunks of a call whose mel streams out of
# decoder slots, and of a stream's first call.
# Calls join decoder slots in groups: encoding new calls costs about the same for one call as for 32 (small
# kernels, launch-bound), so while the slots are decoding, new calls wait until BEGIN_GROUP of them are waiting
# (or every free slot would be filled) or the oldest has waited BEGIN_MAX_WAIT_S. Idle slots start a call at once.
BEGIN_GROUP = 8
BEGIN_MAX_WAIT_S = 0.015


@dataclass(eq=False)
class CallMel:
    """A call's mel as its acoustic stage makes it: whole at once, or in pieces from a decoder slot."""

    durations: torch.Tensor  # (n_symbols,) int64 frames per symbol (known before the first frame)
    frames: int  # the call's mel frames when complete
    parts: list = field(default_factory=list)  # (n, n_mels) float32 pieces so far
    have: int = 0
    streamed: bool = False  # made in pieces (decoder slots)
    stream: Any = None  # the slot's FrameStream while frames are still coming
    cancel: Callable[[Any], None] | None = None  # frees the slot
    buf: torch.Tensor | None = None  # a streamed call's frames, (frames, n_mels), filled as they come
    decoder: Any = None  # the slots it decodes in
    # its first vocoder chunk: short (first audio early), or in the whole responses' slots the usual one
    first_chunk: int = FIRST_CHUNK_FRAMES
    edges: tuple[int, int] = (0, 0)  # a whole mel's frames before and after its audio (AcousticOutput.edges)

    @classmethod
    def whole(cls, out: AcousticOutput) -> "CallMel":
        return cls(durations=out.durations, frames=int(out.mel.shape[0]), parts=[out.mel], have=int(out.mel.shape[0]),
                   edges=tuple(out.edges))

    @property
    def complete(self) -> bool:
        return self.have >= self.frames

    @property
    def mel(self) -> torch.Tensor:
        """The frames so far (a view: a streamed call's frames are written into one buffer of its length)."""
        if self.buf is not None:
            return self.buf[: self.have]
        if len(self.parts) > 1:
            self.parts = [torch.cat(self.parts)]
        return self.parts[0]

    def add(self, frames: torch.Tensor) -> None:
        n = int(frames.shape[0])
        if self.streamed:
            if self.buf is None:
                self.buf = frames.new_empty(self.frames, frames.shape[1])
            self.buf[self.have : self.have + n].copy_(frames)
        else:
            self.parts.append(frames)
        self.have += n


@dataclass(eq=False)
class _Chunk:
    """A window's audio on its way from the device: its length is known when the pass is launched, its samples
    when the pass's copy to the host is done."""

    n: int
    audio: np.ndarray | None = None


@dataclass(eq=False)
class _Pass:
    """A launched vocoder pass: its chunks (one per job, in order), the host buffer its audio is copied into and
    the event that marks the copy done (None: already on the host)."""

    chunks: list[tuple[Task, _Chunk]]
    host: torch.Tensor
    lengths: list[int]
    done: Any


@dataclass(eq=False)
class Task:
    """An admitted job's progress through its model calls."""

    job: Any  # engine.Job (or the warm-up's stand-in)
    voice: str
    wait_s: float
    started: float  # perf_counter at admission
    stats: JobStats = field(default_factory=JobStats)
    plan: CallPlan | None = None
    emotion: str = ""  # the emotion's name as the voice resolved it (its default when the request named none)
    text_left: list[str] = field(default_factory=list)  # raw text not through the frontend yet (a long text)
    call: int = 0  # the call whose audio is produced now
    mels: dict[int, CallMel] = field(default_factory=dict)  # acoustic outputs of `call` (and `call + 1`)
    windows: list | None = None  # the current call's vocoder windows, planned as its mel allows
    window: int = 0  # next window to run
    planned: int = 0  # mel frames of the current call covered by planned windows
    slot_wait: dict = field(default_factory=dict)  # call -> when it started waiting for a decoder slot
    pieces: list[np.ndarray] = field(default_factory=list)  # whole responses: the audio so far
    audio_started: bool = False
    served: int = -1  # the last iteration that ran a window of this task
    samples: int = 0  # audio samples sent so far (at the voice's rate)
    timing: TimingBuilder | None = None  # a request with timestamps
    text_pos: int = 0  # where the next text piece is looked for in the request text (timestamps)
    # what the job is handed next, in order: (audio, volume), (_Chunk, volume) of a vocoder pass still being
    # copied from the device, or a timing event; counted when queued, handed over when its audio is on the host
    outbox: collections.deque = field(default_factory=collections.deque)

    @property
    def done(self) -> bool:
        return (self.plan is not None and self.call >= len(self.plan.inputs) and not self.text_left
                and not self.outbox)

    def wants_text(self) -> bool:
        """A long text's next piece is due: its plan has at most its current and next call left."""
        return bool(self.text_left) and self.plan is not None and len(self.plan.inputs) - self.call <= 2

    def wants_acoustic(self) -> int | None:
        """The call whose acoustic output this task needs now, if any."""
        if self.plan is None or self.call >= len(self.plan.inputs):  # done, or waiting for its next text piece
            return None
        if self.call not in self.mels:
            return self.call
        current = self.mels[self.call]
        if current.streamed:  # its decoding is over: the next call decodes while this one's audio is made
            due = current.complete
        else:
            due = self.windows is not None and len(self.windows) - self.window <= 1
        nxt = self.call + 1
        if due and nxt < len(self.plan.inputs) and nxt not in self.mels:
            return nxt
        return None


class Budget:
    """How much one iteration may run: acoustic symbols per call group and vocoder windows per forward pass.
    Halved on CUDA OOM, grown back after a run of clean iterations."""

    def __init__(self, *, symbols: int, windows: int) -> None:
        self.max_symbols, self.max_windows = symbols, windows
        self.symbols, self.windows = symbols, windows
        self._clean = 0

    def shrink(self) -> bool:
        """False when already at the minimum (one call, one window)."""
        if self.symbols <= 1 and self.windows <= 1:
            return False
        self.symbols, self.windows = max(1, self.symbols // 2), max(1, self.windows // 2)
        self._clean = 0
        return True

    def success(self) -> None:
        self._clean += 1
        if self._clean >= 50 and (self.symbols < self.max_symbols or self.windows < self.max_windows):
            self.symbols = min(self.max_symbols, self.symbols * 2)
            self.windows = min(self.max_windows, self.windows * 2)
            self._clean = 0


class _StepOOM(Exception):
    """A step's CUDA OOM. Made inside the `except` that caught torch's error: `where` names the innermost line of
    ttsserve's own code it came from (for the log: which model call ran out), without keeping its traceback."""

    def __init__(self, stage: str, tasks: list[Task]) -> None:
        super().__init__(f"CUDA out of memory in the {stage} step")
        self.stage, self.tasks = stage, tasks
        tb = sys.exc_info()[2]
        ours = [f for f in traceback.extract_tb(tb) if f"{os.sep}ttsserve{os.sep}" in f.filename] if tb else []
        self.where = f"{os.path.basename(ours[-1].filename)}:{ours[-1].lineno} {ours[-1].name}" if ours else "?"


class Scheduler:
    def __init__(self, *, settings, telemetry: Telemetry, probe: MemoryProbe, get_voice: Callable[..., LoadedVoice],
                 frontend: Callable[[Any], FrontendOutput], recover_oom: Callable[[str | None, str, bool], None],
                 fault_hook: Callable[[], Callable[[str], None] | None], retired: Callable[[Any], None],
                 publish: Callable[[], None], stack_windows: bool, batch_acoustic: bool,
                 produced: Callable[[Any, float], None] | None = None) -> None:
        self.settings = settings
        self.telemetry = telemetry
        self.probe = probe
        self.get_voice = get_voice
        self.frontend = frontend
        self.recover_oom = recover_oom
        self.fault_hook = fault_hook
        self.retired = retired
        self.publish = publish  # the worker's state for other threads (voice failures, tiers)
        self.produced = produced  # a job got seconds of audio (the worker's measured service rate)
        on_gpu = self.stack_windows = stack_windows
        # One chunk size everywhere: segmented calls mostly fit in one window (no context recomputed); longer
        # calls get windows widened to one length on a GPU (plan_windows(equal_length=True)), so they stack.
        self.chunk_frames = settings.vocoder_chunk_frames
        self._stream_chunk = min(STREAM_CHUNK_FRAMES, self.chunk_frames)  # a streamed mel's chunks after the first
        max_windows = settings.vocoder_max_windows  # on a GPU; on a CPU stacking is slower: one at a time
        self.budget = Budget(symbols=settings.iteration_max_symbols, windows=max_windows if on_gpu else 1)
        self.windows_per_iteration = settings.vocoder_windows_per_iteration if on_gpu else CPU_WINDOWS_PER_ITERATION
        self.job_windows = settings.vocoder_job_windows if on_gpu else 1  # windows a job may take an iteration
        self.iteration = 0
        self.worked = False  # whether the current iteration ran or retired anything
        # On a CPU, batching calls of different lengths saves nothing (the cores are busy either way) and padded
        # shapes change the rounding: one call at a time keeps every job's audio bitwise its own.
        self.batch_acoustic = batch_acoustic
        # Autoregressive acoustic models decode in slots (one on a CPU: calls one at a time, bitwise their own)
        self.decoder_slots = settings.decoder_slots if batch_acoustic else min(1, settings.decoder_slots)
        self.steps_per_advance = settings.decoder_steps_per_advance
        self.max_advances = settings.decoder_max_advances_per_iteration
        # whole responses' calls: slots with longer advances (a GPU; on a CPU they share the one slot)
        self.whole_slots = settings.decoder_whole_slots if batch_acoustic and self.decoder_slots else 0
        self.whole_steps_per_advance = settings.decoder_whole_steps_per_advance
        self.fused_step = settings.decoder_fused_step
        self.streams: dict[Any, tuple[Task, CallMel]] = {}  # a call in a decoder slot -> its task and mel
        # wall seconds per phase of the iterations so far (/v1/memory: where an iteration's time goes), and the
        # worker thread's own CPU seconds in them: wall minus CPU is time the thread waited (for the interpreter
        # lock, the device, a core), so a host-bound level can be told from one where the worker runs
        self.phase_seconds: dict[str, float] = dict.fromkeys(PHASES, 0.0)
        self.phase_cpu_seconds: dict[str, float] = dict.fromkeys(PHASES, 0.0)
        self.iterations_timed = 0
        self.tasks: list[Task] = []
        self.inflight: list[_Pass] = []  # vocoder passes whose audio is still being copied to the host
        # a diagnostic: a list to collect every phase's (name, start, end) in (bench/whole_request_profile_gpu.py
        # lines them up with a GPU profile: what the worker was doing while the GPU idled); None = not collected
        self.phase_log: list[tuple[str, float, float]] | None = None

    # ------------------------------------------------------------------ admission
    def admit(self, job) -> None:
        wait_s = time.monotonic() - job.enqueued_at
        self.telemetry.wait_seconds.observe(wait_s)
        if job.should_stop():
            self.telemetry.jobs.labels("skipped_cancelled").inc()
            job.fail(job.stop_error())
            self.retired(job)
            return
        task = Task(job=job, voice=job.request.voice, wait_s=wait_s, started=time.perf_counter())
        task.stats.stages["frontend"].seconds += job.frontend_s
        self.tasks.append(task)

    @property
    def idle(self) -> bool:
        return not self.tasks

    def voices_in_use(self) -> set[str]:
        return {t.voice for t in self.tasks}

    def _remove(self, task: Task) -> bool:
        if task not in self.tasks:
            return False
        self.worked = True
        self.tasks.remove(task)
        if not self.tasks:  # nobody left to hand audio to
            self.inflight.clear()
        for cm in task.mels.values():
            if cm.stream is not None:  # a job that leaves frees its decoder slots
                self.streams.pop(cm.stream, None)
                if not cm.stream.done:
                    cm.cancel(cm.stream)
                cm.stream = None
        self.retired(task.job)
        return True

    # ------------------------------------------------------------------ one iteration
    def iterate(self) -> bool:
        """One iteration; False when it found nothing to run (every active job waits for text pieces)."""
        self._hook("iteration")  # outside any job: a failure here is the engine's (tests inject one)
        self.iteration += 1
        self.worked = False
        self._reap()
        with self._phase("plan"):
            self._plan()
        self.iterations_timed += 1
        clean = True
        for step in (self._acoustic_step, self._vocoder_step):
            for attempt in range(1, OOM_ATTEMPTS + 1):
                try:
                    step()
                    break
                except _StepOOM as oom:
                    clean = False
                    # the CUDA graphs go from the second try on (they are the largest thing to give back, and
                    # the costliest to rebuild)
                    log.warning("CUDA OOM in the %s step at %s (try %d of %d, %d job(s); budget was %d symbols, "
                                "%d windows)", oom.stage, oom.where, attempt, OOM_ATTEMPTS, len(oom.tasks),
                                self.budget.symbols, self.budget.windows)
                    self.recover_oom(oom.tasks[0].voice if oom.tasks else None, oom.stage, attempt > 1)
                    shrunk = self.budget.shrink()
                    if attempt == OOM_ATTEMPTS or (not shrunk and attempt > 1):
                        for task in oom.tasks:
                            self._fail(task, OutOfMemoryError(
                                "the GPU ran out of memory for this request even after freeing idle voices and "
                                "shrinking the batch; retry, or send shorter text"))
                        break
        if clean:
            self.budget.success()
        self.telemetry.batch_size.observe(len(self.tasks))
        for task in [t for t in self.tasks if t.done]:
            self._finish(task)
        return self.worked

    def _hook(self, stage: str) -> None:
        hook = self.fault_hook()
        if hook:
            hook(stage)

    def _reap(self) -> None:
        for task in list(self.tasks):
            if task.job.should_stop():
                self._remove(task)
                self.telemetry.jobs.labels("cancelled" if task.audio_started else "skipped_cancelled").inc()
                task.job.fail(task.job.stop_error())

    def _plan(self) -> None:
        """Jobs just admitted become model calls (frontend output -> this voice's calls); a long text planned
        piece by piece gets its next piece when its audio is about to need it."""
        for task in [t for t in self.tasks if t.plan is None or t.wants_text()]:
            job = task.job
            try:
                with self.probe.stage(task.stats, "frontend", host=True):
                    self._hook("frontend")
                    if task.plan is None:
                        voice = self.get_voice(task.voice)  # the request's one counted cache lookup
                        task.emotion = voice.manifest.emotion(job.request.emotion)[0]
                        text = job.front or job.request.text
                        if job.pieces_pending:  # the frontend processes send the rest, in order
                            task.text_left = [_FROM_JOB] * job.pieces_pending
                        elif isinstance(text, str):  # the worker runs the text: a long one piece by piece
                            text, *task.text_left = planning_pieces(text)
                        if job.request.timestamps:
                            task.timing = TimingBuilder(job.request.text)
                        task.plan = self._plan_text(task, voice, text, after=None)
                    else:
                        text = self._next_text(task)
                        if text is _NOT_YET:
                            continue
                        voice = self.get_voice(task.voice, count=False)
                        task.plan = self._plan_text(task, voice, text, after=task.plan)
            except torch.cuda.OutOfMemoryError:  # loading the voice onto the GPU: free memory, tell the caller
                self.recover_oom(task.voice, "load", True)
                self._fail(task, OutOfMemoryError("the GPU ran out of memory loading this voice; retry"))
            except Exception as exc:
                if _escapes(exc):
                    raise
                self._fail(task, exc)

    def _next_text(self, task: Task):
        """The next piece of a long text: raw text, or what the frontend processes made of it once it arrived
        (`_NOT_YET` before; the task then waits without holding up the others)."""
        if task.text_left[0] is not _FROM_JOB:
            return task.text_left.pop(0)
        try:
            item = task.job.more_fronts.get_nowait()
        except queue.Empty:
            return _NOT_YET
        task.text_left.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item if item is not None else self._next_text(task) if task.text_left else _NOT_YET

    def _plan_text(self, task: Task, voice: LoadedVoice, text, *, after: CallPlan | None) -> CallPlan:
        """Plan `text` (a piece of a long text: a piece with nothing speakable is skipped, as the whole text's
        frontend would skip that sentence; only when no piece is left does the job fail)."""
        options = options_for(task.job.request, self.settings)
        while True:
            try:
                front = self.frontend(text)
                return plan_calls(voice, front, options, after=after, text_offset=self._text_offset(task, front))
            except TextError:
                if not task.text_left:
                    if after is not None:
                        return after
                    raise
                text = self._next_text(task)
                if text is _NOT_YET:
                    if after is not None:
                        return after
                    raise

    @staticmethod
    def _text_offset(task: Task, front: FrontendOutput) -> int | None:
        """Where a piece of the request text starts in it (timestamps only): pieces come in order."""
        if task.timing is None:
            return None
        found = task.job.request.text.find(front.source, task.text_pos) if front.source else -1
        offset = found if found >= 0 else task.text_pos
        task.text_pos = offset + len(front.source)
        return offset

    # ------------------------------------------------------------------ acoustic
    def _acoustic_step(self) -> None:
        with self._phase("deliver"):
            self._deliver_passes(wait=False)  # audio already on the host goes out before this step's launches
        # (the rest after this step's work is queued: waiting for them before a step that itself waits for the
        # device, a call's `begin` or a FastSpeech2 call, measured worse: its host work no longer overlapped the
        # pass; docs/benchmarks.md, run 12)
        wanted: dict[str, list[tuple[Task, int]]] = {}
        # jobs still waiting for their first audio first, then admission order (the oldest job first)
        for task in sorted(self.tasks, key=lambda t: t.audio_started):
            k = task.wants_acoustic()
            if k is not None:
                wanted.setdefault(task.voice, []).append((task, k))
        for voice_name, items in wanted.items():
            voice = self._voice(voice_name, "acoustic", [task for task, _ in items])
            if voice is None:
                continue
            slots = self._slots(voice)
            if slots is not None:
                wholes = [(t, k) for t, k in items if not _streaming(t)]
                whole = self._slots(voice, whole=True) if wholes else slots  # (made on first need)
                with self._phase("begin"):
                    if whole is slots:
                        self._begin_calls(slots, items)
                    else:  # streams' calls in the streams' slots, whole responses' in theirs while one is free
                        streams = [(t, k) for t, k in items if _streaming(t)] + wholes[whole.free:]
                        for decoder, mine in ((slots, streams), (whole, wholes[: whole.free])):
                            if mine:
                                self._begin_calls(decoder, mine, whole=decoder is whole)
                continue
            while items:
                group, symbols = [], 0
                for task, k in items:
                    n = len(task.plan.inputs[k].symbol_ids)
                    if group and (symbols + n > self.budget.symbols or not self.batch_acoustic):
                        break
                    group.append((task, k))
                    symbols += n
                items = items[len(group):]
                with self._phase("acoustic"):
                    self._run_acoustic(voice, group)
        # each decoder in use advances once (voice names that run one model, aliases, share its decoders)
        by_slots: dict[int, tuple[Any, list[Task]]] = {}
        for voice_name in {task.voice for task, _ in self.streams.values()}:
            tasks = [task for task, _ in self.streams.values() if task.voice == voice_name]
            if self._voice(voice_name, "acoustic", tasks) is None:  # (moved back to the GPU if it was evicted)
                continue
            for task, cm in self.streams.values():
                if task.voice == voice_name:
                    by_slots.setdefault(id(cm.decoder), (cm.decoder, []))[1].append(task)
        for slots, tasks in by_slots.values():
            with self._phase("advance"):
                self._advance(slots, list(dict.fromkeys(tasks)))

    def _slots(self, voice: LoadedVoice, *, whole: bool = False):
        """The voice's decoder slots (pipeline/base.py DecoderSlots), or None: its acoustic model makes a
        call's mel in one piece. `whole`: the slots for whole responses' calls (longer advances; the streams'
        slots where there are none)."""
        make = getattr(voice.acoustic, "decoder_slots", None)
        if make is None or self.decoder_slots == 0:
            return None
        if whole and self.whole_slots:
            return make(slots=self.whole_slots, steps_per_advance=self.whole_steps_per_advance,
                        fused_step=self.fused_step)
        return make(slots=self.decoder_slots, steps_per_advance=self.steps_per_advance, fused_step=self.fused_step)

    def _begin_calls(self, slots, items: list[tuple[Task, int]], *, whole: bool = False) -> None:
        """Calls join the voice's decoder slots while slots are free (up to the symbol budget), in groups while
        the slots are busy (BEGIN_GROUP, BEGIN_MAX_WAIT_S). `whole`: the whole responses' slots (their calls'
        vocoder chunks are all of the usual length: no short first one)."""
        now = time.perf_counter()
        oldest = min(task.slot_wait.setdefault(k, now) for task, k in items)
        if (slots.busy and len(items) < min(BEGIN_GROUP, slots.free)
                and now - oldest < BEGIN_MAX_WAIT_S):
            return
        group, symbols = [], 0
        for task, k in items:
            n = len(task.plan.inputs[k].symbol_ids)
            if len(group) >= slots.free or (group and symbols + n > self.budget.symbols):
                break
            group.append((task, k))
            symbols += n
        if not group:
            return
        calls = self._model_call("acoustic", [task for task, _ in group],
                                 lambda: slots.begin([task.plan.inputs[k] for task, k in group]))
        if calls is None:
            return
        for (task, k), call in zip(group, calls):
            task.slot_wait.pop(k, None)
            cm = CallMel(durations=call.durations, frames=call.frames, streamed=True, stream=call, cancel=slots.cancel,
                         decoder=slots, first_chunk=self._stream_chunk if whole else FIRST_CHUNK_FRAMES)
            task.mels[k] = cm
            self.streams[call] = (task, cm)
        for call, mel in slots.take_whole(calls):
            _, cm = self.streams.pop(call)
            cm.stream = None
            cm.add(mel)

    def _model_call(self, stage: str, tasks: list[Task], fn: Callable[[], Any]) -> Any:
        """`fn()`, a model call for `tasks`, under the stage's memory probe (its time and peak go to each task),
        the fault hook first (tests inject failures there): its result, or None when it failed them (an error of
        theirs). A CUDA OOM is the step's (`_StepOOM`: the iteration shrinks and retries); a fatal device error
        the engine's."""
        shared = JobStats()
        try:
            with self.probe.stage(shared, stage):
                self._hook(stage)
                out = fn()
        except torch.cuda.OutOfMemoryError:
            raise _StepOOM(stage, tasks) from None
        except Exception as exc:
            if _escapes(exc):
                raise
            for task in tasks:
                self._fail(task, exc)
            return None
        self.worked = True
        for task in tasks:
            _add_stage(task.stats, shared, stage)
        return out

    def _advance(self, slots, tasks: list[Task]) -> None:
        """A few decoder steps of every call in the voice's slots; the new frames go to their calls. One advance
        per `CALLS_PER_ADVANCE` calls in the slots, up to `decoder_max_advances_per_iteration`: a busy decoder
        makes more frames per iteration, so the iteration's fixed cost is paid per more frames; a lone call
        advances once (its first audio as soon as ever)."""
        advances = 1
        if self.max_advances > 1:  # (the calls counted only where the setting allows more than one)
            calls = sum(1 for _, cm in self.streams.values() if cm.decoder is slots)
            advances = min(self.max_advances, max(1, calls // CALLS_PER_ADVANCE))
        for _ in range(advances):
            out = self._model_call("acoustic", tasks, slots.advance)  # (failed: the slots' state is unknown, all go)
            if out is None:
                return
            for call, frames in out:
                task, cm = self.streams[call]
                cm.add(frames)
                if call.done:
                    del self.streams[call]
                    cm.stream = None
            if not slots.busy:
                return

    def _voice(self, name: str, stage: str, tasks: list[Task]) -> LoadedVoice | None:
        """The voice for a step (moved back to the GPU if it was evicted meanwhile). Its OOM is the step's; a
        voice that can no longer load fails the tasks that need it (None)."""
        try:
            return self.get_voice(name, count=False)
        except torch.cuda.OutOfMemoryError:
            raise _StepOOM(stage, tasks) from None
        except Exception as exc:
            if _escapes(exc):
                raise
            for task in tasks:
                self._fail(task, exc)
            return None

    def _run_acoustic(self, voice: LoadedVoice, group: list[tuple[Task, int]]) -> None:
        # (failed: which input broke it is unknown, the jobs of this call group fail)
        outputs = self._model_call("acoustic", [task for task, _ in group],
                                   lambda: voice.acoustic.infer([task.plan.inputs[k] for task, k in group]))
        if outputs is None:
            return
        for (task, k), out in zip(group, outputs):
            task.mels[k] = CallMel.whole(out)

    # ------------------------------------------------------------------ vocoder
    def _vocoder_step(self) -> None:
        # the previous iteration's passes first: their audio goes out (and their windows are done) before more
        # windows are launched; on a GPU this iteration's decoder work is already queued behind them
        with self._phase("deliver"):
            self._deliver_passes(wait=True)
        with self._phase("vocoder"):  # (windows planned, passes launched)
            self._vocoder_passes()

    def _vocoder_passes(self) -> None:
        candidates = [t for t in self.tasks if t.plan is not None and not t.done and t.call in t.mels
                      and t.served < self.iteration]
        by_voice: dict[str, list[Task]] = {}
        for task in candidates:
            by_voice.setdefault(task.voice, []).append(task)
        voices: dict[str, LoadedVoice] = {}
        ready: list[Task] = []
        for voice_name, tasks in by_voice.items():
            voice = self._voice(voice_name, "vocoder", tasks)
            if voice is None:
                continue
            voices[voice_name] = voice
            for task in tasks:
                self._plan_windows(task, voice)  # a pure function of the mel so far: kept if the step fails
                if task.window < len(task.windows):
                    ready.append(task)
        ready.sort(key=lambda t: (t.audio_started, t.served))  # stable: admission order among equals
        groups: dict[str, list[tuple[Task, int]]] = {}
        room = self.windows_per_iteration
        for task in ready:  # each job its current call's next windows, up to `job_windows` (1 on a CPU)
            if room <= 0:
                break
            n = min(self.job_windows, len(task.windows) - task.window, room)
            groups.setdefault(task.voice, []).append((task, n))
            room -= n
        for voice_name, picked in groups.items():  # one pass per voice, its windows stacked
            self._vocode(voices[voice_name], picked)

    def _vocode(self, voice: LoadedVoice, picked: list[tuple[Task, int]]) -> None:
        """Launch the next `n` windows of each (task, n) of `picked` (one voice), stacked, and one device -> host
        copy of the pass's audio (asynchronous on a GPU, `_host_copy`). Each window's chunk is counted and queued
        for its job now (its window is done: the job's plan moves on); its samples are handed over when the copy
        is done."""
        tasks = [task for task, _ in picked]

        def run():
            windows = [t.windows[t.window + j] for t, n in picked for j in range(n)]
            wavs = voice.vocoder.run_windows(windows, max_windows=self.budget.windows)
            return [len(w) for w in wavs], *_host_copy(torch.cat([w.float() for w in wavs]))

        ran = self._model_call("vocoder", tasks, run)
        if ran is None:
            return
        lengths, host, done = ran
        chunks = []
        sizes = iter(lengths)
        for task, n in picked:
            task.served = self.iteration
            for _ in range(n):
                chunk = _Chunk(next(sizes))
                chunks.append((task, chunk))  # (every window's samples are in the pass, in this order)
                if task in self.tasks:  # (not a job that failed on an earlier window of this pass)
                    self._emit(task, chunk)
        self.inflight.append(_Pass(chunks, host, lengths, done))
        if done is None:  # on the host already (a CPU, or PIPELINE off): out now, before the next voice's pass
            self._deliver_passes(wait=False)

    def _deliver_passes(self, *, wait: bool) -> None:
        """Hand launched passes' audio to their jobs, oldest first: each pass whose copy is done (`wait`: waiting
        for it). (Waiting on a copy can only fail with a fatal device error, which ends the engine.)"""
        while self.inflight:
            p = self.inflight[0]
            if p.done is not None:
                if not wait and not p.done.query():
                    return
                p.done.synchronize()
            self.inflight.pop(0)
            samples = p.host.numpy()
            if p.done is not None:
                samples = samples.copy()  # out of the pinned buffer: chunks may be held long (whole responses)
            for (task, chunk), wav in zip(p.chunks, np.split(samples, np.cumsum(p.lengths)[:-1])):
                chunk.audio = wav
                if task in self.tasks:  # (not a job that left meanwhile)
                    self._deliver(task)
            self.worked = True

    @contextlib.contextmanager
    def _phase(self, name: str):
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            yield
        finally:
            if self.phase_log is not None:  # (name, start, end) on perf_counter's clock, for a profile's timeline
                self.phase_log.append((name, start, time.perf_counter()))
            if PHASE_SYNC and torch.cuda.is_available():
                torch.cuda.synchronize()
            self.phase_seconds[name] += time.perf_counter() - start
            self.phase_cpu_seconds[name] += time.thread_time() - cpu

    def _plan_windows(self, task: Task, voice: LoadedVoice) -> None:
        """Plan the current call's windows as far as its mel allows: a whole mel at once (one chunk size
        everywhere); a mel streaming from a decoder slot in a short first chunk, then longer ones, the same
        chunks however far its decoding ran ahead (so its audio does not depend on the other jobs)."""
        cm = task.mels[task.call]
        if task.windows is None:
            task.windows, task.window, task.planned = [], 0, 0
        if task.planned >= cm.frames:
            return
        vocoder = voice.vocoder
        if not cm.streamed:
            # A stream's first call: a short first chunk (first audio after a small window, not a whole
            # `vocoder_chunk_frames` one), then chunks of `vocoder_chunk_frames`. Only there: elsewhere the extra
            # window's context is work for nothing. A function of the job and the mel, never of timing.
            # Only the frames between the mel's edges are heard (the rest is the vocoder's context).
            lead, end = cm.edges[0], cm.frames - cm.edges[1]
            first = []
            if (task.call == 0 and getattr(task.job, "streaming", False) and self.chunk_frames > FIRST_CHUNK_FRAMES
                    and end - lead > FIRST_CHUNK_FRAMES + STREAM_CHUNK_FRAMES):
                first = vocoder.plan_windows(cm.mel, chunk_frames=FIRST_CHUNK_FRAMES, start=lead, end=end)[:1]
            start = lead + sum(w.frames for w in first)
            task.windows = first + vocoder.plan_windows(cm.mel, chunk_frames=self.chunk_frames,
                                                        equal_length=self.stack_windows, start=start, end=end)
            task.planned = cm.frames
            return
        while task.planned < cm.have:
            first = task.planned == 0 and cm.first_chunk != self._stream_chunk  # a short first chunk
            chunk = cm.first_chunk if first else self._stream_chunk
            if not cm.complete and cm.have - task.planned < chunk:
                return  # no whole chunk yet: nothing to plan this iteration (and no pass over the mel)
            new = vocoder.plan_windows(cm.mel, chunk_frames=chunk, equal_length=self.stack_windows and not first,
                                       start=task.planned, final=cm.complete)
            if not new:
                return
            if first:
                new = new[:1]
            task.windows.extend(new)
            task.planned += sum(w.frames for w in new)

    def _emit(self, task: Task, wav: "_Chunk") -> None:
        """One chunk of the current call to its job (after the call's gap when it is the call's first); the
        current call's window is done, and the job's plan moves on."""
        plan = task.plan
        if task.window == 0:
            gap = int(round(plan.gaps_s[task.call] * plan.sample_rate_hz))
            if gap:
                self._send(task, np.zeros(gap, dtype=np.float32))
            if task.timing is not None and not self._time_call(task):
                return
        self._send(task, wav)
        task.window += 1
        cm = task.mels[task.call]
        if task.window >= len(task.windows) and cm.complete and task.planned >= cm.frames:
            del task.mels[task.call]
            task.call += 1
            task.windows, task.window, task.planned = None, 0, 0
            if plan.tail_s and task.call == len(plan.inputs):  # markup: a <break> after the last words
                self._send(task, np.zeros(int(round(plan.tail_s * plan.sample_rate_hz)), dtype=np.float32))

    def _time_call(self, task: Task) -> bool:
        """The current call's character and word times, from its durations, where its audio starts (a stream
        gets them before that audio). False when that failed (the job fails, the others go on)."""
        plan, k = task.plan, task.call
        try:
            times = call_times(plan.texts[k], task.mels[k].durations.tolist(), start_sample=task.samples,
                               hop_length=plan.hop_length, sample_rate_hz=plan.sample_rate_hz)
            nxt = plan.texts[k + 1].syllables if k + 1 < len(plan.texts) else ()
            continues = bool(times and nxt) and nxt[0].span is not None and (
                nxt[0].span[0] + plan.texts[k + 1].text_offset < times[-1].span[1])
            new = task.timing.add(times, continues=continues)
        except Exception as exc:  # noqa: BLE001 - a job's own failure
            self._fail(task, exc)
            return False
        if task.job.streaming and new:
            from ttsserve.engine.engine import TimingEvent

            task.outbox.append((TimingEvent(new), None))  # before the call's audio, after the audio before it
            self._deliver(task)
        return True

    def _send(self, task: Task, piece: "np.ndarray | _Chunk") -> None:
        """Count a piece of the job's audio and queue it for the job (an array, or a chunk whose samples are still
        on their way from the device); it is handed over in order, as soon as its samples are on the host."""
        volume = task.job.request.volume
        if task.plan.gains and task.call < len(task.plan.gains):  # markup: a span's own volume
            volume *= task.plan.gains[task.call]
        n = piece.n if isinstance(piece, _Chunk) else len(piece)
        seconds = n / task.plan.sample_rate_hz
        task.stats.audio_seconds += seconds
        task.samples += n
        if self.produced is not None:
            self.produced(task.job, seconds)
        task.audio_started = True
        task.outbox.append((piece, volume))
        self._deliver(task)

    def _deliver(self, task: Task) -> None:
        """Hand the job what its outbox holds, in order, up to the first chunk whose samples have not arrived."""
        job = task.job
        while task.outbox:
            item, volume = task.outbox[0]
            if isinstance(item, _Chunk):
                if item.audio is None:
                    return
                item = item.audio
            task.outbox.popleft()
            if volume is None:  # a timing event (streams)
                job.push(item)
                continue
            if volume != 1.0:
                item = item * np.float32(volume)
            if job.streaming:
                # request_timeout_s bounds the wait for each chunk of a stream, not the stream's whole length
                job.deadline = time.monotonic() + self.settings.request_timeout_s
                job.push(item)
            else:
                task.pieces.append(item)

    # ------------------------------------------------------------------ outcomes
    def _finish(self, task: Task) -> None:
        from ttsserve.engine.engine import SynthesisResult, TimingEvent

        task.stats.settle()  # (a device error surfacing here ends the engine with this job still failed by it)
        self._remove(task)
        if not self.tasks:  # the last one: /v1/memory is current before its caller hears of it
            self.publish()
        job, req = task.job, task.job.request
        rate = task.plan.sample_rate_hz
        audio = np.concatenate(task.pieces) if task.pieces else np.zeros(0, dtype=np.float32)
        if not job.streaming and req.sample_rate_hz and req.sample_rate_hz != rate:
            audio = resample(audio, rate, req.sample_rate_hz)
            rate = req.sample_rate_hz
        timings = None
        if task.timing is not None:
            rest = task.timing.finish(task.samples / task.plan.sample_rate_hz)  # streamed or not, resampled or not
            if job.streaming and rest:
                job.push(TimingEvent(rest))
            timings = task.timing.all
        synth_s = time.perf_counter() - task.started
        self._observe(task.stats, synth_s)
        self.telemetry.jobs.labels("ok").inc()
        job.resolve(SynthesisResult(
            request_id=job.request_id, audio=audio, sample_rate_hz=rate, voice=req.voice, emotion=task.emotion,
            stats=task.stats, wait_s=task.wait_s, synth_s=synth_s, timings=timings))

    def _fail(self, task: Task, exc: BaseException) -> None:
        self._remove(task)
        self.publish()  # before the caller hears of it: /v1/voices already shows a voice's failure
        job = task.job
        if isinstance(exc, TTSError):
            self.telemetry.jobs.labels(exc.code).inc()
            job.fail(exc)
        else:
            log.error("job %s failed", job.request_id, exc_info=exc)
            self.telemetry.jobs.labels("internal_error").inc()
            job.fail(InternalError(f"synthesis failed ({type(exc).__name__}); request id {job.request_id}"))

    def fail_all(self, exc: BaseException) -> None:
        """Every job fails with `exc` (a shutdown, the engine's death). The worker calls it outside its iterations'
        inference mode, and freeing a job's decoder slots writes the slot state in place (inference tensors):
        hence the mode here. Each job is told whatever its removal meets (a device that died with the engine)."""
        self.inflight.clear()
        with torch.inference_mode():
            for task in list(self.tasks):
                try:
                    self._remove(task)
                except Exception:
                    log.exception("freeing job %s's resources failed", task.job.request_id)
                    if task in self.tasks:
                        self.tasks.remove(task)
                    self.retired(task.job)  # (the queue counts it done: `_remove` stopped before it)
                finally:
                    task.job.fail(exc)

    def _observe(self, stats: JobStats, synth_s: float) -> None:
        t = self.telemetry
        t.synthesis_seconds.observe(synth_s)
        for name, st in stats.stages.items():
            t.stage_seconds.labels(name).observe(st.seconds)
            if self.probe.cuda:
                t.stage_peak_bytes.labels(name).observe(st.peak_allocated_bytes)
        if stats.audio_seconds > 0:
            t.rtf.observe(synth_s / stats.audio_seconds)
            t.audio_seconds.inc(stats.audio_seconds)


# decoder calls per advance of an iteration (`decoder_max_advances_per_iteration`): 8, from session 39's measurements
# at 32 streams of one, two and four advances' worth of steps in one advance (8, 16, 32 steps: about 800, 875 and 950x
# on one H100, first audio at one stream 16-20, 20-21 and 25 ms; docs/benchmarks.md); loads between not measured.
# With it and 4 advances at most (session 40): 32 streams 860-1,008x against 777-948x, first audio at one stream unchanged
CALLS_PER_ADVANCE = 8


def _host_copy(flat: torch.Tensor) -> tuple[torch.Tensor, Any]:
    """`flat` on the host: on a GPU (with PIPELINE) a non-blocking copy into pinned memory and the event that
    marks it done, so that the worker can queue the next iteration's work before the audio arrives; else a
    plain copy (None: done)."""
    if not flat.is_cuda:
        return flat, None
    if not PIPELINE:
        return flat.cpu(), None
    host = torch.empty(flat.shape, dtype=flat.dtype, pin_memory=True)
    host.copy_(flat, non_blocking=True)  # queued on flat's device's current stream ...
    done = torch.cuda.Event()
    done.record(torch.cuda.current_stream(flat.device))  # ... so the event goes there too
    return host, done


def _streaming(task: Task) -> bool:
    return bool(getattr(task.job, "streaming", False))


def options_for(req: Any, settings) -> SynthesisOptions:
    return SynthesisOptions(speaker=req.speaker, emotion=req.emotion, speed=req.speed, pitch=req.pitch,
                            volume=req.volume, seed=req.seed, sentence_silence_s=settings.sentence_silence_s,
                            continues=req.continues)


def _add_stage(stats: JobStats, shared: JobStats, name: str) -> None:
    """A shared pass counts in full for every job in it (the time each job waited on it)."""
    mine, theirs = stats.stages[name], shared.stages[name]
    mine.seconds += theirs.seconds
    mine.add_spans(theirs.pending)  # (a pass's device time, read when the job is done or the list grows long)
    mine.peak_allocated_bytes = max(mine.peak_allocated_bytes, theirs.peak_allocated_bytes)


_FATAL_CUDA_MARKERS = ("device-side assert", "illegal memory access", "unspecified launch failure", "CUDA error: misaligned")
# cudaError_t codes that leave the CUDA context unusable ("sticky"): illegal address 700, assert 710, hardware stack
# 714, illegal instruction 715, misaligned address 716, invalid address space 717, invalid PC 718, launch failure 719.
_FATAL_CUDA_CODES = frozenset({700, 710, 714, 715, 716, 717, 718, 719})
_ACCELERATOR_ERROR = getattr(torch, "AcceleratorError", None)  # typed CUDA errors (torch >= 2.8), with .error_code


def is_fatal_cuda(exc: BaseException) -> bool:
    """A sticky CUDA error: by its code where torch raises a typed AcceleratorError that carries one, else (older
    torch, or a code-less error) by the message."""
    code = getattr(exc, "error_code", None) if _ACCELERATOR_ERROR and isinstance(exc, _ACCELERATOR_ERROR) else None
    if isinstance(code, int):
        return code in _FATAL_CUDA_CODES
    return isinstance(exc, RuntimeError) and any(m in str(exc) for m in _FATAL_CUDA_MARKERS)


def _escapes(exc: BaseException) -> bool:
    """Errors that are not a job's own: they end the engine."""
    return is_fatal_cuda(exc)
