"""Synthetic land survey (三调 DLTB) and patches for the overlay benchmark, as GeoPackages (EPSG:4490).

Parcels: the Voronoi cells of random points with a smoothly varying density (parcel sizes vary about
4× across the region), built tile by tile and clipped to the tiles, so together they are a gap-free,
overlap-free coverage of the region. One cell in a hundred gets a pond (1104) carved out of it: a
parcel with a hole and the pond as its own parcel. Edges are densified to ≤ 25 m, which gives parcels
the ~15–25 vertices of real traced parcels. Classes follow rough 华北 county shares; a third of the
dry/irrigated fields carry a 田坎 share KCXS (KCDLBM 1203).
Patches: valid star-shaped blobs of 8–20 vertices, log-normal sizes (median ≈ 2500 m² ≈ 3.75 亩, clipped to
300 m² … 300000 m²), uniformly placed; some overlap each other, as real patches and parts do.
Both presets straddle the 3° Gauss–Krüger zone edge at 112.5°E.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely


@dataclass(frozen=True)
class Spec:
    name: str
    n_parcels: int
    n_patches: int
    bbox: tuple[float, float, float, float]   # lon/lat degrees
    seed: int = 2021

    def scaled(self, scale: float) -> Spec:
        """Same parcel density and patch density on an area ``scale`` times as large."""
        if scale == 1.0:
            return self
        x0, y0, x1, y1 = self.bbox
        k = math.sqrt(scale)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        hw, hh = (x1 - x0) / 2 * k, (y1 - y0) / 2 * k
        return Spec(f"{self.name}-x{scale:g}", max(1000, int(self.n_parcels * scale)),
                    max(50, int(self.n_patches * scale)), (cx - hw, cy - hh, cx + hw, cy + hh), self.seed)


# ≈ 9000 m² per parcel at 39°N in both (county ≈ 1800 km², province ≈ 18000 km²)
COUNTY = Spec("county", 200_000, 5_000, (112.25, 38.85, 112.75, 39.23))
PROVINCE = Spec("province", 2_000_000, 50_000, (111.9, 38.4, 113.5, 39.6))

CLASS_SHARES = (
    ("0103", 0.24), ("0102", 0.15), ("0101", 0.02), ("0201", 0.03), ("0204", 0.01), ("0301", 0.09),
    ("0305", 0.07), ("0307", 0.03), ("0401", 0.03), ("0403", 0.01), ("0404", 0.07), ("05H1", 0.005),
    ("0508", 0.005), ("0601", 0.01), ("0602", 0.01), ("0701", 0.01), ("0702", 0.05), ("08H2", 0.005),
    ("0809", 0.005), ("09", 0.002), ("1001", 0.003), ("1003", 0.01), ("1004", 0.01), ("1006", 0.03),
    ("1101", 0.01), ("1104", 0.01), ("1107", 0.01), ("1109", 0.002), ("1201", 0.003), ("1202", 0.01),
    ("1204", 0.003), ("1206", 0.02), ("1207", 0.01),
)
MAX_SEG_DEG = 0.00025          # densify parcel edges to ≤ ~25 m
POINTS_PER_TILE = 20_000


def _density(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Relative point density in [0.25, 1]: smooth blobs, so parcel size varies ~4×."""
    return 0.625 + 0.375 * np.sin(x * 23.0 + 1.3) * np.cos(y * 19.0 - 0.7)


def _tile_points(rng, x0, y0, x1, y1, n):
    pts = np.empty((0, 2))
    while len(pts) < n:
        m = int((n - len(pts)) * 1.7) + 16
        c = np.column_stack([rng.uniform(x0, x1, m), rng.uniform(y0, y1, m)])
        c = c[rng.random(m) < _density(c[:, 0], c[:, 1])]
        pts = np.vstack([pts, c])
    return pts[:n]


def parcels(spec: Spec):
    """Yield (geometries, DLBM, KCXS) tile by tile; the union of all is an exact coverage of spec.bbox."""
    rng = np.random.default_rng(spec.seed)
    x0, y0, x1, y1 = spec.bbox
    n_tiles = max(1, round(spec.n_parcels / POINTS_PER_TILE))
    nx = max(1, round(math.sqrt(n_tiles * (x1 - x0) / (y1 - y0))))
    ny = max(1, round(n_tiles / nx))
    per_tile = spec.n_parcels / (nx * ny)
    codes = np.array([c for c, _ in CLASS_SHARES])
    shares = np.array([s for _, s in CLASS_SHARES])
    shares = shares / shares.sum()
    done = 0
    for ty in range(ny):
        for tx in range(nx):
            n = int(round(per_tile * (ty * nx + tx + 1))) - done
            done += n
            n_ponds = n // 100
            n_cells = n - n_ponds
            a, b = x0 + (x1 - x0) * tx / nx, y0 + (y1 - y0) * ty / ny
            c, d = x0 + (x1 - x0) * (tx + 1) / nx, y0 + (y1 - y0) * (ty + 1) / ny
            pts = _tile_points(rng, a, b, c, d, n_cells)
            env = shapely.box(a - (c - a), b - (d - b), c + (c - a), d + (d - b))
            cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(pts), extend_to=env))
            cells = shapely.clip_by_rect(cells, a, b, c, d)
            cells = cells[shapely.area(cells) > 0]
            cells = np.asarray(shapely.segmentize(cells, MAX_SEG_DEG), dtype=object)
            dlbm = rng.choice(codes, size=len(cells), p=shares)
            # ponds: a shrunk copy of a (convex) cell, carved out as a hole
            idx = rng.choice(len(cells), size=min(n_ponds, len(cells)), replace=False)
            shells = shapely.get_exterior_ring(cells[idx])
            cen = shapely.centroid(cells[idx])
            k = rng.uniform(0.2, 0.45, len(idx))
            ring_xy, ring_i = shapely.get_coordinates(shells, return_index=True)
            cxy = shapely.get_coordinates(cen)[ring_i]
            inner_xy = cxy + (ring_xy - cxy) * k[ring_i, None]
            inner = shapely.linearrings(inner_xy, indices=ring_i)
            ponds = shapely.polygons(inner)
            cells[idx] = shapely.polygons(shells, holes=inner[:, None])
            geoms = np.concatenate([cells, ponds])
            dlbm = np.concatenate([dlbm, np.full(len(ponds), "1104")])
            kcxs = np.zeros(len(geoms))
            fields = np.isin(dlbm, ("0102", "0103")) & (rng.random(len(geoms)) < 0.35)
            kcxs[fields] = np.round(rng.uniform(0.03, 0.18, fields.sum()), 4)
            yield geoms, dlbm, kcxs


def patches(spec: Spec):
    """(geometries, JCBH) for spec's patches."""
    rng = np.random.default_rng(spec.seed + 1)
    x0, y0, x1, y1 = spec.bbox
    n = spec.n_patches
    area = np.clip(rng.lognormal(math.log(2500.0), 1.0, n), 300.0, 300_000.0)
    r_m = np.sqrt(area / math.pi)
    m_per_deg = 111_320.0
    margin = 0.01
    cx = rng.uniform(x0 + margin, x1 - margin, n)
    cy = rng.uniform(y0 + margin, y1 - margin, n)
    geoms = np.empty(n, dtype=object)
    nv = rng.integers(8, 21, n)
    for k in np.unique(nv):
        sel = np.where(nv == k)[0]
        # jittered even angles: every gap < π, so the star-shaped ring is simple (a valid polygon)
        ang = (np.arange(k) + rng.uniform(-0.35, 0.35, (len(sel), k))) * (2 * np.pi / k)
        ang += rng.uniform(0, 2 * np.pi, (len(sel), 1))
        rad = (r_m[sel, None] / m_per_deg) * rng.uniform(0.65, 1.3, (len(sel), k))
        xs = cx[sel, None] + rad * np.cos(ang) / np.cos(np.radians(cy[sel, None]))
        ys = cy[sel, None] + rad * np.sin(ang)
        ring = np.stack([xs, ys], axis=2)
        geoms[sel] = shapely.polygons(np.concatenate([ring, ring[:, :1]], axis=1))
    jcbh = np.array([f"140000{2021:04d}{i:08d}" for i in range(n)])
    return geoms, jcbh


def write_gpkg(path: str, spec: Spec) -> None:
    """Layers DLTB (BSM, DLBM, KCDLBM, KCXS) and WPTB (JCBH) with their R-tree spatial indexes."""
    from osgeo import ogr, osr

    ogr.UseExceptions()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4490)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer("DLTB", srs, ogr.wkbPolygon, options=["GEOMETRY_NAME=geom", "FID=fid"])
    lyr.CreateField(ogr.FieldDefn("BSM", ogr.OFTInteger64))
    for name, width in (("DLBM", 5), ("KCDLBM", 5)):
        fd = ogr.FieldDefn(name, ogr.OFTString)
        fd.SetWidth(width)
        lyr.CreateField(fd)
    lyr.CreateField(ogr.FieldDefn("KCXS", ogr.OFTReal))
    defn = lyr.GetLayerDefn()
    bsm = 0
    for geoms, dlbm, kcxs in parcels(spec):
        ds.StartTransaction()
        for wkb, code, k in zip(shapely.to_wkb(geoms), dlbm, kcxs):
            bsm += 1
            f = ogr.Feature(defn)
            f.SetField(0, bsm)
            f.SetField(1, str(code))
            if k > 0:
                f.SetField(2, "1203")
            f.SetField(3, float(k))
            f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
            lyr.CreateFeature(f)
        ds.CommitTransaction()
    lyr = ds.CreateLayer("WPTB", srs, ogr.wkbPolygon, options=["GEOMETRY_NAME=geom", "FID=fid"])
    fd = ogr.FieldDefn("JCBH", ogr.OFTString)
    fd.SetWidth(20)
    lyr.CreateField(fd)
    defn = lyr.GetLayerDefn()
    geoms, jcbh = patches(spec)
    ds.StartTransaction()
    for wkb, key in zip(shapely.to_wkb(geoms), jcbh):
        f = ogr.Feature(defn)
        f.SetField(0, str(key))
        f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        lyr.CreateFeature(f)
    ds.CommitTransaction()
    ds = None


def write_gk_copy(src: str, dst: str, epsg: int = 4526) -> None:
    """The land survey (DLTB) of ``src`` in a Gauss–Krüger zone (default 3° zone 38, CM 114°E), with its
    R-tree: the other CRS 三调 data arrive in."""
    from osgeo import gdal

    gdal.UseExceptions()
    gdal.VectorTranslate(dst, src, format="GPKG", layers=["DLTB"], dstSRS=f"EPSG:{epsg}",
                         layerCreationOptions=["GEOMETRY_NAME=geom", "FID=fid"])


def write_workspace(gpkg: str, dst: str) -> None:
    """A WPZF workspace holding the patches (WPTB) of ``gpkg`` as one imported batch: what the overlay
    algorithm reads its patches from. Needs a QgsApplication (the importer reads through QGIS/OGR)."""
    import datetime as dt

    from wpzf.exchange.importer import BatchMeta, import_batch
    from wpzf.store import create_workspace

    ws = create_workspace(dst)
    try:
        report = import_batch(ws, gpkg, BatchMeta("部级", dt.date(2021, 5, 6), 2021, layer="WPTB"), save=False)
        if not report.ok:
            raise RuntimeError(f"importing the patches failed: {report.text()}")
    finally:
        ws.close()


if __name__ == "__main__":      # python overlay_data.py workspace GPKG OUT | gk GPKG OUT
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkgroot"))
    if sys.argv[1] == "gk":
        write_gk_copy(sys.argv[2], sys.argv[3])
    else:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from qgis.core import QgsApplication

        app = QgsApplication([], False)
        app.initQgis()
        write_workspace(sys.argv[2], sys.argv[3])
        app.exitQgis()
