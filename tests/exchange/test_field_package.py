"""Field packages without the QGIS project: export, edits made on the package's GeoPackage (as a device
would), the three-way merge, conflicts and their resolution, photos (matching, clashing names, bad paths,
non-images), splits, idempotence, failures that leave the workspace untouched, and findings tables."""
import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest
import shapely
from osgeo import ogr
from shapely.geometry import LineString, MultiPolygon
from shapely.ops import split as shapely_split

from wpzf.exchange.field_package import (
    GPKG_NAME,
    MANIFEST_NAME,
    export_field_package,
    import_field_package,
    import_findings_table,
    package_path,
)
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import Actor, StoreError, create_workspace, open_workspace
from wpzf.store.conflicts import OPEN, RESOLVED, list_conflicts, open_count, resolve
from wpzf.store.determinations import save_facts, unit_facts
from wpzf.store.parts import split_patch
from wpzf.tests.exchange.corpus import PATCH_FIELDS as FIELDS
from wpzf.tests.exchange.corpus import _square, write_shp
from wpzf.tests.exchange.test_photos import make_photo


def _row(key, i, town="上馆镇"):
    return {"JCBH": key, "XZQDM": "140923", "XMC": "代县", "XZMC": town, "GDMJ": 1.0, "YJJBNTMJ": 0.0, "NYDMJ": 1.0,
            "JSYDMJ": 0.5, "WLYDMJ": 0.0, "SFSK": "否", "wkt": _square(i)}


def sha_file(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture
def ws(tmp_path):
    rows = [_row("A", 0), _row("B", 1), _row("C", 2), _row("D", 3, "峨口镇")]
    w = create_workspace(tmp_path / "county.gpkg", actor=Actor("office", "pc1"))
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    save_facts(w, fid(w, "A"), {"BHLX": "new_build", "SJYT": "nonagri", "WFGH": True}, source="office")
    yield w
    w.close()


def fid(ws, key):
    return int(ws.select("wz_patch", ["JCBH"], where='"JCBH" = ?', params=(key,))["fid"].iloc[0])


def facts(ws, key, fgid=None):
    return unit_facts(ws, fid(ws, key), fgid)[0]


@pytest.fixture
def pkg(ws, tmp_path):
    folder = tmp_path / "pkg"
    export_field_package(ws, folder, township="上馆镇", verifier="李四", project=False)
    return folder


# ---- editing a package as a device does (the GeoPackage) ---------------------------------------------------
def edit(folder: Path, layer: str, where: str, values: dict) -> None:
    ds = ogr.Open(str(folder / GPKG_NAME), 1)
    lyr = ds.GetLayerByName(layer)
    lyr.SetAttributeFilter(where)
    n = 0
    for feat in lyr:
        for k, v in values.items():
            if v is None:
                feat.SetFieldNull(k)
            else:
                feat.SetField(k, v)
        lyr.SetFeature(feat)
        n += 1
    assert n, where
    ds = None


def add_photo_row(folder: Path, values: dict) -> None:
    ds = ogr.Open(str(folder / GPKG_NAME), 1)
    lyr = ds.GetLayerByName("photos")
    feat = ogr.Feature(lyr.GetLayerDefn())
    for k, v in values.items():
        feat.SetField(k, v)
    lyr.CreateFeature(feat)
    ds = None


def split_in_package(folder: Path, key: str, x: float) -> None:
    """Cut the patch's part along the meridian x (what the split tool does)."""
    ds = ogr.Open(str(folder / GPKG_NAME), 1)
    lyr = ds.GetLayerByName("parts")
    lyr.SetAttributeFilter(f"JCBH = '{key}'")
    feats = list(lyr)
    assert len(feats) == 1
    old = feats[0]
    geom = shapely.from_wkb(bytes(old.GetGeometryRef().ExportToIsoWkb()))
    pieces = list(shapely_split(geom.geoms[0], LineString([(x, 38.9), (x, 39.1)])).geoms)
    assert len(pieces) == 2
    values = {old.GetFieldDefnRef(i).GetName(): old.GetField(i) for i in range(old.GetFieldCount())}
    lyr.DeleteFeature(old.GetFID())
    for p in pieces:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in values.items():
            if v is not None:
                f.SetField(k, v)
        f.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(MultiPolygon([p]))))
        lyr.CreateFeature(f)
    ds = None


def state(ws):
    return ws.row_counts(), len(ws.audit_records()), ws.meta_get("audit_head")


# ---- export ------------------------------------------------------------------------------------------
def test_export_writes_data_and_a_manifest_with_the_base(ws, pkg):
    manifest = json.loads((pkg / MANIFEST_NAME).read_text("utf-8"))
    assert manifest["format"] == "wpzf-field-package" and manifest["township"] == "上馆镇"
    assert manifest["verifier"] == "李四" and manifest["workspace"]["id"] == ws.meta_get("workspace_id")
    assert {r["JCBH"] for r in manifest["records"].values()} == {"A", "B", "C"}
    a = next(r for r in manifest["records"].values() if r["JCBH"] == "A")
    assert a["facts"]["BHLX"] == "new_build" and a["facts"]["WFGH"] is True and a["facts"]["YDPF"] is None
    assert a["BBH"] >= 1 and a["fact_version"] == 1 and a["parts"] == []
    assert a["BBH"] == int(ws.get("wz_patch", fid(ws, "A"))["BBH"])   # the base is the workspace's version
    assert manifest["checksums"]["files"][GPKG_NAME] == sha_file(pkg / GPKG_NAME)
    assert (pkg / "DCIM").is_dir()
    # every exported patch got a stable UUID, audited as an identity (its version did not move)
    patches = ws.select("wz_patch", ["JCBH", "UUID", "BBH"])
    assert patches.set_index("JCBH").loc[["A", "B", "C"], "UUID"].notna().all()
    assert patches.set_index("JCBH").loc["D", "UUID"] is None
    assert set(manifest["records"]) == set(patches["UUID"].dropna())
    ident = [r for r in ws.audit_records("wz_patch") if r["action"] == "identify"]
    assert len(ident) == 3 and ident[0]["source"].startswith("field-export:")
    assert ws.select("wz_fpkg", ["LX", "BH"]).iloc[0][["LX", "BH"]].tolist() == ["导出", manifest["package_id"]]
    # the GeoPackage holds the facts with Chinese aliases, the whole patch as a part and an empty photo table
    ds = ogr.Open(str(pkg / GPKG_NAME))
    lyr = ds.GetLayerByName("patches")
    assert lyr.GetFeatureCount() == 3
    defn = lyr.GetLayerDefn()
    import sqlite3

    con = sqlite3.connect(pkg / GPKG_NAME)
    assert con.execute("SELECT name FROM gpkg_data_columns WHERE table_name = 'patches' AND column_name = 'BHLX'"
                       ).fetchone() == ("变化类型",)
    con.close()
    # a yes/no fact is a plain integer 1 / 0 / NULL: QField edits it with a value map 是 / 否 / 未填写
    wfgh = defn.GetFieldDefn(defn.GetFieldIndex("WFGH"))
    assert wfgh.GetType() == ogr.OFTInteger and wfgh.GetSubType() == ogr.OFSTNone
    assert ds.GetLayerByName("parts").GetFeatureCount() == 3
    assert ds.GetLayerByName("photos").GetFeatureCount() == 0


def test_export_refuses_a_used_folder_and_an_empty_selection(ws, tmp_path):
    from wpzf.exchange.errors import InputError

    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x.txt").write_text("x")
    with pytest.raises(InputError, match="not empty"):
        export_field_package(ws, tmp_path / "used", project=False)
    with pytest.raises(InputError, match="no patches"):
        export_field_package(ws, tmp_path / "new", township="没有这个乡", project=False)


# ---- the three-way merge ------------------------------------------------------------------------------
def test_one_sided_field_changes_merge_with_an_audit_record_naming_the_package(ws, pkg):
    name = json.loads((pkg / MANIFEST_NAME).read_text("utf-8"))["name"]
    edit(pkg, "patches", "JCBH = 'B'", {"BHLX": "new_build", "SJYT": "nonagri", "YDPF": 0, "JSRQ": "2021-03-01",
                                          "HCR": "王五", "HCSJ": "2021-06-12 10:30:00"})
    edit(pkg, "patches", "JCBH = 'A'", {"PZWH": "晋政地字〔2021〕1号"})
    report = import_field_package(ws, pkg)
    assert report.ok and not report.conflicts, report.text()
    assert facts(ws, "B")["BHLX"] == "new_build" and facts(ws, "B")["YDPF"] is False or facts(ws, "B")["YDPF"] == 0
    b_facts = facts(ws, "B")   # each merged value on its own (the line above passes on YDPF alone)
    assert b_facts["BHLX"] == "new_build" and b_facts["SJYT"] == "nonagri" and b_facts["YDPF"] == 0
    assert str(facts(ws, "B")["JSRQ"])[:10] == "2021-03-01"
    assert facts(ws, "A")["PZWH"] == "晋政地字〔2021〕1号" and facts(ws, "A")["BHLX"] == "new_build"
    assert {(m["JCBH"], m["code"]) for m in report.merged} == {("B", "BHLX"), ("B", "SJYT"), ("B", "YDPF"),
                                                               ("B", "JSRQ"), ("A", "PZWH")}
    rec = [r for r in ws.audit_records("wz_fact") if "PZWH" in r["changes"]][-1]
    assert rec["source"] == f"field:{name}" and report.source == rec["source"]
    # the touched patches were determined again
    assert set(report.touched) == {fid(ws, "A"), fid(ws, "B")} and report.determined == 2
    assert ws.get("wz_patch", fid(ws, "B"))["PDJG"]
    # the report is saved next to the workspace, as text and JSON
    saved = Path(report.saved_to)
    assert saved.parent.name == "county_reports" and saved.with_suffix(".json").is_file()
    assert "PZWH" in saved.with_suffix(".json").read_text("utf-8")


def test_office_only_change_stays_and_same_value_on_both_sides_is_nothing(ws, pkg):
    save_facts(ws, fid(ws, "B"), {"RGSM": "内业补充"}, source="office")
    save_facts(ws, fid(ws, "C"), {"YDPF": True}, source="office")
    edit(pkg, "patches", "JCBH = 'C'", {"YDPF": 1})
    report = import_field_package(ws, pkg)
    assert report.ok and not report.merged and not report.conflicts
    assert facts(ws, "B")["RGSM"] == "内业补充" and facts(ws, "C")["YDPF"] in (True, 1)


def test_both_sides_changed_is_a_conflict_and_nothing_is_overwritten(ws, pkg):
    edit(pkg, "patches", "JCBH = 'A'", {"WFGH": 0, "RGSM": "外业：新建厂房", "HCR": "王五",
                                          "HCSJ": "2021-06-12 10:30:00"})
    save_facts(ws, fid(ws, "A"), {"RGSM": "内业：设施农业"}, source="office")
    report = import_field_package(ws, pkg)
    assert report.ok
    assert [(c["JCBH"], c["code"]) for c in report.conflicts] == [("A", "RGSM")]
    assert [m["code"] for m in report.merged] == ["WFGH"]  # only the field changed that one
    assert facts(ws, "A")["RGSM"] == "内业：设施农业"
    (c,) = list_conflicts(ws)
    assert c.status == OPEN and c.label == "人工说明" and c.office == "内业：设施农业" and c.field == "外业：新建厂房"
    assert c.office_by == "office" and c.office_at and c.field_by == "王五" and c.field_at.startswith("2021-06-12T02:30")
    assert c.package and c.base is None
    assert "人工说明" in report.text()


def test_a_conflict_resolved_either_way(ws, pkg):
    edit(pkg, "patches", "JCBH = 'A'", {"SJYT": "facility"})
    edit(pkg, "patches", "JCBH = 'B'", {"RGSM": "外业B"})
    save_facts(ws, fid(ws, "A"), {"SJYT": "temporary"}, source="office")
    save_facts(ws, fid(ws, "B"), {"RGSM": "内业B"}, source="office")
    import_field_package(ws, pkg)
    by_key = {c.key: c for c in list_conflicts(ws)}
    assert set(by_key) == {"A", "B"}
    # the office's value stands
    n = len(ws.audit_records("wz_fact"))
    done = resolve(ws, by_key["B"].id, "office")
    assert done.status == RESOLVED and done.choice == "office" and facts(ws, "B")["RGSM"] == "内业B"
    assert len(ws.audit_records("wz_fact")) == n  # the fact was not written
    # the field's value is taken, through save_facts, audited
    resolve(ws, by_key["A"].id, "field")
    assert facts(ws, "A")["SJYT"] == "facility"
    rec = ws.audit_records("wz_fact")[-1]
    assert rec["changes"]["SJYT"] == ["temporary", "facility"] and rec["source"] == f"conflict:{by_key['A'].id}"
    assert open_count(ws) == 0
    with pytest.raises(StoreError, match="already decided"):
        resolve(ws, by_key["A"].id, "office")
    assert ws.verify_audit().ok


def test_a_conflict_resolved_with_another_value_and_a_stale_office_value_is_refused(ws, pkg):
    edit(pkg, "patches", "JCBH = 'A'", {"SJYT": "facility"})
    save_facts(ws, fid(ws, "A"), {"SJYT": "temporary"}, source="office")
    import_field_package(ws, pkg)
    (c,) = list_conflicts(ws)
    save_facts(ws, fid(ws, "A"), {"SJYT": "homestead"}, source="office again")
    with pytest.raises(StoreError, match="changed"):
        resolve(ws, c.id, "field")
    assert list_conflicts(ws)[0].status == OPEN
    with pytest.raises(StoreError, match="SJYT"):
        resolve(ws, c.id, "casino")
    resolve(ws, c.id, "设施农业")  # a label is a value too
    assert facts(ws, "A")["SJYT"] == "facility"


def test_importing_the_same_package_twice_changes_nothing(ws, pkg, tmp_path):
    edit(pkg, "patches", "JCBH = 'B'", {"RGSM": "外业"})
    make_photo(pkg / "DCIM" / "A_1.jpg", lonlat=(113.0005, 39.0005))
    first = import_field_package(ws, pkg)
    assert first.ok and first.merged and first.photos
    before = state(ws)
    files = sorted(p.name for p in (tmp_path / "county_attachments").rglob("*") if p.is_file())
    again = import_field_package(ws, pkg)
    assert again.ok and again.unchanged and not again.merged and not again.photos
    assert state(ws) == before
    assert sorted(p.name for p in (tmp_path / "county_attachments").rglob("*") if p.is_file()) == files


def test_a_reimport_after_more_field_work_does_not_raise_a_decided_conflict_again(ws, pkg):
    edit(pkg, "patches", "JCBH = 'A'", {"RGSM": "外业"})
    save_facts(ws, fid(ws, "A"), {"RGSM": "内业"}, source="office")
    import_field_package(ws, pkg)
    (c,) = list_conflicts(ws)
    resolve(ws, c.id, "office")
    edit(pkg, "patches", "JCBH = 'C'", {"RGSM": "后来补充"})   # the verifier went on working
    report = import_field_package(ws, pkg)
    assert report.ok and not report.unchanged and not report.conflicts
    assert [m["JCBH"] for m in report.merged] == ["C"] and facts(ws, "A")["RGSM"] == "内业"


def test_a_second_device_with_a_copy_of_the_same_package(ws, pkg, tmp_path):
    import shutil

    copy = tmp_path / "pkg_device2"
    shutil.copytree(pkg, copy)
    edit(pkg, "patches", "JCBH = 'B'", {"RGSM": "设备一"})
    edit(copy, "patches", "JCBH = 'C'", {"RGSM": "设备二"})
    assert import_field_package(ws, pkg).ok
    second = import_field_package(ws, copy)
    # device 2 did not touch B: device 1's value is not undone; device 2's C is merged
    assert second.ok and [m["JCBH"] for m in second.merged] == ["C"] and not second.conflicts
    assert facts(ws, "B")["RGSM"] == "设备一" and facts(ws, "C")["RGSM"] == "设备二"


def test_an_invalid_value_rejects_the_row_naming_file_row_and_field(ws, pkg):
    edit(pkg, "patches", "JCBH = 'B'", {"SJYT": "casino", "RGSM": "x"})
    edit(pkg, "patches", "JCBH = 'C'", {"RGSM": "fine"})
    report = import_field_package(ws, pkg)
    assert report.ok
    (p,) = report.rejected
    assert p.file == GPKG_NAME and p.row is not None and "SJYT" in p.field and "casino" in p.message
    assert facts(ws, "B")["RGSM"] is None and facts(ws, "C")["RGSM"] == "fine"


def test_a_package_of_another_workspace_or_with_a_changed_manifest_is_refused(ws, pkg, tmp_path):
    other = create_workspace(tmp_path / "other.gpkg")
    try:
        r = import_field_package(other, pkg)
        assert not r.ok and "another workspace" in r.errors[0].message
    finally:
        other.close()
    m = json.loads((pkg / MANIFEST_NAME).read_text("utf-8"))
    next(iter(m["records"].values()))["facts"]["RGSM"] = "偷改"
    (pkg / MANIFEST_NAME).write_text(json.dumps(m, ensure_ascii=False), "utf-8")
    r = import_field_package(ws, pkg)
    assert not r.ok and r.errors[0].file == MANIFEST_NAME and "changed" in r.errors[0].message
    assert not import_field_package(ws, tmp_path / "nothing_here").ok


# ---- photos --------------------------------------------------------------------------------------------
def test_photos_matched_by_table_then_name_then_position_and_clashing_names_survive(ws, pkg, tmp_path):
    uuid_b = json.loads((pkg / MANIFEST_NAME).read_text("utf-8"))
    uuid_b = next(u for u, r in uuid_b["records"].items() if r["JCBH"] == "B")
    # two phones, one file name; the first named in the photo table (for B, though taken at A's position)
    make_photo(pkg / "DCIM" / "IMG_0001.jpg", lonlat=(113.0005, 39.0005), make="HUAWEI", model="P40")
    make_photo(pkg / "DCIM" / "phone2" / "IMG_0001.jpg", lonlat=(113.0045, 39.0005), make="Xiaomi", model="Redmi",
               colour=(10, 200, 30))
    make_photo(pkg / "DCIM" / "现场_A_东侧.jpg", lonlat=None, colour=(200, 10, 10))
    add_photo_row(pkg, {"UUID": "11111111-2222-3333-4444-555555555555", "TBUUID": uuid_b,
                        "WJLJ": "DCIM/IMG_0001.jpg", "BZ": "全景"})
    report = import_field_package(ws, pkg)
    assert report.ok, report.text()
    how = {p["file"]: (p["JCBH"], p["how"]) for p in report.photos}
    assert how == {"DCIM/IMG_0001.jpg": ("B", "table"), "DCIM/phone2/IMG_0001.jpg": ("C", "position"),
                   "DCIM/现场_A_东侧.jpg": ("A", "name")}
    rows = ws.select("wz_photo", ["TBID", "YWJM", "SHA", "WJLJ", "UUID"])
    assert len(rows) == 3 and sorted(rows["YWJM"]).count("IMG_0001.jpg") == 2
    assert len(set(rows["WJLJ"])) == 3
    assert "11111111-2222-3333-4444-555555555555" in set(rows["UUID"]) and rows["UUID"].notna().all()
    for r in rows.to_dict("records"):
        assert (tmp_path / r["WJLJ"]).is_file() and sha_file(tmp_path / r["WJLJ"]) == r["SHA"]


def test_a_path_out_of_the_package_and_a_non_image_are_rejected_naming_the_file(ws, pkg, tmp_path):
    secret = tmp_path / "secret.jpg"
    make_photo(secret)
    (pkg / "DCIM" / "notes.txt").write_text("这不是照片", "utf-8")
    (pkg / "DCIM" / "fake.jpg").write_bytes(b"not a jpeg at all")
    os.symlink(secret, pkg / "DCIM" / "link.jpg")
    uuid_a = next(u for u, r in json.loads((pkg / MANIFEST_NAME).read_text("utf-8"))["records"].items()
                  if r["JCBH"] == "A")
    add_photo_row(pkg, {"TBUUID": uuid_a, "WJLJ": "../secret.jpg"})
    add_photo_row(pkg, {"TBUUID": uuid_a, "WJLJ": str(secret)})
    add_photo_row(pkg, {"TBUUID": uuid_a, "WJLJ": "DCIM\\..\\..\\secret.jpg"})
    report = import_field_package(ws, pkg)
    assert report.ok and not report.photos
    text = "\n".join(str(p) for p in report.rejected)
    assert "../secret.jpg leaves the package folder" in text
    assert f"{secret} is an absolute path" in text
    assert "DCIM\\..\\..\\secret.jpg leaves the package folder" in text
    assert "DCIM/link.jpg" in text and "outside the package" in text
    assert "DCIM/notes.txt" in text and "DCIM/fake.jpg" in text and "not an image" in text
    assert ws.count("wz_photo") == 0


def test_package_path_rules(tmp_path):
    (tmp_path / "DCIM").mkdir()
    (tmp_path / "DCIM" / "a.jpg").write_bytes(b"x")
    assert package_path(tmp_path, "DCIM/a.jpg")[0] == tmp_path / "DCIM" / "a.jpg"
    assert package_path(tmp_path, "DCIM\\a.jpg")[0] == tmp_path / "DCIM" / "a.jpg"
    for bad, why in (("", "no file"), ("/etc/passwd", "absolute"), ("C:\\x.jpg", "absolute"),
                     ("file:///x.jpg", "absolute"), ("DCIM/../../x.jpg", "leaves"), ("DCIM/b.jpg", "not in the")):
        p, msg = package_path(tmp_path, bad)
        assert p is None and why in msg, (bad, msg)


# ---- splits ---------------------------------------------------------------------------------------------
def test_a_split_drawn_in_the_field_becomes_the_patchs_parts(ws, pkg):
    split_in_package(pkg, "C", 113.0043)
    edit(pkg, "parts", "JCBH = 'C'", {"RGSM": "两块"})  # a fact entered on both pieces
    report = import_field_package(ws, pkg)
    assert report.ok and report.splits == [{"JCBH": "C", "parts": 2}], report.text()
    parts = ws.select("wz_part", ["TBID", "FGBH", "TBMJ"], where='"TBID" = ?', params=(fid(ws, "C"),))
    assert len(parts) == 2
    patch = ws.get("wz_patch", fid(ws, "C"))
    assert parts["TBMJ"].sum() == pytest.approx(patch["TBMJ"])
    assert all(facts(ws, "C", int(f))["RGSM"] == "两块" for f in parts["fid"])
    assert ws.audit_records("wz_part")[-1]["source"].startswith("field:")
    # again: nothing
    before = state(ws)
    assert import_field_package(ws, pkg).unchanged and state(ws) == before


def test_a_field_split_after_an_office_split_is_a_conflict(ws, pkg):
    c = fid(ws, "C")
    geom = ws.get("wz_patch", c, geometry=True)["geom"]
    office = [MultiPolygon([g]) for g in shapely_split(geom.geoms[0], LineString([(113.0, 39.0004),
                                                                                  (113.006, 39.0004)])).geoms]
    split_patch(ws, c, office, source="office")
    split_in_package(pkg, "C", 113.0043)
    report = import_field_package(ws, pkg)
    assert report.ok and not report.splits
    (conflict,) = list_conflicts(ws)
    assert conflict.kind == "分割" and conflict.office_text.startswith("split into 2") and conflict.field["count"] == 2
    assert conflict.office_by == "office" and conflict.office_at
    office_parts = sorted(ws.select("wz_part", ["TBID"], where='"TBID" = ?', params=(c,), geometry=True)["geom"].map(
        lambda g: round(g.bounds[0], 6)))
    resolve(ws, conflict.id, "field")
    field_parts = sorted(ws.select("wz_part", ["TBID"], where='"TBID" = ?', params=(c,), geometry=True)["geom"].map(
        lambda g: round(g.bounds[0], 6)))
    assert office_parts != field_parts and field_parts == [113.004, 113.0043]


def test_facts_of_parts_split_in_the_office_merge_per_part(ws, tmp_path):
    c = fid(ws, "C")
    geom = ws.get("wz_patch", c, geometry=True)["geom"]
    office = [MultiPolygon([g]) for g in shapely_split(geom.geoms[0], LineString([(113.0043, 38.9),
                                                                                  (113.0043, 39.1)])).geoms]
    p1, _p2 = split_patch(ws, c, office, source="office")
    folder = tmp_path / "pkg2"
    export_field_package(ws, folder, fids=[c], project=False)
    edit(folder, "parts", "FGBH = '1'", {"SJYT": "temporary"})
    report = import_field_package(ws, folder)
    assert report.ok and [(m["JCBH"], m["code"]) for m in report.merged] == [("C-1", "SJYT")]
    assert facts(ws, "C", p1)["SJYT"] == "temporary" and facts(ws, "C", _p2)["SJYT"] is None


# ---- failures -----------------------------------------------------------------------------------------------
def test_a_failing_import_leaves_the_workspace_byte_identical(ws, pkg, tmp_path, monkeypatch):
    import wpzf.exchange.field_import as fi

    edit(pkg, "patches", "JCBH = 'B'", {"RGSM": "外业"})
    split_in_package(pkg, "C", 113.0043)
    make_photo(pkg / "DCIM" / "A_1.jpg")
    ws_file = Path(ws.location)
    digest, before = sha_file(ws_file), state(ws)

    def boom(*a, **k):
        raise StoreError("disk full (simulated)")

    monkeypatch.setattr(fi, "determine_patches", boom)
    report = import_field_package(ws, pkg)
    assert not report.ok and "disk full" in report.errors[0].message
    assert not report.merged and not report.photos and not report.splits
    assert state(ws) == before and sha_file(ws_file) == digest
    attachments = tmp_path / "county_attachments"
    assert not attachments.exists() or not [p for p in attachments.rglob("*") if p.is_file()]
    monkeypatch.undo()
    ok = import_field_package(ws, pkg)   # the package itself is fine
    assert ok.ok and ok.merged and ok.photos and ok.splits


def test_a_cancelled_import_writes_nothing(ws, pkg):
    edit(pkg, "patches", "JCBH = 'B'", {"RGSM": "外业"})
    before = state(ws)
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 1

    report = import_field_package(ws, pkg, is_cancelled=cancel)
    assert not report.ok and "cancelled" in report.errors[0].message and state(ws) == before


def test_reopening_sees_the_merge(ws, pkg):
    edit(pkg, "patches", "JCBH = 'B'", {"RGSM": "外业"})
    import_field_package(ws, pkg)
    w2 = open_workspace(ws.location)
    try:
        assert unit_facts(w2, fid(w2, "B"))[0]["RGSM"] == "外业" and w2.verify_audit().ok
    finally:
        w2.close()


# ---- a table of findings -----------------------------------------------------------------------------------
def test_a_findings_table_by_code_and_chinese_alias(ws, tmp_path):
    csv = tmp_path / "核查结果.csv"
    csv.write_text("监测编号,变化类型,SJYT,违反国土空间规划,始建日期,备注列\n"
                   "B,新建建（构）筑物,nonagri,是,2021/03/01,x\n"
                   "A,新建建（构）筑物,temporary,,,\n"
                   "Z,,,,,\n"
                   "C,,casino,,,\n", "utf-8")
    report = import_findings_table(ws, csv)
    assert report.ok, report.text()
    assert facts(ws, "B")["BHLX"] == "new_build" and facts(ws, "B")["WFGH"] in (True, 1)
    assert str(facts(ws, "B")["JSRQ"])[:10] == "2021-03-01"
    # A: same BHLX → nothing; SJYT differs from the office → conflict
    assert [(c["JCBH"], c["code"]) for c in report.conflicts] == [("A", "SJYT")] and facts(ws, "A")["SJYT"] == "nonagri"
    rejected = {(p.row, p.field) for p in report.rejected}
    assert (4, "监测编号") in rejected and (5, "SJYT") in rejected
    assert any("备注列" in p.message for p in report.warnings)
    before = state(ws)
    assert import_findings_table(ws, csv).unchanged and state(ws) == before


def test_a_findings_workbook(ws, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    sh = wb.active
    sh.append(["JCBH", "取得建设用地批复", "批准日期"])
    sh.append(["C", "否", dt.datetime(2020, 5, 1)])
    path = tmp_path / "results.xlsx"
    wb.save(path)
    report = import_findings_table(ws, path)
    assert report.ok and len(report.merged) == 2, report.text()
    assert facts(ws, "C")["YDPF"] in (False, 0) and str(facts(ws, "C")["PZRQ"])[:10] == "2020-05-01"
    bad = tmp_path / "x.csv"
    bad.write_text("编号,RGSM\n1,2\n", "utf-8")
    assert "监测编号" in import_findings_table(ws, bad).errors[0].message
