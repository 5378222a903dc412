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


def classFactory(iface):  # noqa: N802 (QGIS's name)
    problems = missing_dependencies()
    if problems:
        from .plugin_missing import MissingDependenciesPlugin

        return MissingDependenciesPlugin(iface, problems)
    from .plugin import WpzfPlugin

    return WpzfPlugin(iface)
