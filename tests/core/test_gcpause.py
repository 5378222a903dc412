"""core/gcpause.py: the cycle collector waits for one bulk step and runs again after it, also when it fails."""
import gc

import pytest

from wpzf.core.gcpause import gc_paused


def test_paused_inside_and_running_after_even_on_failure():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError):
        with gc_paused():
            raise KeyError("a failed step")
    assert gc.isenabled()


def test_a_caller_that_paused_it_keeps_it_paused():
    gc.disable()
    try:
        with gc_paused():
            with gc_paused():
                pass
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
