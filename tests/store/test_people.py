"""人员姓名 (store/people.py): the names printed for the logins the workspace records, audited, never the records."""
import pytest

from wpzf.store import Actor, StoreError, create_workspace
from wpzf.store.people import KEY, MAX_NAME, known_logins, name_of, people, set_people


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "ws.gpkg", actor=Actor("Administrator", "pc-1"))
    yield w
    w.close()


def test_names_are_set_cleared_and_audited_and_a_login_without_one_prints_as_it_is(ws):
    assert set_people(ws, {"Administrator": " 张三 ", "wang": "王五（审核）"}, source="test") == 2
    who = name_of(ws)
    assert who("Administrator") == "张三" and who("wang") == "王五（审核）" and who("li") == "li"
    assert who(None) == "" and who(float("nan")) == ""
    assert set_people(ws, {"wang": "王五（审核）"}) == 0           # unchanged: nothing written
    assert set_people(ws, {"wang": ""}, source="test") == 1
    assert people(ws) == {"Administrator": "张三"}
    changes = [r["changes"] for r in ws.audit_records("wz_meta", KEY)]
    assert changes[0] == {"Administrator": [None, "张三"], "wang": [None, "王五（审核）"]}
    assert changes[-1] == {"wang": ["王五（审核）", None]} and ws.verify_audit().ok
    assert known_logins(ws) == ["Administrator"]   # the audit's logins, this computer's and those named


def test_a_refused_name_writes_nothing(ws):
    set_people(ws, {"a": "甲"})
    with pytest.raises(StoreError, match="b"):
        set_people(ws, {"a": "乙", "b": "名" * (MAX_NAME + 1)})
    with pytest.raises(StoreError, match="control"):
        set_people(ws, {"c": "丙\n丁"})
    with pytest.raises(StoreError):
        set_people(ws, {"  ": "无名"})
    assert people(ws) == {"a": "甲"}


def test_a_hand_edited_value_is_ignored_not_fatal(ws):
    for text in ("{not json", "[1, 2]", '{"a": 3, "b": " ", "c": "丙"}'):
        with ws.transaction():
            ws.meta_set(KEY, text)
        assert people(ws) == ({"c": "丙"} if text.startswith('{"a"') else {})
        assert name_of(ws)("a") == "a"
