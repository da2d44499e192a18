"""Which device errors end the engine (engine/scheduler.py is_fatal_cuda): typed errors by their CUDA code,
untyped ones by their message."""

import pytest
import torch

from ttsserve.engine.scheduler import is_fatal_cuda

needs_typed = pytest.mark.skipif(not hasattr(torch, "AcceleratorError"), reason="torch without AcceleratorError")


def _accel(msg: str, code: int | None):
    exc = torch.AcceleratorError(msg)
    if code is not None:
        exc.error_code = code  # what torch sets from c10::AcceleratorError::get_error_code()
    return exc


@needs_typed
@pytest.mark.parametrize("code", [700, 710, 719])
def test_typed_sticky_codes_are_fatal_whatever_the_message(code):
    assert is_fatal_cuda(_accel("CUDA error: reworded in a future release", code))


@needs_typed
def test_typed_non_sticky_code_is_the_jobs_own_even_if_the_message_matches():
    # cudaErrorInvalidConfiguration (9): a bad launch for one input, the context stays usable
    assert not is_fatal_cuda(_accel("CUDA error: misaligned launch config", 9))


@needs_typed
def test_typed_without_a_code_falls_back_to_the_message():
    assert is_fatal_cuda(_accel("CUDA error: an illegal memory access was encountered", None))
    assert not is_fatal_cuda(_accel("CUDA error: invalid argument", None))


def test_untyped_errors_by_message():
    assert is_fatal_cuda(RuntimeError("CUDA error: device-side assert triggered"))
    assert not is_fatal_cuda(RuntimeError("shape mismatch"))
    assert not is_fatal_cuda(ValueError("illegal memory access"))  # not a RuntimeError
