"""Field packages against a hostile or unlucky user: a package is bound to its export (a keyed signature of the
workspace, the patch set and base values remembered at export), and an import survives a full disk, a killed
process and an absurdly large "photo"."""
import errno
import hashlib
import json
import os
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from wpzf.exchange.attachments import (
    DEFAULT_MAX_PHOTO_MB,
    photo_size_limit,
    remove_orphan_attachments,
    set_photo_size_limit,
)
from wpzf.exchange.field_package import GPKG_NAME, MANIFEST_NAME, export_field_package, import_field_package
from wpzf.exchange.photos import attach_photos
from wpzf.store.conflicts import IMPORTED, PARTIAL, list_conflicts
from wpzf.store.determinations import save_facts
from wpzf.tests.exchange.test_field_package import edit, facts, fid, pkg, state, ws  # noqa: F401
from wpzf.tests.exchange.test_photos import make_photo
from wpzf.tests.store import pg_fixtures
from wpzf.tests.store.test_postgis_roles import team  # noqa: F401 - the fixture

pg_cluster = pg_fixtures.pg_cluster
pg_schema = pg_fixtures.pg_schema


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / MANIFEST_NAME).read_text("utf-8"))


def write_manifest(folder: Path, m: dict, *, plain_checksum: bool = True) -> None:
    """Save a manifest edited by hand, with the plain SHA-256 of its records recomputed as the old format had it
    (what a user with a text editor and sha256sum can do)."""
    if plain_checksum:
        text = json.dumps(m["records"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        m.setdefault("checksums", {})["records"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (folder / MANIFEST_NAME).write_text(json.dumps(m, ensure_ascii=False, indent=1), "utf-8")


def record_of(m: dict, key: str) -> tuple[str, dict]:
    return next((u, r) for u, r in m["records"].items() if r["JCBH"] == key)


def attachment_files(ws_) -> list[Path]:
    root = Path(ws_.location).parent / f"{Path(ws_.location).stem}_attachments"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def referenced_files(ws_) -> set[Path]:
    return {Path(ws_.location).parent / w for (w,) in ws_._fetch('SELECT "WJLJ" FROM wz_photo')}


def fpkg_rows(ws_, lx: str) -> list[dict]:
    return ws_.select("wz_fpkg", ["BH", "LX", "SHA"], where='"LX" = ?', params=(lx,)).to_dict("records")


# ---- packages bound to their export -------------------------------------------------------------------
def test_a_recomputed_plain_checksum_does_not_let_an_altered_base_overwrite_an_office_edit(ws, pkg):  # noqa: F811
    save_facts(ws, fid(ws, "A"), {"RGSM": "内业核实"}, source="office")      # the office, after the export
    edit(pkg, "patches", "JCBH = 'A'", {"RGSM": "外业"})
    m = manifest_of(pkg)
    _u, rec = record_of(m, "A")
    rec["facts"]["RGSM"] = "内业核实"    # base = office: the field value would pass as the only change
    write_manifest(pkg, m)
    before = state(ws)
    r = import_field_package(ws, pkg)
    assert not r.ok and r.errors[0].file == MANIFEST_NAME
    msg = r.errors[0].message
    assert r.package in msg and "base values" in msg and "A" in msg and "refused" in msg
    assert facts(ws, "A")["RGSM"] == "内业核实" and not list_conflicts(ws) and state(ws) == before


def test_the_same_edit_without_tampering_is_a_conflict(ws, pkg):  # noqa: F811
    save_facts(ws, fid(ws, "A"), {"RGSM": "内业核实"}, source="office")
    edit(pkg, "patches", "JCBH = 'A'", {"RGSM": "外业"})
    r = import_field_package(ws, pkg)
    assert r.ok and [c["JCBH"] for c in r.conflicts] == ["A"] and facts(ws, "A")["RGSM"] == "内业核实"


def test_a_manifest_changed_where_no_base_is_kept_fails_its_signature(ws, pkg):  # noqa: F811
    m = manifest_of(pkg)
    m["checksums"]["files"][GPKG_NAME] = "0" * 64
    write_manifest(pkg, m)
    r = import_field_package(ws, pkg)
    assert not r.ok and "signature" in r.errors[0].message and r.package in r.errors[0].message
    # a signature made with another key is no better
    import hmac

    from wpzf.exchange.field_binding import canonical_json

    body = {k: v for k, v in m.items() if k != "signature"}
    m["signature"]["value"] = hmac.new(b"guessed", canonical_json(body), hashlib.sha256).hexdigest()
    write_manifest(pkg, m, plain_checksum=False)
    r = import_field_package(ws, pkg)
    assert not r.ok and "signature" in r.errors[0].message


def test_an_unsigned_package_is_refused_by_name(ws, pkg):  # noqa: F811
    m = manifest_of(pkg)
    del m["signature"]
    write_manifest(pkg, m)
    r = import_field_package(ws, pkg)
    assert not r.ok and "no signature" in r.errors[0].message and r.package in r.errors[0].message


def test_a_package_id_this_workspace_never_exported_is_refused(ws, pkg):  # noqa: F811
    m = manifest_of(pkg)
    m["package_id"] = str(uuid.uuid4())
    write_manifest(pkg, m)
    r = import_field_package(ws, pkg)
    assert not r.ok and "never exported" in r.errors[0].message and m["package_id"] in r.errors[0].message


def test_a_package_cannot_write_into_another_townships_patch(ws, pkg, tmp_path):  # noqa: F811
    other = tmp_path / "pkg_ekou"
    export_field_package(ws, other, township="峨口镇", verifier="赵六", project=False)
    u_d, rec_d = record_of(manifest_of(other), "D")
    # the 上馆镇 package is given 峨口镇's patch D (its record and a row with a changed fact)
    import shutil

    from osgeo import ogr

    m = manifest_of(pkg)
    m["records"][u_d] = rec_d
    write_manifest(pkg, m)
    ds = ogr.Open(str(pkg / GPKG_NAME), 1)
    lyr = ds.GetLayerByName("patches")
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetField("UUID", u_d)
    feat.SetField("JCBH", "D")
    feat.SetField("RGSM", "越权写入")
    lyr.CreateFeature(feat)
    ds = None
    before = state(ws)
    r = import_field_package(ws, pkg)
    assert not r.ok and "not exported with it: D" in r.errors[0].message and r.package in r.errors[0].message
    assert facts(ws, "D")["RGSM"] is None and state(ws) == before
    # a patch taken out of the package is named too
    shutil.rmtree(pkg)
    export_field_package(ws, pkg, township="上馆镇", project=False)
    m = manifest_of(pkg)
    u_b, _ = record_of(m, "B")
    del m["records"][u_b]
    write_manifest(pkg, m)
    r = import_field_package(ws, pkg)
    assert not r.ok and "exported but missing: B" in r.errors[0].message


def test_the_header_changed_is_named(ws, pkg):  # noqa: F811
    m = manifest_of(pkg)
    m["township"] = "峨口镇"
    write_manifest(pkg, m)
    r = import_field_package(ws, pkg)
    assert not r.ok and "township" in r.errors[0].message


def test_the_key_is_the_workspaces_and_made_once(ws, pkg, tmp_path):  # noqa: F811
    key = ws.meta_get("field_package_key")
    assert key and len(bytes.fromhex(key)) == 32
    export_field_package(ws, tmp_path / "second", township="峨口镇", project=False)
    assert ws.meta_get("field_package_key") == key
    assert manifest_of(pkg)["signature"]["alg"] == "HMAC-SHA256"
    assert key not in (pkg / MANIFEST_NAME).read_text("utf-8")


# ---- a full disk ----------------------------------------------------------------------------------------
def photos_for(folder: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        key = "AB"[i % 2]
        out.append(make_photo(folder / "DCIM" / f"{key}_{i}.jpg", lonlat=None, colour=(20 * i, 100, 200 - 10 * i)))
    return out


def test_a_disk_full_import_is_not_marked_imported_and_a_second_import_completes(ws, pkg, monkeypatch):  # noqa: F811
    import wpzf.exchange.photos as photos_mod

    edit(pkg, "patches", "JCBH = 'B'", {"RGSM": "外业"})
    photos_for(pkg, 6)
    real = photos_mod.copy_verified
    calls = []

    def copy_until_full(src, dest, sha):
        calls.append(src)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(dest))
        return real(src, dest, sha)

    monkeypatch.setattr(photos_mod, "copy_verified", copy_until_full)
    first = import_field_package(ws, pkg)
    assert not first.ok and first.incomplete and not first.errors
    assert len(first.unstored) == 4 and len(first.photos) == 2 and first.photos_planned == 6
    assert all(p.file.startswith("DCIM/") and "disk full" in p.message for p in first.unstored)   # named in the package
    assert "not finished" in first.summary() and "4 of 6" in first.summary() and "again" in first.summary()
    assert "not stored" in first.text()
    assert [m["JCBH"] for m in first.merged] == ["B"] and facts(ws, "B")["RGSM"] == "外业"
    assert not fpkg_rows(ws, IMPORTED) and [r["SHA"] for r in fpkg_rows(ws, PARTIAL)] == [None]
    assert len(ws.select("wz_photo", ["SHA"])) == 2
    assert not [p for p in attachment_files(ws) if p.name.endswith(".part")]

    monkeypatch.undo()   # space freed
    second = import_field_package(ws, pkg)
    assert second.ok and not second.unchanged and not second.unstored
    assert len(second.photos) == 4 and len(second.duplicates) == 2
    assert not second.merged and not second.conflicts        # what the first import merged is not news
    assert len(ws.select("wz_photo", ["SHA"])) == 6 and len(fpkg_rows(ws, IMPORTED)) == 1
    assert set(attachment_files(ws)) == referenced_files(ws)
    third = import_field_package(ws, pkg)
    assert third.ok and third.unchanged


# ---- a killed import -------------------------------------------------------------------------------------
KILLED_IMPORT = textwrap.dedent("""
    import os, sys
    from qgis.core import QgsApplication
    app = QgsApplication([], False)
    app.initQgis()
    import wpzf.exchange.field_import as fi
    from wpzf.store import open_workspace
    ws = open_workspace(sys.argv[1])
    fi.determine_patches = lambda *a, **k: os._exit(9)   # dies after the copies, before the commit
    fi.import_field_package(ws, sys.argv[2])
    sys.exit(3)
""")


def kill_an_import(ws_, folder: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([p for p in sys.path if p.endswith(".pkgroot")] + [env.get("PYTHONPATH", "")])
    res = subprocess.run([sys.executable, "-P", "-c", KILLED_IMPORT, str(ws_.location), str(folder)], env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 9, res.stderr[-2000:]


def test_files_a_killed_import_left_are_removed_by_the_next_import(ws, pkg):  # noqa: F811
    edit(pkg, "patches", "JCBH = 'B'", {"RGSM": "外业"})
    photos_for(pkg, 3)
    before = state(ws)
    kill_an_import(ws, pkg)
    orphans = [p for p in attachment_files(ws) if p.suffix == ".jpg"]
    assert len(orphans) == 3 and state(ws) == before     # copied, never committed
    report = import_field_package(ws, pkg)
    assert report.ok and len(report.photos) == 3
    assert any("interrupted import" in w.message for w in report.warnings)
    assert set(attachment_files(ws)) == referenced_files(ws)    # no file without its row, no journal left


def test_the_cleanup_function_removes_what_a_killed_import_left(ws, pkg):  # noqa: F811
    edit(pkg, "patches", "JCBH = 'B'", {"RGSM": "外业"})
    photos_for(pkg, 2)
    assert import_field_package(ws, pkg).ok                      # two photos stored and referenced
    kept = set(attachment_files(ws))
    edit(pkg, "patches", "JCBH = 'C'", {"RGSM": "后来"})
    make_photo(pkg / "DCIM" / "C_9.jpg", lonlat=None, colour=(1, 2, 3))
    kill_an_import(ws, pkg)
    assert len(set(attachment_files(ws)) - kept) == 2          # the new photo and the journal
    removed = remove_orphan_attachments(ws)
    assert [p.suffix for p in removed] == [".jpg"] and set(attachment_files(ws)) == kept == referenced_files(ws)
    assert remove_orphan_attachments(ws) == []


def test_a_live_imports_journal_is_left_alone(ws, tmp_path):  # noqa: F811
    from wpzf.exchange.attachments import PendingCopies

    root = Path(ws.location).parent / "county_attachments"
    dest = root / "ab" / "abc.jpg"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"copy in progress")
    with PendingCopies(ws, [dest]):
        assert remove_orphan_attachments(ws) == [] and dest.exists()   # this process is still at it
        assert remove_orphan_attachments(ws, unreferenced_older_than=0) == [] and dest.exists()   # not even swept
    assert not (root / ".pending").exists()
    # an unreferenced file with no journal is only removed when asked to sweep the whole folder
    assert remove_orphan_attachments(ws) == [] and dest.exists()
    assert remove_orphan_attachments(ws, unreferenced_older_than=0) == [dest] and not dest.exists()


def test_a_dead_processs_journal_removes_its_unreferenced_files_and_half_copies_only(ws, tmp_path):  # noqa: F811
    import wpzf.exchange.attachments as att

    root = Path(ws.location).parent / "county_attachments"
    kept = make_photo(tmp_path / "kept.jpg", lonlat=None)
    assert attach_photos(ws, fid(ws, "A"), [kept]).ok             # committed before the process died
    (stored,) = referenced_files(ws)
    orphan, half = root / "cd" / "cdef.jpg", root / "cd" / ".cdef.jpg.1a2b3c4d.part"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"x")
    half.write_bytes(b"half")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (root / ".pending").mkdir()
    (root / ".pending" / "j.json").write_text(json.dumps({
        "pid": int(dead.stdout), "host": att.socket.gethostname(), "started": att.time.time(),
        "files": [str(stored), str(orphan), "/etc/passwd"]}), "utf-8")
    removed = remove_orphan_attachments(ws)
    assert sorted(removed) == sorted([orphan, half]) and stored.exists() and Path("/etc/passwd").exists()
    assert not (root / ".pending").exists()


# ---- an absurd "photo" ------------------------------------------------------------------------------------
def padded(path: Path, size: int) -> Path:
    """A readable JPEG made ``size`` bytes long (sparse: no disk is used for the padding)."""
    with open(path, "r+b") as f:
        f.truncate(size)
    return path


def test_an_oversized_photo_is_refused_by_name(ws, pkg, monkeypatch):  # noqa: F811
    import wpzf.exchange.field_package as fp

    assert DEFAULT_MAX_PHOTO_MB == 50 and photo_size_limit(ws) == 50 * 1024 * 1024
    ok = make_photo(pkg / "DCIM" / "A_small.jpg", lonlat=None)
    huge = padded(make_photo(pkg / "DCIM" / "A_huge.jpg", lonlat=None, colour=(9, 9, 9)), 600 * 1024 * 1024)
    hashed = []
    real_sha = fp.file_sha256
    monkeypatch.setattr(fp, "file_sha256", lambda p: hashed.append(Path(p).name) or real_sha(p))
    report = import_field_package(ws, pkg)
    assert "A_huge.jpg" not in hashed and "A_small.jpg" in hashed     # not even read
    assert report.ok and [p["file"] for p in report.photos] == ["DCIM/" + ok.name]
    (p,) = [p for p in report.rejected if huge.name in p.file]
    assert "600.0 MB" in p.message and "50 MB" in p.message
    assert all(f.stat().st_size < 1024 * 1024 for f in attachment_files(ws))


def test_the_photo_size_limit_is_a_workspace_setting_and_a_parameter(ws, pkg, tmp_path):  # noqa: F811
    mid = padded(make_photo(pkg / "DCIM" / "A_mid.jpg", lonlat=None), 3 * 1024 * 1024)
    set_photo_size_limit(ws, 2)
    assert photo_size_limit(ws) == 2 * 1024 * 1024
    r = import_field_package(ws, pkg, save=False)
    assert not r.photos and "2 MB" in r.rejected[0].message and r.rejected[0].file.endswith(mid.name)
    r = import_field_package(ws, pkg, max_photo_bytes=4 * 1024 * 1024, save=False)
    assert [p["file"] for p in r.photos] == ["DCIM/A_mid.jpg"]
    # attaching from a folder (the photo panel) keeps the same limit
    other = padded(make_photo(tmp_path / "loose" / "x.jpg", lonlat=None, colour=(5, 5, 5)), 3 * 1024 * 1024)
    att = attach_photos(ws, fid(ws, "C"), [other])
    assert not att.added and "x.jpg" == att.errors[0].file and "2 MB" in att.errors[0].message
    with pytest.raises(ValueError):
        set_photo_size_limit(ws, 0)


# ---- a team workspace (PostGIS) ---------------------------------------------------------------------------


def test_a_team_workspace_signs_its_packages_with_the_key_its_owner_made(team, tmp_path):  # noqa: F811
    admin, as_, _logins, _fids = team
    assert admin.meta_get("field_package_key")   # made by the owner's set-up: members may not write wz_meta
    sup = as_("sup")
    folder = tmp_path / "pkg"
    export_field_package(sup, folder, township="上馆镇", verifier="李四", project=False)
    edit(folder, "patches", "JCBH = 'P1'", {"RGSM": "外业"})
    make_photo(folder / "DCIM" / "P2_1.jpg", lonlat=None)
    keep = (folder / MANIFEST_NAME).read_text("utf-8")
    m = manifest_of(folder)
    record_of(m, "P1")[1]["facts"]["RGSM"] = "外业"   # nothing changed, says the forged base
    write_manifest(folder, m)
    r = import_field_package(sup, folder, save=False)
    assert not r.ok and "P1" in r.errors[0].message and "base values" in r.errors[0].message
    (folder / MANIFEST_NAME).write_text(keep, "utf-8")
    r = import_field_package(sup, folder, save=False)
    # no attachment folder yet: the facts are merged, the photo waits and the package is not marked imported
    assert not r.ok and r.incomplete and [x["JCBH"] for x in r.merged] == ["P1"]
    assert [p.file for p in r.unstored] == ["DCIM/P2_1.jpg"] and "folder" in r.unstored[0].message
    admin.set_attachments_folder(str(tmp_path / "files"))
    r = import_field_package(sup, folder, save=False)
    assert r.ok and not r.merged and [p["file"] for p in r.photos] == ["DCIM/P2_1.jpg"]
    assert import_field_package(sup, folder, save=False).unchanged
