"""Translation for every user-facing string: ``tr("English text")`` → the user's language (zh_CN first).

Works in QGIS (through Qt's translator installed by the plugin) and in plain Python, where it returns
the English text, so exchange/ and processing/ messages are translated without depending on Qt.
Messages with values use named placeholders: ``tr("row {row}: empty").format(row=3)``.
"""
from __future__ import annotations

CONTEXT = "wpzf"


try:
    from qgis.PyQt.QtCore import QCoreApplication
except ImportError:  # plain Python (tests of the core, scripts)
    QCoreApplication = None


def locale_candidates(locale: str) -> list[str]:
    """The translation-file suffixes to try for a QGIS locale, best first.

    QGIS may give ``zh``, ``zh_CN``, ``zh-Hans``, ``zh_Hans_CN`` … (BCP 47 or POSIX style): ``zh_Hans_CN`` →
    ``["zh_CN", "zh"]``. Chinese without a region means mainland (``Hans``) or Taiwan (``Hant``) Chinese, and
    every Chinese ends with ``zh_CN``, the one Chinese WPZF is translated into.
    """
    parts = [p for p in str(locale or "").replace("-", "_").split(".")[0].split("@")[0].split("_") if p]
    if not parts:
        return []
    lang = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    region = next((p.upper() for p in parts[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())), "")
    if lang == "zh" and not region:
        region = "TW" if script == "Hant" else "CN"
    out = [f"{lang}_{region}"] if region else []
    out.append(lang)
    if lang == "zh" and "zh_CN" not in out:
        out.append("zh_CN")
    return out


def tr(text: str) -> str:
    if QCoreApplication is None or QCoreApplication.instance() is None:
        return text
    return QCoreApplication.translate(CONTEXT, text)


def tr_noop(text: str) -> str:
    """Marks a literal for translation where it is defined; translate it with tr() where it is shown."""
    return text
