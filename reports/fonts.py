"""The CJK font for PDFs, made so that a PDF's text layer holds the characters that were drawn.

Qt's PDF writer (reports and QGIS layouts alike) records, for each embedded glyph, the *lowest* code point that
the font's cmap maps to it. Noto Sans CJK (and other CJK fonts) map a Kangxi radical and its ideograph to one
glyph (U+2F64 ⽤ and U+7528 用), so the PDF claims the radical: searching a report for 违法占用耕地 finds
nothing and copy-paste gives wrong characters. We therefore derive, once per machine, a copy of the system's
CJK font whose cmap drops the radical and compatibility blocks, register it with Qt under its own family
name and draw PDFs with it. fontTools (Debian: python3-fonttools) does the editing; without it, or without
a CJK font on the system, PDFs fall back to the system font and the QGIS log says why.
"""
from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

SOURCE_FAMILY = "Noto Sans CJK SC"
FAMILY = "WPZF Sans SC"
# Code points that share a glyph with an ordinary ideograph: CJK radicals supplement, Kangxi radicals,
# CJK compatibility ideographs and their supplement.
SHADOW_RANGES = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
_STYLES = {"Regular": (400, ""), "Bold": (700, ":bold")}
# Where a system has no fontconfig (Windows, some macOS builds), the usual file names of a CJK font.
_FALLBACK_GLOBS = {
    "Regular": ("/usr/share/fonts/**/NotoSansCJK-Regular.ttc", "/usr/share/fonts/**/NotoSansCJKsc-Regular.otf",
                "C:/Windows/Fonts/msyh.ttc", "/Library/Fonts/NotoSansCJKsc-Regular.otf"),
    "Bold": ("/usr/share/fonts/**/NotoSansCJK-Bold.ttc", "/usr/share/fonts/**/NotoSansCJKsc-Bold.otf",
             "C:/Windows/Fonts/msyhbd.ttc", "/Library/Fonts/NotoSansCJKsc-Bold.otf"),
}

_registered: Optional[str] = None
problem: Optional[str] = None  # why the clean font is not in use, for the log and the tests


def is_shadow(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in SHADOW_RANGES)


def cache_dir() -> Path:
    base = os.environ.get("WPZF_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wpzf" / "fonts"


def system_font(style: str) -> Optional[tuple[Path, int]]:
    """(file, face index) of the system's CJK SC font in ``style`` ("Regular"/"Bold"), or None."""
    weight_suffix = _STYLES[style][1]
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family}", SOURCE_FAMILY + weight_suffix],
                                 capture_output=True, text=True, timeout=10).stdout
            file, index, family = (out.split("|") + ["", "", ""])[:3]
            if file and "CJK" in family and Path(file).exists():
                return Path(file), int(index or 0)
        except (OSError, ValueError, subprocess.SubprocessError):
            pass
    for pattern in _FALLBACK_GLOBS[style]:
        for hit in sorted(glob.glob(pattern, recursive=True)):
            return Path(hit), _sc_face(Path(hit))
    return None


def _sc_face(path: Path) -> int:
    """The face of a collection whose family is the Simplified Chinese one (0 for a single font)."""
    if path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import TTCollection

    coll = TTCollection(str(path), lazy=True)
    for i, face in enumerate(coll.fonts):
        if "SC" in (face["name"].getDebugName(1) or ""):
            return i
    return 0


def clean_font(source: Path, index: int, style: str, folder: Path) -> Path:
    """The derived font file for ``source``/``index`` (made once, then reused while the source is unchanged)."""
    st = source.stat()
    key = hashlib.sha256(f"{source}|{index}|{st.st_size}|{st.st_mtime_ns}|v1".encode()).hexdigest()[:16]
    target = folder / f"wpzf-sans-sc-{style.lower()}-{key}.otf"
    if target.exists():
        return target
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), fontNumber=index, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    for table in font["cmap"].tables:
        if getattr(table, "cmap", None):  # format 14 (variation sequences) has no plain map
            table.cmap = {cp: g for cp, g in table.cmap.items() if not is_shadow(cp)}
    names = font["name"]
    ps_name = f"WPZFSansSC-{style}"
    for rec in list(names.names):
        if rec.nameID in (1, 16):
            names.setName(FAMILY, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID in (2, 17):
            names.setName(style, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 4:
            names.setName(f"{FAMILY} {style}", rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 6:
            names.setName(ps_name, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".otf.part", dir=folder)
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return target


def pdf_font_family() -> str:
    """The family to draw PDFs with: the clean derived font once registered with Qt, else the system font.
    Needs a Qt application (QGIS has one)."""
    global _registered, problem
    if _registered:
        return _registered
    try:
        import fontTools  # noqa: F401
    except ImportError:
        return _fallback("fontTools is missing (Debian: apt install python3-fonttools; "
                         "elsewhere: pip install fonttools)")
    from qgis.PyQt.QtGui import QFontDatabase

    added = 0
    for style in _STYLES:
        found = system_font(style)
        if found is None:
            continue
        try:
            path = clean_font(found[0], found[1], style, cache_dir())
        except Exception as exc:  # a damaged or unreadable font file must not stop a report
            return _fallback(f"could not derive the PDF font from {found[0]}: {exc}")
        if QFontDatabase.addApplicationFont(str(path)) >= 0:
            added += 1
    if not added:
        return _fallback(f"no {SOURCE_FAMILY} font found on this system (Debian: apt install fonts-noto-cjk)")
    _registered, problem = FAMILY, None
    return FAMILY


def _fallback(why: str) -> str:
    global problem
    problem = why
    try:
        from qgis.core import Qgis, QgsMessageLog

        QgsMessageLog.logMessage(f"PDF text may hold radical code points instead of characters: {why}", "WPZF",
                                 Qgis.MessageLevel.Warning)
    except ImportError:
        pass
    return SOURCE_FAMILY
