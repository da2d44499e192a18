"""Admission control sized from measured service time (engine/admission.py): the rate estimate is injected or
fed by hand, so nothing here depends on how fast this machine is."""

from __future__ import annotations

import asyncio
import math

import pytest

from ttsserve.engine.admission import Backlog, ServiceRate
from ttsserve.engine.engine import SynthesisRequest
from ttsserve.errors import OverloadedError

from tests.conftest import running_client
from tests.stages import HoldWorker, counter, until


# ----------------------------------------------------------------------------- the estimators
def test_service_rate_says_nothing_until_enough_is_measured():
    rate = ServiceRate(min_busy_s=5.0, min_jobs=3, fold_s=1.0)
    rate.busy(4.0)
    rate.finished(100)
    rate.finished(100)
    rate.finished(100)
    assert rate.chars_per_s is None  # 4 busy seconds < 5
    rate.busy(2.0)
    rate.finished(60)
    # folded at the first finish: 100 chars over 4 s; the next two finish with no busy time since, so they
    # count in the next fold: 260 chars over 2 s, weighted by 1 - e^(-2/30)
    first = 100 / 4.0
    alpha = 1 - math.exp(-2.0 / 30.0)
    assert rate.chars_per_s == pytest.approx(first + alpha * (260 / 2.0 - first))


def test_service_rate_folds_only_after_fold_s_of_busy_time():
    rate = ServiceRate(min_busy_s=0.0, min_jobs=1, fold_s=1.0, tau_s=10.0)
    rate.busy(0.5)
    rate.finished(50)
    assert rate.chars_per_s is None  # nothing folded yet: half a second is too little to say
    rate.busy(0.5)
    rate.finished(50)
    assert rate.chars_per_s == pytest.approx(100.0)
    rate.busy(10.0)
    rate.finished(100)  # a much slower stretch pulls the average by 1 - e^-1
    assert rate.chars_per_s == pytest.approx(100.0 + (1 - math.exp(-1.0)) * (10.0 - 100.0))


def test_injected_rate_wins_until_cleared():
    rate = ServiceRate()
    rate.inject(42.0)
    assert rate.chars_per_s == 42.0 and rate.report()["injected"] is True
    rate.inject(None)
    assert rate.chars_per_s is None


def test_backlog_estimate_shares_the_worker_between_jobs():
    backlog = Backlog()
    assert backlog.estimated_wait_s(10, 10.0) == 1.0
    backlog.add("a", 100)
    backlog.add("b", 5)
    # a 10-character job: 10 of a's work and all of b's ahead of it, then its own 10
    assert backlog.estimated_wait_s(10, 10.0) == pytest.approx((10 + 5 + 10) / 10.0)
    # a 200-character one waits for all of both
    assert backlog.estimated_wait_s(200, 10.0) == pytest.approx((100 + 5 + 200) / 10.0)
    backlog.remove("a")
    backlog.remove("a")  # twice is harmless (a done callback after a cancel)
    assert len(backlog) == 1 and backlog.chars == 5


# ----------------------------------------------------------------------------- the engine
def test_request_is_refused_when_its_estimated_wait_is_too_long(engine_factory):
    engine = engine_factory(request_timeout_s=10, retry_after_s=1)
    engine.service_rate.inject(2.0)  # characters per busy second
    hold = HoldWorker(engine)

    async def main():
        first = asyncio.create_task(engine.synthesize(SynthesisRequest(text="慢" * 6, voice="slow")))
        await hold.busy()
        # backlog 6: a 10-character request would be done after (6 + 10) / 2 = 8 s: admitted
        second = asyncio.create_task(engine.synthesize(SynthesisRequest(text="慢" * 10, voice="slow")))
        await until(lambda: len(engine.backlog) == 2)
        # backlog 16: a 12-character request, (6 + 10 + 12) / 2 = 14 s > 10 s: refused at once
        with pytest.raises(OverloadedError) as info:
            engine.submit(SynthesisRequest(text="慢" * 12, voice="slow"))
        assert info.value.status == 503 and info.value.code == "overloaded"
        assert info.value.headers == {"Retry-After": "4"}  # ceil(14 - 10)
        assert info.value.message == ("the server is overloaded: this request would wait about 14 s, longer than "
                                      "10 s; retry later")
        # a short one still fits beside them: (2 + 2 + 2) / 2 = 3 s
        short = asyncio.create_task(engine.synthesize(SynthesisRequest(text="慢慢", voice="slow")))
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


def test_worker_measures_the_rate_from_finished_jobs(engine_factory):
    engine = engine_factory()
    engine.service_rate.min_busy_s, engine.service_rate.min_jobs, engine.service_rate.fold_s = 0.0, 1, 0.0

    async def main():
        for _ in range(3):
            await engine.synthesize(SynthesisRequest(text="你好你好", voice="tone"))

    asyncio.run(main())
    report = engine.memory()["admission"]
    assert report["jobs"] == 3 and report["chars_per_s"] > 0  # measured from the worker's own iterations


# ----------------------------------------------------------------------------- over HTTP
def test_overloaded_is_a_json_503_with_retry_after(tone_settings):
    with running_client(tone_settings(request_timeout_s=120)) as client:
        client.app.state.engine.service_rate.inject(0.01)  # 2 characters: about 200 s
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
