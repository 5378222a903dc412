"""Anchors of the audit chain kept outside the workspace, so that cutting its newest records or rewriting it
(with the head beside the chain moved to match) is still found.

Whoever can write the workspace file can also rewrite its whole chain and head consistently; what they
cannot reach from the file is what this computer remembers of it. After every write that appends to the
chain, the store records here (count, hash of the newest record) under the workspace's location and under
the hash of its first record (so a moved or copied file is still recognised). The check then asks: does the
chain still hold a record ``count`` with that hash? Pure Python: a small JSON file per key, replaced
atomically; a failure to write one never fails the user's work.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Optional

ENV = "WPZF_ANCHORS_DIR"


def default_folder() -> Path:
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    base = os.environ.get("APPDATA") or os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "wpzf" / "anchors"


@dataclass
class Anchor:
    location: str
    first_hash: str
    count: int
    head: str
    ts: str
    host: str = ""


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class AnchorBook:
    def __init__(self, folder: Optional[Path] = None):
        self.folder = Path(folder) if folder else default_folder()

    def _paths(self, location: str, first_hash: str) -> list[Path]:
        return [self.folder / f"loc-{_key(location)}.json", self.folder / f"first-{_key(first_hash)}.json"]

    def record(self, anchor: Anchor) -> bool:
        """Remember ``anchor``; False (and nothing raised) where the folder cannot be written."""
        text = json.dumps(asdict(anchor), ensure_ascii=False)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for path in self._paths(anchor.location, anchor.first_hash):
                fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".part")
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(tmp, path)
            return True
        except OSError:
            return False

    def find(self, location: str, first_hash: str) -> list[Anchor]:
        """The anchor of the workspace at ``location``; for a file this computer has not written at that
        location (a moved or copied workspace), the anchor of the workspace with the same first record. Two
        copies each written here keep their own anchors, so diverging copies never accuse each other."""
        for path in self._paths(location, first_hash):
            try:
                return [Anchor(**json.loads(path.read_text("utf-8")))]
            except (OSError, ValueError, TypeError):
                continue
        return []


def tr_noop(text: str) -> str:
    return text


REPLACED = tr_noop("the audit log was replaced from its first record: this computer remembers a log of {count} "
                   "records for this workspace (last written {when})")
CUT = tr_noop("records {first}–{last} are missing: this computer remembers {last} records (last written {when}); "
              "the newest records were removed, or this file is an older copy (a restored backup)")
REWRITTEN = tr_noop("record {seq} is not the one written {when}: the audit log was rewritten from that record or "
                    "before")


def check_anchors(anchors: list[Anchor], first_hash: str, count: int,
                  hash_at: Callable[[int], Optional[str]]) -> Optional[tuple[str, dict]]:
    """(message template, its values) saying why the chain (``count`` records, ``hash_at(seq)`` giving a
    record's hash) contradicts what this computer remembers of it, or None when it agrees."""
    for a in anchors:
        when = a.ts.replace("T", " ")[:19] + (f" ({a.host})" if a.host else "")
        if a.first_hash != first_hash:
            return REPLACED, {"count": a.count, "when": when}
        if a.count > count:
            return CUT, {"first": count + 1, "last": a.count, "when": when}
        if hash_at(a.count) != a.head:
            return REWRITTEN, {"seq": a.count, "when": when}
    return None
