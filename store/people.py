"""The people behind the logins: the name a form prints where the workspace records who did something.

The store records who acted by login (the computer's user, or the team database's role): "zhangsan",
"Administrator". A ledger a supervisor signs, and the table that goes up to the province, name people. The
workspace keeps {login: 姓名} in wz_meta (key ``people``) as JSON; every change is audited on wz_meta with that key,
naming the login's old and new name. On a team database only the workspace's owner may write it (its guard lets
members change ``setting:`` keys only, store/pgroles.py), so a member cannot give another login their own name. The
records themselves keep the login: a name is what a person reads, never what the audit relies on.
"""
from __future__ import annotations

import json
import unicodedata
from typing import Callable, Optional

from ..i18n import tr
from .errors import StoreError
from .workspace import Workspace

KEY = "people"
SOURCE = "people"
MAX_NAME = 20   # characters: a Chinese name with a title fits, a sentence does not


def people(ws: Workspace) -> dict[str, str]:
    """{login: 姓名} as set for the workspace (a value edited by hand into something else: ignored)."""
    return {str(k): v.strip() for k, v in ws.meta_json(KEY).items() if isinstance(v, str) and v.strip()}


def namer(names: dict[str, str]) -> Callable[[object], str]:
    """login → the person's name, or the login where none is set; None and empty give ""."""
    def name_of(login) -> str:
        if login is None or login != login:
            return ""
        text = str(login).strip()
        return names.get(text, text)
    return name_of


def name_of(ws: Workspace) -> Callable[[object], str]:
    """``namer`` of the workspace's names (one read)."""
    return namer(people(ws))


def known_logins(ws: Workspace) -> list[str]:
    """Every login the workspace has recorded as acting (its audit log), this computer's own, and those named."""
    seen = {str(r[0]) for r in ws._fetch('SELECT DISTINCT "USERNAME" FROM wz_audit') if r[0]}
    seen.add(ws.actor.username)
    seen.update(people(ws))
    return sorted(seen)


def check_name(login: str, name: str) -> Optional[str]:
    """Why ``name`` cannot be ``login``'s printed name, or None."""
    if len(name) > MAX_NAME:
        return tr("{login}: a name of at most {n} characters").format(login=login, n=MAX_NAME)
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return tr("{login}: the name holds a control character").format(login=login)
    return None


def set_people(ws: Workspace, names: dict[str, Optional[str]], source: Optional[str] = None) -> int:
    """Set (an empty name or None: clear) the names of logins. One audited transaction; returns how many logins
    changed. Raises StoreError naming the first login whose name is refused (nothing written)."""
    with ws.transaction():   # read and write in one transaction: two people setting names do not lose one
        stored = people(ws)
        new = dict(stored)
        changes: dict[str, list] = {}
        for login, raw in names.items():
            login = str(login or "").strip()
            if not login:
                raise StoreError(tr("A name needs the login it belongs to"))
            name = str(raw or "").strip()
            problem = check_name(login, name)
            if problem:
                raise StoreError(problem)
            old = stored.get(login)
            if (old or "") == name:
                continue
            if name:
                new[login] = name
            else:
                new.pop(login, None)
            changes[login] = [old, name or None]
        if changes:
            ws.meta_set(KEY, json.dumps(new, ensure_ascii=False, sort_keys=True) if new else None)
            ws.append_audit("wz_meta", KEY, "update", changes, source or SOURCE)
    return len(changes)
