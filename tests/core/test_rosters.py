import json
import re
from pathlib import Path

import pytest

from wpzf.core.rosters import (
    DEFAULT_ROSTER,
    RosterError,
    load_default_roster,
    load_roster,
    normalize_name,
    roster_from_dict,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "000_cbf8b52b4a297db4.txt"


def _seed_lines() -> list[str]:
    if not SEED.exists():
        pytest.skip(f"seed text not available: {SEED}")
    return SEED.read_text(encoding="utf-8").splitlines()


def _nospace(s: str) -> str:
    return re.sub(r"\s+", "", s)


# -- an independent re-parse of the seed's attachments --------------------------------------------
def parse_attachment2(lines):
    """[(township, leaders, [(leader, [villages])])] in the seed's order."""
    start, end = lines.index("附件2"), lines.index("附件4")
    towns = []
    for raw in lines[start:end]:
        s = raw.strip()
        head = re.fullmatch(r"\d、(\S+?[镇乡])：", s)
        if head:
            towns.append([head.group(1), None, []])
            continue
        if not towns or not s:
            continue
        g = re.fullmatch(r"（\d+）(.+?)包保[:：](.+)", s)
        if g:
            villages = [v for v in g.group(2).rstrip("。").split("、") if v]
            towns[-1][2].append((_nospace(g.group(1)), villages))
        elif towns[-1][1] is None and not towns[-1][2]:
            towns[-1][1] = [_nospace(x) for x in re.split(r"\s{3,}", s)]
    return towns


def parse_attachment3(lines):
    """Zone rows: [name, extent, commander, deputy(+title line), units...] from the tab-led table."""
    start = next(i for i, line in enumerate(lines) if "县城片区制划分）名单" in line and line.startswith(" "))
    rows, cell_rows, note = [], None, None
    for raw in lines[start + 1:lines.index("附件4")]:
        if raw.strip().startswith("备注"):
            note = raw.strip().split("：", 1)[1]
            break  # the last row runs straight into the note
        if raw.startswith("\t"):
            cell_rows = cell_rows if cell_rows is not None else []
            cell_rows.append(raw[1:].strip())
        elif not raw.strip():
            if cell_rows:
                rows.append(cell_rows)
            cell_rows = None
        else:
            cell_rows[-1] += "\n" + raw.strip()
    if cell_rows:
        rows.append(cell_rows)
    zones = [r for r in rows if r[0] != "片区名称"]
    return zones, note


# -- the JSON against the seed ----------------------------------------------------------------------
def test_default_roster_file_ships_with_the_package():
    assert DEFAULT_ROSTER.exists()
    doc = json.loads(DEFAULT_ROSTER.read_text(encoding="utf-8"))
    assert doc["county"] == {"code": "140923", "name": "代县", "city": "忻州市", "province": "山西省"}


def test_townships_and_villages_match_attachment2():
    seed = parse_attachment2(_seed_lines())
    roster = load_default_roster()
    assert [t[0] for t in seed] == [t.name for t in roster.townships]
    assert len(seed) == 9
    total = 0
    for (name, leaders, guarantees), t in zip(seed, roster.townships):
        assert list(t.leaders) == leaders, name
        assert [(g.leader, [v.name for v in g.villages]) for g in t.guarantees] == guarantees, name
        for leader, villages in guarantees:
            for v in villages:
                found = roster.village(v, name)
                assert (found.township_name, found.guarantor) == (name, leader)
            total += len(villages)
    assert total == len(roster.villages) == 182
    # written exactly as in the plan, including the one without 村
    assert roster.village("下官院").township_name == "阳明堡镇"


def test_zones_match_attachment3():
    zones, note = parse_attachment3(_seed_lines())
    roster = load_default_roster()
    assert len(zones) == len(roster.zones) == 14
    assert roster.zones_note == note
    for row, z in zip(zones, roster.zones):
        name, extent, commander, deputy, units = row
        dname, dtitle = deputy.split("\n")
        assert z.name == name and z.extent == extent
        assert z.commander == _nospace(commander)
        assert z.deputy.name == _nospace(dname) and z.deputy.title == dtitle.strip("（）")
        assert list(z.units) == units.split()


def test_leading_group_and_office_match_attachment1():
    lines = _seed_lines()
    a1 = lines[lines.index("附件1"):lines.index("附件2")]
    text = "\n".join(a1)
    roster = load_default_roster()
    lg, office = roster.leading_group, roster.office
    assert [p.label for p in lg.leaders] == ["李海东 县政府副县长"]
    assert [p.label for p in lg.deputy_leaders] == ["张国文 县自然资源局负责人"]
    assert len(lg.members) == 27
    cut = text.index("领导小组下设办公室")
    for p in lg.members:
        # every member line of the seed, with its title, normalized
        assert p.title in text[:cut] and p.name in _nospace(text[:cut])
    assert lg.members[0].name == "丁天才" and lg.members[-1].name == "弓跃俊"
    assert [(p.name, p.note) for p in office.directors] == [("张国文", "兼")]
    assert [(p.name, p.note) for p in office.deputy_directors] == [("弓跃俊", "兼")]
    assert [p.name for p in office.members][-2:] == ["梁晓明", None]
    assert office.members[-1].title == "各乡（镇）自然资源服务中心负责人"
    for p in office.members[:-1]:
        assert p.title in text[cut:]
    assert office.contact.name == "梁晓明" and office.contact_email == "779404294@qq.com"


# -- names ---------------------------------------------------------------------------------------
def test_names_with_inner_spaces_are_normalized():
    assert normalize_name("宋  华") == "宋华"
    assert normalize_name("李\u3000诺") == "李诺"
    assert normalize_name(" 于\xa0 超 ") == "于超"
    roster = load_default_roster()
    assert "宋华" in roster.leaders_of("峪口镇")
    assert "李诺" in roster.leaders_of("新高乡")
    assert any(p.name == "于超" for p in roster.leading_group.members)
    assert roster.zone("西关片区").deputy.name == "周玮"
    every = [p.name for p in roster.leading_group.members if p.name]
    every += [v.guarantor for v in roster.villages] + [z.commander for z in roster.zones]
    every += [z.deputy.name for z in roster.zones]
    assert all(" " not in n and "\u3000" not in n for n in every)
    # lookups accept the spaced spelling too
    assert [v.name for v in roster.villages_of_leader("宋  华")] == [
        "枪杆村", "滩上村", "东章村", "选仁村", "圪塔村"]


# -- codes ---------------------------------------------------------------------------------------
def test_township_and_village_codes():
    roster = load_default_roster()
    assert [t.code for t in roster.townships] == [f"140923{n}" for n in range(100, 109)]
    assert all(t.code_source == "demo (replace with the official 行政区划代码)" for t in roster.townships)
    for t in roster.townships:
        assert [v.code for v in t.villages] == [f"{t.code}{i:03d}" for i in range(1, len(t.villages) + 1)]
    assert roster.village_by_code("140923100001").name == "峨西村"
    assert roster.village_by_code("1409231000010000000").name == "峨西村"


# -- lookups -------------------------------------------------------------------------------------
def test_lookups():
    roster = load_default_roster()
    assert roster.township("140923102").name == "阳明堡镇"
    assert roster.township("上馆镇").code == "140923101"
    assert roster.leaders_of("上馆镇") == ("温安娜", "李海东", "王粉梅", "席晓明")
    township, leader = roster.locate_village("芳昌村")
    assert (township.name, leader) == ("上馆镇", "席晓明")
    assert [z.name for z in roster.zones_of_person("李海东")] == ["韩曲片区"]
    assert [z.name for z in roster.zones_of_person("张国文")] == ["韩曲片区"]
    z = roster.zone("平城片区")
    assert (z.commander, z.deputy.name, z.deputy.title) == ("蔚丽平", "张英瑞", "县住房城乡建设局局长")
    assert "供电公司" in z.units
    with pytest.raises(RosterError):
        roster.township("繁峙县")
    with pytest.raises(RosterError):
        roster.village("不存在村")


def test_duplicate_village_names_need_the_township():
    roster = load_default_roster()
    assert sorted(v.township_name for v in roster.villages_named("东村")) == ["枣林镇", "聂营镇"]
    with pytest.raises(RosterError, match="several townships"):
        roster.village("东村")
    assert roster.village("东村", "聂营镇").guarantor == "郭万国"
    assert roster.village("东村", "140923103").guarantor == "王秀芳"
    assert roster.village("下街村", "新高乡").guarantor == "王志勇"


def test_load_roster_from_another_file(tmp_path):
    doc = {
        "county": {"code": "140900", "name": "测试县"},
        "year": 2022,
        "townships": [{
            "code": "140900100", "name": "甲镇", "leaders": ["张  三"],
            "guarantees": [{"leader": "张  三", "villages": [{"code": "140900100001", "name": "一村"}]}],
        }],
        "zones": [],
    }
    p = tmp_path / "r.json"
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = load_roster(p)
    assert r.village("一村").guarantor == "张三" and r.year == 2022
    doc["townships"][0]["guarantees"][0]["villages"].append({"code": "140900100001", "name": "二村"})
    with pytest.raises(ValueError, match="used twice"):
        roster_from_dict(doc)


def test_core_rosters_is_pure_python():
    src = (ROOT / "core" / "rosters.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+(qgis|PyQt\d?|osgeo)", src, re.M)
