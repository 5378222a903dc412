import json

import pytest

from wpzf.core import jsontext


@pytest.mark.parametrize("accelerated", [True, False])
def test_compact_json_round_trips_with_and_without_orjson(monkeypatch, accelerated):
    if accelerated and jsontext.orjson is None:
        pytest.skip("orjson not installed")
    if not accelerated:
        monkeypatch.setattr(jsontext, "orjson", None)
    value = {"JCBH": "1409232021", "XMC": "代县", "JCMJ": 1.25, "N": None, "big": 2**70, "d": {"a": [1, 2]}}
    text = jsontext.dumps(value)
    assert json.loads(text) == value
    assert " " not in text and "代县" in text
