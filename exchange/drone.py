"""Drone photos (无人机照片): DJI writes what EXIF lacks — the camera's direction (the gimbal's yaw), the height
above the take-off point, often the position — into the photo's XMP packet (namespace ``drone-dji``, e.g.
``drone-dji:GimbalYawDegree="+123.40"``, ``FlightYawDegree``, ``RelativeAltitude``, ``AbsoluteAltitude``,
``GpsLatitude``/``GpsLongitude`` — older firmware spells it ``GpsLongtitude``). Read here without QGIS; a photo with
such a packet, or made by DJI, is marked a drone photo (wz_photo ``WRJ``)."""
from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from typing import Optional


def _number(text) -> Optional[float]:
    try:
        x = float(str(text).strip())
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


DRONE_NS = "drone-dji"
XMP_SCAN_BYTES = 1 << 20   # the XMP packet of a camera JPEG sits in an APP1 segment near the start
_XMP_ATTR = re.compile(r"([\w-]+):(\w+)\s*=\s*\"([^\"]*)\"")
_XMP_ELEM = re.compile(r"<([\w-]+):(\w+)>([^<]*)</\1:\2>")


def read_xmp(path: str | os.PathLike) -> dict[str, str]:
    """The simple properties of a file's XMP packet as {'prefix:Name': text} (attributes and one-value
    elements); {} without a packet."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(XMP_SCAN_BYTES)
    except OSError:
        return {}
    start = head.find(b"<x:xmpmeta")
    end = head.find(b"</x:xmpmeta>", start)
    if start < 0 or end < 0:
        return {}
    text = head[start:end].decode("utf-8", "replace")
    out = {f"{p}:{n}": v.strip() for p, n, v in _XMP_ATTR.findall(text) if p not in ("xmlns", "x")}
    out.update({f"{p}:{n}": v.strip() for p, n, v in _XMP_ELEM.findall(text)})
    return out


def drone_values(xmp: Mapping[str, str]) -> dict:
    """From DJI's XMP: 'lon', 'lat', 'absolute_altitude', 'relative_altitude' and 'direction' (the camera's:
    the gimbal's yaw, else the aircraft's; 0° = north, clockwise) — the ones present and finite."""
    def num(*names):
        for n in names:
            v = _number(xmp.get(f"{DRONE_NS}:{n}"))
            if v is not None:
                return v
        return None

    out = {"lat": num("GpsLatitude", "Latitude"), "lon": num("GpsLongitude", "GpsLongtitude", "Longitude"),
           "absolute_altitude": num("AbsoluteAltitude"), "relative_altitude": num("RelativeAltitude"),
           "direction": num("GimbalYawDegree", "FlightYawDegree")}
    return {k: v for k, v in out.items() if v is not None}


def apply_drone_xmp(meta, xmp: Mapping[str, str]) -> None:
    """What EXIF lacks, from the drone's XMP; a photo with DJI's XMP (or made by DJI) is marked a drone photo."""
    values = drone_values(xmp)
    meta.drone = any(k.startswith(DRONE_NS + ":") for k in xmp) or (meta.make or "").upper().startswith("DJI")
    if not values:
        return
    lon, lat = values.get("lon"), values.get("lat")
    if not meta.has_position and lon is not None and lat is not None and -180 <= lon <= 180 and -90 <= lat <= 90 \
            and (lon, lat) != (0.0, 0.0):
        meta.lon, meta.lat = float(values["lon"]), float(values["lat"])
        meta.sources["position"] = "xmp"
    if meta.altitude is None and "absolute_altitude" in values:
        meta.altitude = values["absolute_altitude"]
        meta.sources["altitude"] = "xmp"
    if "relative_altitude" in values:
        meta.relative_altitude = values["relative_altitude"]
    if meta.direction is None and "direction" in values:
        meta.direction = values["direction"] % 360.0
        meta.direction_ref = "T"
        meta.sources["direction"] = "xmp"
