"""Field photos (现场照片): read position, direction and time; attach copies to a patch.

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

Attaching copies each photo into the workspace's attachment folder under the SHA-256 of its bytes,
``<workspace stem>_attachments/<first 2 hex>/<sha256>.<ext>``, so files with the same name from two
phones never overwrite each other and the same photo added twice is recognised and not copied again.
All rows of one call are written in one audited transaction; if it fails, files this call copied that
no row references are removed again; files a killed process left without their row are found through the
copy journal and removed by ``remove_orphan_attachments``; a photo above the workspace's size limit is refused
by name (exchange/attachments.py).

The helpers that need no QGIS (distance to a patch, folder walk, naming, parsing) are plain Python.
"""
from __future__ import annotations

import datetime as dt
import errno
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import shapely
from shapely.geometry import Point
from shapely.ops import nearest_points

from ..core.area import E2 as ELLIPSOID_E2
from ..core.area import A as ELLIPSOID_A
from ..core.area import F as ELLIPSOID_F
from ..core.checksums import file_sha256
from ..core.dates import as_date
from ..i18n import tr
from ..store.workspace import Workspace, now_text
from .attachments import (  # noqa: F401  (re-exported: where attachments live is asked of this module too)
    DEFAULT_MAX_PHOTO_MB,
    PendingCopies,
    attachment_dir,
    attachment_relpath,
    copy_verified,
    oversized,
    photo_size_limit,
    remove_orphan_attachments,
    resolve_stored_path,
    set_photo_size_limit,
)
from .drone import apply_drone_xmp, read_xmp
from .errors import InputError, Problem

# Extensions looked for in a folder. HEIC/HEIF are included so that a phone folder's HEIC photos are
# reported as unreadable (when Qt has no HEIF plugin) instead of being skipped silently.
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".heic", ".heif")
DEFAULT_TOLERANCE_M = 20.0
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
# A camera time without OffsetTimeOriginal is taken as Beijing time, the clock of every phone in the field.
CHINA_TZ = dt.timezone(dt.timedelta(hours=8))


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


# ---- geodesy (pure) --------------------------------------------------------------------------------
def geodesic_distance(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance in metres on the CGCS2000 ellipsoid (Vincenty's inverse formula; mm-accurate)."""
    a, f = ELLIPSOID_A, ELLIPSOID_F
    b = a * (1.0 - f)
    big_l = math.radians(lon2 - lon1)
    u1 = math.atan((1.0 - f) * math.tan(math.radians(lat1)))
    u2 = math.atan((1.0 - f) * math.tan(math.radians(lat2)))
    su1, cu1, su2, cu2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    lam = big_l
    for _ in range(200):
        sl, cl = math.sin(lam), math.cos(lam)
        ss = math.hypot(cu2 * sl, cu1 * su2 - su1 * cu2 * cl)
        if ss == 0.0:
            return 0.0
        cs = su1 * su2 + cu1 * cu2 * cl
        sigma = math.atan2(ss, cs)
        sa = cu1 * cu2 * sl / ss
        c2a = 1.0 - sa * sa
        c2sm = cs - 2.0 * su1 * su2 / c2a if c2a else 0.0
        c = f / 16.0 * c2a * (4.0 + f * (4.0 - 3.0 * c2a))
        prev = lam
        lam = big_l + (1.0 - c) * f * sa * (sigma + c * ss * (c2sm + c * cs * (-1.0 + 2.0 * c2sm * c2sm)))
        if abs(lam - prev) < 1e-13:
            break
    else:  # nearly antipodal (never for field photos): the mean-sphere distance is good enough
        return _sphere_distance(lon1, lat1, lon2, lat2)
    u_sq = c2a * (a * a - b * b) / (b * b)
    big_a = 1.0 + u_sq / 16384.0 * (4096.0 + u_sq * (-768.0 + u_sq * (320.0 - 175.0 * u_sq)))
    big_b = u_sq / 1024.0 * (256.0 + u_sq * (-128.0 + u_sq * (74.0 - 47.0 * u_sq)))
    ds = big_b * ss * (c2sm + big_b / 4.0 * (cs * (-1.0 + 2.0 * c2sm * c2sm)
                                             - big_b / 6.0 * c2sm * (-3.0 + 4.0 * ss * ss) * (-3.0 + 4.0 * c2sm * c2sm)))
    return b * big_a * (sigma - ds)


def _sphere_distance(lon1, lat1, lon2, lat2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2.0 * 6371008.8 * math.asin(min(1.0, math.sqrt(h)))


def distance_to_patch(lon: float, lat: float, geom) -> Optional[float]:
    """Ellipsoidal distance in metres from a point to a lon/lat patch outline; 0 inside; None without
    a patch geometry.

    The patch is mapped affinely into a local plane at the point (scaled by the ellipsoid's radii of
    curvature there), so its edges stay straight lines between the same vertices; the nearest outline
    point found there is measured back on the ellipsoid with :func:`geodesic_distance`.
    """
    if geom is None or shapely.is_empty(geom):
        return None
    if shapely.covers(geom, Point(lon, lat)):
        return 0.0
    phi = math.radians(lat)
    w = 1.0 - ELLIPSOID_E2 * math.sin(phi) ** 2
    n = ELLIPSOID_A / math.sqrt(w)
    m = ELLIPSOID_A * (1.0 - ELLIPSOID_E2) / w ** 1.5
    kx, ky = math.radians(1.0) * n * math.cos(phi), math.radians(1.0) * m
    local = shapely.transform(geom, lambda c: (c - (lon, lat)) * (kx, ky))
    near = nearest_points(local, Point(0.0, 0.0))[0]
    return geodesic_distance(lon, lat, lon + near.x / kx, lat + near.y / ky)


# ---- files and names (pure) ------------------------------------------------------------------------
def photos_in_folder(folder: str | os.PathLike) -> list[Path]:
    """Image files under ``folder`` (recursive, extensions case-insensitive), sorted by path; hidden files
    and folders (phones' .thumbnails, .trashed-…) are skipped."""
    root = Path(folder)
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in filenames:
            if not f.startswith(".") and os.path.splitext(f)[1].lower() in IMAGE_EXTENSIONS:
                out.append(Path(dirpath) / f)
    return sorted(out)


def display_names(paths: list[Path]) -> list[str]:
    """How to name files in messages: relative to their common folder, so that deviceA/IMG_0001.jpg and
    deviceB/IMG_0001.jpg stay apart; a single file by its name."""
    if not paths:
        return []
    if len(paths) == 1:
        return [paths[0].name]
    try:
        common = Path(os.path.commonpath([str(p.parent) for p in paths]))
    except ValueError:  # different drives
        return [str(p) for p in paths]
    out = []
    for p in paths:
        try:
            out.append(p.relative_to(common).as_posix())
        except ValueError:
            out.append(str(p))
    return out


# ---- the patch a photo belongs to -------------------------------------------------------------------
@dataclass
class PatchContext:
    fid: int
    key: str                       # 监测编号
    geom: object                   # shapely (multi)polygon in EPSG:4490, or None
    issued: Optional[dt.date]      # wz_patch.XFSJ, else its batch's XFRQ


def patch_context(ws: Workspace, tbid: int) -> Optional[PatchContext]:
    p = ws.get("wz_patch", int(tbid), geometry=True)
    if p is None:
        return None
    issued = as_date(p.get("XFSJ"))
    if issued is None and p.get("PCID") is not None:
        b = ws.get("wz_batch", int(p["PCID"]))
        issued = as_date(b.get("XFRQ")) if b else None
    return PatchContext(int(tbid), str(p.get("JCBH") or tbid), p.get("geom"), issued)


def photo_checks(lon, lat, taken_utc: Optional[dt.datetime], ctx: PatchContext) -> tuple[Optional[float], bool]:
    """(distance to the patch in m or None, taken before the issue date). The issue date is a Beijing
    date, so the time is compared in Beijing time."""
    dist = None
    if lon is not None and lat is not None and ctx.geom is not None:
        dist = distance_to_patch(lon, lat, ctx.geom)
    before = bool(taken_utc is not None and ctx.issued is not None
                  and taken_utc.astimezone(CHINA_TZ).date() < ctx.issued)
    return dist, before


# ---- attaching --------------------------------------------------------------------------------------
@dataclass
class AddedPhoto:
    fid: int
    sha: str
    stored: str           # WJLJ, relative to the workspace folder
    path: str             # absolute path of the stored copy
    source: str           # the file it was copied from
    meta: PhotoMeta
    distance_m: Optional[float] = None


@dataclass
class DuplicatePhoto:
    file: str             # display name of the file given
    sha: str
    message: str
    fid: Optional[int] = None    # the row that already holds it (None: a repeat within this call)
    tbid: Optional[int] = None

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass
class AttachReport:
    tbid: int
    patch_key: str = ""
    ok: bool = False
    cancelled: bool = False
    started: str = field(default_factory=now_text)
    finished: str = ""
    added: list[AddedPhoto] = field(default_factory=list)
    duplicates: list[DuplicatePhoto] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    unstored: list[Problem] = field(default_factory=list)   # of the errors: readable, but the copy failed

    def error(self, p: Problem):
        p.severity = "error"
        self.errors.append(p)

    def warn(self, p: Problem):
        p.severity = "warning"
        self.warnings.append(p)

    @property
    def counts(self) -> dict:
        return {"added": len(self.added), "duplicates": len(self.duplicates), "warnings": len(self.warnings),
                "errors": len(self.errors)}

    def summary(self) -> str:
        return tr("{added} photo(s) added, {duplicates} already there, {errors} not readable, "
                  "{warnings} warning(s)").format(**self.counts)

    def text(self) -> str:
        lines = [tr("WPZF photos — patch {key}").format(key=self.patch_key or self.tbid), self.summary()]
        if self.cancelled:
            lines.append(tr("cancelled by the user; nothing was attached"))
        for title, items in ((tr("errors"), self.errors), (tr("warnings"), self.warnings),
                             (tr("already in the workspace"), self.duplicates)):
            if items:
                lines.append(f"{title} ({len(items)}):")
                lines += [f"  - {p}" for p in items]
        return "\n".join(lines) + "\n"


def _existing_by_sha(ws: Workspace, shas: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for s in range(0, len(shas), 500):
        part = shas[s:s + 500]
        if not part:
            continue
        marks = ", ".join([ws.ph] * len(part))
        df = ws.select("wz_photo", ["TBID", "WJLJ", "SHA", "YWJM", "TJSJ"], where=f'"SHA" IN ({marks})', params=part)
        for r in df.to_dict("records"):
            found[r["SHA"]] = r
    return found


def _patch_keys(ws: Workspace, fids: Iterable) -> dict[int, str]:
    out = {}
    for f in {int(x) for x in fids if x is not None and x == x}:
        p = ws.get("wz_patch", f)
        out[f] = str(p["JCBH"]) if p else f"#{f}"
    return out


def _warnings_for(meta: PhotoMeta, name: str, dist: Optional[float], before: bool, ctx: PatchContext,
                  tolerance_m: float) -> list[Problem]:
    out = [Problem(name, note) for note in meta.notes]
    if not meta.has_position:
        out.append(Problem(name, tr("no GPS position: the photo is attached without a map point"), field="GPS"))
    elif dist is not None and dist > tolerance_m:
        out.append(Problem(name, tr("taken {distance:.0f} m outside the patch (tolerance {tolerance:.0f} m)").format(
            distance=dist, tolerance=tolerance_m), field="GPS"))
    if meta.direction is None:
        out.append(Problem(name, tr("no shooting direction (GPSImgDirection)"), field="GPSImgDirection"))
    if meta.taken is None:
        out.append(Problem(name, tr("no shooting time (DateTimeOriginal)"), field="DateTimeOriginal"))
    elif before:
        out.append(Problem(name, tr("taken on {taken}, before the patch was issued on {issued}").format(
            taken=meta.taken.strftime(TIME_FORMAT), issued=ctx.issued.isoformat()), field="DateTimeOriginal"))
    return out


def attach_photos(ws: Workspace, tbid: int, paths: Iterable[str | os.PathLike], *,
                  tolerance_m: float = DEFAULT_TOLERANCE_M, source: Optional[str] = None,
                  progress: Optional[Callable[[float], None]] = None,
                  is_cancelled: Optional[Callable[[], bool]] = None,
                  known_sha: Optional[Mapping[str, str]] = None,
                  max_bytes: Optional[int] = None) -> AttachReport:
    """Attach photo files to patch ``tbid``: copy them into the attachment folder, one audited
    transaction for all rows. Unreadable files are listed as errors and the rest still attached; photos
    already in the workspace (same SHA-256) are listed as duplicates and not copied again.
    ``known_sha`` (str(path) → SHA-256) spares hashing files whose checksum the caller has already; the
    copy is still checked against it. Files above ``max_bytes`` (default: ``photo_size_limit``) are refused.
    A copy that fails (disk full …) is an error also listed in ``unstored``.

    Raises what the store raises when the transaction fails, after removing the files this call copied
    that no row references.
    """
    progress = progress or (lambda f: None)
    cancelled = is_cancelled or (lambda: False)
    known_sha = known_sha or {}
    report = AttachReport(tbid=int(tbid))
    files = []
    seen_paths = set()
    for p in paths:
        p = Path(p)
        key = os.path.normcase(os.path.abspath(p))
        if key not in seen_paths:  # the same path chosen twice is one file
            seen_paths.add(key)
            files.append(p)
    names = display_names(files)
    ctx = patch_context(ws, tbid)
    ws_name = Path(ws.files_location).name if ws.files_location else "workspace"
    if ctx is None:
        report.error(Problem(ws_name, tr("patch #{tbid} does not exist").format(tbid=tbid)))
        report.finished = now_text()
        return report
    report.patch_key = ctx.key
    if not ws.files_location:
        report.error(Problem(ws_name, tr("this workspace has no folder for attachments")))
        report.finished = now_text()
        return report

    def stop() -> AttachReport:
        report.cancelled = True
        report.error(Problem(ws_name, tr("cancelled by the user; nothing was attached")))
        report.finished = now_text()
        return report

    # 1. read and hash
    limit = photo_size_limit(ws) if max_bytes is None else int(max_bytes)
    readable: list[tuple[Path, str, PhotoMeta, str]] = []
    n = max(1, len(files))
    for i, (path, name) in enumerate(zip(files, names)):
        if cancelled():
            return stop()
        progress(0.6 * i / n)
        too_big = oversized(path, limit)
        if too_big:
            report.error(Problem(name, too_big))
            continue
        try:
            meta = read_photo(path)
            sha = known_sha.get(str(path)) or file_sha256(path)
        except InputError as e:
            report.error(Problem(name, e.problem.message))
            continue
        except OSError as e:
            report.error(Problem(name, tr("cannot be read: {error}").format(error=e.strerror or e)))
            continue
        readable.append((path, name, meta, sha))

    # 2. recognise photos already in the workspace or repeated in this call
    existing = _existing_by_sha(ws, sorted({r[3] for r in readable}))
    other_keys = _patch_keys(ws, [r["TBID"] for r in existing.values()])
    fresh: list[tuple[Path, str, PhotoMeta, str]] = []
    first_in_call: dict[str, str] = {}
    for path, name, meta, sha in readable:
        if sha in existing:
            row = existing[sha]
            t = row["TBID"]
            t = int(t) if t is not None and t == t else None
            if t == ctx.fid:
                added = beijing_time(row["TJSJ"])
                msg = tr("already attached to this patch (as {name}, added {date}); not copied again").format(
                    name=row["YWJM"], date=added.strftime(TIME_FORMAT) if added else "?")
            elif t is None:
                msg = tr("already in the workspace without a patch (as {name}); not attached again").format(
                    name=row["YWJM"])
            else:
                msg = tr("already attached to patch {key} (as {name}); a photo belongs to one patch, not "
                         "attached again").format(key=other_keys.get(t, t), name=row["YWJM"])
            report.duplicates.append(DuplicatePhoto(name, sha, msg, fid=int(row["fid"]), tbid=t))
            _restore_missing(ws.files_location, row["WJLJ"], path, sha)
        elif sha in first_in_call:
            report.duplicates.append(DuplicatePhoto(name, sha, tr("the same photo as {other} in this selection").format(
                other=first_in_call[sha])))
        else:
            first_in_call[sha] = name
            fresh.append((path, name, meta, sha))

    # 3. copy (temp name, then rename)
    created: list[Path] = []

    def remove_unreferenced():
        try:
            still = _existing_by_sha(ws, [s for _, _, _, s in fresh])
        except Exception:  # the database cannot tell: keep the files rather than lose referenced ones
            return
        referenced = {os.path.normcase(str(resolve_stored_path(ws.files_location, r["WJLJ"]))) for r in still.values()}
        for f in created:
            if os.path.normcase(str(f)) not in referenced:
                try:
                    f.unlink()
                except OSError:
                    pass

    with PendingCopies(ws, [resolve_stored_path(ws.files_location, attachment_relpath(ws.files_location, sha, path.name))
                            for path, _n, _m, sha in fresh]):
        return _copy_and_insert(ws, ctx, report, fresh, created, remove_unreferenced, stop, cancelled, progress,
                                source, tolerance_m)


def _copy_and_insert(ws, ctx, report, fresh, created, remove_unreferenced, stop, cancelled, progress, source,
                     tolerance_m) -> AttachReport:
    copied: list[tuple[Path, str, PhotoMeta, str, str, Path]] = []
    for i, (path, name, meta, sha) in enumerate(fresh):
        if cancelled():
            remove_unreferenced()
            return stop()
        rel = attachment_relpath(ws.files_location, sha, path.name)
        dest = resolve_stored_path(ws.files_location, rel)
        try:
            if not (dest.is_file() and file_sha256(dest) == sha):  # a complete copy left from before is reused
                copy_verified(path, dest, sha)
                created.append(dest)
        except OSError as e:
            why = tr("disk full") if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) else (e.strerror or e)
            p = Problem(name, tr("cannot be copied into the workspace: {error}").format(error=why))
            report.error(p)
            report.unstored.append(p)
            continue
        copied.append((path, name, meta, sha, rel, dest))
        progress(0.6 + 0.3 * (i + 1) / max(1, len(fresh)))

    # 4. one transaction for all rows
    if cancelled():
        remove_unreferenced()
        return stop()
    rows, geoms, checks = [], [], []
    stamp, who = now_text(), ws.actor.username
    for path, _name, meta, sha, rel, _dest in copied:
        dist, before = photo_checks(meta.lon, meta.lat, meta.taken_utc, ctx)
        checks.append((dist, before))
        rows.append({"TBID": ctx.fid, "WJLJ": rel, "YWJM": path.name, "SHA": sha,
                     "FX": round(meta.direction, 2) if meta.direction is not None else None,
                     "PSSJ": stored_time(meta.taken_utc),
                     "SB": meta.device, "TJSJ": stamp, "TJR": who, "WRJ": bool(meta.drone),
                     "XDGD": round(meta.relative_altitude, 1) if meta.relative_altitude is not None else None})
        geoms.append(Point(meta.lon, meta.lat) if meta.has_position else None)
    fids: list[int] = []
    if rows:
        try:
            with ws.transaction():
                fids = ws.insert("wz_photo", rows, geoms=geoms, source=source or f"photos:{ctx.key}")
        except BaseException:
            remove_unreferenced()
            raise
    for (path, name, meta, sha, rel, dest), fid, (dist, before) in zip(copied, fids, checks):
        report.added.append(AddedPhoto(int(fid), sha, rel, str(dest), str(path), meta, dist))
        for w in _warnings_for(meta, name, dist, before, ctx, tolerance_m):
            report.warn(w)
    report.ok = True
    report.finished = now_text()
    progress(1.0)
    return report


def _restore_missing(location: str, stored: str, source: Path, sha: str) -> None:
    """A known photo whose stored copy went missing gets it back from the file given again."""
    dest = resolve_stored_path(location, stored)
    if dest.exists():
        return
    try:
        copy_verified(source, dest, sha)
    except OSError:
        pass


# ---- listing ----------------------------------------------------------------------------------------
def __getattr__(name):
    """The listing of a patch's photos moved to exchange/photo_lookup.py (keyed seeks, plain rows); imports of
    ``photos_of_patch`` / ``PHOTO_COLUMNS`` from here keep working (imported late: photo_lookup imports this)."""
    if name in ("photos_of_patch", "photo_rows", "PHOTO_COLUMNS"):
        from . import photo_lookup

        return getattr(photo_lookup, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
