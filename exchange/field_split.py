"""A split drawn in the field read as parts: outlines compared and the drawing normalized, apart from the merge."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import shapely
from shapely.geometry import MultiPolygon

from ..core.area import ellipsoidal_area
from ..core.parts import SplitError, check_partition
from ..i18n import tr
from ..store.workspace import geometry_digest

SLIVER_M2 = 1.0            # what a hand-drawn split may leave uncovered of a patch (or 0.5 %, if more)
SLIVER_SHARE = 0.005


def _multi(g):
    if g is None or g.is_empty:
        return None
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
    if not parts:
        return None
    u = shapely.union_all(parts) if len(parts) > 1 else parts[0]
    if u.geom_type == "Polygon":
        return MultiPolygon([u])
    if u.geom_type == "MultiPolygon":
        return u
    return _multi(u)


def _digests(geoms: Iterable) -> list[str]:
    return sorted(geometry_digest(_multi(g)) for g in geoms)


def _same_shape(a, b) -> bool:
    """Two outlines are the same when they differ by less than ~1 cm² (float noise of a round trip)."""
    if a is None or b is None:
        return a is None and b is None
    diff = shapely.area(shapely.symmetric_difference(shapely.make_valid(a), shapely.make_valid(b)))
    return diff <= 1e-12 + 1e-8 * shapely.area(a)


def _same_shapes(a: list, b: list) -> bool:
    if len(a) != len(b):
        return False
    rest = list(b)
    for g in a:
        for i, h in enumerate(rest):
            if _same_shape(g, h):
                del rest[i]
                break
        else:
            return False
    return True


def normalize_split(patch, drawn: list) -> list:
    """The parts a split drawn in the field gives: each drawn part clipped to the patch, overlaps given to
    the earlier part, slivers the drawing left uncovered folded into the neighbour they touch most. Raises
    SplitError when the drawing does not cover the patch or gives fewer than two parts."""
    patch = _multi(shapely.make_valid(patch))
    pieces, used = [], None
    for g in drawn:
        piece = shapely.intersection(shapely.make_valid(g), patch)
        if used is not None:
            piece = shapely.difference(piece, used)
        piece = _multi(piece)
        if piece is None or ellipsoidal_area([piece])[0] < 0.01:
            continue
        pieces.append(piece)
        used = piece if used is None else shapely.union(used, piece)
    if len(pieces) < 2:
        raise SplitError(tr("the parts drawn in the field do not cut the patch in two or more parts"))
    rest = _multi(shapely.difference(patch, used))
    if rest is not None:
        total = ellipsoidal_area([patch])[0]
        left = ellipsoidal_area([rest])[0]
        if left > max(SLIVER_M2, SLIVER_SHARE * total):
            raise SplitError(tr("the parts drawn in the field leave {area:.1f} m² of the patch uncovered").format(
                area=left))
        for bit in shapely.get_parts(rest):
            shared = [shapely.length(shapely.intersection(bit.boundary, p.boundary)) for p in pieces]
            j = int(np.argmax(shared))
            pieces[j] = _multi(shapely.union(pieces[j], bit))
    check_partition(patch, pieces)
    return pieces
