"""The demo county's field round trip (issue 8): a package for one township goes out to the verifiers, comes
back with findings, photos and a split, and is merged — with one conflict a person decides.

The verifiers' phones are simulated with the QGIS API the way QField edits a package: the project is read,
the attribute values are changed in edit sessions (so the form's "apply on update" defaults stamp who and
when), photo rows are added to the photo table with paths relative to the project, and a patch's part is
cut with the split tool. Two phones took a photo each, both named IMG_0001.jpg; a drone's two photos (DJI
XMP: the camera's direction and heights, one with its position only there) are copied into DCIM/ as they are.

    run_fieldwork(workspace path, demo folder) → summary   (called by demo/run.py)
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Optional

from .exif import write_exif
from .photos import drone_photo

PACKAGE_DIR = "field"


class FieldDevice:
    """A verifier's device working on a package (the project read with the QGIS API, as QField reads it)."""

    def __init__(self, folder: str | Path):
        from qgis.core import QgsProject

        from ..exchange.field_package import LAYER_ALIASES, PARTS, PATCHES, PHOTOS, PROJECT_NAME

        self.folder = Path(folder)
        self.project = QgsProject()
        if not self.project.read(str(self.folder / PROJECT_NAME)):
            raise OSError(f"{self.folder / PROJECT_NAME}: {self.project.error()}")
        self.patches = self.project.mapLayersByName(LAYER_ALIASES[PATCHES])[0]
        self.parts = self.project.mapLayersByName(LAYER_ALIASES[PARTS])[0]
        self.photos = self.project.mapLayersByName(LAYER_ALIASES[PHOTOS])[0]

    def feature(self, key: str, layer=None):
        from qgis.core import QgsFeatureRequest

        layer = layer or self.patches
        req = QgsFeatureRequest().setFilterExpression(f"\"JCBH\" = '{key}'")
        return next(layer.getFeatures(req))

    def set_facts(self, key: str, values: dict) -> None:
        """Fill in facts of patch ``key`` as the form would (values in the stored form: codes, 1/0, dates)."""
        layer = self.patches
        feat = self.feature(key)
        layer.startEditing()
        for code, value in values.items():
            layer.changeAttributeValue(feat.id(), layer.fields().indexOf(code), value)
        if not layer.commitChanges():
            raise OSError("; ".join(layer.commitErrors()))

    def add_photo(self, key: Optional[str], source: Path, rel: str, note: str = "") -> None:
        """Put a photo into the package at ``rel`` (e.g. DCIM/IMG_0001.jpg); with ``key``, also a row of the photo
        table naming its patch (what QField's camera does from a patch's form); without, the file only."""
        from qgis.core import QgsVectorLayerUtils

        dest = self.folder / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest)
        if key is None:
            return
        layer = self.photos
        patch = self.feature(key)
        idx = layer.fields().indexOf
        layer.startEditing()
        feat = QgsVectorLayerUtils.createFeature(layer, attributes={
            idx("TBUUID"): patch["UUID"], idx("WJLJ"): rel, idx("BZ"): note, idx("JCBH"): key})
        layer.addFeature(feat)
        if not layer.commitChanges():
            raise OSError("; ".join(layer.commitErrors()))

    def split(self, key: str, line: list[tuple[float, float]]) -> int:
        """Cut the part of patch ``key`` along ``line`` (lon/lat) with the split tool; returns the number of parts."""
        from qgis.core import Qgis, QgsFeatureRequest, QgsLineString, QgsPoint

        layer = self.parts
        target = self.feature(key, layer)
        layer.selectByIds([target.id()])
        layer.startEditing()
        result = layer.splitFeatures(QgsLineString([QgsPoint(x, y) for x, y in line]), False, False)
        if isinstance(result, tuple):  # (result, topology test points)
            result = result[0]
        if result != Qgis.GeometryOperationResult.Success:
            layer.rollBack()
            raise OSError(f"the split of {key} failed ({result!r})")
        if not layer.commitChanges():
            raise OSError("; ".join(layer.commitErrors()))
        req = QgsFeatureRequest().setFilterExpression(f"\"JCBH\" = '{key}'")
        return sum(1 for _ in layer.getFeatures(req))

    def close(self) -> None:
        self.project.clear()


def field_photo(path: Path, key: str, lon: float, lat: float, taken: dt.datetime, make: str, model: str,
                colour: tuple[int, int, int]) -> Path:
    """A photo as a phone writes it: a picture, DateTimeOriginal, direction, device, and the GPS position."""
    from qgis.core import QgsExifTools, QgsPointXY
    from qgis.PyQt.QtCore import QRectF, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

    path.parent.mkdir(parents=True, exist_ok=True)
    img = QImage(640, 480, QImage.Format.Format_RGB32)
    img.fill(QColor(*colour))
    p = QPainter(img)
    p.fillRect(QRectF(0, 300, 640, 180), QColor(130, 110, 80))
    p.setPen(QColor(255, 255, 255))
    f = QFont("Noto Sans CJK SC")
    f.setPixelSize(20)
    p.setFont(f)
    p.drawText(QRectF(12, 420, 620, 50), int(Qt.AlignmentFlag.AlignLeft),
               f"{key}  {taken:%Y-%m-%d %H:%M}  {model}")
    p.end()
    if not img.save(str(path), "JPG", 85):
        raise OSError(f"could not write {path}")
    write_exif(str(path), taken, make=make, model=model, direction=90.0, width=640, height=480)
    if not QgsExifTools.geoTagImage(str(path), QgsPointXY(lon, lat), QgsExifTools.GeoTagDetails()):
        raise OSError(f"QgsExifTools could not geotag {path}")
    return path


def _pick_township(ws) -> str:
    rows = ws._fetch('SELECT "XZMC", COUNT(*) FROM wz_patch WHERE "XZMC" IS NOT NULL GROUP BY "XZMC" '
                     'ORDER BY COUNT(*), "XZMC"')
    for name, n in rows:
        if n >= 3:
            return name
    raise ValueError("no township with three patches")


def run_fieldwork(ws_path, out) -> dict:
    """Export → field edits on a simulated device → an office edit → import (one conflict) → the conflict
    resolved as the dock's dialog does → the same package imported again (nothing changes)."""
    import shapely

    from ..exchange.field_package import export_field_package, import_field_package
    from ..store import open_workspace
    from ..store.conflicts import list_conflicts, resolve
    from ..store.determinations import save_facts

    out = Path(out)
    folder = out / PACKAGE_DIR
    if folder.exists():
        shutil.rmtree(folder)
    ws = open_workspace(ws_path)
    try:
        township = _pick_township(ws)
        imagery = next((p for p in (out / "imagery" / "after.vrt", out / "imagery" / "after.tif") if p.exists()), None)
        exported = export_field_package(ws, folder, township=township, verifier="外业核查组 王晓东",
                                        imagery=str(imagery) if imagery else None)
        patches = ws.select("wz_patch", ["JCBH", "LZB", "BZB", "TBMJMU"], where=f'"XZMC" = {ws.ph}',
                            params=(township,), geometry=True, order_by='"JCBH"')
        parts = set(ws.select("wz_part", ["TBID"])["TBID"].astype(int))
        unsplit = patches[~patches["fid"].astype(int).isin(parts)]
        a, b = unsplit.iloc[0], unsplit.iloc[1]
        c = unsplit.sort_values("TBMJMU", ascending=False).iloc[0]
        if c["JCBH"] in (a["JCBH"], b["JCBH"]):
            c = next(r for _, r in unsplit.iterrows() if r["JCBH"] not in (a["JCBH"], b["JCBH"]))

        # the verifiers in the field
        device = FieldDevice(folder)
        device.set_facts(a["JCBH"], {"RGSM": "外业核查：现场为新建砖混厂房，正在施工"})
        device.set_facts(b["JCBH"], {"DJZH": "晋(2020)代县不动产权第0001234号"})
        staging = out / PACKAGE_DIR / ".." / "field_phones"
        staging = staging.resolve()
        shutil.rmtree(staging, ignore_errors=True)
        pa, pb = a["geom"].representative_point(), b["geom"].representative_point()
        taken = dt.datetime(2021, 6, 12, 10, 15)
        phone_a = field_photo(staging / "phoneA" / "IMG_0001.jpg", a["JCBH"], pa.x, pa.y, taken, "HUAWEI",
                              "HUAWEI P40", (150, 190, 235))
        phone_b = field_photo(staging / "phoneB" / "IMG_0001.jpg", b["JCBH"], pb.x, pb.y,
                              taken + dt.timedelta(minutes=40), "Xiaomi", "Redmi Note 9", (170, 200, 220))
        device.add_photo(a["JCBH"], phone_a, "DCIM/IMG_0001.jpg", "厂房全景")
        device.add_photo(None, phone_b, "DCIM/phoneB/IMG_0001.jpg")   # copied from the second phone
        # the drone's SD card copied into DCIM/: no 监测编号 in the names, no table rows — matched by position; the
        # direction only in the XMP (the gimbal's yaw); the second one has its position only there too
        drone = []
        for i, (row, yaw, heading, exif_pos) in enumerate(((a, 135.0, 160.0, True), (b, 300.0, 250.0, False)), 1):
            pt = row["geom"].representative_point()
            rel = f"DCIM/DJI_202106121100/DJI_{i:04d}.JPG"
            drone_photo(folder / rel, row["JCBH"], pt.x, pt.y, taken + dt.timedelta(hours=1, minutes=i),
                        gimbal_yaw=yaw, flight_yaw=heading, relative_altitude=80.0 + 10 * i,
                        absolute_altitude=900.0 + 10 * i, exif_position=exif_pos)
            drone.append({"file": rel, "JCBH": row["JCBH"], "gimbal_yaw": yaw})
        minx, miny, maxx, maxy = c["geom"].bounds
        mid = (minx + maxx) / 2.0
        n_parts = device.split(c["JCBH"], [(mid, miny - 0.001), (mid, maxy + 0.001)])
        device.close()
        shutil.rmtree(staging, ignore_errors=True)

        # meanwhile in the office: the same fact of patch a, differently
        save_facts(ws, int(a["fid"]), {"RGSM": "内业复核：疑似设施农业用房，待外业确认"}, source="demo:内业复核")

        first = import_field_package(ws, folder)
        stored = {p["file"]: p for p in first.photos}
        for d in drone:
            sha = (stored.get(d["file"]) or {}).get("sha")
            row = ws.select("wz_photo", ["TBID", "FX", "WRJ", "XDGD"], where=f'"SHA" = {ws.ph}', params=(sha,)) \
                if sha else None
            if row is not None and len(row):
                r = row.iloc[0]
                d.update({"matched_to": stored[d["file"]]["JCBH"], "how": stored[d["file"]]["how"],
                          "FX": float(r["FX"]) if r["FX"] == r["FX"] and r["FX"] is not None else None,
                          "WRJ": bool(r["WRJ"]), "XDGD": None if r["XDGD"] is None or r["XDGD"] != r["XDGD"]
                          else float(r["XDGD"])})
        open_conflicts = list_conflicts(ws)
        counts_before = ws.row_counts()
        decided = [resolve(ws, conflict.id, "field") for conflict in open_conflicts]
        counts_resolved, audit_resolved = ws.row_counts(), len(ws.audit_records())
        again = import_field_package(ws, folder)
        unchanged = ws.row_counts() == counts_resolved and len(ws.audit_records()) == audit_resolved
        return {
            "township": township, "package": str(folder), "patches": exported.patches,
            "imagery": exported.imagery, "field_edits": [a["JCBH"], b["JCBH"]], "split": c["JCBH"],
            "split_parts": n_parts, "merged": len(first.merged), "conflicts": len(first.conflicts),
            "photos": len(first.photos), "splits": len(first.splits), "report": first.saved_to,
            "drone_photos": drone,
            "resolved": [{"JCBH": d.key, "fact": d.label, "choice": d.choice} for d in decided],
            "open_conflicts_before": len(open_conflicts), "rows_after_first_import": counts_before,
            "reimport_unchanged": bool(again.unchanged and unchanged), "audit_ok": ws.verify_audit().ok,
            "part_count": int(ws.count("wz_part", f'"TBID" = {ws.ph}', (int(c["fid"]),))),
            "shape_ok": bool(shapely.is_valid(c["geom"])),
        }
    finally:
        ws.close()
