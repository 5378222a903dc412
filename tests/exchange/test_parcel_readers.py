"""The overlay's parcel readers over QGIS layers: the GeoPackage R-tree fast path, the QGIS request path
(shapefile), layers in a Gauss–Krüger zone or another CRS, and reading nothing when the parcels are far."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from osgeo import gdal, ogr, osr

from wpzf.core.overlay import overlay_landuse
from wpzf.core.parcel_source import ArrayParcelSource, merge_boxes
from wpzf.tests.store import pg_fixtures

pg_cluster = pg_fixtures.pg_cluster
pg_schema = pg_fixtures.pg_schema

gdal.UseExceptions()
ogr.UseExceptions()

CODES = np.array(["0102", "0103", "0601", "1104", "0301"], dtype=object)


def _survey():
    """A 12 × 10 grid of parcels (some with a 田坎 share, one with a hole) around 113.0°E 39.0°N, and
    patches overlapping it; in lon/lat."""
    rng = np.random.default_rng(7)
    geoms, dlbm, kcxs, kcdlbm = [], [], [], []
    step = 0.001
    for i in range(12):
        for j in range(10):
            x, y = 112.994 + i * step, 38.995 + j * step
            g = shapely.segmentize(shapely.box(x, y, x + step, y + step), step / 4)
            if i == 3 and j == 4:
                g = g.difference(shapely.box(x + step / 4, y + step / 4, x + 3 * step / 4, y + 3 * step / 4))
            geoms.append(g)
            dlbm.append(CODES[(i * 7 + j) % len(CODES)])
            k = float(np.round(rng.uniform(0.02, 0.15), 4)) if dlbm[-1] in ("0102", "0103") and j % 2 else 0.0
            kcxs.append(k)
            kcdlbm.append("1203" if k else None)
    patches = [shapely.Polygon([(112.9962, 38.9971), (112.9991, 38.9968), (112.9997, 38.9994), (112.9958, 38.9989)]),
               shapely.Point(113.0021, 39.0012).buffer(0.0009, 8),
               shapely.box(113.0031, 39.0001, 113.0049, 39.0031)]
    return np.array(geoms, dtype=object), np.array(dlbm, dtype=object), np.array(kcxs), \
        np.array(kcdlbm, dtype=object), np.array(patches, dtype=object)


def _write(path, geoms, dlbm, kcxs, kcdlbm, epsg=4490, driver="GPKG", spatial_index=True):
    """The parcels written with OGR in ``epsg`` (transformed from lon/lat)."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ll = osr.SpatialReference()
    ll.ImportFromEPSG(4490)
    ll.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    xform = osr.CoordinateTransformation(ll, srs)
    ds = ogr.GetDriverByName(driver).CreateDataSource(str(path))
    opts = [f"SPATIAL_INDEX={'YES' if spatial_index else 'NO'}"] if driver == "GPKG" else []
    lyr = ds.CreateLayer("DLTB", srs, ogr.wkbPolygon, options=opts)
    for name, kind in (("DLBM", ogr.OFTString), ("KCDLBM", ogr.OFTString), ("KCXS", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for g, d, k, kd in zip(geoms, dlbm, kcxs, kcdlbm):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("DLBM", d)
        if kd:
            f.SetField("KCDLBM", kd)
        f.SetField("KCXS", float(k))
        og = ogr.CreateGeometryFromWkb(shapely.to_wkb(g))
        if epsg != 4490:
            og.Transform(xform)
        f.SetGeometry(og)
        lyr.CreateFeature(f)
    ds = None
    if driver == "ESRI Shapefile":     # its .qix spatial index, as users make it
        ds = ogr.Open(str(path), update=1)
        ds.ExecuteSQL(f"CREATE SPATIAL INDEX ON {path.stem}")
        ds = None
    return path


def _layer(path, name="DLTB"):
    from qgis.core import QgsVectorLayer

    uri = f"{path}|layername={name}" if str(path).endswith((".gpkg", ".gdb")) else str(path)
    layer = QgsVectorLayer(uri, name, "ogr")
    assert layer.isValid()
    return layer


@pytest.fixture(scope="module")
def survey():
    return _survey()


@pytest.fixture(scope="module")
def reference(survey):
    geoms, dlbm, kcxs, kcdlbm, patches = survey
    res = overlay_landuse(["a", "b", "c"], patches, ArrayParcelSource(geoms, dlbm, kcxs, kcdlbm), workers=1)
    return res.class_areas().set_index(["patch_id", "DLBM"])["area_m2"]


def _areas(source, patches):
    res = overlay_landuse(["a", "b", "c"], patches, source, workers=1)
    return res.class_areas().set_index(["patch_id", "DLBM"])["area_m2"]


def _open(path, **kw):
    from wpzf.exchange.parcel_readers import open_parcel_source

    return open_parcel_source(_layer(path, **kw), "DLBM", "KCXS", "KCDLBM")


@pytest.mark.parametrize("epsg,driver,kind,rel", [
    (4490, "GPKG", "geopackage", 1e-12),              # the R-tree fast path: identical results
    (4490, "ESRI Shapefile", "ogr", 1e-12),           # OGR's spatial filter on the .qix, arrays in bulk
    (4526, "GPKG", "geopackage", 1e-9),               # Gauss–Krüger zone 38, numpy back to lon/lat
    (4526, "ESRI Shapefile", "ogr", 1e-9),
    (4547, "GPKG", "geopackage", 1e-9),               # GK 3° zone without the zone prefix (CM 114°E)
    (4526, "OpenFileGDB", "ogr", 1e-5),               # FileGDB in a GK zone (it snaps vertices to its grid)
    (3857, "GPKG", "geopackage", 1e-6),               # any other CRS: QgsCoordinateTransform per parcel
], ids=["gpkg-4490", "shp-4490", "gpkg-gk", "shp-gk", "gpkg-gk-noprefix", "filegdb-gk", "gpkg-webmercator"])
def test_reader_paths_give_the_in_memory_results(qgis_app, survey, reference, tmp_path, epsg, driver, kind, rel):
    geoms, dlbm, kcxs, kcdlbm, patches = survey
    name = {"GPKG": "dltb.gpkg", "OpenFileGDB": "dltb.gdb"}.get(driver, "DLTB.shp")
    path = _write(tmp_path / name, geoms, dlbm, kcxs, kcdlbm, epsg, driver)
    src = _open(path)
    assert src.kind == kind
    got = _areas(src, patches)
    assert set(got.index) == set(reference.index)
    np.testing.assert_allclose(got.reindex(reference.index).to_numpy(), reference.to_numpy(), rtol=rel, atol=1e-6)
    # only the parcels near the patches were read, not the whole survey
    assert 0 < src.rows_read < len(geoms)
    src.close()


def test_a_batch_holds_the_parcels_meeting_the_boxes_with_their_attributes(qgis_app, survey, tmp_path):
    geoms, dlbm, kcxs, kcdlbm, patches = survey
    gpkg = _open(_write(tmp_path / "d.gpkg", geoms, dlbm, kcxs, kcdlbm))
    shp = _open(_write(tmp_path / "D.shp", geoms, dlbm, kcxs, kcdlbm, driver="ESRI Shapefile"))
    boxes = shapely.bounds(patches)
    hit = np.unique(shapely.STRtree(geoms).query(shapely.box(*boxes.T))[1])
    for src, first_fid in ((gpkg, 1), (shp, 0)):
        b = src.parcels_in(boxes)
        i = b.fid - first_fid
        assert len(set(i)) == len(i) and set(hit) <= set(i)
        # beyond those: the R-tree reader only parcels its rounded (float32) envelopes let through, touching
        # a box; the QGIS reader those in the envelope of nearby boxes it asks for at once
        region = shapely.box(*boxes.T) if src.kind == "geopackage" else shapely.box(*merge_boxes(boxes, 0.002).T)
        assert shapely.dwithin(geoms[i][:, None], region[None, :], 1e-5).any(axis=1).all(), src.kind
        assert list(b.dlbm) == list(dlbm[i])
        np.testing.assert_array_equal(b.kcxs, kcxs[i])
        assert list(b.kcdlbm) == ["" if v is None else v for v in kcdlbm[i]]
        assert shapely.equals(b.geoms, geoms[i]).all()       # the shapefile gives multipolygons, rings turned
        src.close()


@pytest.mark.parametrize("epsg,driver", [(4490, "GPKG"), (4526, "GPKG"), (4490, "ESRI Shapefile"),
                                         (4526, "ESRI Shapefile")])
def test_parcels_far_from_the_patches_are_not_read(qgis_app, survey, tmp_path, epsg, driver):
    geoms, dlbm, kcxs, kcdlbm, patches = survey
    far = shapely.transform(geoms, lambda xy: xy + [0.3, 0.2])     # ~30 km away, same zone
    src = _open(_write(tmp_path / ("f.gpkg" if driver == "GPKG" else "F.shp"), far, dlbm, kcxs, kcdlbm, epsg,
                       driver))
    res = overlay_landuse(["a", "b", "c"], patches, src, workers=1)
    assert src.rows_read == 0 and src.queries > 0
    assert (res.patches["covered_m2"] == 0).all() and len(res.pieces) == 0
    src.close()


def test_filtered_edited_or_unindexed_geopackage_layers_go_through_qgis(qgis_app, survey, reference, tmp_path):
    from qgis.core import QgsFeature, QgsGeometry

    from wpzf.exchange.parcel_readers import open_parcel_source

    geoms, dlbm, kcxs, kcdlbm, patches = survey
    path = _write(tmp_path / "d.gpkg", geoms, dlbm, kcxs, kcdlbm)
    layer = _layer(path)
    layer.setSubsetString("\"DLBM\" <> '0601'")          # the reader must honour the layer's filter
    src = open_parcel_source(layer, "DLBM", "KCXS", "KCDLBM")
    assert src.kind == "qgis"
    got = _areas(src, patches)
    assert "0601" not in set(got.index.get_level_values("DLBM"))
    assert got.sum() < reference.sum()

    layer = _layer(path)
    layer.startEditing()                                  # unsaved edits are part of the layer
    f = QgsFeature(layer.fields())
    f.setGeometry(QgsGeometry.fromWkt("POLYGON((113.0035 39.0005, 113.0045 39.0005, 113.0045 39.0015, "
                                      "113.0035 39.0015, 113.0035 39.0005))"))
    f.setAttributes([None, "0999", None, 0.0])
    assert layer.addFeature(f)
    src = open_parcel_source(layer, "DLBM", "KCXS", "KCDLBM")
    assert src.kind == "qgis"
    assert "0999" in set(src.parcels_in(shapely.bounds(patches)).dlbm)
    layer.rollBack()

    # no R-tree: OGR reads it, one query for the chunk's extent (a scan), then only what meets a patch box
    src = _open(_write(tmp_path / "plain.gpkg", geoms, dlbm, kcxs, kcdlbm, spatial_index=False))
    assert src.kind == "ogr"
    np.testing.assert_allclose(_areas(src, patches).reindex(reference.index).to_numpy(), reference.to_numpy(),
                               rtol=1e-12)
    assert not src.fast_filter and src.queries == 1 and 0 < src.rows_read < len(geoms)


def test_missing_fields_are_refused(qgis_app, survey, tmp_path):
    from wpzf.exchange.errors import InputError
    from wpzf.exchange.parcel_readers import open_parcel_source

    geoms, dlbm, kcxs, kcdlbm, _ = survey
    layer = _layer(_write(tmp_path / "d.gpkg", geoms, dlbm, kcxs, kcdlbm))
    with pytest.raises(InputError):
        open_parcel_source(layer, "DLBM_X")


def test_gauss_kruger_numpy_matches_qgis_transform(qgis_app):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject

    from wpzf.core.tmerc import TransverseMercator

    rng = np.random.default_rng(3)
    for epsg, lon0 in ((4526, 114.0), (4547, 114.0), (4491, 75.0), (4513, 75.0)):
        crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
        tm = TransverseMercator.from_proj(crs.toProj())
        assert tm is not None and tm.lon0 == lon0
        xf = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4490"), crs, QgsProject.instance())
        lon, lat = lon0 + rng.uniform(-1.6, 1.6, 50), rng.uniform(20, 50, 50)
        ref = np.array([(p.x(), p.y()) for p in (xf.transform(QgsPointXY(a, b)) for a, b in zip(lon, lat))])
        x, y = tm.forward(lon, lat)
        np.testing.assert_allclose(x, ref[:, 0], rtol=0, atol=1e-6)
        np.testing.assert_allclose(y, ref[:, 1], rtol=0, atol=1e-6)
        lo, la = tm.inverse(ref[:, 0], ref[:, 1])
        np.testing.assert_allclose(lo, lon, rtol=0, atol=1e-10)
        np.testing.assert_allclose(la, lat, rtol=0, atol=1e-10)
    for epsg in (3857, 4326, 2383):        # not a CGCS2000 Gauss–Krüger zone: QGIS transforms those
        assert TransverseMercator.from_proj(QgsCoordinateReferenceSystem(f"EPSG:{epsg}").toProj()) is None


def test_postgis_layer_in_a_gauss_kruger_zone(qgis_app, survey, reference, tmp_path, pg_cluster, pg_schema):
    """A PostGIS survey goes through QGIS; the provider sends each rectangle as a server-side ``&&``."""
    from qgis.core import QgsDataSourceUri, QgsVectorLayer

    from wpzf.exchange.parcel_readers import open_parcel_source

    geoms, dlbm, kcxs, kcdlbm, patches = survey
    path = _write(tmp_path / "d.gpkg", geoms, dlbm, kcxs, kcdlbm, epsg=4526)
    pg_cluster.admin(f'CREATE SCHEMA "{pg_schema}"')
    p = pg_cluster.params()
    gdal.VectorTranslate(f"PG:{pg_cluster.dsn()}", str(path), format="PostgreSQL", layers=["DLTB"],
                         layerCreationOptions=[f"SCHEMA={pg_schema}", "GEOMETRY_NAME=geom", "LAUNDER=NO"])
    uri = QgsDataSourceUri()
    uri.setConnection(p["host"], p["port"], p["dbname"], p["user"], "")
    uri.setDataSource(pg_schema, "DLTB", "geom", "", "fid")
    layer = QgsVectorLayer(uri.uri(False), "DLTB", "postgres")
    assert layer.isValid()
    src = open_parcel_source(layer, "DLBM", "KCXS", "KCDLBM")
    assert src.kind == "qgis"
    got = _areas(src, patches)
    np.testing.assert_allclose(got.reindex(reference.index).to_numpy(), reference.to_numpy(), rtol=1e-9, atol=1e-6)
    assert 0 < src.rows_read < len(geoms)


def test_ogr_reader_reads_what_the_qgis_reader_reads(qgis_app, survey, tmp_path):
    """Shapefile through OGR's Arrow stream and through QGIS features: the same parcels, fields and shapes."""
    from wpzf.exchange.parcel_readers import LayerParcelSource

    geoms, dlbm, kcxs, kcdlbm, patches = survey
    path = _write(tmp_path / "D.shp", geoms, dlbm, kcxs, kcdlbm, epsg=4526, driver="ESRI Shapefile")
    ogr_src, qgis_src = _open(path), LayerParcelSource(_layer(path), "DLBM", "KCXS", "KCDLBM")
    assert ogr_src.kind == "ogr" and ogr_src.fast_filter
    boxes = shapely.bounds(patches)
    a, b = ogr_src.parcels_in(boxes), qgis_src.parcels_in(boxes)
    order = np.argsort(b.fid)
    assert list(a.fid) == list(b.fid[order]) and ogr_src.queries == qgis_src.queries
    assert list(a.dlbm) == list(b.dlbm[order]) and list(a.kcdlbm) == list(b.kcdlbm[order])
    np.testing.assert_array_equal(a.kcxs, b.kcxs[order])
    for x, y in zip(a.geoms, b.geoms[order]):       # QGIS makes a shapefile's polygons multipolygons; OGR does not
        np.testing.assert_array_equal(shapely.get_coordinates(x), shapely.get_coordinates(y))


def test_a_shapefile_without_spatial_index_is_read_once_per_chunk(qgis_app, survey, reference, tmp_path):
    geoms, dlbm, kcxs, kcdlbm, patches = survey
    path = _write(tmp_path / "D.shp", geoms, dlbm, kcxs, kcdlbm, driver="ESRI Shapefile")
    path.with_suffix(".qix").unlink()
    src = _open(path)
    assert src.kind == "ogr" and not src.fast_filter
    got = _areas(src, patches)
    np.testing.assert_allclose(got.reindex(reference.index).to_numpy(), reference.to_numpy(), rtol=1e-12, atol=1e-6)
    assert src.queries == 1 and 0 < src.rows_read < len(geoms)     # one scan, only parcels near a patch kept


@pytest.mark.parametrize("epsg", [4490, 4526])
def test_the_qgis_free_geopackage_reader_reads_what_the_layer_reader_reads(qgis_app, survey, tmp_path, epsg):
    """What wpzf:overlay_landuse reads a GeoPackage with (in this process or its helper process): the same
    parcels, in the same order, with the same attributes and coordinates as the layer's reader; picklable."""
    import pickle

    from wpzf.core.parcel_source import GeoPackageReader, WithFallback
    from wpzf.exchange.parcel_readers import open_portable_parcel_source

    geoms, dlbm, kcxs, kcdlbm, patches = survey
    path = _write(tmp_path / "d.gpkg", geoms, dlbm, kcxs, kcdlbm, epsg)
    layer_reader = _open(path)
    src = open_portable_parcel_source(_layer(path), "DLBM", "KCXS", "KCDLBM")
    assert isinstance(src, WithFallback) and isinstance(src.portable(), GeoPackageReader)
    portable = pickle.loads(pickle.dumps(src.portable()))
    boxes = shapely.bounds(patches)
    for got in (src.parcels_in(boxes), portable.parcels_in(boxes)):
        want = layer_reader.parcels_in(boxes)
        assert len(got) > 0 and list(got.fid) == list(want.fid)
        assert list(got.dlbm) == list(want.dlbm) and list(got.kcdlbm) == list(want.kcdlbm)
        np.testing.assert_array_equal(got.kcxs, want.kcxs)
        np.testing.assert_array_equal(shapely.get_coordinates(got.geoms), shapely.get_coordinates(want.geoms))
    assert src.rows_read == len(want) and src.kind == "geopackage"
    for s in (src, portable, layer_reader):
        s.close()


def test_what_the_portable_reader_cannot_decode_is_read_by_the_layer_reader(survey):
    from wpzf.core.parcel_source import ParcelBatch, UnreadableGeometry, WithFallback

    geoms, dlbm, kcxs, kcdlbm, patches = survey

    class Curves:
        kind, rows_read = "geopackage", 0

        def parcels_in(self, boxes):
            raise UnreadableGeometry("a curve")

        def portable(self):
            return self

    fallback = ArrayParcelSource(geoms, dlbm, kcxs, kcdlbm)
    src = WithFallback(Curves(), fallback)
    assert src.portable() is not None
    b = src.parcels_in(shapely.bounds(patches))
    assert isinstance(b, ParcelBatch) and len(b) > 0 and fallback.calls == 1
    assert src.portable() is None                       # no helper process for it from now on
    src.parcels_in(shapely.bounds(patches))
    assert fallback.calls == 2


def test_gauss_kruger_in_blocks_is_the_same_arithmetic(monkeypatch):
    """Blocks change nothing but numpy's vector paths (a last-bit difference in a few values at most)."""
    from wpzf.core import tmerc

    tm = tmerc.TransverseMercator(114.0, 1.0, 38500000.0, 0.0)
    rng = np.random.default_rng(5)
    lon, lat = 114 + rng.uniform(-1.5, 1.5, 20_000), rng.uniform(20, 50, 20_000)
    monkeypatch.setattr(tmerc, "_BLOCK", 1000)
    x, y = tm.forward(lon, lat)
    back = tm.inverse(x, y)
    monkeypatch.setattr(tmerc, "_BLOCK", 10 ** 9)
    for a, b in zip((x, y, *back), (*tm.forward(lon, lat), *tm.inverse(x, y))):
        np.testing.assert_allclose(a, b, rtol=3e-16, atol=0)


def test_a_curved_parcel_among_straight_ones_is_read_straightened():
    """shapely 2.1 refuses a whole WKB array holding one curve (NotImplementedError, even told to ignore):
    the straight parcels still come through as they are and the curve through QGIS, straightened."""
    pytest.importorskip("qgis.core")
    from qgis.core import QgsGeometry

    from wpzf.exchange.parcel_readers import geoms_from_wkb

    square = shapely.to_wkb(shapely.box(0, 0, 1, 1))
    curve = bytes(QgsGeometry.fromWkt("CURVEPOLYGON(CIRCULARSTRING(10 0, 11 1, 12 0, 11 -1, 10 0))").asWkb())
    geoms, keep = geoms_from_wkb(np.array([square, curve, None], dtype=object))
    assert keep.tolist() == [True, True, False]
    assert geoms[0].equals(shapely.box(0, 0, 1, 1))
    assert geoms[1].geom_type == "Polygon" and abs(geoms[1].area - np.pi) < 0.01
