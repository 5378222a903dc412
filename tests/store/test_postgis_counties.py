"""A city's team workspace on PostGIS holding two counties' patches: accountability at county, city
and province level from the stored determinations."""
import datetime as dt

import pytest

from wpzf.core.accountability import CITY, COUNTY, PROVINCE, compute_accountability
from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import Actor, create_workspace
from wpzf.store.determinations import accountability_input, determine_patches, save_facts
from wpzf.tests.exchange.corpus import ILLEGAL, _square, write_shp
from wpzf.tests.exchange.corpus import PATCH_FIELDS as FIELDS
from wpzf.tests.store import pg_fixtures

pg_cluster = pg_fixtures.pg_cluster
pg_location = pg_fixtures.pg_location
pg_schema = pg_fixtures.pg_schema



def test_two_counties_give_county_city_and_province_figures(pg_location, tmp_path):
    ws = create_workspace(pg_location, actor=Actor("市局", "city-pc"))
    try:
        counties = {"140923": ("代县", "上馆镇", [3.0, 2.0]), "140921": ("定襄县", "晋昌镇", [4.0])}
        i = 0
        for code, (name, town, areas) in counties.items():
            rows = []
            for gd in areas:
                rows.append({"JCBH": f"{code}2021050{i:03d}", "XZQDM": code, "XMC": name, "XZMC": town, "GDMJ": gd,
                             "YJJBNTMJ": 0.0, "NYDMJ": gd, "JSYDMJ": 0.0, "WLYDMJ": 0.0, "SFSK": "否",
                             "wkt": _square(i)})
                i += 1
            shp = write_shp(tmp_path / f"{code}.shp", rows, fields=FIELDS)
            assert import_batch(ws, shp, BatchMeta("部级", dt.date(2021, 5, 6), 2021, code=f"B{code}"), save=False).ok
        for fid in ws.patch_fids():
            save_facts(ws, fid, ILLEGAL)
        determine_patches(ws)
        data = accountability_input(ws)
        assert set(data["county"]) == {"140923", "140921"}
        res = compute_accountability(data, names=data.attrs["names"])
        dai, ding = res.get(COUNTY, "140923"), res.get(COUNTY, "140921")
        assert dai.name == "代县" and dai.numerator == pytest.approx(5.0) and ding.numerator == pytest.approx(4.0)
        city = res.get(CITY, "140900")
        assert city.numerator == pytest.approx(9.0) and city.denominator == pytest.approx(9.0)
        assert res.get(PROVINCE, "140000").numerator == pytest.approx(9.0)
        assert ws.verify_audit().ok
    finally:
        ws.close()
