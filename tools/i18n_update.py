"""Collect every tr("…") literal from the plugin's Python files into i18n/wpzf_zh_CN.ts.

Keeps existing translations, marks new strings unfinished and drops vanished ones (reported), so the
Makefile target `make i18n` keeps the .ts in step with the code; `lrelease` then builds the .qm.
We scan with Python's ast rather than pylupdate5 because our `tr` is a plain function used outside
QObject classes too (pylupdate5 would file those under a class context).
"""
from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "i18n" / "wpzf_zh_CN.ts"
CONTEXT = "wpzf"
SKIP = {"tests", "bench", "demo", "tools", ".venv", ".pkgroot", "build"}


def source_files():
    for p in sorted(ROOT.rglob("*.py")):
        rel = p.relative_to(ROOT)
        if rel.parts[0] in SKIP or any(part.startswith(".") for part in rel.parts):
            continue
        yield p


def collect() -> dict[str, list[str]]:
    """message → locations (file:line)."""
    found: dict[str, list[str]] = {}
    for path in source_files():
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else None)
            if name not in ("tr", "tr_noop") or not node.args:
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def load_existing() -> dict[str, tuple[str, bool]]:
    if not TS.exists():
        return {}
    out = {}
    for msg in ET.parse(TS).getroot().iter("message"):
        src = msg.findtext("source") or ""
        t = msg.find("translation")
        out[src] = ((t.text or "") if t is not None else "", t is not None and t.get("type") == "unfinished")
    return out


def write(messages: dict[str, list[str]], existing: dict[str, tuple[str, bool]]) -> list[str]:
    ts = ET.Element("TS", version="2.1", language="zh_CN")
    ctx = ET.SubElement(ts, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    untranslated = []
    for src in sorted(messages):
        m = ET.SubElement(ctx, "message")
        for loc in messages[src][:3]:
            f, line = loc.rsplit(":", 1)
            ET.SubElement(m, "location", filename=f, line=line)
        ET.SubElement(m, "source").text = src
        text, unfinished = existing.get(src, ("", True))
        t = ET.SubElement(m, "translation")
        t.text = text
        if unfinished or not text:
            t.set("type", "unfinished")
            untranslated.append(src)
    ET.indent(ts, space=" ")
    TS.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                  + ET.tostring(ts, encoding="unicode") + "\n", "utf-8")
    return untranslated


def main(check: bool = False) -> int:
    messages = collect()
    existing = load_existing()
    if check:
        missing = [m for m in messages if not existing.get(m, ("", True))[0] or existing[m][1]]
        for m in missing:
            print(f"untranslated: {m!r} ({messages[m][0]})")
        return 1 if missing else 0
    gone = sorted(set(existing) - set(messages))
    untranslated = write(messages, existing)
    print(f"{TS.relative_to(ROOT)}: {len(messages)} messages, {len(untranslated)} untranslated, "
          f"{len(gone)} dropped")
    for m in untranslated:
        print(f"  untranslated: {m!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
