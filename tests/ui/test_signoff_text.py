"""The dock's sign-off line names people (人员姓名), not their logins."""
from wpzf.store.people import namer
from wpzf.ui.signoff import unit_text


def test_the_sign_off_line_names_who_submitted_and_reviewed():
    rows = [{"key": "1409232021050001", "ZT": "通过", "TJR": "op01", "SHR": "rev01"}]
    text = unit_text(rows, "zh", namer({"op01": "王明", "rev01": "李华"}))
    assert "王明" in text and "李华" in text and "op01" not in text and "rev01" not in text
    assert "op01" in unit_text(rows, "zh")   # without names: the login, as before
