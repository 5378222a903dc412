"""Violator register: normalization, identity merging, repeat offenders."""
import pytest

from wpzf.core.blacklist import (
    ORGANIZATION,
    PERSON,
    Blacklist,
    BlacklistError,
    Offence,
    Violator,
    id_number_valid,
    normalize_id,
    normalize_name,
)

PERSON_ID = "11010519491231002X"          # the GB 11643 specimen number
USCC = "91350100M000100Y43"               # a well-formed 统一社会信用代码


def test_normalization():
    assert normalize_name("宋  华") == "宋华"
    assert normalize_name("代县ＡＢ建材（有限）公司\u3000") == "代县AB建材(有限)公司"
    assert normalize_id(" 110105-19491231-002x ") == PERSON_ID
    v = Violator("王  芳", "person", "11010519491231002x")
    assert (v.name, v.kind, v.id_number) == ("王芳", PERSON, PERSON_ID)
    assert Violator("某某砂石厂", "企业").kind == ORGANIZATION
    with pytest.raises(BlacklistError):
        Violator("某人", "团体")
    with pytest.raises(BlacklistError):
        Violator("  ")


def test_id_check_characters():
    assert id_number_valid(PERSON_ID) and id_number_valid(USCC)
    assert not id_number_valid("110105194912310021")      # wrong check digit
    assert not id_number_valid("91350100M000100Y42")
    assert not id_number_valid("12345")


def test_spellings_and_id_merge_into_one_violator_and_repeat_by_patches():
    b = Blacklist()
    b.add(Violator("宋  华", PERSON, PERSON_ID), Offence("JC1", 2021, "峪口镇", "农村宅基地违法", 0.4))
    b.add(Violator("宋华", PERSON, PERSON_ID.lower()), Offence("JC2", 2021, "峪口镇", "农村宅基地违法", 0.3))
    b.add(Violator("宋华", PERSON), Offence("JC2", 2021))              # same patch again: counted once
    (e,) = b.entries()
    assert (e.name, e.id_number, e.patch_ids, e.years, e.id_valid) == ("宋华", PERSON_ID, ("JC1", "JC2"), (2021,), True)
    assert e.repeat and e.repeat_reason == "涉及2个图斑"
    assert e.illegal_mu == pytest.approx(0.7)
    assert b.repeat_offenders() == [e]
    assert b.find("宋 华") == [e] and b.find(PERSON_ID.lower()) == [e]


def test_same_patch_in_two_years_is_a_repeat():
    b = Blacklist()
    b.add(Violator("代县某砂石厂", ORGANIZATION, USCC), Offence("JC7", 2020))
    b.add(Violator("代县某砂石厂", ORGANIZATION, USCC), Offence("JC7", 2021))
    (e,) = b.repeat_offenders()
    assert e.patch_ids == ("JC7",) and e.years == (2020, 2021)
    assert e.repeat_reason == "图斑JC7在多个年度被发现"


def test_single_patch_single_year_is_not_a_repeat_and_kinds_stay_apart():
    b = Blacklist()
    b.add(Violator("东村", PERSON), Offence("JC1", 2021))
    b.add(Violator("东村", ORGANIZATION), Offence("JC2", 2021))
    assert b.repeat_offenders() == []
    assert sorted(e.kind for e in b.entries()) == sorted([ORGANIZATION, PERSON])


def test_namesakes_with_different_ids_stay_apart_and_name_only_record_is_ambiguous():
    other_id = "110105194912310012"            # check digit wrong (should be 1)
    b = Blacklist()
    b.add(Violator("李明", PERSON, PERSON_ID), Offence("JC1", 2021))
    b.add(Violator("李明", PERSON, other_id), Offence("JC2", 2021))
    b.add(Violator("李明", PERSON), Offence("JC3", 2021))
    entries = b.entries()
    assert len(entries) == 3 and not any(e.repeat for e in entries)
    (name_only,) = [e for e in entries if not e.id_number]
    assert name_only.ambiguous_with == tuple(sorted([PERSON_ID, other_id]))
    (bad,) = [e for e in entries if e.id_number == other_id]
    assert bad.id_valid is False


def test_name_only_records_group_by_name_and_become_repeat():
    b = Blacklist()
    b.extend([(Violator("张三"), Offence("JC1", 2021)), (Violator("张 三"), Offence("JC9", 2021))])
    (e,) = b.entries()
    assert e.repeat and e.id_valid is None and e.ambiguous_with == ()
    with pytest.raises(BlacklistError):
        b.add(Violator("张三"), Offence(" ", 2021))
