"""GeoPackage geometry blobs (GPKG spec §2.1.3): header + envelope + ISO WKB, vectorized with shapely."""
from __future__ import annotations

import struct

import numpy as np
import shapely

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_HEADER = struct.Struct("<2sBBi4d")  # magic, version, flags, srs_id, minx maxx miny maxy
_FLAGS_LE_XY = 0b0000_0011          # little-endian, xy envelope
_FLAG_EMPTY = 0b0001_0000


def to_wkb(geoms) -> np.ndarray:
    return shapely.to_wkb(np.asarray(geoms, dtype=object), byte_order=1, flavor="iso", output_dimension=2)


def encode(geoms, srs_id: int) -> list:
    """shapely geometries → GPKG blobs (None stays None)."""
    geoms = np.asarray(geoms, dtype=object)
    return encode_wkb(to_wkb(geoms), shapely.bounds(geoms), srs_id)


_HEADERS = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs", "<i4"), ("envelope", "<f8", (4,))])


def encode_wkb(wkb, bounds, srs_id: int) -> list:
    """ISO WKB (little-endian) plus (minx, miny, maxx, maxy) rows → GPKG blobs; NaN bounds mean empty."""
    bounds = np.asarray(bounds, dtype=float).reshape(-1, 4)
    n = len(bounds)
    headers = np.zeros(n, dtype=_HEADERS)   # every row's header at once (_HEADER's layout)
    headers["magic"], headers["flags"], headers["srs"] = b"GP", _FLAGS_LE_XY, srs_id
    headers["envelope"] = bounds[:, [0, 2, 1, 3]]
    raw = headers.tobytes()
    size = _HEADER.size
    out = [raw[i:i + size] + w if w is not None else None for i, w in zip(range(0, n * size, size), list(wkb))]
    empty_header = struct.pack("<2sBBi", b"GP", 0, 0b0000_0001 | _FLAG_EMPTY, srs_id)
    for i in np.flatnonzero(np.isnan(bounds[:, 0])).tolist():   # empty geometries: no envelope
        if out[i] is not None:
            out[i] = empty_header + wkb[i]
    return out


def _wkb_offset(blob: bytes) -> int:
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    return 8 + _ENVELOPE_BYTES[(blob[3] >> 1) & 0b111]


def decode(blobs) -> np.ndarray:
    """GPKG blobs → shapely geometries (None stays None)."""
    wkb = [None if b is None else bytes(b[_wkb_offset(b):]) for b in blobs]
    return shapely.from_wkb(np.array(wkb, dtype=object))


def is_empty(blob) -> int:
    if blob is None:
        return 1
    return int(bool(blob[3] & _FLAG_EMPTY))


def envelope(blob):
    """(minx, maxx, miny, maxy) from the header, or computed from the WKB if the header has none."""
    if blob is None:
        return None
    if (blob[3] >> 1) & 0b111:
        byte_order = "<" if blob[3] & 1 else ">"
        return struct.unpack_from(byte_order + "4d", blob, 8)
    g = shapely.from_wkb(bytes(blob[_wkb_offset(blob):]))
    if g.is_empty:
        return None
    minx, miny, maxx, maxy = g.bounds
    return minx, maxx, miny, maxy


def register_sql_functions(conn) -> None:
    """The ST_* functions GeoPackage R-tree triggers call (GDAL defines them in its own connections)."""
    def env(i):
        def f(blob):
            e = envelope(blob)
            return None if e is None else e[i]
        return f
    conn.create_function("ST_IsEmpty", 1, is_empty, deterministic=True)
    conn.create_function("ST_MinX", 1, env(0), deterministic=True)
    conn.create_function("ST_MaxX", 1, env(1), deterministic=True)
    conn.create_function("ST_MinY", 1, env(2), deterministic=True)
    conn.create_function("ST_MaxY", 1, env(3), deterministic=True)
