"""The issue numbers of the 工作简报 (第N期): one series per workspace and year, kept in wz_meta so that every
copy of the workspace and every member of a team continues the same series. Taking a number is audited (the
register of what was issued when, by whom) and happens in the same transaction as the increment."""
from __future__ import annotations

from .workspace import Workspace

PREFIX = "briefing_issue:"


def last_issue(ws: Workspace, year: int) -> int:
    """The last number issued in ``year`` (0: none yet)."""
    try:
        return int(ws.meta_get(f"{PREFIX}{int(year)}") or 0)
    except ValueError:   # a hand-edited value: the series starts again rather than failing the report
        return 0


def take_issue(ws: Workspace, year: int, title: str = "", source: str = "briefing") -> int:
    """The next number of ``year``'s series, recorded (audited) before it is returned."""
    key = f"{PREFIX}{int(year)}"
    with ws.transaction():
        n = last_issue(ws, year) + 1
        ws.meta_set(key, str(n))
        ws.append_audit("wz_meta", key, "update", {"issue": [n - 1, n], "title": title}, source)
    return n
