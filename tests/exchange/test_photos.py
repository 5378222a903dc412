"""Field photos: EXIF read back through QgsExifTools (PIL only as fallback), attachment under
collision-proof names, duplicates by checksum, warnings, one transaction without orphans, audit."""
import datetime as dt
import hashlib
import io
import os
import struct
from pathlib import Path

import pytest
import shapely
from shapely.affinity import translate
from shapely.geometry import MultiPolygon, Polygon

from wpzf.demo.exif import build_exif, insert_exif, write_exif
from wpzf.exchange.attachments import attachment_relpath
from wpzf.exchange.errors import InputError
from wpzf.exchange.photo_geodesy import distance_to_patch, geodesic_distance
from wpzf.exchange.photo_lookup import photos_of_patch
from wpzf.exchange.photo_meta import exif_number, parse_exif_datetime, parse_utc_offset, read_photo
from wpzf.exchange.photos import attach_photos, display_names, photos_in_folder
from wpzf.store import Actor, StoreError, create_workspace

Image = pytest.importorskip("PIL.Image")

# A patch of 0.001° × 0.001° (≈ 86 m × 111 m) at 113°E 39°N, issued with its batch on 2021-05-06.
SQ = MultiPolygon([Polygon([(113, 39), (113.001, 39), (113.001, 39.001), (113, 39.001)])])
INSIDE = (113.0005, 39.0005)
TAKEN = dt.datetime(2021, 5, 12, 10, 32, 5)


# ---- helpers ----------------------------------------------------------------------------------------
def jpeg(size=(64, 48), colour=(120, 160, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "JPEG", quality=80)
    return buf.getvalue()


def make_photo(path: Path, lonlat=INSIDE, taken=TAKEN, direction=45.0, make="HUAWEI", model="HUAWEI P40",
               colour=(120, 160, 200), elevation=850.0) -> Path:
    """A JPEG with DateTimeOriginal and GPSImgDirection (demo writer) and the position (QgsExifTools)."""
    from qgis.core import QgsExifTools, QgsPointXY

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(jpeg(colour=colour))
    write_exif(str(path), taken, make=make, model=model, direction=direction, width=64, height=48)
    if lonlat is not None:
        details = QgsExifTools.GeoTagDetails()
        details.elevation = elevation
        assert QgsExifTools.geoTagImage(str(path), QgsPointXY(*lonlat), details)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stored_files(ws_path: Path) -> list[Path]:
    root = ws_path.parent / f"{ws_path.stem}_attachments"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def ws(tmp_path):
    w = create_workspace(tmp_path / "county.gpkg", actor=Actor("inspector", "pc1"))
    with w.transaction():
        b = w.insert("wz_batch", [{"PCBH": "B1", "JB": "部级", "XFRQ": "2021-05-06", "GZND": 2021}])[0]
        w.insert("wz_patch", [{"JCBH": "P1", "PCID": b, "ZT": "待核查"},
                              {"JCBH": "P2", "PCID": b, "ZT": "待核查", "XFSJ": "2021-06-01"}],
                 geoms=[SQ, translate(SQ, 0.01)])
    yield w
    w.close()


def fid_of(ws, key):
    return int(ws.select("wz_patch", ["JCBH"], where='"JCBH" = ?', params=(key,))["fid"].iloc[0])


# ---- pure helpers (no QGIS) -------------------------------------------------------------------------
def test_geodesic_distance_agrees_with_geographiclib():
    geodesic = pytest.importorskip("geographiclib.geodesic")
    g = geodesic.Geodesic(6378137.0, 1 / 298.257222101)
    for lon1, lat1, lon2, lat2 in [(113, 39, 113.0005, 39.0015), (113, 39, 113.3, 38.7), (100, 20, 100, 20.00001),
                                   (120.5, 45.1, 119.9, 45.2)]:
        assert geodesic_distance(lon1, lat1, lon2, lat2) == pytest.approx(g.Inverse(lat1, lon1, lat2, lon2)["s12"],
                                                                          abs=1e-3)
    assert geodesic_distance(113, 39, 113, 39) == 0.0


def test_distance_to_patch_is_ellipsoidal_to_the_outline():
    geodesic = pytest.importorskip("geographiclib.geodesic")
    g = geodesic.Geodesic(6378137.0, 1 / 298.257222101)
    assert distance_to_patch(*INSIDE, SQ) == 0.0
    assert distance_to_patch(113.001, 39.0005, SQ) == 0.0          # on the outline
    assert distance_to_patch(113.0, 39.0, None) is None
    # brute force: the outline densified to ~0.1 m steps, nearest vertex by geographiclib
    dense = shapely.segmentize(SQ.geoms[0].exterior, 0.000001)
    xy = shapely.get_coordinates(dense)
    for lon, lat in [(113.0005, 39.0015), (113.0016, 39.0003), (112.9985, 38.998), (113.004, 39.0002)]:
        brute = min(g.Inverse(lat, lon, y, x)["s12"] for x, y in xy)
        assert distance_to_patch(lon, lat, SQ) == pytest.approx(brute, abs=0.05)
    # north of the top edge by 0.0005° of latitude: a meridian arc, ≈ 55.5 m (not 0.0005 × 111 km planar)
    assert distance_to_patch(113.0005, 39.0015, SQ) == pytest.approx(
        g.Inverse(39.001, 113.0005, 39.0015, 113.0005)["s12"], abs=1e-3)


def test_folder_walk_is_recursive_case_insensitive_and_skips_hidden(tmp_path):
    for rel in ["a/IMG_1.JPG", "a/b/IMG_2.jpeg", "c.Png", "notes.txt", ".hidden.jpg", "DCIM/.thumbnails/t.jpg",
                "x/y/z.TIF", "raw.heic"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"x")
    got = [p.relative_to(tmp_path).as_posix() for p in photos_in_folder(tmp_path)]
    assert got == ["a/IMG_1.JPG", "a/b/IMG_2.jpeg", "c.Png", "raw.heic", "x/y/z.TIF"]
    assert photos_in_folder(tmp_path / "nothing-here") == []


def test_names_and_parsing():
    s = "ab" + "0" * 62
    assert attachment_relpath("/w/county.gpkg", s, "IMG_0001.JPG") == f"county_attachments/ab/{s}.jpg"
    assert attachment_relpath("/w/县.gpkg", s, "noext") == f"县_attachments/ab/{s}.jpg"
    assert display_names([Path("/d/A/IMG_1.jpg"), Path("/d/B/IMG_1.jpg")]) == ["A/IMG_1.jpg", "B/IMG_1.jpg"]
    assert display_names([Path("/d/A/IMG_1.jpg")]) == ["IMG_1.jpg"]
    assert exif_number("12345/100") == 123.45 and exif_number("12345/100 0/1") == 123.45
    assert exif_number(float("nan")) is None and exif_number("0/0") is None and exif_number(None) is None
    assert exif_number(7) == 7.0
    assert parse_exif_datetime("2021:05:12 10:32:05") == TAKEN
    assert parse_exif_datetime("2021-05-12 10:32:05.123") == TAKEN
    assert parse_exif_datetime("2021/05/12T10:32:05") == TAKEN
    assert parse_exif_datetime("0000:00:00 00:00:00") is None and parse_exif_datetime("    :  :     :  :  ") is None
    assert parse_utc_offset("+08:00") == dt.timedelta(hours=8)
    assert parse_utc_offset("-05:30") == -dt.timedelta(hours=5, minutes=30)
    assert parse_utc_offset("") is None and parse_utc_offset("+99:00") is None


# ---- reading ----------------------------------------------------------------------------------------
@pytest.mark.qgis
def test_position_direction_and_time_read_back(tmp_path):
    p = make_photo(tmp_path / "IMG_0001.jpg", lonlat=(113.0123456, 39.0712345), direction=123.45, elevation=832.5)
    m = read_photo(p)
    assert m.lon == pytest.approx(113.0123456, abs=1e-7) and m.lat == pytest.approx(39.0712345, abs=1e-7)
    assert m.altitude == pytest.approx(832.5)
    assert m.direction == pytest.approx(123.45) and m.direction_ref == "T"
    assert m.taken == TAKEN and m.utc_offset == dt.timedelta(hours=8)
    assert m.taken_utc == dt.datetime(2021, 5, 12, 2, 32, 5, tzinfo=dt.timezone.utc)
    assert m.device == "HUAWEI P40" and (m.width, m.height) == (64, 48) and m.orientation == 1
    assert m.sources == {"make": "qgis", "model": "qgis", "position": "qgis", "direction": "qgis", "taken": "qgis"}
    assert m.notes == []


@pytest.mark.qgis
def test_pil_fills_in_only_what_qgis_cannot_parse(tmp_path):
    """A date spelled with dashes (some Android apps) comes back from QgsExifTools as NULL; PIL's raw text
    is parsed instead. A direction of 0/0 is NaN in both: no direction, not NaN."""
    from qgis.core import QgsExifTools

    tiff = build_exif(TAKEN, make="Xiaomi", model="Redmi 9", direction=10.0, lon=113.0005, lat=39.0005)
    tiff = tiff.replace(b"2021:05:12 10:32:05", b"2021-05-12 10:32:05")
    tiff = tiff.replace(struct.pack("<II", 1000, 100), struct.pack("<II", 0, 0))
    p = tmp_path / "odd.jpg"
    p.write_bytes(insert_exif(jpeg(), tiff))
    raw = QgsExifTools.readTag(str(p), "Exif.Photo.DateTimeOriginal")
    assert not (hasattr(raw, "isValid") and type(raw).__name__ == "QDateTime" and raw.isValid())
    m = read_photo(p)
    assert m.taken == TAKEN and m.sources["taken"] == "pil"
    assert m.direction is None
    assert m.lon == pytest.approx(113.0005) and m.sources["position"] == "qgis"
    assert m.device == "Xiaomi Redmi 9" and m.sources["make"] == "qgis"


@pytest.mark.qgis
def test_no_fix_and_magnetic_north_are_noted(tmp_path):
    tiff = build_exif(TAKEN, direction=90.0, lon=0.0, lat=0.0)
    tiff = tiff.replace(b"T\x00", b"M\x00", 1)   # GPSImgDirectionRef 'T' → 'M' (the only 'T\0' string)
    p = tmp_path / "nofix.jpg"
    p.write_bytes(insert_exif(jpeg(), tiff))
    m = read_photo(p)
    assert not m.has_position and m.direction == 90.0 and m.direction_ref == "M"
    assert any("0°, 0°" in n for n in m.notes) and any("magnetic" in n for n in m.notes)


@pytest.mark.qgis
def test_not_an_image_is_a_problem_naming_the_file(tmp_path):
    p = tmp_path / "readme.jpg"
    p.write_text("not a photo")
    with pytest.raises(InputError) as e:
        read_photo(p)
    assert e.value.problem.file == str(p) and "not an image" in e.value.problem.message
    with pytest.raises(InputError) as e:
        read_photo(tmp_path / "gone.jpg")
    assert "gone.jpg" in str(e.value)


# ---- attaching --------------------------------------------------------------------------------------
@pytest.mark.qgis
def test_two_devices_with_the_same_file_name_both_survive(ws, tmp_path):
    a = make_photo(tmp_path / "DCIM" / "deviceA" / "IMG_0001.jpg", make="Apple", model="iPhone 12")
    b = make_photo(tmp_path / "DCIM" / "deviceB" / "IMG_0001.jpg", make="HUAWEI", model="HUAWEI P40",
                   colour=(10, 200, 30))
    r = attach_photos(ws, fid_of(ws, "P1"), photos_in_folder(tmp_path / "DCIM"))
    assert r.ok and len(r.added) == 2 and not r.errors and not r.duplicates, r.text()
    df = photos_of_patch(ws, fid_of(ws, "P1")).sort_values("SB").reset_index(drop=True)
    assert list(df["YWJM"]) == ["IMG_0001.jpg", "IMG_0001.jpg"]
    assert list(df["SB"]) == ["Apple iPhone 12", "HUAWEI P40"]
    assert df["WJLJ"].nunique() == 2
    for (_, row), src in zip(df.iterrows(), (a, b)):
        assert row["SHA"] == sha(src)
        assert row["WJLJ"] == f"county_attachments/{row['SHA'][:2]}/{row['SHA']}.jpg"
        stored = Path(row["path"])
        assert stored.is_absolute() and stored.read_bytes() == src.read_bytes()
    assert len(stored_files(Path(ws.location))) == 2
    assert not [p for p in Path(ws.location).parent.rglob("*.part")]


@pytest.mark.qgis
def test_the_same_photo_twice_is_recognised_and_not_copied_again(ws, tmp_path):
    p1, p2 = fid_of(ws, "P1"), fid_of(ws, "P2")
    a = make_photo(tmp_path / "in" / "IMG_0001.jpg")
    assert len(attach_photos(ws, p1, [a]).added) == 1
    copy = tmp_path / "again" / "renamed.JPG"
    copy.parent.mkdir()
    copy.write_bytes(a.read_bytes())
    r = attach_photos(ws, p1, [copy, a])
    assert r.ok and r.added == [] and len(r.duplicates) == 2
    assert all("already attached to this patch" in d.message for d in r.duplicates)
    assert r.duplicates[0].fid == int(ws.select("wz_photo")["fid"].iloc[0])
    # another patch cannot take the same photo (one row per checksum)
    r = attach_photos(ws, p2, [copy])
    assert r.added == [] and "P1" in r.duplicates[0].message
    # twice within one call: one row, the second named as a repeat of the first
    b = make_photo(tmp_path / "x" / "IMG_0002.jpg", colour=(0, 0, 0))
    b2 = tmp_path / "y" / "IMG_0002.jpg"
    b2.parent.mkdir()
    b2.write_bytes(b.read_bytes())
    r = attach_photos(ws, p1, [b, b2])
    assert len(r.added) == 1 and len(r.duplicates) == 1 and "x/IMG_0002.jpg" in r.duplicates[0].message
    assert ws.count("wz_photo") == 2 and len(stored_files(Path(ws.location))) == 2


@pytest.mark.qgis
def test_outside_the_patch_beyond_the_tolerance_is_warned_with_the_distance(ws, tmp_path):
    p1 = fid_of(ws, "P1")
    far = make_photo(tmp_path / "far.jpg", lonlat=(113.0005, 39.0015), colour=(1, 1, 1))       # ≈ 55.5 m north
    near = make_photo(tmp_path / "near.jpg", lonlat=(113.0005, 39.00109), colour=(2, 2, 2))    # ≈ 10 m north
    inside = make_photo(tmp_path / "inside.jpg", colour=(3, 3, 3))
    r = attach_photos(ws, p1, [far, near, inside])
    assert len(r.added) == 3
    outside = [w for w in r.warnings if "outside the patch" in w.message]
    assert len(outside) == 1 and outside[0].file == "far.jpg"
    assert "56 m outside the patch (tolerance 20 m)" in outside[0].message
    dist = {Path(a.source).name: a.distance_m for a in r.added}
    assert dist["inside.jpg"] == 0.0 and dist["near.jpg"] == pytest.approx(10.0, abs=0.2)
    df = photos_of_patch(ws, p1).set_index("YWJM")
    assert df.loc["far.jpg", "distance_m"] == pytest.approx(55.5, abs=0.2) and df.loc["far.jpg", "outside"]
    assert not df.loc["near.jpg", "outside"]
    assert df.loc["far.jpg", "lon"] == pytest.approx(113.0005) and df.loc["far.jpg", "lat"] == pytest.approx(39.0015)
    # a stricter tolerance catches the near one too
    strict = make_photo(tmp_path / "strict.jpg", lonlat=(113.0005, 39.00109), colour=(4, 4, 4))
    r = attach_photos(ws, p1, [strict], tolerance_m=5.0)
    assert any("10 m outside the patch (tolerance 5 m)" in w.message for w in r.warnings)


@pytest.mark.qgis
def test_taken_before_the_patch_was_issued_is_warned(ws, tmp_path):
    p1, p2 = fid_of(ws, "P1"), fid_of(ws, "P2")
    early = make_photo(tmp_path / "early.jpg", taken=dt.datetime(2021, 5, 5, 23, 50), colour=(5, 5, 5))
    same_day = make_photo(tmp_path / "sameday.jpg", taken=dt.datetime(2021, 5, 6, 0, 30), colour=(6, 6, 6))
    r = attach_photos(ws, p1, [early, same_day])       # P1 has no XFSJ: its batch's XFRQ 2021-05-06 counts
    before = [w for w in r.warnings if "before the patch was issued" in w.message]
    assert [w.file for w in before] == ["early.jpg"] and "2021-05-06" in before[0].message
    df = photos_of_patch(ws, p1).set_index("YWJM")
    assert df.loc["early.jpg", "before_issue"] and not df.loc["sameday.jpg", "before_issue"]
    # stored as GeoPackage DATETIME in UTC; shown back in Beijing time
    assert df.loc["sameday.jpg", "PSSJ"] == "2021-05-05T16:30:00.000Z"
    assert df.loc["sameday.jpg", "taken"] == dt.datetime(2021, 5, 6, 0, 30)
    # the patch's own 下发时间 (XFSJ 2021-06-01) wins over the batch date
    lonlat = (INSIDE[0] + 0.01, INSIDE[1])
    may = make_photo(tmp_path / "may.jpg", lonlat=lonlat, taken=dt.datetime(2021, 5, 20, 9), colour=(7, 7, 7))
    r = attach_photos(ws, p2, [may])
    assert any("before the patch was issued on 2021-06-01" in w.message for w in r.warnings)


@pytest.mark.qgis
def test_no_gps_gives_a_null_point_and_says_so(ws, tmp_path):
    p = make_photo(tmp_path / "indoor.jpg", lonlat=None, direction=None)
    r = attach_photos(ws, fid_of(ws, "P1"), [p])
    assert len(r.added) == 1
    msgs = [w.message for w in r.warnings]
    assert any("no GPS position" in m for m in msgs) and any("no shooting direction" in m for m in msgs)
    row = ws.select("wz_photo", geometry=True).iloc[0]
    assert row["geom"] is None and (row["FX"] is None or row["FX"] != row["FX"])


@pytest.mark.qgis
def test_an_unreadable_file_is_named_and_the_others_are_attached(ws, tmp_path):
    good = make_photo(tmp_path / "in" / "IMG_0001.jpg")
    bad = tmp_path / "in" / "IMG_0002.jpg"
    bad.write_bytes(b"\xff\xd8 truncated nonsense")
    r = attach_photos(ws, fid_of(ws, "P1"), [good, bad])
    assert len(r.added) == 1 and len(r.errors) == 1
    assert r.errors[0].file == "IMG_0002.jpg" and "not an image" in r.errors[0].message
    assert "IMG_0002.jpg" in r.text()
    assert len(stored_files(Path(ws.location))) == 1


@pytest.mark.qgis
def test_a_failed_transaction_leaves_no_orphan_files(ws, tmp_path, monkeypatch):
    p1 = fid_of(ws, "P1")
    kept = make_photo(tmp_path / "first.jpg", colour=(9, 9, 9))
    attach_photos(ws, p1, [kept])
    before_files = stored_files(Path(ws.location))
    before_audit = len(ws.audit_records())
    new = [make_photo(tmp_path / "n" / f"IMG_{i}.jpg", colour=(i * 40, 0, 0)) for i in range(3)]
    real_insert = ws.insert

    def failing_insert(table, rows, *a, **k):
        real_insert(table, rows, *a, **k)     # rows written, then the transaction fails
        raise StoreError("disk full (simulated)")

    monkeypatch.setattr(ws, "insert", failing_insert)
    with pytest.raises(StoreError, match="simulated"):
        attach_photos(ws, p1, new + [kept])
    assert ws.count("wz_photo") == 1 and len(ws.audit_records()) == before_audit
    assert stored_files(Path(ws.location)) == before_files     # the referenced file is kept, new ones gone
    assert before_files[0].read_bytes() == kept.read_bytes()
    assert not [p for p in Path(ws.location).parent.rglob("*.part")]


@pytest.mark.qgis
def test_cancel_attaches_nothing(ws, tmp_path):
    files = [make_photo(tmp_path / f"IMG_{i}.jpg", colour=(0, i * 50, 0)) for i in range(3)]
    seen = []
    r = attach_photos(ws, fid_of(ws, "P1"), files, progress=seen.append, is_cancelled=lambda: len(seen) >= 2)
    assert r.cancelled and not r.ok and r.added == [] and "cancelled" in r.errors[-1].message
    assert ws.count("wz_photo") == 0 and stored_files(Path(ws.location)) == []


@pytest.mark.qgis
def test_added_photos_are_audited(ws, tmp_path):
    p1 = fid_of(ws, "P1")
    a = make_photo(tmp_path / "IMG_0001.jpg")
    r = attach_photos(ws, p1, [a])
    recs = ws.audit_records("wz_photo")
    assert len(recs) == 1
    rec = recs[0]
    assert rec["action"] == "create" and rec["row_key"] == str(r.added[0].fid)
    assert rec["username"] == "inspector" and rec["source"] == "photos:P1"
    assert rec["changes"]["SHA"] == sha(a) and rec["changes"]["TBID"] == p1
    assert rec["changes"]["YWJM"] == "IMG_0001.jpg" and rec["changes"]["geom"].startswith("sha256:")
    assert ws.verify_audit().ok


@pytest.mark.qgis
def test_a_missing_stored_copy_is_restored_when_the_photo_is_given_again(ws, tmp_path):
    a = make_photo(tmp_path / "IMG_0001.jpg")
    r = attach_photos(ws, fid_of(ws, "P1"), [a])
    stored = Path(r.added[0].path)
    os.remove(stored)
    assert not photos_of_patch(ws, fid_of(ws, "P1"))["exists"].iloc[0]
    r = attach_photos(ws, fid_of(ws, "P1"), [a])
    assert r.added == [] and len(r.duplicates) == 1 and stored.read_bytes() == a.read_bytes()


def test_unknown_patch_is_an_error_not_a_traceback(ws, tmp_path):
    r = attach_photos(ws, 999, [tmp_path / "x.jpg"])
    assert not r.ok and "999" in r.errors[0].message
