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


@pytest.fixture(scope="session")
def wpzf_provider(qgis_processing):
    """The WPZF Processing provider, registered once for the session (the Python object must stay
    referenced while QGIS uses it)."""
    from qgis.core import QgsApplication

    from wpzf.processing.provider import WpzfProvider

    reg = QgsApplication.processingRegistry()
    if reg.providerById("wpzf") is not None:
        return reg.providerById("wpzf")
    provider = WpzfProvider()
    assert reg.addProvider(provider), [p.id() for p in reg.providers()]
    return provider
