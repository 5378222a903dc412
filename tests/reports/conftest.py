"""A small workspace for the report tests: three patches, one illegal, one mining, one with hostile text."""
import datetime as dt

import pytest
from osgeo import ogr

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.store.determinations import determine_patches, save_facts
from wpzf.tests.exchange.corpus import ILLEGAL, PATCH_FIELDS, _square, write_shp

FIELDS = PATCH_FIELDS[:4] + (("CMC", ogr.OFTString),) + PATCH_FIELDS[4:]   # with the village
SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
QUOTES = "\"双引号\" '单引号' & <b>"


@pytest.fixture
def ws(tmp_path):
    base = {"XZQDM": "140923", "XMC": "代县", "NYDMJ": 3.0, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否"}
    rows = [
        {**base, "JCBH": "1409232021050001", "XZMC": "上馆镇", "CMC": "东关村", "GDMJ": 3.0, "YJJBNTMJ": 1.25,
         "wkt": _square(0)},
        {**base, "JCBH": "1409232021050002", "XZMC": "聂营镇", "CMC": "窑子村", "GDMJ": 0.0, "YJJBNTMJ": 0.0,
         "SFSK": "是", "wkt": _square(1)},
        {**base, "JCBH": "1409232021050003", "XZMC": "上馆镇", "CMC": "西关村", "GDMJ": 2.0, "YJJBNTMJ": 0.0,
         "wkt": _square(2)},
    ]
    w = create_workspace(tmp_path / "ws.gpkg")
    assert import_batch(w, write_shp(tmp_path / "b.shp", rows, fields=FIELDS),
                        BatchMeta("部级", dt.date(2021, 5, 6), 2021), save=False).ok
    f = dict(zip(w.select("wz_patch", ["JCBH"])["JCBH"], w.select("wz_patch", ["JCBH"])["fid"].astype(int)))
    a, b, c = f["1409232021050001"], f["1409232021050002"], f["1409232021050003"]
    save_facts(w, a, {**ILLEGAL, "RGSM": f"{SCRIPT} {QUOTES}"})
    save_facts(w, b, {**ILLEGAL, "SJYT": "mining", "KCZT": "mined", "CKXK": "none"})
    save_facts(w, c, {**ILLEGAL})
    with w.transaction():
        w.update("wz_patch", c, {"CMC": SCRIPT, "XZMC": FORMULA})
    determine_patches(w)
    w.fids = {"a": a, "b": b, "c": c}
    yield w
    w.close()
