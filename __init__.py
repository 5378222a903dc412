"""QGIS entry point: check the dependencies, then hand QGIS the plugin class.

Nothing Qt/QGIS is imported at module level so the pure-Python parts import without QGIS.
"""
from __future__ import annotations

# (import name, minimum version or None, how Debian/Ubuntu and OSGeo4W users install it)
REQUIREMENTS = (
    ("shapely", "2.0",
     'python3 -m pip install --user "shapely>=2"   (OSGeo4W Shell: python -m pip install "shapely>=2")'),
    ("numpy", None, "sudo apt install python3-numpy   (OSGeo4W: included)"),
    ("pandas", None, "sudo apt install python3-pandas   (OSGeo4W Shell: python -m pip install pandas)"),
    ("jinja2", None, "sudo apt install python3-jinja2   (OSGeo4W: included)"),
)


def _version_tuple(text: str) -> tuple:
    parts = []
    for p in text.split(".")[:3]:
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def missing_dependencies() -> list[tuple[str, str]]:
    """(problem, install command) for every requirement that is absent or too old."""
    import importlib

    out = []
    for name, minimum, how in REQUIREMENTS:
        try:
            mod = importlib.import_module(name)
        except Exception as e:  # ImportError, or a broken binary module
            out.append((f"{name}: not importable ({e.__class__.__name__}: {e})", how))
            continue
        if minimum and _version_tuple(getattr(mod, "__version__", "0")) < _version_tuple(minimum):
            out.append((f"{name} {getattr(mod, '__version__', '?')} is too old; {minimum} or newer is needed", how))
    return out


def shapely_self_check() -> str | None:
    """The geometry operations WPZF relies on, run once on tiny shapes.

    Inside the QGIS desktop a pip-installed shapely wheel can end up calling the GEOS library QGIS
    loaded (Debian 12: GEOS 3.11) instead of its own; the C API is stable, so this normally works, and
    this check catches the cases where it does not.
    """
    try:
        import numpy as np
        import shapely

        square = shapely.box(0, 0, 2, 2)
        bow = shapely.from_wkt("POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))")
        fixed = shapely.make_valid(np.array([bow, square], dtype=object))
        wkb = shapely.to_wkb(fixed, output_dimension=2, flavor="iso", byte_order=1)
        back = shapely.from_wkb(wkb)
        tree = shapely.STRtree(back)
        hits = tree.query(shapely.box(0.5, 0.5, 1.5, 1.5), predicate="intersects")
        inter = shapely.intersection(back[0], square)
        if not (abs(shapely.area(back[1]) - 4.0) < 1e-12 and len(hits) == 2 and abs(inter.area - 2.0) < 1e-9):
            return "shapely gives wrong results on a self-test"
    except Exception as e:  # any failure here means geometry work would fail later
        return f"shapely fails a self-test ({e.__class__.__name__}: {e})"
    return None


def classFactory(iface):  # noqa: N802 (QGIS's name)
    problems = missing_dependencies()
    if not problems:
        broken = shapely_self_check()
        if broken:
            problems.append((broken, 'python3 -m pip install --user --no-binary shapely "shapely>=2"   '
                                     "(builds shapely against the GEOS that QGIS uses; needs libgeos-dev)"))
    if problems:
        from .plugin_missing import MissingDependenciesPlugin

        return MissingDependenciesPlugin(iface, problems)
    from .plugin import WpzfPlugin

    return WpzfPlugin(iface)
