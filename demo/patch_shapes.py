"""A demo patch's geometry: its outline, what the imagery paints on it, the defects of real batches."""
from __future__ import annotations

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import Point, Polygon


# -- shapes ---------------------------------------------------------------------------------------
def oriented_rect(cx, cy, length, width, theta) -> Polygon:
    r = Polygon([(-length / 2, -width / 2), (length / 2, -width / 2), (length / 2, width / 2),
                 (-length / 2, width / 2)])
    return affinity.translate(affinity.rotate(r, theta, origin=(0, 0), use_radians=True), cx, cy)


def patch_shape(rng, cx, cy, area, aspect, theta, blob=False) -> Polygon:
    if blob:
        n = 12
        t = np.linspace(0, 2 * np.pi, n, endpoint=False)
        k = 1 + 0.18 * (rng.random(n) - 0.5) * 2
        pts = np.column_stack([np.sqrt(aspect) * k * np.cos(t), k * np.sin(t) / np.sqrt(aspect)])
    else:
        pts = np.array([(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)], float)
        pts[:, 0] *= np.sqrt(aspect)
        pts[:, 1] /= np.sqrt(aspect)
        if rng.random() < 0.5:   # a notch or a bent side, as digitized outlines have
            mid = (pts[1] + pts[2]) / 2 + rng.uniform(-0.08, 0.08, 2)
            pts = np.insert(pts, 2, mid, axis=0)
        pts = pts + rng.uniform(-0.03, 0.03, pts.shape)
    poly = Polygon(pts)
    poly = affinity.scale(poly, np.sqrt(area / poly.area), np.sqrt(area / poly.area), origin=(0, 0))
    poly = affinity.rotate(poly, theta, origin=(0, 0), use_radians=True)
    return shapely.set_precision(affinity.translate(poly, cx, cy), 0.001)


def _orientation(poly) -> float:
    mrr = shapely.minimum_rotated_rectangle(poly)
    c = np.array(mrr.exterior.coords)
    e1, e2 = c[1] - c[0], c[2] - c[1]
    e = e1 if np.hypot(*e1) >= np.hypot(*e2) else e2
    return float(np.arctan2(e[1], e[0]))


def _extent(poly, theta) -> tuple[float, float]:
    r = affinity.rotate(poly, -theta, origin=poly.centroid, use_radians=True)
    minx, miny, maxx, maxy = r.bounds
    return maxx - minx, maxy - miny


def shadow(roof: Polygon, length: float) -> Polygon:
    """Midday sun from the south-south-east: shadows fall north and a little west."""
    moved = affinity.translate(roof, -0.35 * length, length)
    return shapely.convex_hull(shapely.union(roof, moved))


def _buildings(rng, area_poly, theta, count, size) -> list[Polygon]:
    inner = area_poly.buffer(-2.5)
    out: list[Polygon] = []
    if inner.is_empty:
        return out
    minx, miny, maxx, maxy = inner.bounds
    for _ in range(count * 30):
        if len(out) >= count:
            break
        cx, cy = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        b = oriented_rect(cx, cy, rng.uniform(*size), rng.uniform(size[0] * 0.5, size[0]), theta)
        if inner.contains(b) and all(b.distance(o) > 4.0 for o in out):
            out.append(b)
    if not out:   # small patch: one building filling the inner part
        length, width = _extent(inner, theta)
        c = inner.centroid
        b = oriented_rect(c.x, c.y, max(length * 0.8, 3.0), max(width * 0.7, 3.0), theta)
        out.append(shapely.intersection(b, inner) if not inner.contains(b) else b)
    return out


def _strips(poly, theta, width, gap, margin=1.0) -> list:
    inner = poly.buffer(-margin)
    if inner.is_empty:
        return []
    c = poly.centroid
    length, span = _extent(poly, theta)
    out = []
    off = -span / 2
    while off < span / 2:
        s = oriented_rect(0, 0, length * 1.5, width, 0)
        s = affinity.translate(s, 0, off + width / 2)
        s = affinity.translate(affinity.rotate(s, theta, origin=(0, 0), use_radians=True), c.x, c.y)
        piece = shapely.intersection(s, inner)
        if not piece.is_empty and piece.area > 2:
            out.append(piece)
        off += width + gap
    return out


def _roof_colour(rng) -> str:
    return str(rng.choice(["roof_blue", "roof_blue", "roof_red", "roof_grey", "roof_white"]))


def paint_ops(kind: str, poly, rng) -> tuple[list, list]:
    """(before ops, after ops) for a patch outline: what the imagery shows on it."""
    theta = _orientation(poly)
    before: list = []
    after: list = []

    def house_ops(buildings, roof, shade=(3.0, 7.0), out=after):
        for b in buildings:
            out.append(("shadow", shadow(b, rng.uniform(*shade))))
        for b in buildings:
            out.append((roof if roof else _roof_colour(rng), b))

    if kind == "new_building":
        after.append(("yard_concrete" if rng.random() < 0.6 else "yard_soil", poly))
        house_ops(_buildings(rng, poly, theta, int(rng.integers(1, 4)), (12.0, 40.0)), None)
    elif kind == "homestead":
        after.append(("yard_concrete", poly))
        length, width = _extent(poly, theta)
        c = poly.centroid
        house = oriented_rect(c.x, c.y, length * 0.75, max(width * 0.35, 5.0), theta)
        house = affinity.translate(house, 0, width * 0.2)
        house = shapely.intersection(house, poly.buffer(-1.0))
        after.append(("roof_grey", shapely.intersection(poly.boundary.buffer(0.7), poly)))
        if not house.is_empty:
            house_ops([house], str(rng.choice(["roof_red", "roof_grey", "roof_blue"])), (2.5, 4.0))
    elif kind in ("greenhouse",):
        after.append(("yard_soil", poly))
        for s in _strips(poly, theta, rng.uniform(7.0, 9.0), rng.uniform(2.0, 3.0)):
            after.append(("greenhouse", s))
    elif kind == "livestock_shed":
        after.append(("yard_soil", poly))
        sheds = _strips(poly, theta, rng.uniform(9.0, 12.0), rng.uniform(6.0, 9.0), margin=3.0)
        house_ops([s for s in sheds if s.area > 30], str(rng.choice(["roof_blue", "roof_grey"])), (2.0, 4.0))
    elif kind == "filling":
        after.append(("fill_soil", poly))
        c = poly.centroid
        for _ in range(int(rng.integers(2, 5))):
            r = np.sqrt(poly.area) * rng.uniform(0.06, 0.14)
            p = Point(c.x + rng.normal(0, np.sqrt(poly.area) * 0.2), c.y + rng.normal(0, np.sqrt(poly.area) * 0.2))
            pile = shapely.intersection(p.buffer(r, quad_segs=4), poly.buffer(-2))
            if not pile.is_empty:
                after.append(("spoil", pile))
    elif kind == "temporary_site":
        after.append(("yard_concrete", poly))
        house_ops(_strips(poly, theta, 6.0, 5.0, margin=4.0)[:6], "roof_blue", (2.0, 3.0))
    elif kind == "mining":
        after.append(("spoil", poly))
        k = 0
        ring = poly.buffer(-5.0)
        while not ring.is_empty and k < 6:
            after.append(("pit" if k % 2 == 0 else "pit_terrace", ring))
            k += 1
            ring = poly.buffer(-5.0 - 7.0 * k)
    elif kind == "solar":
        after.append(("yard_soil", poly))
        for s in _strips(poly, 0.0, 4.0, 5.0, margin=2.0):
            after.append(("solar", s))
    elif kind == "road_slope":
        after.append(("slope", poly))
        for s in _strips(poly, theta + np.pi / 4, 1.2, 5.0, margin=0.5):
            after.append(("yard_concrete", s))
        for s in _strips(poly, theta - np.pi / 4, 1.2, 5.0, margin=0.5):
            after.append(("yard_concrete", s))
    elif kind == "renovation":
        old = _buildings(rng, poly, theta, int(rng.integers(2, 5)), (8.0, 16.0))
        before.append(("yard_old", poly))
        house_ops(old, "roof_old", (2.0, 4.0), out=before)
        after.append(("yard_concrete", poly))
        house_ops(_buildings(rng, poly, theta, int(rng.integers(1, 3)), (14.0, 30.0)), None)
    elif kind == "demolition":
        old = _buildings(rng, poly, theta, int(rng.integers(2, 5)), (8.0, 16.0))
        before.append(("yard_old", poly))
        house_ops(old, "roof_old", (2.0, 4.0), out=before)
        after.append(("rubble", poly))
    elif kind == "materials":
        after.append(("yard_concrete", poly))
        for b in _buildings(rng, poly, theta + rng.uniform(-0.3, 0.3), int(rng.integers(3, 7)), (5.0, 14.0)):
            after.append((str(rng.choice(["materials_blue", "materials_orange", "materials_grey"])), b))
    elif kind == "crop_change":
        after.append(("mulch", poly))
    else:
        raise ValueError(kind)
    return before, after


# -- defects of real batches ----------------------------------------------------------------------
def corner_loop(poly: Polygon) -> Polygon:
    """A ring that crosses itself near one corner (two vertices swapped), as digitizing slips do."""
    c = list(poly.exterior.coords)[:-1]
    a, b, d = np.array(c[1]), np.array(c[2]), np.array(c[3] if len(c) > 3 else c[0])
    p1 = b + 0.12 * (a - b)     # on the edge before the corner
    p2 = b + 0.12 * (d - b)     # on the edge after the corner
    ring = [c[0], c[1], tuple(p2), tuple(b), tuple(p1), *c[3:]]
    return Polygon(ring)


def bow_tie(poly: Polygon) -> Polygon:
    """A quadrilateral with its last two vertices swapped: a figure-8 ring."""
    mrr = shapely.minimum_rotated_rectangle(poly)
    c = list(mrr.exterior.coords)[:-1]
    return Polygon([c[0], c[1], c[3], c[2]])
