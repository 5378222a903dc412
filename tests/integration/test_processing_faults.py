"""A store fault inside an algorithm reaches Processing as one sentence naming the file, not a traceback."""
import uuid

import pytest

from wpzf.store import create_workspace


def test_a_damaged_workspace_is_a_processing_message(wpzf_provider, tmp_path):
    from qgis import processing
    from qgis.core import QgsProcessingException

    path = tmp_path / "ws.gpkg"
    create_workspace(path).close()
    data = bytearray(path.read_bytes())
    data[1024:4096] = uuid.uuid4().bytes * 192   # the schema page overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(QgsProcessingException) as err:
        processing.run("wpzf:refresh_deadlines", {"WORKSPACE": str(path)})
    text = str(err.value)
    assert str(path) in text and "backup" in text and "Traceback" not in text
