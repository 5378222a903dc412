"""Reading a field photo: position, direction, time, device, size and orientation (``read_photo``), the EXIF
parsing it needs, and the photo times as stored and shown (UTC in the workspace, Beijing time on screen).

Reading uses ``QgsExifTools`` (QGIS 3.22+). What it returns there, per tag:

- ``getGeoTag`` → a ``QgsPoint`` with the signs of GPSLatitudeRef/GPSLongitudeRef applied and, when
  GPSAltitude exists, z signed by GPSAltitudeRef; ``ok`` is False without the four GPS tags.
- ``readTags``/``readTag`` → GPSImgDirection and other one-value rationals as ``float`` (0/0 gives NaN),
  rationals with several values as text ("12345/100 0/1"), DateTimeOriginal/DateTimeDigitized as
  ``QDateTime`` parsed from "yyyy:MM:dd hh:mm:ss" only (any other spelling gives a NULL ``QVariant``),
  Orientation as ``int``, Make/Model/GPSImgDirectionRef as ``str``; a file exiv2 cannot read gives ``{}``.

PIL (optional: the plugin works without it) is asked only where QgsExifTools could not give a tag that is
there: a date spelled another way ("2021-05-12 10:32:05"), a GPS position or direction whose rationals
it could not turn into a number, or a file whose EXIF exiv2 could not read at all.
``PhotoMeta.sources`` says which values came from PIL.

The parsing helpers are plain Python.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..core.dates import CHINA
from ..i18n import tr
from .drone import apply_drone_xmp, read_xmp
from .errors import InputError, Problem

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# A camera time without OffsetTimeOriginal is taken as Beijing time, the clock of every phone in the field.
CHINA_TZ = CHINA


# ---- metadata -------------------------------------------------------------------------------------
@dataclass
class PhotoMeta:
    """What a photo file says about itself. Angles in degrees, lengths in metres, pixels as stored."""

    path: str
    lon: Optional[float] = None
    lat: Optional[float] = None
    altitude: Optional[float] = None
    direction: Optional[float] = None        # GPSImgDirection, 0° = north, clockwise, in [0, 360)
    direction_ref: Optional[str] = None      # "T" true north, "M" magnetic north
    taken: Optional[dt.datetime] = None      # DateTimeOriginal as the camera's clock says it (naive)
    utc_offset: Optional[dt.timedelta] = None  # OffsetTimeOriginal ("+08:00"), when the camera wrote it
    make: Optional[str] = None
    model: Optional[str] = None
    width: Optional[int] = None              # pixels as stored; orientation 5–8 shows them turned by 90°
    height: Optional[int] = None
    orientation: int = 1                     # EXIF Orientation 1–8
    format: str = ""
    drone: bool = False                      # taken from a drone (DJI XMP, or made by DJI)
    relative_altitude: Optional[float] = None  # drone: metres above the take-off point (XMP RelativeAltitude)
    notes: list[str] = field(default_factory=list)    # doubts about values (shown as warnings)
    sources: dict[str, str] = field(default_factory=dict)  # value → "qgis" or "pil"

    @property
    def has_position(self) -> bool:
        return self.lon is not None and self.lat is not None

    @property
    def device(self) -> Optional[str]:
        return device_name(self.make, self.model)

    @property
    def taken_utc(self) -> Optional[dt.datetime]:
        """The shooting time in UTC: the camera's offset when it wrote one, else Beijing time."""
        if self.taken is None:
            return None
        tz = dt.timezone(self.utc_offset) if self.utc_offset is not None else CHINA_TZ
        return self.taken.replace(tzinfo=tz).astimezone(dt.timezone.utc)

    @property
    def display_size(self) -> tuple[Optional[int], Optional[int]]:
        """(width, height) as the photo is shown, EXIF orientation applied."""
        if self.orientation in (5, 6, 7, 8):
            return self.height, self.width
        return self.width, self.height


def device_name(make: Optional[str], model: Optional[str]) -> Optional[str]:
    """'Apple', 'iPhone 12' → 'Apple iPhone 12'; 'HUAWEI', 'HUAWEI P40' → 'HUAWEI P40'."""
    make, model = (make or "").strip(), (model or "").strip()
    if model and make and model.lower().startswith(make.lower()):
        return model
    return " ".join(x for x in (make, model) if x) or None


def exif_number(value) -> Optional[float]:
    """A finite number from what EXIF readers return: float/int, PIL's IFDRational, "n/d" or
    "n/d n/d …" text (first value), a one-element sequence. None when there is no number."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return exif_number(value[0]) if len(value) == 1 else None
    if isinstance(value, str):
        text = value.strip().split()
        if not text:
            return None
        t = text[0]
        try:
            if "/" in t:
                n, d = t.split("/", 1)
                x = float(n) / float(d)
            else:
                x = float(t)
        except (ValueError, ZeroDivisionError):
            return None
    else:
        try:
            x = float(value)
        except (TypeError, ValueError, ZeroDivisionError):
            return None
    return x if math.isfinite(x) else None


def exif_degrees(value) -> Optional[float]:
    """Degrees from a GPS coordinate: a number, or (deg, min, sec) as numbers/rationals/text."""
    if isinstance(value, str) and len(value.split()) == 3:
        value = value.split()
    if isinstance(value, (list, tuple)) and len(value) == 3:
        parts = [exif_number(x) for x in value]
        if any(p is None for p in parts):
            return None
        return parts[0] + parts[1] / 60.0 + parts[2] / 3600.0
    return exif_number(value)


_DT_RE = re.compile(r"^\s*(\d{4})[:\-/.年](\d{1,2})[:\-/.月](\d{1,2})日?[ T]+(\d{1,2})[:时](\d{1,2})[:分](\d{1,2})")


def parse_exif_datetime(text) -> Optional[dt.datetime]:
    """'2021:05:12 10:32:05' and the spellings phones also write ('2021-05-12 10:32:05',
    '2021/05/12 10:32:05.123', ISO with 'T'); blank or '0000:00:00 00:00:00' → None."""
    if text is None:
        return None
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    m = _DT_RE.match(str(text).replace("\x00", ""))
    if not m:
        return None
    try:
        return dt.datetime(*(int(x) for x in m.groups()))
    except ValueError:
        return None


def parse_utc_offset(text) -> Optional[dt.timedelta]:
    """'+08:00' → 8 h; anything else → None."""
    m = re.match(r"^\s*([+-])(\d{1,2}):?(\d{2})\s*$", str(text or "").replace("\x00", ""))
    if not m:
        return None
    h, mi = int(m.group(2)), int(m.group(3))
    if h > 14 or mi > 59:
        return None
    d = dt.timedelta(hours=h, minutes=mi)
    return -d if m.group(1) == "-" else d


def stored_time(when: Optional[dt.datetime]) -> Optional[str]:
    """An aware datetime as GeoPackage DATETIME text (UTC, 'Z'), like the workspace's other times."""
    return None if when is None else when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def beijing_time(stored) -> Optional[dt.datetime]:
    """A stored DATETIME ('…Z' UTC; text without zone is read as UTC) → naive Beijing time for display."""
    if stored is None or (isinstance(stored, float) and stored != stored):
        return None
    if isinstance(stored, dt.datetime):
        when = stored
    else:
        text = str(stored).strip()
        try:
            when = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        except ValueError:
            when = parse_exif_datetime(text)
            if when is None:
                return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(CHINA_TZ).replace(tzinfo=None)


def _clean_text(v) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    s = str(v).replace("\x00", "").strip()
    return s or None


def _qvalue(v):
    """QVariant NULL (what QGIS returns for an unparsable tag) → None; QDateTime → datetime or None."""
    if v is None:
        return None
    if hasattr(v, "isNull") and type(v).__name__ == "QVariant":
        return None if v.isNull() else v.value()
    if type(v).__name__ == "QDateTime":
        return v.toPyDateTime() if v.isValid() else None
    return v


def _valid_position(lon, lat) -> bool:
    return (lon is not None and lat is not None and math.isfinite(lon) and math.isfinite(lat)
            and -180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0)


def _pil_tags(path: str) -> Optional[dict]:
    """The tags we use, read with PIL: {'make', 'model', 'orientation', 'taken', 'lon', 'lat', 'altitude',
    'direction', 'direction_ref', 'gps_present'}; None without PIL or when PIL cannot read the file."""
    try:
        from PIL import Image
    except ImportError:
        return None
    try:
        with Image.open(path) as im:
            exif = im.getexif()
            ifd0 = dict(exif)
            sub = dict(exif.get_ifd(0x8769))
            gps = dict(exif.get_ifd(0x8825))
    except Exception:  # PIL raises many kinds on damaged files; the fallback then simply has nothing
        return None
    out: dict = {"make": _clean_text(ifd0.get(0x010F)), "model": _clean_text(ifd0.get(0x0110)),
                 "orientation": ifd0.get(0x0112),
                 "taken": parse_exif_datetime(sub.get(0x9003)) or parse_exif_datetime(sub.get(0x9004)),
                 "utc_offset": parse_utc_offset(sub.get(0x9011)),
                 "gps_present": bool(gps)}
    lat, lon = exif_degrees(gps.get(2)), exif_degrees(gps.get(4))
    if lat is not None and lon is not None:
        if str(_clean_text(gps.get(1)) or "N").upper().startswith("S"):
            lat = -lat
        if str(_clean_text(gps.get(3)) or "E").upper().startswith("W"):
            lon = -lon
        out["lat"], out["lon"] = lat, lon
    alt = exif_number(gps.get(6))
    if alt is not None:
        ref = gps.get(5)
        if isinstance(ref, bytes):
            ref = ref[:1] == b"\x01"
        out["altitude"] = -alt if ref in (1, True, "1") else alt
    out["direction"] = exif_number(gps.get(17))
    out["direction_ref"] = _clean_text(gps.get(16))
    return out


def read_photo(path: str | os.PathLike) -> PhotoMeta:
    """Position, direction, time, device, size and orientation of one photo.

    Raises :class:`InputError` (a Problem naming the file) when the file is missing or is not an image.
    """
    from qgis.core import QgsExifTools
    from qgis.PyQt.QtGui import QImageReader

    p = Path(path)
    name = str(p)
    if not p.is_file():
        raise InputError(Problem(name, tr("no such file")))
    reader = QImageReader(str(p))
    size = reader.size() if reader.canRead() else None
    if size is None or not size.isValid() or size.isEmpty():
        reason = reader.errorString() if size is None else tr("damaged or truncated image")
        raise InputError(Problem(name, tr("not an image that can be read ({reason})").format(reason=reason)))
    meta = PhotoMeta(path=name, format=bytes(reader.format()).decode("ascii", "replace"),
                     width=size.width(), height=size.height())
    del reader  # release the file (Windows) before exiv2 and PIL open it
    try:
        tags = {k: _qvalue(v) for k, v in (QgsExifTools.readTags(str(p)) or {}).items()}
    except Exception:  # exiv2 errors surface as exceptions in some builds: then PIL is the only reader
        tags = {}
    pil: Optional[dict] = None
    pil_read = False

    def from_pil() -> dict:
        nonlocal pil, pil_read
        if not pil_read:
            pil, pil_read = _pil_tags(str(p)), True
        return pil or {}

    exiv2_blind = not tags  # exiv2 read nothing: no EXIF at all, or EXIF it could not parse

    # device and orientation
    for key, attr in (("Exif.Image.Make", "make"), ("Exif.Image.Model", "model")):
        v = _clean_text(tags.get(key))
        if v is None and exiv2_blind:
            v = from_pil().get(attr)
            if v is not None:
                meta.sources[attr] = "pil"
        elif v is not None:
            meta.sources[attr] = "qgis"
        setattr(meta, attr, v)
    o = tags.get("Exif.Image.Orientation")
    if o is None and exiv2_blind:
        o = from_pil().get("orientation")
    try:
        o = int(o) if o is not None else 1
    except (TypeError, ValueError):
        o = 1
    meta.orientation = o if 1 <= o <= 8 else 1

    # position
    lon = lat = alt = None
    if "Exif.GPSInfo.GPSLatitude" in tags or "Exif.GPSInfo.GPSLongitude" in tags:
        try:
            point, ok = QgsExifTools.getGeoTag(str(p))
        except Exception:
            point, ok = None, False
        if ok and point is not None:
            lon, lat = point.x(), point.y()
            alt = point.z() if point.is3D() else None
            meta.sources["position"] = "qgis"
    if not _valid_position(lon, lat) and ("Exif.GPSInfo.GPSLatitude" in tags or exiv2_blind):
        pv = from_pil()
        if pv.get("lon") is not None:
            lon, lat, alt = pv.get("lon"), pv.get("lat"), pv.get("altitude")
            meta.sources["position"] = "pil"
    if _valid_position(lon, lat):
        if lon == 0.0 and lat == 0.0:
            meta.notes.append(tr("the GPS position is 0°, 0° (the phone had no satellite fix); ignored"))
        else:
            meta.lon, meta.lat = float(lon), float(lat)
            meta.altitude = float(alt) if alt is not None and math.isfinite(alt) else None
    elif lon is not None or lat is not None:
        meta.notes.append(tr("the GPS position in the file is not valid; ignored"))

    # direction (0° = north, clockwise)
    raw_dir = tags.get("Exif.GPSInfo.GPSImgDirection")
    direction = exif_number(raw_dir)
    if direction is not None:
        meta.sources["direction"] = "qgis"
    elif "Exif.GPSInfo.GPSImgDirection" in tags or exiv2_blind:
        direction = from_pil().get("direction")
        if direction is not None:
            meta.sources["direction"] = "pil"
    if direction is not None:
        meta.direction = direction % 360.0
        ref = _clean_text(tags.get("Exif.GPSInfo.GPSImgDirectionRef")) or (
            from_pil().get("direction_ref") if exiv2_blind else None)
        meta.direction_ref = ref.upper()[:1] if ref else None
        if meta.direction_ref == "M":
            meta.notes.append(tr("the direction is against magnetic north (GPSImgDirectionRef M); it is shown "
                                 "as if against true north (about 5° off in northern China)"))

    # time: DateTimeOriginal, else DateTimeDigitized; never Image.DateTime (the time a file was last edited)
    for key in ("Exif.Photo.DateTimeOriginal", "Exif.Photo.DateTimeDigitized"):
        v = tags.get(key)
        if isinstance(v, dt.datetime):
            meta.taken = v.replace(microsecond=0, tzinfo=None)
            meta.sources["taken"] = "qgis"
            break
        if key in tags:  # there but unparsable by QGIS: another spelling, which PIL gives us as text
            break
    if meta.taken is None and ("Exif.Photo.DateTimeOriginal" in tags or "Exif.Photo.DateTimeDigitized" in tags
                               or exiv2_blind):
        meta.taken = from_pil().get("taken")
        if meta.taken is not None:
            meta.sources["taken"] = "pil"
    if meta.taken is not None:
        meta.utc_offset = next((o for o in (parse_utc_offset(tags.get(f"Exif.Photo.{k}")) for k in (
            "OffsetTimeOriginal", "OffsetTimeDigitized", "OffsetTime")) if o is not None), None)
        if meta.utc_offset is None and meta.sources.get("taken") == "pil":
            meta.utc_offset = from_pil().get("utc_offset")
    apply_drone_xmp(meta, read_xmp(p))
    return meta
