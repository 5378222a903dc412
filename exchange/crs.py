"""Coordinate reference systems of incoming batches: CGCS2000 geographic (EPSG:4490) and its 3° Gauss–Krüger
zones, with (EPSG:4513–4533) and without (EPSG:4534–4554) the zone number in the false easting.

Pure logic over numbers; the OGR side (reading .prj, transforming) lives in the reader.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from ..i18n import tr

CGCS2000_GEOGRAPHIC = 4490
ZONE_MIN, ZONE_MAX = 25, 45  # 3° zones covering China: central meridians 75°E … 135°E


def gk_epsg(zone: int, with_prefix: bool) -> int:
    if not ZONE_MIN <= zone <= ZONE_MAX:
        raise ValueError(f"3° zone {zone} is outside China (zones {ZONE_MIN}–{ZONE_MAX})")
    return (4513 if with_prefix else 4534) + zone - ZONE_MIN


def describe(epsg: int) -> str:
    if epsg == CGCS2000_GEOGRAPHIC:
        return "EPSG:4490 CGCS2000 经纬度"
    if 4513 <= epsg <= 4533:
        zone = epsg - 4513 + ZONE_MIN
        return f"EPSG:{epsg} CGCS2000 3度带 第{zone}带 (中央经线 {zone * 3}°E, 带号前缀)"
    if 4534 <= epsg <= 4554:
        zone = epsg - 4534 + ZONE_MIN
        return f"EPSG:{epsg} CGCS2000 3度带 中央经线 {zone * 3}°E (无带号)"
    return f"EPSG:{epsg}"


def is_supported(epsg: Optional[int]) -> bool:
    return epsg == CGCS2000_GEOGRAPHIC or (epsg is not None and 4513 <= epsg <= 4554)


def from_tm_parameters(central_meridian: float, false_easting: float, scale: float = 1.0,
                       latitude_of_origin: float = 0.0, false_northing: float = 0.0) -> Optional[int]:
    """EPSG code of a CGCS2000 3° GK zone described only by its parameters (e.g. an ESRI .prj)."""
    if abs(scale - 1.0) > 1e-9 or abs(latitude_of_origin) > 1e-9 or abs(false_northing) > 1e-6:
        return None
    if abs(central_meridian / 3 - round(central_meridian / 3)) > 1e-9:
        return None
    zone = int(round(central_meridian / 3))
    if not ZONE_MIN <= zone <= ZONE_MAX:
        return None
    if abs(false_easting - 500000) < 1e-3:
        return gk_epsg(zone, False)
    if abs(false_easting - (zone * 1_000_000 + 500000)) < 1e-3:
        return gk_epsg(zone, True)
    return None


@dataclass
class Inference:
    epsg: Optional[int]
    reason: str


def infer_from_bounds(minx: float, miny: float, maxx: float, maxy: float,
                      lon_hint: Optional[float] = None) -> Inference:
    """Guess the CRS of a file without .prj from its coordinate ranges, only where that is unambiguous.

    ``lon_hint`` is a longitude the file itself gives (e.g. the Ministry's LZB centre longitude); it can
    settle the zone of prefix-less Gauss–Krüger coordinates.
    """
    if 73 <= minx <= maxx <= 136 and 3 <= miny <= maxy <= 54:
        return Inference(CGCS2000_GEOGRAPHIC, tr("coordinates are longitudes/latitudes within China"))
    if 1_000_000 <= miny <= maxy <= 6_000_000:
        zmin, zmax = math.floor(minx / 1e6), math.floor(maxx / 1e6)
        if zmin == zmax and ZONE_MIN <= zmin <= ZONE_MAX and 1e5 <= minx - zmin * 1e6 <= maxx - zmin * 1e6 <= 9e5:
            return Inference(gk_epsg(zmin, True), tr("eastings carry zone number {zone} (3° zone, 中央经线 "
                                                     "{cm}°E)").format(zone=zmin, cm=zmin * 3))
        if 100_000 <= minx <= maxx <= 900_000:
            if lon_hint is not None and 73 <= lon_hint <= 136:
                zone = int(round(lon_hint / 3))
                return Inference(gk_epsg(zone, False), tr("3° zone without number; centre longitude {lon:.3f} in "
                                                          "the attributes gives 中央经线 {cm}°E").format(
                    lon=lon_hint, cm=zone * 3))
            return Inference(None, tr("coordinates are 3° Gauss–Krüger without zone number; the zone (central "
                                      "meridian) cannot be told from them — choose the coordinate system"))
    return Inference(None, tr("coordinates ({minx:.3f}, {miny:.3f}) – ({maxx:.3f}, {maxy:.3f}) fit no CGCS2000 "
                              "system; choose the coordinate system").format(minx=minx, miny=miny, maxx=maxx,
                                                                              maxy=maxy))


# China's extent in CGCS2000 longitude/latitude, with a margin for border counties.
CHINA_LON = (73.0, 136.0)
CHINA_LAT = (3.0, 54.0)
# A 3° zone is 1.5° either side of its meridian: under 170 km; 350 km leaves room for a county
# that straddles a zone edge and was kept in its neighbour's zone.
GK_HALF_WIDTH_M = 350_000.0
GK_NORTHING = (300_000.0, 6_000_000.0)


def expected_ranges(epsg: int) -> Optional[tuple[tuple[float, float], tuple[float, float], str]]:
    """((xmin, xmax), (ymin, ymax), unit words) a CGCS2000 system's coordinates take inside China, or None
    for a system we cannot bound."""
    if epsg == CGCS2000_GEOGRAPHIC:
        return CHINA_LON, CHINA_LAT, tr("longitude/latitude in degrees")
    if 4513 <= epsg <= 4533:
        zone = epsg - 4513 + ZONE_MIN
        centre = zone * 1_000_000 + 500_000
        return (centre - GK_HALF_WIDTH_M, centre + GK_HALF_WIDTH_M), GK_NORTHING, \
            tr("Gauss–Krüger metres with zone number {zone}").format(zone=zone)
    if 4534 <= epsg <= 4554:
        return (500_000 - GK_HALF_WIDTH_M, 500_000 + GK_HALF_WIDTH_M), GK_NORTHING, \
            tr("Gauss–Krüger metres without zone number")
    return None


@dataclass
class CoordinateCheck:
    bad_rows: list[int]      # indexes of geometries whose coordinates do not fit the declared system
    non_finite: list[int]    # indexes of geometries with NaN or infinite coordinates
    contradiction: str       # not empty when the whole batch contradicts its declared system (with evidence)


def check_coordinates(epsg: int, bounds) -> CoordinateCheck:
    """Do the geometries' bounding boxes (an (n, 4) array of minx, miny, maxx, maxy; NaN rows for missing
    geometries) fit ``epsg`` inside China? A batch most of whose patches do not fit contradicts its system:
    the message gives the coordinates seen and the system they would fit."""
    import numpy as np

    b = np.asarray(bounds, dtype=float).reshape(-1, 4)
    present = ~np.all(np.isnan(b), axis=1)
    finite = np.all(np.isfinite(b), axis=1)
    non_finite = np.flatnonzero(present & ~finite).tolist()
    ranges = expected_ranges(epsg)
    if ranges is None:
        return CoordinateCheck([], non_finite, "")
    (x0, x1), (y0, y1), words = ranges
    ok = (b[:, 0] >= x0) & (b[:, 2] <= x1) & (b[:, 1] >= y0) & (b[:, 3] <= y1)
    checked = present & finite
    bad = np.flatnonzero(checked & ~ok).tolist()
    contradiction = ""
    if checked.any() and len(bad) > checked.sum() / 2:
        minx, miny = np.min(b[checked, 0]), np.min(b[checked, 1])
        maxx, maxy = np.max(b[checked, 2]), np.max(b[checked, 3])
        fit = infer_from_bounds(minx, miny, maxx, maxy)
        would = tr("; they would fit {system}").format(system=describe(fit.epsg)) if fit.epsg else ""
        contradiction = tr(
            "the coordinate system says {system} ({words}: x {x0:,.0f} … {x1:,.0f}, y {y0:,.0f} … {y1:,.0f} inside "
            "China), but {bad} of {n} patches lie outside that: coordinates ({minx:,.3f}, {miny:,.3f}) – "
            "({maxx:,.3f}, {maxy:,.3f}){would}. The .prj (or the chosen system) is wrong: choose the right one"
        ).format(system=describe(epsg), words=words, x0=x0, x1=x1, y0=y0, y1=y1, bad=len(bad), n=int(checked.sum()),
                 minx=minx, miny=miny, maxx=maxx, maxy=maxy, would=would)
    return CoordinateCheck(bad, non_finite, contradiction)
