"""The audit chain as the workspace writes and reads it: records appended in the write's transaction, each
linked to the one before; a table's or a row's records read back (a row's part of a bulk record included);
the check. A mixin of ``Workspace`` (store/workspace.py), which gives it ``meta_get``/``meta_set``,
``_execmany``/``_fetch``, ``ph`` and the actor."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, Optional

from ..core import audit_bulk
from ..core.audit import GENESIS, ChainCheck, RowDifference, canonical, chain_hash, write_prefix
from . import bulk_records


def now_text() -> str:
    """Now as GeoPackage DATETIME text: ISO 8601 in UTC with Z (what GDAL and QGIS read without warnings)."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")

class AuditLog:
    def _audit_head(self) -> tuple[int, str]:
        return int(self.meta_get("audit_count", "0")), self.meta_get("audit_head", GENESIS)

    def append_audit(self, table: str, row_key: Any, action: str, changes: dict,
                     source: Optional[str] = None) -> None:
        self.append_audit_many([(table, row_key, action, changes)], source)

    def append_audit_many(self, items: Iterable[tuple[str, Any, str, Any]], source: Optional[str] = None):
        """Chain a record per (table, row_key, action, changes); one timestamp for the whole write.

        ``changes`` is {field: [old, new]} for updates and deletes, {field: new} for creates; it may come
        as its canonical JSON text already (bulk creates serialize once).
        """
        self._require_tx()
        seq, prev = self._audit_head()
        ts = now_text()
        user, host = self.actor.username, self.actor.host
        rows = []
        prefix = write_prefix(ts, user, host, source)
        for table, row_key, action, changes in items:
            seq += 1
            text = changes if isinstance(changes, str) else canonical(changes)
            key = str(row_key)
            h = chain_hash(prefix, seq, table, key, action, prev, text)
            rows.append((seq, seq, ts, user, host, table, key, action, text, source, prev, h))
            prev = h
        if not rows:
            return
        cols = '(fid, "SEQ", "TS", "USERNAME", "HOST", "TBL", "ROWKEY", "ACTION", "CHANGES", "SOURCE", ' \
               '"PREVHASH", "HASH")'
        self._execmany(f"INSERT INTO wz_audit {cols} VALUES ({', '.join([self.ph] * 12)})", rows)
        self._audit_written = True
        self.meta_set("audit_count", str(seq))
        self.meta_set("audit_head", prev)

    def audit_records(self, table: Optional[str] = None, row_key: Any = None) -> list[dict]:
        """The chain's records (of ``table``; of its row ``row_key``), in SEQ order. A row's history includes
        the bulk records that name it (core/audit_bulk.py), each as the per-row record it stands for (action
        and changes of that row; ``bulk`` the record's ROWKEY, its hash the bulk record's)."""
        sql = ('SELECT "SEQ", "TS", "USERNAME", "HOST", "TBL", "ROWKEY", "ACTION", "CHANGES", "SOURCE", '
               '"PREVHASH", "HASH" FROM wz_audit')
        params: list = []
        if table is not None:
            sql += f' WHERE "TBL" = {self.ph}'
            params.append(table)
            if row_key is not None:
                sql += f' AND ("ROWKEY" = {self.ph} OR "ROWKEY" >= {self.ph} AND "ROWKEY" < {self.ph})'
                params += [str(row_key), audit_bulk.MARK, audit_bulk.MARK_END]
        sql += ' ORDER BY "SEQ"'
        out = []
        for r in self._fetch(sql, params):
            if row_key is not None and r[6] in audit_bulk.PER_ROW:   # a bulk record: this row's part, if named
                part = bulk_records.row_part(r, row_key)
                if part is not None:
                    out.append(part)
                continue
            try:
                changes = json.loads(r[7]) if r[7] else {}
            except (TypeError, ValueError):
                changes = None  # damaged: verify_chain names the record instead of failing
            out.append({"seq": r[0], "ts": r[1], "username": r[2], "host": r[3], "table": r[4],
                        "row_key": r[5], "action": r[6], "changes": changes,
                        "changes_text": r[7], "source": r[8], "prev_hash": r[9], "hash": r[10]})
        return out

    def verify_audit(self) -> ChainCheck:
        """The chain links, agrees with what this computer remembers of it, and every audited row holds
        what its records say: a change made outside WPZF is named by table, row and field (store/audit_check.py)."""
        from .audit_check import verify

        return verify(self)

    def row_differences(self) -> list[RowDifference]:
        """What the audited tables hold that their audit records do not say."""
        from .audit_check import row_differences

        return row_differences(self)[0]

