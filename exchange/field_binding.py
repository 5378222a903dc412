"""A field package is bound to its export: only the workspace that exported it can have written it as it is.

The export signs the manifest (its header, the patch set, every base value and the files' checksums) with the
workspace's secret — HMAC-SHA256 with the key kept in wz_meta (``field_package_key``, made on the first export;
store/conflicts.package_key) — and remembers, in its wz_fpkg row, the header and a digest of each patch's base
record. A plain checksum anyone can recompute proves nothing; this signature cannot be made without the
workspace. The import (``check_bound``) refuses, naming the package and what differs: a package without a
signature, an id this workspace never exported, another patch set (a patch of another township added, one
taken out), changed base values or header, and any other change the signature reveals.
"""
from __future__ import annotations

import hashlib
import hmac
import json

from ..i18n import tr
from ..store.conflicts import exported_package, package_key
from ..store.workspace import Workspace
from .errors import InputError, Problem
from .field_package import MANIFEST_NAME, PackageContent
from .field_reports import local_time

SIGNATURE_ALG = "HMAC-SHA256"
SIGNATURE = "signature"
# what the export row remembers of the manifest, to name what a refused package changed
HEADER_KEYS = ("package_id", "name", "workspace", "township", "verifier", "exported", "exported_by")


def canonical_json(value) -> bytes:
    """One spelling of a JSON value (keys sorted, no spaces): what is hashed and signed."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def record_digest(record: dict) -> str:
    """SHA-256 of one base record (a patch with its parts) as exported."""
    return hashlib.sha256(canonical_json(record)).hexdigest()


def manifest_header(manifest: dict) -> dict:
    return {k: manifest.get(k) for k in HEADER_KEYS}


def sign_manifest(key: bytes, manifest: dict) -> str:
    """HMAC-SHA256 with the workspace's key over the whole manifest but its signature: the header, the patch
    set, every base value and the files' checksums."""
    body = {k: v for k, v in manifest.items() if k != SIGNATURE}
    return hmac.new(key, canonical_json(body), hashlib.sha256).hexdigest()


def signature_matches(key: bytes, manifest: dict) -> bool:
    sig = manifest.get(SIGNATURE)
    if not isinstance(sig, dict) or sig.get("alg") != SIGNATURE_ALG or not isinstance(sig.get("value"), str):
        return False
    return hmac.compare_digest(sig["value"], sign_manifest(key, manifest))


def check_bound(ws: Workspace, content: PackageContent) -> None:
    """Refuse, naming the package and what differs, a package that is not exactly one this workspace exported:
    an id never exported here, another patch set, changed base values or header, or a manifest without this
    workspace's signature (a recomputed plain checksum does not make one)."""
    m, name = content.manifest, content.name
    if not isinstance(m.get(SIGNATURE), dict):
        raise InputError(Problem(MANIFEST_NAME, tr(
            "package {name} carries no signature of this workspace (written by an earlier WPZF, or the signature was "
            "removed); it cannot be merged safely — export a new package").format(name=name)))
    export = exported_package(ws, content.package_id)
    if export is None:
        raise InputError(Problem(MANIFEST_NAME, tr(
            "package {name}: its id {id} was never exported from this workspace; refused").format(
            name=name, id=content.package_id or "—")))
    when = local_time(export.get("CZSJ"))
    stored = (export["JG"] or {}).get("records") or {}
    records = m["records"]
    added, missing = sorted(set(records) - set(stored)), sorted(set(stored) - set(records))
    if added or missing:
        keys = _keys_of(ws, added + missing, records)
        diff = []
        if added:
            diff.append(tr("not exported with it: {keys}").format(keys=", ".join(sorted(keys[u] for u in added))))
        if missing:
            diff.append(tr("exported but missing: {keys}").format(keys=", ".join(sorted(keys[u] for u in missing))))
        raise InputError(Problem(MANIFEST_NAME, tr(
            "package {name}: its patches are not those exported on {date} ({diff}); refused").format(
            name=name, date=when, diff="; ".join(diff))))
    changed = [u for u in records if not isinstance(records[u], dict) or record_digest(records[u]) != stored[u]]
    if changed:
        keys = _keys_of(ws, changed, records)
        raise InputError(Problem(MANIFEST_NAME, tr(
            "package {name}: the base values of patch(es) {keys} were changed after the export on {date}; "
            "refused").format(name=name, keys=", ".join(sorted(keys.values())), date=when)))
    header = (export["JG"] or {}).get("header") or {}
    fields = [k for k in sorted(header) if header[k] != m.get(k)]
    if fields:
        raise InputError(Problem(MANIFEST_NAME, tr(
            "package {name}: {fields} changed after the export on {date}; refused").format(
            name=name, fields=", ".join(f"{HEADER_LABELS.get(k, k)} ({k})" for k in fields), date=when)))
    key = package_key(ws)
    if key is None or not signature_matches(key, m):
        raise InputError(Problem(MANIFEST_NAME, tr(
            "package {name}: the manifest does not carry this workspace's signature (changed after the export on "
            "{date}, or forged); refused").format(name=name, date=when)))


HEADER_LABELS = {"package_id": "数据包编号", "name": "名称", "workspace": "工作空间", "township": "乡镇",
                 "verifier": "核查人员", "exported": "导出时间", "exported_by": "导出人"}


def _keys_of(ws: Workspace, uuids: list[str], records: dict) -> dict[str, str]:
    """uuid → the 监测编号 the workspace knows it by (else the manifest's, else the uuid)."""
    known = {u: str(k) for u, k in ws._fetch_in('SELECT "UUID", "JCBH" FROM wz_patch WHERE "UUID" IN ({marks})',
                                                sorted(set(uuids)))}
    out = {}
    for u in uuids:
        rec = records.get(u)
        out[u] = known.get(u) or (str(rec.get("JCBH")) if isinstance(rec, dict) and rec.get("JCBH") else u[:8])
    return out
