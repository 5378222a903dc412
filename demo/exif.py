"""A small EXIF (APP1) writer for the demo's field photos.

QGIS 3.22's ``QgsExifTools`` can write the GPS position (``geoTagImage``) but no other tag
(``tagImage`` arrived later), and a field photo also needs its time (DateTimeOriginal) and the
camera's direction (GPSImgDirection, 0° = north, clockwise). This module builds a little-endian TIFF
structure with IFD0, the Exif IFD and the GPS IFD and puts it into a JPEG as its APP1 segment,
replacing any APP0 (JFIF) or Exif APP1 already there. The position can be written here too; the
build lets ``QgsExifTools.geoTagImage`` add it, which keeps the tags written here.
"""
from __future__ import annotations

import datetime as dt
import struct
from typing import Optional

BYTE, ASCII, SHORT, LONG, RATIONAL, UNDEFINED = 1, 2, 3, 4, 5, 7
_SIZE = {BYTE: 1, ASCII: 1, SHORT: 2, LONG: 4, RATIONAL: 8, UNDEFINED: 1}

# tags
MAKE, MODEL, ORIENTATION, DATETIME, EXIF_IFD, GPS_IFD = 0x010F, 0x0110, 0x0112, 0x0132, 0x8769, 0x8825
EXIF_VERSION, DATETIME_ORIGINAL, DATETIME_DIGITIZED, OFFSET_TIME_ORIGINAL = 0x9000, 0x9003, 0x9004, 0x9011
PIXEL_X, PIXEL_Y = 0xA002, 0xA003
GPS_VERSION, GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 0x0000, 0x0001, 0x0002, 0x0003, 0x0004
GPS_ALT_REF, GPS_ALT, GPS_IMG_DIR_REF, GPS_IMG_DIR, GPS_MAP_DATUM = 0x0005, 0x0006, 0x0010, 0x0011, 0x0012


def _encode(typ: int, value) -> tuple[int, bytes]:
    """(count, packed little-endian bytes) of a value of an EXIF type."""
    if typ == ASCII:
        raw = value.encode("ascii") + b"\x00"
        return len(raw), raw
    if typ in (BYTE, UNDEFINED):
        raw = bytes(value)
        return len(raw), raw
    vals = value if isinstance(value, (list, tuple)) else [value]
    if typ == SHORT:
        return len(vals), b"".join(struct.pack("<H", v) for v in vals)
    if typ == LONG:
        return len(vals), b"".join(struct.pack("<I", v) for v in vals)
    if typ == RATIONAL:
        return len(vals), b"".join(struct.pack("<II", n, d) for n, d in vals)
    raise ValueError(typ)


def _ifd(entries: list[tuple[int, int, object]], offset: int) -> bytes:
    """One IFD at a given TIFF offset: entries, next-IFD pointer 0, then the out-of-line values."""
    entries = sorted(entries, key=lambda e: e[0])
    head = struct.pack("<H", len(entries))
    data_at = offset + 2 + 12 * len(entries) + 4
    body, data = b"", b""
    for tag, typ, value in entries:
        count, raw = _encode(typ, value)
        if len(raw) <= 4:
            body += struct.pack("<HHI", tag, typ, count) + raw.ljust(4, b"\x00")
        else:
            if (data_at + len(data)) % 2:
                data += b"\x00"
            body += struct.pack("<HHII", tag, typ, count, data_at + len(data))
            data += raw
    return head + body + struct.pack("<I", 0) + data


def _dms(value: float) -> list[tuple[int, int]]:
    value = abs(value)
    deg = int(value)
    minutes = int((value - deg) * 60)
    seconds = (value - deg - minutes / 60.0) * 3600.0
    return [(deg, 1), (minutes, 1), (int(round(seconds * 10000)), 10000)]


def build_exif(taken: dt.datetime, *, make: str = "", model: str = "", direction: Optional[float] = None,
               lon: Optional[float] = None, lat: Optional[float] = None, altitude: Optional[float] = None,
               width: Optional[int] = None, height: Optional[int] = None, utc_offset: str = "+08:00") -> bytes:
    """The TIFF structure (starting with 'II*') of an EXIF block."""
    stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif = [(EXIF_VERSION, UNDEFINED, b"0231"), (DATETIME_ORIGINAL, ASCII, stamp),
            (DATETIME_DIGITIZED, ASCII, stamp), (OFFSET_TIME_ORIGINAL, ASCII, utc_offset)]
    if width and height:
        exif += [(PIXEL_X, LONG, width), (PIXEL_Y, LONG, height)]
    gps = [(GPS_VERSION, BYTE, [2, 3, 0, 0])]
    if lat is not None and lon is not None:
        gps += [(GPS_LAT_REF, ASCII, "N" if lat >= 0 else "S"), (GPS_LAT, RATIONAL, _dms(lat)),
                (GPS_LON_REF, ASCII, "E" if lon >= 0 else "W"), (GPS_LON, RATIONAL, _dms(lon)),
                (GPS_MAP_DATUM, ASCII, "WGS-84")]
    if altitude is not None:
        gps += [(GPS_ALT_REF, BYTE, [0 if altitude >= 0 else 1]),
                (GPS_ALT, RATIONAL, [(int(round(abs(altitude) * 100)), 100)])]
    if direction is not None:
        gps += [(GPS_IMG_DIR_REF, ASCII, "T"), (GPS_IMG_DIR, RATIONAL, [(int(round((direction % 360) * 100)), 100)])]
    ifd0 = [(ORIENTATION, SHORT, 1), (DATETIME, ASCII, stamp), (EXIF_IFD, LONG, 0), (GPS_IFD, LONG, 0)]
    if make:
        ifd0.append((MAKE, ASCII, make))
    if model:
        ifd0.append((MODEL, ASCII, model))
    # sizes do not depend on the pointer values: lay out once, then fill the pointers in
    size0 = len(_ifd(ifd0, 8))
    exif_at = 8 + size0 + (size0 % 2)
    exif_raw = _ifd(exif, exif_at)
    gps_at = exif_at + len(exif_raw) + (len(exif_raw) % 2)
    ifd0 = [(t, ty, exif_at if t == EXIF_IFD else gps_at if t == GPS_IFD else v) for t, ty, v in ifd0]
    out = b"II*\x00" + struct.pack("<I", 8) + _ifd(ifd0, 8)
    out = out.ljust(exif_at, b"\x00") + exif_raw
    out = out.ljust(gps_at, b"\x00") + _ifd(gps, gps_at)
    return out


def insert_exif(jpeg: bytes, tiff: bytes) -> bytes:
    """The JPEG with its APP0 (JFIF) and any Exif APP1 removed and the new APP1 right after SOI."""
    if jpeg[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    payload = b"Exif\x00\x00" + tiff
    if len(payload) + 2 > 0xFFFF:
        raise ValueError("EXIF block too large")
    app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    pos, kept = 2, []
    while pos + 4 <= len(jpeg) and jpeg[pos] == 0xFF:
        marker = jpeg[pos + 1]
        if marker == 0xDA:   # start of scan: the rest is image data
            break
        length = struct.unpack(">H", jpeg[pos + 2:pos + 4])[0]
        seg = jpeg[pos:pos + 2 + length]
        drop = marker == 0xE0 or (marker == 0xE1 and seg[4:10] == b"Exif\x00\x00")
        if not drop:
            kept.append(seg)
        pos += 2 + length
    return b"\xff\xd8" + app1 + b"".join(kept) + jpeg[pos:]


def write_exif(path: str, taken: dt.datetime, **kwargs) -> None:
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(insert_exif(data, build_exif(taken, **kwargs)))
