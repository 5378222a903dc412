"""Per-patch files never collide, and a batch without region codes still gets every report that does not
need them, with a message that says what is missing."""
import datetime as dt

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.reports.export import export_reports
from wpzf.store import create_workspace
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.tests.exchange.corpus import ILLEGAL, PATCH_FIELDS, _square, write_shp


def test_slash_and_underscore_keys_and_no_region_codes(tmp_path, qgis_app):
    base = {"XMC": "代县", "XZMC": "上馆镇", "GDMJ": 3.0, "YJJBNTMJ": 0.0, "NYDMJ": 3.0, "JSYDMJ": 0.0,
            "WLYDMJ": 0.0}
    keys = ["1409/232021050001", "1409_232021050001", "K3"]
    rows = [{**base, "JCBH": k, "wkt": _square(i)} for i, k in enumerate(keys)]   # no XZQDM at all
    ws = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(ws, write_shp(tmp_path / "b.shp", rows, fields=PATCH_FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    for fid in ws.patch_fids():
        save_facts(ws, fid, dict(ILLEGAL))
    determine_patches(ws)
    said = []
    files = export_reports(ws, tmp_path / "out", today=dt.date(2021, 7, 1), on_message=said.append)
    records = sorted(p.name for p in (tmp_path / "out" / "核查记录表").iterdir())
    assert len(records) == 3 and "1409_232021050001.pdf" in records and "K3.pdf" in records
    assert any(r.startswith("1409_232021050001_") for r in records)
    names = {p.name for p in files}
    assert {"月度统计.pdf", "月度统计.xlsx", "违法用地台账.xlsx", "整改进展报告.pdf"} <= names
    assert "问责测算.xlsx" not in names
    assert any("XZQDM" in m and "1409/232021050001" in m and "were not written" in m for m in said), said
    ws.close()
