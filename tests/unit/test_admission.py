"""Admission control sized from measured service time (engine/admission.py): the rate estimate is injected or
fed by hand, so nothing here depends on how fast this machine is."""

from __future__ import annotations

import asyncio
import math
import time

import pytest

from ttsserve.engine.admission import Backlog, CostModel, ServiceRate
from ttsserve.engine.engine import SynthesisRequest
from ttsserve.errors import OverloadedError

from tests.conftest import running_client
from tests.stages import HoldWorker, counter, until


# ----------------------------------------------------------------------------- the estimators
def test_service_rate_says_nothing_until_enough_is_measured():
    rate = ServiceRate(min_busy_s=5.0, fold_s=1.0)
    rate.produced(40.0)
    rate.busy(4.0)  # folded: 40 s of audio in 4 busy seconds
    assert rate.audio_s_per_s is None  # 4 busy seconds < 5
    rate.produced(10.0)
    rate.busy(2.0)  # 10 s of audio in 2 busy seconds; the first fold's weight decays by e^(-2/30)
    decay = math.exp(-2.0 / 30.0)
    assert rate.audio_s_per_s == pytest.approx((40.0 * decay + 10.0) / (4.0 * decay + 2.0))


def test_service_rate_folds_only_after_fold_s_of_busy_time():
    rate = ServiceRate(min_busy_s=0.0, fold_s=1.0, tau_s=10.0)
    rate.produced(5.0)
    rate.busy(0.5)
    assert rate.audio_s_per_s is None  # nothing folded yet: half a second is too little to say
    rate.produced(5.0)
    rate.busy(0.5)
    assert rate.audio_s_per_s == pytest.approx(10.0)
    for _ in range(10):  # ten busy seconds that made nothing (jobs cancelled half-way) pull the average down
        rate.busy(1.0)
    weight = math.exp(-0.1)  # each busy second's fold decays the sums by e^(-1 / tau_s)
    assert rate.audio_s_per_s == pytest.approx(10.0 * weight**10 / (weight**10 + sum(weight**i for i in range(10))))
    assert rate.audio_s_per_s < 1.0


def test_one_stalled_iteration_does_not_lock_the_server_out():
    """Session 35 (H100): a voice's first request compiled its Triton kernels and captured graphs inside one
    iteration on a fresh host; counted, that left the rate at 0.019 audio seconds per busy second (32 s of audio
    in 18.8 busy seconds) and every 42-character request (8 s of audio) was refused from then on, the worker idle:
    nothing admitted, no busy time, no new measurement. Here: ordinary iterations, then one of 17 s. An iteration
    longer than stall_s is left out with its audio; the iterations before and after it decide the rate."""
    counted = ServiceRate(min_busy_s=1.0, stall_s=math.inf)  # the rule before
    rate = ServiceRate(min_busy_s=1.0)
    for r in (counted, rate):
        for _ in range(6):  # the warm-up: 5.3 s of audio in each 0.3 s iteration
            r.produced(32.0 / 6)
            r.busy(0.3)
        r.produced(2.0)  # the stalled iteration's little audio
        r.busy(17.0)
    assert counted.audio_s_per_s < 2.0  # 8 s of audio would "wait" over 4 s...
    assert 8.0 / counted.audio_s_per_s > 4.0
    assert rate.audio_s_per_s == pytest.approx(32.0 / 1.8)  # ...where the server makes it in under half a second
    assert rate.report()["stalled_iterations"] == 1 and rate.report()["stalled_s"] == pytest.approx(17.0)
    assert rate.report()["audio_s_made"] == pytest.approx(34.0)  # (the total still counts every second made)
    rate.produced(10.0)
    rate.busy(1.0)  # the next ordinary iteration counts again, folded with the warm-up's last two
    folded, pending = (4 * 32.0 / 6, 1.2), (2 * 32.0 / 6 + 10.0, 0.6 + 1.0)
    decay = math.exp(-pending[1] / 30.0)
    assert rate.audio_s_per_s == pytest.approx((folded[0] * decay + pending[0]) / (folded[1] * decay + pending[1]))


def test_a_cold_start_does_not_hold_the_rate_down():
    """A cold server's first busy seconds load a voice and make no audio; the rate is then the audio over the busy
    time so far, not the first fold's near-0 (which took about tau_s busy seconds to forget: a cold server refused
    work it could do in seconds)."""
    rate = ServiceRate(min_busy_s=5.0, fold_s=1.0, tau_s=30.0)
    rate.busy(2.0)  # the voice loads
    for _ in range(4):  # then 1.2 s of audio per busy second
        rate.produced(1.2)
        rate.busy(1.0)
    assert 0.7 < rate.audio_s_per_s < 0.85  # 4.8 s in 6 s is 0.8 (recent seconds weigh a little more)
    for _ in range(60):
        rate.produced(1.2)
        rate.busy(1.0)
    assert rate.audio_s_per_s == pytest.approx(1.2, rel=0.02)  # the load is forgotten


def test_injected_rate_wins_until_cleared():
    rate = ServiceRate()
    rate.inject(42.0)
    assert rate.audio_s_per_s == 42.0 and rate.report()["injected"] is True
    rate.inject(None)
    assert rate.audio_s_per_s is None


def test_cost_model_learns_audio_per_character():
    cost = CostModel(0.2, alpha=0.5)
    assert cost.cost(10, 1.0) == pytest.approx(2.0)
    assert cost.cost(10, 2.0) == pytest.approx(1.0)  # twice as fast: half the audio
    cost.observe(10, 1.0, 4.0)  # 0.4 s per character seen: halfway there
    assert cost.audio_per_char == pytest.approx(0.3)
    cost.observe(10, 2.0, 2.0)  # 2 s at speed 2 is 4 s at speed 1
    assert cost.audio_per_char == pytest.approx(0.35)
    cost.observe(0, 1.0, 1.0)
    cost.observe(5, 1.0, 0.0)  # nothing to learn from
    assert cost.audio_per_char == pytest.approx(0.35) and cost.observed == 2


def test_backlog_counts_what_is_left_to_make():
    class FakeJob:
        audio_made = 0.0

    backlog = Backlog()
    assert backlog.total == 0
    a, b = FakeJob(), FakeJob()
    backlog.add(a, 100)
    backlog.add(b, 5)
    assert backlog.total == pytest.approx(105.0)
    a.audio_made = 40.0  # the worker made 40 s of a's audio
    b.audio_made = 9.0  # more than its estimate: nothing left, not less than nothing
    assert backlog.total == pytest.approx(60.0)
    backlog.remove(a)
    backlog.remove(a)  # twice is harmless (a done callback after a cancel)
    assert len(backlog) == 1 and backlog.total == 0


def test_backlog_knows_the_earliest_deadline_and_drops_expired_jobs():
    class FakeJob:
        def __init__(self, deadline: float) -> None:
            self.deadline, self.audio_made = deadline, 0.0

    backlog = Backlog()
    assert backlog.state(100.0) == (0.0, math.inf)
    backlog.add(FakeJob(130.0), 10)
    backlog.add(FakeJob(110.0), 20)
    backlog.add(FakeJob(99.0), 40)  # past its deadline at 100: the worker drops it, no work left, no deadline
    assert backlog.state(100.0) == (30.0, 10.0)


def test_a_request_that_would_make_admitted_ones_miss_their_deadline_is_refused(engine_factory):
    engine = engine_factory(request_timeout_s=100)
    engine.service_rate.inject(1.0)
    engine.cost = CostModel(1.0, alpha=0.0)

    class Admitted:
        audio_made = 0.0

    ahead = Admitted()
    ahead.deadline = time.monotonic() + 50  # 50 s left (a request admitted earlier)
    engine.backlog.add(ahead, 10)
    engine._check_admission(SynthesisRequest(text="慢" * 3, voice="slow"), stream=False)  # 13 s: fits in 50
    engine.backlog.add(ahead, 60)  # 63 s of work now: within the new request's 100 s, not within the 50 s left
    with pytest.raises(OverloadedError) as info:
        engine._check_admission(SynthesisRequest(text="慢" * 3, voice="slow"), stream=False)
    assert info.value.message.startswith("the server is overloaded: admitting it would make requests already "
                                         "waiting miss their deadline (in ")
    assert int(info.value.headers["Retry-After"]) >= 13  # 63 - 50, and a little more as time passes


# ----------------------------------------------------------------------------- the engine
def test_request_is_refused_when_its_estimated_wait_is_too_long(engine_factory):
    engine = engine_factory(request_timeout_s=100, retry_after_s=1)
    engine.service_rate.inject(0.2)  # audio seconds per busy second
    engine.cost = CostModel(1.0, alpha=0.0)  # 1 s of audio per character: costs read as characters
    hold = HoldWorker(engine)

    async def main():
        first = asyncio.create_task(engine.synthesize(SynthesisRequest(text="慢" * 6, voice="slow")))
        await hold.busy()
        # backlog 6 (the held job has made no audio yet): a 10-character request, (6 + 10) / 0.2 = 80 s: admitted
        second = asyncio.create_task(engine.synthesize(SynthesisRequest(text="慢" * 10, voice="slow")))
        await until(lambda: len(engine.backlog) == 2)
        # backlog 16: a 6-character request, (16 + 6) / 0.2 = 110 s > 100 s: refused at once
        with pytest.raises(OverloadedError) as info:
            engine.submit(SynthesisRequest(text="慢" * 6, voice="slow"))
        assert info.value.status == 503 and info.value.code == "overloaded"
        assert info.value.headers == {"Retry-After": "10"}  # ceil(110 - 100)
        assert info.value.message == ("the server is overloaded: this request would wait about 110 s, longer than "
                                      "100 s; retry later")
        # a short one still fits: (16 + 2) / 0.2 = 90 s, within the first job's time left (just under 100 s)
        short = asyncio.create_task(engine.synthesize(SynthesisRequest(text="慢" * 2, voice="slow")))
        await until(lambda: len(engine.backlog) == 3)
        hold.release()
        await asyncio.gather(first, second, short)

    asyncio.run(main())
    assert len(engine.backlog) == 0  # every answered job left the backlog
    assert counter(engine, "ttsserve_rejected_requests_total", {"reason": "overloaded"}) == 1
    assert engine.memory()["admission"]["backlog_jobs"] == 0


def test_a_stream_waits_only_for_its_first_sentence(engine_factory):
    engine = engine_factory(request_timeout_s=10, frontend={"type": "test-chars", "max_sentence_chars": 8})
    engine.service_rate.inject(1.0)
    engine.cost = CostModel(1.0, alpha=0.0)
    engine.backlog.add("ahead", 4)
    long_text = "慢" * 30
    with pytest.raises(OverloadedError):  # whole: (4 + 30) / 1 = 34 s
        engine._check_admission(SynthesisRequest(text=long_text, voice="slow"), stream=False)
    # its first chunk: (4 + 8) / 1 = 12 s > 10 s: still refused; with less ahead it is admitted
    with pytest.raises(OverloadedError):
        engine._check_admission(SynthesisRequest(text=long_text, voice="slow"), stream=True)
    engine.backlog.remove("ahead")
    engine._check_admission(SynthesisRequest(text=long_text, voice="slow"), stream=True)  # 8 s


def test_admission_wait_setting_and_switch(engine_factory):
    engine = engine_factory(request_timeout_s=100, admission_max_wait_s=5)
    engine.service_rate.inject(1.0)
    engine.cost = CostModel(1.0, alpha=0.0)
    request = SynthesisRequest(text="慢" * 6, voice="slow")
    with pytest.raises(OverloadedError, match="longer than 5 s"):
        engine._check_admission(request, stream=False)
    engine.settings.admission_control = False
    engine._check_admission(request, stream=False)  # off: admitted whatever the estimate
    engine.settings.admission_control = True
    engine.service_rate.inject(None)
    engine._check_admission(request, stream=False)  # nothing measured yet: admitted


def test_cancelled_and_timed_out_jobs_leave_the_backlog(engine_factory):
    engine = engine_factory(request_timeout_s=0.2)
    hold = HoldWorker(engine)

    async def main():
        first = asyncio.create_task(engine.synthesize(SynthesisRequest(text="慢", voice="slow")))
        await hold.busy()
        from ttsserve.errors import RequestTimeoutError

        with pytest.raises(RequestTimeoutError):
            await engine.synthesize(SynthesisRequest(text="慢慢", voice="slow"))
        hold.release()
        with pytest.raises(RequestTimeoutError):
            await first

    asyncio.run(main())
    assert len(engine.backlog) == 0


def test_worker_measures_the_rate_and_answers_teach_the_cost(engine_factory):
    engine = engine_factory()
    engine.service_rate.min_busy_s, engine.service_rate.fold_s = 0.0, 0.0

    async def main():
        for _ in range(3):
            await engine.synthesize(SynthesisRequest(text="你好你好", voice="tone"))

    asyncio.run(main())
    report = engine.memory()["admission"]
    assert report["audio_s_made"] > 0 and report["audio_s_per_busy_s"] > 0  # from the worker's own iterations
    assert engine.cost.observed == 3 and report["audio_s_per_char"] != 0.2  # the tone voice's audio per character


def test_speed_scales_the_cost(engine_factory):
    engine = engine_factory(request_timeout_s=10)
    engine.service_rate.inject(1.0)
    engine.cost = CostModel(1.0, alpha=0.0)
    with pytest.raises(OverloadedError):  # 12 s of audio
        engine._check_admission(SynthesisRequest(text="慢" * 12, voice="slow"), stream=False)
    engine._check_admission(SynthesisRequest(text="慢" * 12, voice="slow", speed=2.0), stream=False)  # 6 s


# ----------------------------------------------------------------------------- over HTTP
def test_overloaded_is_a_json_503_with_retry_after(tone_settings):
    with running_client(tone_settings(request_timeout_s=120)) as client:
        engine = client.app.state.engine
        engine.cost = CostModel(1.0, alpha=0.0)
        engine.service_rate.inject(0.01)  # 2 characters, 2 s of audio at 0.01 s per busy second: 200 s
        for path, body in (("/synthesize", {"text": "你好"}), ("/v1/audio/speech", {"model": "tts-1", "input": "你好",
                                                                                   "voice": "tone"})):
            resp = client.post(path, json=body)
            assert resp.status_code == 503, path
            assert resp.headers["retry-after"] == "80"
            assert resp.json() == {"error": {"code": "overloaded", "message":
                                             "the server is overloaded: this request would wait about 200 s, longer "
                                             "than 120 s; retry later"}}
        client.app.state.engine.service_rate.inject(1000.0)
        assert client.post("/synthesize", json={"text": "你好"}).status_code == 200
