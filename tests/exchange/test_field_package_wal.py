"""A package whose GeoPackage QField still had open (WAL mode): read with its pending -wal, or refused by name
when only the .gpkg was copied back (issue 16)."""
import shutil
import sqlite3

from wpzf.exchange.field_package import GPKG_NAME, export_field_package, import_field_package, in_wal_mode
from wpzf.tests.exchange.test_field_package import facts
from wpzf.tests.exchange.test_field_package import ws as ws  # noqa: F401  (fixture)


def _edit_in_wal(pkg, copies):
    """Edit field.gpkg as QField does (WAL, nothing checkpointed yet) and copy the package folder while the
    database is still open: ``copies`` {folder: keep the -wal}."""
    con = sqlite3.connect(pkg / GPKG_NAME)
    for fn in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):   # named by the R-tree triggers; the
        con.create_function(fn, 1, lambda g: 0)                            # fid and geometry stay as they are
    try:
        assert con.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
        con.execute("PRAGMA wal_autocheckpoint=0")
        with con:
            con.execute("UPDATE patches SET \"RGSM\" = '外业：只在 WAL 里' WHERE \"JCBH\" = 'B'")
        assert (pkg / (GPKG_NAME + "-wal")).stat().st_size > 0
        for dest, keep_wal in copies.items():
            shutil.copytree(pkg, dest)
            if not keep_wal:
                for suffix in ("-wal", "-shm"):
                    (dest / (GPKG_NAME + suffix)).unlink(missing_ok=True)
    finally:
        con.close()


def test_a_pending_wal_is_read_and_the_package_left_as_it_was(ws, tmp_path):  # noqa: F811
    pkg = tmp_path / "pkg"
    export_field_package(ws, pkg, township="上馆镇", project=False)
    assert not in_wal_mode(pkg / GPKG_NAME)          # written with a rollback journal
    with_wal = tmp_path / "copied_with_wal"
    _edit_in_wal(pkg, {with_wal: True})
    wal = with_wal / (GPKG_NAME + "-wal")
    size, data = wal.stat().st_size, (with_wal / GPKG_NAME).read_bytes()
    assert in_wal_mode(with_wal / GPKG_NAME) and size > 0
    report = import_field_package(ws, with_wal, save=False)
    assert report.ok, report.text()
    assert [(m["JCBH"], m["code"]) for m in report.merged] == [("B", "RGSM")]
    assert facts(ws, "B")["RGSM"] == "外业：只在 WAL 里"
    # reading did not fold the log into the package (a read changes nothing)
    assert wal.stat().st_size == size and (with_wal / GPKG_NAME).read_bytes() == data


def test_the_gpkg_copied_without_its_wal_is_refused_naming_what_to_copy(ws, tmp_path):  # noqa: F811
    pkg = tmp_path / "pkg"
    export_field_package(ws, pkg, township="上馆镇", project=False)
    alone = tmp_path / "gpkg_only"
    _edit_in_wal(pkg, {alone: False})
    assert in_wal_mode(alone / GPKG_NAME) and not (alone / (GPKG_NAME + "-wal")).exists()
    before = facts(ws, "B")["RGSM"]
    report = import_field_package(ws, alone, save=False)
    assert not report.ok and report.errors
    message = str(report.errors[0])
    assert "field.gpkg-wal" in message and "field.gpkg" in message and "QField" in message
    assert facts(ws, "B")["RGSM"] == before


def test_a_checkpointed_gpkg_in_wal_mode_is_read(ws, tmp_path):  # noqa: F811
    """QGIS checkpoints after each commit and removes the -wal when it closes; the header stays WAL."""
    pkg = tmp_path / "pkg"
    export_field_package(ws, pkg, township="上馆镇", project=False)
    _edit_in_wal(pkg, {})
    con = sqlite3.connect(pkg / GPKG_NAME)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    assert in_wal_mode(pkg / GPKG_NAME) and not (pkg / (GPKG_NAME + "-wal")).exists()
    report = import_field_package(ws, pkg, save=False)
    assert report.ok, report.text()
    assert facts(ws, "B")["RGSM"] == "外业：只在 WAL 里"


def test_the_exported_digest_is_signed(ws, tmp_path):  # noqa: F811
    """Changing the digest the WAL check relies on breaks the manifest's signature: the package is refused."""
    import json

    from wpzf.exchange.field_package import GPKG_BODY, MANIFEST_NAME, gpkg_body_digest

    pkg = tmp_path / "pkg"
    export_field_package(ws, pkg, township="上馆镇", project=False)
    m = json.loads((pkg / MANIFEST_NAME).read_text("utf-8"))
    assert m["checksums"][GPKG_BODY] == gpkg_body_digest(pkg / GPKG_NAME)
    m["checksums"][GPKG_BODY] = "0" * 64
    (pkg / MANIFEST_NAME).write_text(json.dumps(m, ensure_ascii=False), "utf-8")
    report = import_field_package(ws, pkg, save=False)
    assert not report.ok and "signature" in str(report.errors[0])
