"""The source follows the Qt5/Qt6 and QGIS 3.22–4 rules of the architecture note (a scan, no QGIS needed)."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {"tests", "bench", ".venv", ".pkgroot", "build", "demo_out", ".qgis-settings"}


def plugin_sources():
    for p in sorted(ROOT.rglob("*.py")):
        rel = p.relative_to(ROOT)
        if rel.parts[0] in SKIP or any(x.startswith(".") for x in rel.parts):
            continue
        yield rel, p.read_text("utf-8")


def hits(pattern):
    rx = re.compile(pattern)
    out = []
    for rel, text in plugin_sources():
        for n, line in enumerate(text.splitlines(), 1):
            if rx.search(line) and not line.lstrip().startswith("#"):
                out.append(f"{rel}:{n}: {line.strip()}")
    return out


def test_qt_only_through_qgis_pyqt():
    assert hits(r"^\s*(from|import)\s+(PyQt5|PyQt6|PySide2|PySide6)\b") == []


def test_no_exec_underscore_and_no_webkit():
    assert hits(r"\.exec_\(") == []
    assert hits(r"QtWebKit") == []


# Class.UpperName must continue with another attribute (Class.Enum.Value) or be called (a constructor).
ENUM_PATTERN = r"\b(Qt|Q[A-Z][A-Za-z]+|Qgs[A-Z][A-Za-z]+|Qgis)\.([A-Z][A-Za-z0-9_]*)\b(?![.(\w])"


def test_enum_pattern_catches_short_forms():
    rx = re.compile(ENUM_PATTERN)
    assert rx.search("a = Qt.AlignLeft") and rx.search("QMessageBox.Yes |") and rx.search("QgsWkbTypes.Point)")
    assert not rx.search("Qt.AlignmentFlag.AlignLeft") and not rx.search("QgsGeometry.fromWkt(x)")


def test_enums_are_scoped():
    pattern = ENUM_PATTERN
    allowed = {"QgsProcessingParameterNumber.Type", "QgsTask.Flag"}
    found = [h for h in hits(pattern) if not any(a in h for a in allowed)]
    assert found == []


def test_core_and_rules_stay_pure():
    bad = []
    for rel, text in plugin_sources():
        if rel.parts[0] in ("core", "rules") and re.search(r"^\s*(from|import)\s+(qgis|PyQt|osgeo)", text, re.M):
            bad.append(str(rel))
    assert bad == []


def test_relative_imports_inside_the_plugin():
    assert hits(r"^\s*(from|import)\s+wpzf\b") == []


def test_metadata_versions():
    meta = (ROOT / "metadata.txt").read_text("utf-8")
    assert "qgisMinimumVersion=3.22" in meta and "qgisMaximumVersion=4.99" in meta
    assert "supportsQt6=True" in meta


def test_qaction_through_the_shim():
    assert [h for h in hits(r"from qgis.PyQt.* import .*\bQAction\b") if "ui/compat.py" not in h] == []
