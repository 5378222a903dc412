"""Geotagged field photos (现场照片) for a subset of the demo's patches.

Two "devices" (DCIM/deviceA, DCIM/deviceB) both number their photos from IMG_0001, so file names
collide across devices, as they do when several field workers hand in their phones. Each photo is a
rendered view (sky, hills, the changed ground, a watermark with the patch number, time, position and
direction, like field apps print) with EXIF DateTimeOriginal and GPSImgDirection (written by
:mod:`.exif`) and the GPS position (written by ``QgsExifTools.geoTagImage``). Most cameras stand
inside or within 20 m of their patch and look at it; two stand ~200 m away and two photos were taken
before the batch was issued, so that an importer's warnings have something to find.
"""
from __future__ import annotations

import datetime as dt
import math
import os

import numpy as np
import shapely
from shapely.geometry import Point

from .common import gk_to_lonlat, rng_for
from .exif import write_exif
from .imagery import OP_RGB
from .patches import Patch

PHOTO_W, PHOTO_H = 800, 600
N_PATCHES = 25
PREFERRED_KINDS = ["new_building", "homestead", "greenhouse", "filling", "mining", "livestock_shed",
                   "temporary_site", "renovation", "demolition", "materials", "solar", "road_slope",
                   "crop_change"]
FAR = {(3, 2), (16, 1)}        # (patch index, photo index) standing ~200 m away
EARLY = {(6, 0), (19, 1)}      # taken before the batch was issued

_APP = None


def qgis_app():
    """The QgsApplication (created once, offscreen-capable, only when photos are made)."""
    global _APP
    from qgis.core import QgsApplication
    if QgsApplication.instance() is None:
        _APP = QgsApplication([], False)
        _APP.setPrefixPath("/usr", True)
        _APP.initQgis()
    return QgsApplication.instance()


def bearing(lon1, lat1, lon2, lat2) -> float:
    """Initial great-circle bearing from point 1 to point 2, degrees clockwise from north."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


def choose_patches(ministry: list[Patch], seed: int) -> list[Patch]:
    rng = rng_for(seed, "photo-choice")
    pool = {k: [p for p in ministry if p.kind == k and p.defect is None] for k in PREFERRED_KINDS}
    chosen: list[Patch] = []
    while len(chosen) < N_PATCHES:
        for k in PREFERRED_KINDS:
            if pool[k] and len(chosen) < N_PATCHES:
                chosen.append(pool[k].pop(int(rng.integers(len(pool[k])))))
    return chosen


def _camera(p: Patch, rng, far: bool, inside: bool) -> tuple[float, float]:
    g = max(shapely.get_parts(p.geom), key=lambda x: x.area)
    c = g.centroid
    ring = g.exterior
    b = ring.interpolate(rng.uniform(0, ring.length))
    vx, vy = b.x - c.x, b.y - c.y
    n = math.hypot(vx, vy) or 1.0
    if inside:
        return c.x + 0.45 * vx, c.y + 0.45 * vy
    d = 200.0 if far else rng.uniform(3.0, 14.0)
    return b.x + vx / n * d, b.y + vy / n * d


# -- drawing ----------------------------------------------------------------------------------------
def _render(p: Patch, rng, caption: list[str], far: bool):
    from qgis.PyQt.QtCore import QPointF, QRectF, Qt
    from qgis.PyQt.QtGui import QBrush, QColor, QFont, QImage, QLinearGradient, QPainter, QPen, QPolygonF

    img = QImage(PHOTO_W, PHOTO_H, QImage.Format.Format_RGB32)
    qp = QPainter(img)
    qp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    W, H = PHOTO_W, PHOTO_H
    hz = H * rng.uniform(0.38, 0.46)

    def col(rgb, k=1.0):
        return QColor(*(int(max(0, min(255, v * k))) for v in rgb))

    def poly(points, rgb, k=1.0, outline=None):
        qp.setBrush(QBrush(col(rgb, k)))
        qp.setPen(QPen(col(outline)) if outline else Qt.PenStyle.NoPen)
        qp.drawPolygon(QPolygonF([QPointF(x, y) for x, y in points]))

    sky = QLinearGradient(0, 0, 0, hz)
    sky.setColorAt(0, QColor(118, 164, 218))
    sky.setColorAt(1, QColor(214, 224, 234))
    qp.fillRect(QRectF(0, 0, W, hz + 1), QBrush(sky))
    for depth, rgb in ((0.0, (132, 142, 156)), (1.0, (104, 116, 100))):
        xs = np.linspace(0, W, 14)
        ys = hz - rng.uniform(15, 70, 14) * (1.0 - 0.45 * depth)
        poly([(0, hz), *zip(xs, ys), (W, hz)], rgb)
    ground_rgb = OP_RGB["yard_soil"] if p.kind not in ("renovation", "demolition", "materials") else (150, 146, 138)
    ground = QLinearGradient(0, hz, 0, H)
    ground.setColorAt(0, col(ground_rgb, 1.1))
    ground.setColorAt(1, col(ground_rgb, 0.8))
    qp.fillRect(QRectF(0, hz, W, H - hz), QBrush(ground))
    qp.setPen(QPen(col(ground_rgb, 0.7), 1))
    vx = W * rng.uniform(0.35, 0.65)
    for k in range(-12, 13):
        qp.drawLine(QPointF(vx + k * 6, hz), QPointF(vx + k * 90, H))

    s = 0.35 if far else 1.0
    cx, base = W * rng.uniform(0.4, 0.6), hz + (H - hz) * (0.25 if far else rng.uniform(0.45, 0.6))
    kind = p.kind

    def box(x, y, w, h, wall, roof):
        poly([(x, y - h), (x + w, y - h), (x + w, y), (x, y)], wall)
        poly([(x - 6 * s, y - h), (x + w + 6 * s, y - h), (x + w - 10 * s, y - h - 22 * s), (x + 10 * s, y - h - 22 * s)],
             roof)
        for i in range(max(1, int(w / (40 * s)))):
            poly([(x + 12 * s + i * 40 * s, y - h * 0.7), (x + 28 * s + i * 40 * s, y - h * 0.7),
                  (x + 28 * s + i * 40 * s, y - h * 0.4), (x + 12 * s + i * 40 * s, y - h * 0.4)], (50, 60, 70))

    if kind in ("new_building", "renovation", "temporary_site", "homestead", "livestock_shed"):
        roof = {"homestead": OP_RGB["roof_red"], "temporary_site": OP_RGB["roof_blue"]}.get(kind, OP_RGB["roof_blue"])
        n = {"homestead": 1, "livestock_shed": 1}.get(kind, int(rng.integers(1, 4)))
        for i in range(n):
            w = (260 if kind == "livestock_shed" else rng.uniform(90, 170)) * s
            h = (45 if kind == "livestock_shed" else rng.uniform(60, 120)) * s
            box(cx - w / 2 + (i - (n - 1) / 2) * 180 * s, base - i * 8 * s, w, h, (214, 208, 196), roof)
    elif kind == "greenhouse":
        for i in range(6):
            x = cx - 300 * s + i * 100 * s
            qp.setBrush(QBrush(QColor(228, 234, 242)))
            qp.setPen(QPen(QColor(170, 180, 190), 2))
            qp.drawChord(QRectF(x, base - 70 * s, 90 * s, 140 * s), 0, 180 * 16)
    elif kind in ("filling", "mining"):
        rgb = OP_RGB["fill_soil"] if kind == "filling" else OP_RGB["pit"]
        for i in range(4 if kind == "mining" else 2):
            w = (420 - 80 * i) * s
            poly([(cx - w / 2, base - 30 * s * i), (cx + w / 2, base - 30 * s * i),
                  (cx + w / 2 - 40 * s, base - 30 * s * (i + 1)), (cx - w / 2 + 40 * s, base - 30 * s * (i + 1))],
                 rgb, 1.0 - 0.08 * i)
        poly([(cx + 120 * s, base), (cx + 190 * s, base), (cx + 190 * s, base - 35 * s), (cx + 120 * s, base - 35 * s)],
             (222, 180, 40))
    elif kind == "solar":
        for i in range(5):
            y = base - i * 22 * s
            poly([(cx - 300 * s, y), (cx + 300 * s, y), (cx + 280 * s, y - 16 * s), (cx - 280 * s, y - 16 * s)],
                 OP_RGB["solar"], 1.0 + 0.1 * i)
    elif kind == "road_slope":
        poly([(0, base), (W, base - 60 * s), (W, base - 200 * s), (0, base - 120 * s)], OP_RGB["slope"])
        qp.setPen(QPen(QColor(200, 198, 190), 3))
        for i in range(12):
            qp.drawLine(QPointF(i * W / 12, base - 10), QPointF(i * W / 12 + 60, base - 150 * s))
        poly([(0, base + 10), (W, base - 50 * s), (W, base - 30 * s), (0, base + 40)], OP_RGB["yard_concrete"], 0.5)
    elif kind == "demolition":
        for _ in range(70):
            x, y = cx + rng.normal(0, 140 * s), base - abs(rng.normal(0, 30 * s))
            r = rng.uniform(5, 18) * s
            poly([(x - r, y), (x, y - r), (x + r, y)], OP_RGB["rubble"], rng.uniform(0.7, 1.2))
    elif kind == "materials":
        for i in range(5):
            rgb = OP_RGB[str(rng.choice(["materials_blue", "materials_orange", "materials_grey"]))]
            x = cx - 250 * s + i * 100 * s
            poly([(x, base), (x + 80 * s, base), (x + 80 * s, base - 50 * s), (x, base - 50 * s)], rgb)
    elif kind == "crop_change":
        qp.setPen(QPen(QColor(236, 236, 230), 4))
        for k in range(-10, 11):
            qp.drawLine(QPointF(vx + k * 5, hz + 4), QPointF(vx + k * 70, H))

    qp.setBrush(QBrush(QColor(0, 0, 0, 120)))
    qp.setPen(Qt.PenStyle.NoPen)
    qp.drawRect(QRectF(10, H - 18 - 22 * len(caption), 470, 10 + 22 * len(caption)))
    qp.setPen(QPen(QColor(255, 255, 255)))
    qp.setFont(QFont("DejaVu Sans", 12))
    for i, line in enumerate(caption):
        qp.drawText(QPointF(20, H - 14 - 22 * (len(caption) - 1 - i)), line)
    qp.end()
    return img


def build_photos(out_dir: str, ministry: list[Patch], seed: int) -> list[dict]:
    """Write the photos; returns one record per photo (also attached to each patch's ``photos``)."""
    qgis_app()
    from qgis.core import QgsExifTools, QgsPointXY

    records: list[dict] = []
    counters = {"deviceA": 0, "deviceB": 0}
    for d in counters:
        os.makedirs(os.path.join(out_dir, "photos", "DCIM", d), exist_ok=True)
    for pi, p in enumerate(choose_patches(ministry, seed)):
        device = "deviceA" if pi % 2 == 0 else "deviceB"
        n_photos = 3 if pi < 10 else 2
        rng = rng_for(seed, "photos", p.key)
        target = gk_to_lonlat(p.geom.centroid)
        for k in range(n_photos):
            far = (pi, k) in FAR
            early = (pi, k) in EARLY
            inside = not far and k == 0 and p.geom.area > 2500
            x, y = _camera(p, rng, far, inside)
            cam = gk_to_lonlat(Point(x, y))
            direction = round((bearing(cam.x, cam.y, target.x, target.y) + rng.normal(0, 3.0)) % 360.0, 2)
            if early:
                day = dt.date(2021, 4, 20) + dt.timedelta(days=int(rng.integers(0, 12)))
            else:
                day = p.issued + dt.timedelta(days=int(rng.integers(2, 40)))
            taken = dt.datetime.combine(day, dt.time(int(rng.integers(8, 18)), int(rng.integers(0, 60)),
                                                     int(rng.integers(0, 60))))
            counters[device] += 1
            name = f"IMG_{counters[device]:04d}.jpg"
            rel = f"photos/DCIM/{device}/{name}"
            path = os.path.join(out_dir, rel)
            caption = [f"JCBH {p.key}", taken.strftime("%Y-%m-%d %H:%M:%S"),
                       f"E{cam.x:.6f} N{cam.y:.6f}  DIR {direction:.0f}\u00b0"]
            img = _render(p, rng, caption, far)
            if not img.save(path, "JPG", 85):
                raise OSError(f"could not write {path}")
            elevation = round(float(820.0 + 40.0 * rng.random()), 1)
            write_exif(path, taken, make="WPZF Demo", model=f"Field Camera {device[-1]}", direction=direction,
                       width=PHOTO_W, height=PHOTO_H)
            details = QgsExifTools.GeoTagDetails()
            details.elevation = elevation
            if not QgsExifTools.geoTagImage(path, QgsPointXY(cam.x, cam.y), details):
                raise OSError(f"QgsExifTools could not geotag {path}")
            dist = float(shapely.distance(p.geom, Point(x, y)))
            rec = {
                "file": rel, "device": device, "patch": p.key, "lon": round(cam.x, 7), "lat": round(cam.y, 7),
                "elevation": elevation, "direction": direction, "taken": taken.isoformat(),
                "distance_to_patch_m": round(dist, 1),
                "intent": "far_from_patch" if far else "taken_before_issue" if early else "ok",
            }
            records.append(rec)
            p.photos.append(rec)
    return records


# ---- drone photos ---------------------------------------------------------------------------------------
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"


def dji_xmp(values: dict) -> bytes:
    """An XMP packet as DJI cameras write it: the flight and gimbal data as drone-dji attributes."""
    attrs = " ".join(f'drone-dji:{k}="{v}"' for k, v in values.items())
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            '  <rdf:Description rdf:about="DJI Meta Data" xmlns:tiff="http://ns.adobe.com/tiff/1.0/"\n'
            '    xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/" tiff:Make="DJI"\n'
            f'    {attrs}/>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>').encode()


def insert_xmp(jpeg: bytes, packet: bytes) -> bytes:
    """The JPEG with an XMP APP1 segment after its leading APP segments (after the Exif APP1, as cameras do)."""
    import struct

    if jpeg[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    payload = XMP_HEADER + packet
    seg = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    pos = 2
    while pos + 4 <= len(jpeg) and jpeg[pos] == 0xFF and 0xE0 <= jpeg[pos + 1] <= 0xEF:
        pos += 2 + struct.unpack(">H", jpeg[pos + 2:pos + 4])[0]
    return jpeg[:pos] + seg + jpeg[pos:]


def drone_photo(path, key: str, lon: float, lat: float, taken: dt.datetime, *, gimbal_yaw: float,
                flight_yaw: float, relative_altitude: float, absolute_altitude: float, exif_position: bool = True):
    """A photo as a DJI drone writes it: EXIF with the time, maker and (``exif_position``) the GPS position but
    no direction; the camera's direction (gimbal yaw), the aircraft's heading and the heights only in XMP."""
    from pathlib import Path

    from qgis.PyQt.QtCore import QRectF, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    img = QImage(PHOTO_W, PHOTO_H, QImage.Format.Format_RGB32)
    img.fill(QColor(96, 128, 72))                         # fields seen from above, the changed ground in the middle
    p = QPainter(img)
    p.fillRect(QRectF(250, 170, 300, 260), QColor(176, 150, 112))
    p.fillRect(QRectF(320, 230, 160, 120), QColor(196, 84, 64))
    p.setPen(QColor(255, 255, 255))
    f = QFont("Noto Sans CJK SC")
    f.setPixelSize(20)
    p.setFont(f)
    p.drawText(QRectF(12, PHOTO_H - 60, PHOTO_W - 24, 50), int(Qt.AlignmentFlag.AlignLeft),
               f"无人机 {key}  {taken:%Y-%m-%d %H:%M}  H{relative_altitude:.0f}m  DIR {gimbal_yaw % 360:.0f}\u00b0")
    p.end()
    if not img.save(str(path), "JPG", 85):
        raise OSError(f"could not write {path}")
    write_exif(str(path), taken, make="DJI", model="FC3582", width=PHOTO_W, height=PHOTO_H,
               lon=lon if exif_position else None, lat=lat if exif_position else None,
               altitude=absolute_altitude if exif_position else None)
    xmp = dji_xmp({"GpsLatitude": f"{lat:.8f}", "GpsLongitude": f"{lon:.8f}",
                   "AbsoluteAltitude": f"{absolute_altitude:+.2f}", "RelativeAltitude": f"{relative_altitude:+.2f}",
                   "GimbalRollDegree": "+0.00", "GimbalYawDegree": f"{_signed_yaw(gimbal_yaw):+.2f}",
                   "GimbalPitchDegree": "-45.00", "FlightRollDegree": "+1.20",
                   "FlightYawDegree": f"{_signed_yaw(flight_yaw):+.2f}", "FlightPitchDegree": "-2.10"})
    path.write_bytes(insert_xmp(path.read_bytes(), xmp))
    return path


def _signed_yaw(deg: float) -> float:
    """DJI writes yaw in (-180°, 180°]."""
    d = deg % 360.0
    return d - 360.0 if d > 180.0 else d
