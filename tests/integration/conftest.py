import pytest


@pytest.fixture
def wait_for():
    """Process Qt events until ``cond()`` holds (tasks finish on the main thread's event loop)."""
    import time

    from qgis.core import QgsApplication

    def _wait(cond, timeout=60.0):
        end = time.time() + timeout
        while time.time() < end:
            QgsApplication.processEvents()
            if cond():
                return True
            time.sleep(0.01)
        raise AssertionError("timed out waiting")

    return _wait
