"""Import one Ministry/province batch into a workspace as one transaction.

read (reader) → map fields (mapping) → check rows (geometry, keys, values) → compute areas and
deadlines (core) → write batch, patches and audit (store) in a single transaction. Any error: nothing
is written; the report lists every problem with file, row and field and is saved beside the workspace.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import shapely

from ..core.area import ellipsoidal_area
from ..core.deadlines import LEVELS, batch_deadlines
from ..core.declared_area import check_declared_areas
from ..core.units import m2_to_mu
from ..i18n import tr
from ..rules.ruleset import available_years
from ..store.faults import StoreFault
from ..store.schema import STATUS_NEW
from ..store.workspace import Workspace, now_text
from . import verbatim
from .crs import check_coordinates, describe
from .errors import Cancelled, InputError, Problem
from .layer_structure import batch_row_encoding, describe_text
from .mapping import TARGET_KINDS, FieldMapping, ProfileStore
from .photos import file_sha256
from .reader import RawBatch, _sidecar, read_batch, to_cgcs2000

POLYGONAL = ("Polygon", "MultiPolygon")
MAX_LISTED = 200  # problems kept in a report per kind, so a broken 100k file gives a readable report


@dataclass
class BatchMeta:
    level: str                     # 部级 / 省级
    issued: dt.date                # 下发日期
    ruleset_year: int              # 规则年度
    code: Optional[str] = None     # 批次编号; default: file name stem
    encoding: Optional[str] = None  # override the detected DBF encoding
    crs_epsg: Optional[int] = None  # override/declare the CRS (files without .prj)
    layer: Optional[str] = None


@dataclass
class ImportReport:
    file: str
    batch_code: str = ""
    ok: bool = False
    started: str = field(default_factory=now_text)
    finished: str = ""
    counts: dict = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    batch_id: Optional[int] = None
    encoding: str = ""
    crs: str = ""
    mapping: dict = field(default_factory=dict)
    saved_to: Optional[str] = None

    def error(self, p: Problem):
        self.errors.append(p)

    def warn(self, p: Problem):
        p.severity = "warning"
        self.warnings.append(p)

    def as_dict(self) -> dict:
        return {"file": self.file, "batch_code": self.batch_code, "ok": self.ok, "started": self.started,
                "finished": self.finished, "counts": self.counts, "batch_id": self.batch_id,
                "encoding": self.encoding, "crs": self.crs, "mapping": self.mapping,
                "errors": [p.as_dict() for p in self.errors], "warnings": [p.as_dict() for p in self.warnings]}

    def text(self) -> str:
        lines = [tr("WPZF import report — {file}").format(file=self.file),
                 tr("result: {result}").format(
                     result=tr("imported") if self.ok else tr("NOT imported (workspace unchanged)")),
                 tr("batch: {code}  started {started}  finished {finished}").format(
                     code=self.batch_code, started=self.started, finished=self.finished),
                 tr("encoding: {encoding}").format(encoding=self.encoding), tr("CRS: {crs}").format(crs=self.crs),
                 tr("counts: {counts}").format(counts=", ".join(f"{k}={v}" for k, v in self.counts.items()))]
        if self.mapping:
            lines.append(tr("mapping: {pairs}").format(pairs=", ".join(f"{k}←{v}" for k, v in self.mapping.items())))
        for title, items in ((tr("errors"), self.errors), (tr("warnings"), self.warnings)):
            if items:
                lines.append(f"{title} ({len(items)}):")
                lines += [f"  - {p}" for p in items]
        return "\n".join(lines) + "\n"


def _source_checksum(path: Path) -> str:
    """A shapefile is its .shp/.shx/.dbf/.prj/.cpg together; a folder (FileGDB) its files' names and bytes."""
    h = hashlib.sha256()
    if path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file():
                h.update(str(p.relative_to(path)).encode())
                h.update(p.read_bytes())
        return h.hexdigest()
    if path.suffix.lower() != ".shp":
        return file_sha256(path)
    for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        cand = _sidecar(path, ext)
        if cand is not None:
            h.update(ext.encode())
            h.update(cand.read_bytes())
    return h.hexdigest()


_DATE_RE = re.compile(r"^\s*(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T].*)?$")


@functools.lru_cache(maxsize=4096)  # a batch repeats a handful of dates
def _parse_date_text(text: str) -> str:
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(tr("'{value}' is not a date (expected e.g. 2021-05-06)").format(value=text))
    y, mo, d = (int(x) for x in m.groups())
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        raise ValueError(tr("'{value}' is not a date (expected e.g. 2021-05-06)").format(value=text)) from None


def parse_date(v) -> Optional[str]:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    return _parse_date_text(str(v))


def _convert(kind: str, v):
    if v is None:
        return None
    if kind == "text":
        s = str(v).strip()
        if isinstance(v, float) and v.is_integer():
            s = str(int(v))
        return s or None
    if kind == "real":
        if isinstance(v, (int, float)):
            return float(v)
        s = str(v).strip().replace(",", "")
        if not s:
            return None
        try:
            return float(s)
        except ValueError:
            raise ValueError(tr("'{value}' is not a number").format(value=v)) from None
    if kind == "date":
        return parse_date(v)
    raise AssertionError(kind)


def _verbatim(raw: RawBatch, chosen: dict, values: dict, structure: Optional[str],
              read: dict) -> tuple[list, Optional[str]]:
    """(YSSX per row, the layer structure naming the fields the patch columns reproduce): each source
    record's attributes as read, kept so that nothing is lost (exchange/verbatim.py). Without a structure
    to name them in, every field is kept. ``read``: source columns already made lists."""
    src = {n: read[n] if n in read else raw.columns[n].tolist() for n in raw.fields}
    if structure is None:
        texts, _ = verbatim.split(raw.fields, src, {}, values, len(raw), nulls=True)
        return texts, None
    texts, reproduced = verbatim.split(raw.fields, src, chosen, values, len(raw))
    described = json.loads(structure)
    described[verbatim.KEY] = reproduced
    return texts, json.dumps(described, ensure_ascii=False)


def validate_meta(meta: BatchMeta) -> list[str]:
    out = []
    if meta.level not in LEVELS:
        out.append(tr("batch level must be one of {levels}, not '{level}'").format(levels=", ".join(LEVELS),
                                                                                 level=meta.level))
    if not isinstance(meta.issued, dt.date):
        out.append(tr("batch issue date is missing"))
    if not (2000 <= int(meta.ruleset_year) <= 2100):
        out.append(tr("rule-set year {year} is not plausible").format(year=meta.ruleset_year))
    elif int(meta.ruleset_year) not in available_years():  # its patches could never be determined
        out.append(tr("there is no rule set for rule-set year {year}; choose one of {years}").format(
            year=meta.ruleset_year, years=", ".join(map(str, available_years())) or "—"))
    return out


def default_ruleset_year(issued: dt.date | int, years: Optional[list[int]] = None) -> Optional[int]:
    """The rule set a batch issued then falls under: the newest one not after the year of issue (None when
    every rule set is newer)."""
    year = issued if isinstance(issued, int) else issued.year
    candidates = [y for y in (available_years() if years is None else years) if y <= year]
    return max(candidates) if candidates else None


def report_dir(ws: Workspace) -> Optional[Path]:
    loc = Path(ws.files_location) if ws.files_location else None
    if loc is None or not loc.suffix:
        return None
    return loc.parent / f"{loc.stem}_reports"


def save_report(report: ImportReport, folder: Optional[Path]) -> Optional[Path]:
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^\w\-\u4e00-\u9fff]+", "_", report.batch_code or Path(report.file).stem)[:60]
    base = folder / f"import_{safe}_{stamp}"
    base.with_suffix(".json").write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=1), "utf-8")
    base.with_suffix(".txt").write_text(report.text(), "utf-8")
    report.saved_to = str(base.with_suffix(".txt"))
    return base.with_suffix(".txt")


def cancelled_report(source: str | Path, code: Optional[str] = None) -> ImportReport:
    """The report of an import cancelled before it started."""
    source = Path(source)
    report = ImportReport(file=source.name, batch_code=code or source.stem, finished=now_text())
    report.error(Problem(source.name, tr("import cancelled by the user; nothing was written")))
    return report


def import_batch(ws: Workspace, source: str | Path, meta: BatchMeta, mapping: Optional[FieldMapping] = None,
                 progress: Optional[Callable[[float], None]] = None,
                 is_cancelled: Optional[Callable[[], bool]] = None, save: bool = True) -> ImportReport:
    """Import ``source`` as one batch. Returns the report; ``report.ok`` tells whether anything was written."""
    source = Path(source)
    report = ImportReport(file=source.name)
    try:
        _run(ws, source, meta, mapping or ProfileStore().load(), report, progress or (lambda f: None),
             is_cancelled or (lambda: False))
    except InputError as e:
        report.error(e.problem)
    except Cancelled:
        report.error(Problem(source.name, tr("import cancelled by the user; nothing was written")))
    except StoreFault as e:  # full disk, read-only or locked workspace: the transaction left nothing
        report.error(Problem(source.name, str(e)))
        report.batch_id = None
    report.ok = not report.errors and report.batch_id is not None
    report.finished = now_text()
    if save:
        try:
            save_report(report, report_dir(ws))
        except OSError as e:  # the import itself stands; say where the report could not go
            report.warn(Problem(source.name, tr("the report could not be saved: {error}").format(error=e)))
    return report


def _run(ws, source: Path, meta: BatchMeta, mapping: FieldMapping, report: ImportReport, progress, cancelled):
    name = source.name
    for msg in validate_meta(meta):
        report.error(Problem(name, msg))
    if report.errors:
        return
    code = (meta.code or source.stem).strip()
    report.batch_code = code
    checksum = _source_checksum(source) if source.exists() else ""
    for b in ws.batches_like(checksum, code):
        if b["PCBH"] != code:
            msg = tr("this file was already imported as batch '{code}' on {date}; nothing is imported twice")
        else:
            msg = tr("a batch coded '{code}' was already imported on {date}; choose another batch code")
        report.error(Problem(name, msg.format(code=b["PCBH"], date=b["DRSJ"])))
    if report.errors:
        return

    raw = read_batch(source, meta.layer, meta.encoding, meta.crs_epsg,
                     progress=lambda f: progress(0.4 * f))
    report.file = raw.file
    if raw.encoding:
        note = f": {raw.encoding.note}" if raw.encoding.note else ""
        report.encoding = f"{raw.encoding.codec} ({raw.encoding.source}{note})"
    else:
        report.encoding = "UTF-8 (format)"
    report.crs = f"EPSG:{raw.epsg} {raw.crs_note}"
    if raw.crs_inferred:
        report.warn(Problem(raw.file, tr("the file has no .prj: the coordinate system {system} was inferred from the "
                                         "coordinates; check that the patches lie where they should").format(
            system=describe(raw.epsg))))
    if cancelled():
        raise Cancelled()

    chosen, missing = mapping.resolve(raw.fields)
    report.mapping = chosen
    for target in missing:
        rule = mapping.targets[target]
        report.error(Problem(raw.file, tr("the file has no field {sources} for {alias} ({code}), required by "
                                          "mapping profile '{profile}'").format(
            sources=" / ".join(rule.sources), alias=mapping.alias(target), code=target, profile=mapping.name),
            field=target))
    if report.errors:
        return
    n = len(raw)
    report.counts["records"] = n
    if n == 0:
        report.error(Problem(raw.file, tr("the file has no records")))
        return

    # --- normalized values, row by row (errors collected, not raised) ---
    values = {}
    read: dict[str, list] = {}   # the source columns as lists (the verbatim attributes read them again)
    for target, src in chosen.items():
        kind = TARGET_KINDS[target]
        col = raw.columns[src]
        cells = read[src] = read.get(src) or col.tolist()
        if kind == "real" and col.dtype.kind == "f":  # already numbers: no per-cell work
            values[target] = [None if x != x else x for x in cells]
            continue
        if kind == "text" and set(map(type, cells)) <= {str, type(None)}:   # text as read: trimmed, no call
            if "" in cells or _edge_space("\n".join(filter(None, cells))):   # (no "" left: only None dropped)
                values[target] = [None if v is None else v.strip() or None for v in cells]
            else:   # nothing to trim (the common case): a copy, as the verbatim attributes compare with it
                values[target] = list(cells)
            continue
        out = [None] * n
        listed = 0
        for i, v in enumerate(cells):
            if kind == "text" and v.__class__ is str:  # the common case, without a call
                out[i] = v.strip() or None
                continue
            try:
                out[i] = _convert(kind, v)
            except ValueError as e:
                if listed < MAX_LISTED:
                    report.error(Problem(raw.file, str(e), row=int(raw.rows[i]), field=f"{src} ({target})"))
                listed += 1
        if listed > MAX_LISTED:
            report.error(Problem(raw.file, tr("… and {n} more bad values").format(n=listed - MAX_LISTED), field=src))
        values[target] = out
    _clean_control_characters(report, raw, chosen, values)
    keys = values["JCBH"]
    seen: dict[str, int] = {}
    for i, k in enumerate(keys):
        if not k:
            report.error(Problem(raw.file, tr("监测编号 is empty"), row=int(raw.rows[i]), field=f"{chosen['JCBH']} (JCBH)"))
        elif k in seen:
            report.error(Problem(raw.file, tr("监测编号 {key} appears twice in this batch (also row {row})").format(key=k, row=seen[k]),
                                 row=int(raw.rows[i]), field=f"{chosen['JCBH']} (JCBH)"))
        else:
            seen[k] = int(raw.rows[i])
    if cancelled():
        raise Cancelled()
    progress(0.45)

    # --- geometry: presence, type, validity (repair reported), CRS ---
    geoms = raw.geoms
    unreadable = set(raw.unreadable)
    type_ids = shapely.get_type_id(geoms)  # -1 missing, 3 Polygon, 6 MultiPolygon
    suspicious = np.flatnonzero(~np.isin(type_ids, (3, 6)) | shapely.is_empty(geoms))
    for i in suspicious:
        g = geoms[i]
        row = int(raw.rows[i])
        if row in unreadable:
            report.error(Problem(raw.file, tr("the geometry bytes cannot be read"), row=row))
        elif g is None:
            report.error(Problem(raw.file, tr("no geometry (null)"), row=row))
        elif g.is_empty:
            report.error(Problem(raw.file, tr("empty geometry"), row=row))
        else:
            report.error(Problem(raw.file, tr("geometry is a {type}; a patch must be a polygon").format(type=g.geom_type),
                                 row=row))
    if report.errors:
        return
    geoms = shapely.force_2d(geoms) if shapely.has_z(geoms).any() else geoms.copy()   # (changed in place below)
    # Coordinates must fit the declared system inside China before anything is projected or measured.
    fit = check_coordinates(raw.epsg, shapely.bounds(geoms))
    if fit.contradiction:
        report.error(Problem(raw.file, fit.contradiction))
        return
    for i in fit.non_finite[:MAX_LISTED]:
        report.error(Problem(raw.file, tr("coordinates are not finite numbers (NaN or infinite)"), row=int(raw.rows[i])))
    for i in [i for i in fit.bad_rows if i not in set(fit.non_finite)][:MAX_LISTED]:
        x0, y0, x1, y1 = shapely.bounds(geoms[i])
        report.error(Problem(raw.file, tr("coordinates ({x:,.3f}, {y:,.3f}) lie outside China in {system}").format(
            x=x0, y=y0, system=describe(raw.epsg)), row=int(raw.rows[i])))
    if report.errors:
        return
    geoms = to_cgcs2000(geoms, raw.epsg)
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        before = ellipsoidal_area(geoms[invalid])
        reasons = shapely.is_valid_reason(geoms[invalid])
        fixed = shapely.make_valid(geoms[invalid])
        polys = np.array([_polygonal_part(g) for g in fixed], dtype=object)
        after = ellipsoidal_area(polys)
        for j, i in enumerate(np.flatnonzero(invalid)):
            row = int(raw.rows[i])
            if polys[j] is None or polys[j].is_empty:
                report.error(Problem(raw.file, tr("invalid geometry ({reason}) with no area left after repair").format(
                    reason=reasons[j]),
                                     row=row))
                continue
            change = after[j] - before[j]
            if before[j] > 1.0:
                msg = tr("invalid geometry repaired ({reason}); area {before:.2f} → {after:.2f} m² "
                         "({change:+.2f} m², {rel:+.3f} %)").format(reason=reasons[j], before=before[j], after=after[j],
                                                                  change=change, rel=change / before[j] * 100)
            else:  # a bow-tie's signed parts cancel: the drawn ring had no area to compare with
                msg = tr("invalid geometry repaired ({reason}); the drawn ring's parts cancelled out (area "
                         "{before:.2f} m²), the repaired patch has {after:.2f} m²").format(
                    reason=reasons[j], before=before[j], after=after[j])
            report.warn(Problem(raw.file, msg, row=row))
            values.setdefault("XFSM", [None] * n)[i] = f"修复: {reasons[j]}; 面积变化 {change:+.2f} m²"
        geoms[invalid] = polys
    if report.errors:
        return
    # (a polygon is stored as the multipolygon of it: Workspace.insert_columns)
    area = ellipsoidal_area(geoms)
    report.counts["repaired"] = int(invalid.sum())
    if "JCMJ" in values:
        _check_declared_areas(report, raw, values, chosen["JCMJ"], m2_to_mu(area))
        if report.errors:
            return
    if cancelled():
        raise Cancelled()
    progress(0.6)

    # --- re-issued patches: same 监测编号 already in the workspace (kept and linked) ---
    existing = ws.patches_by_key(list(seen))
    reissued = 0
    for i, k in enumerate(keys):
        if k in existing:
            reissued += 1
            if reissued <= MAX_LISTED:
                report.warn(Problem(raw.file, tr("监测编号 {key} was issued before (batch {batch}); kept as a re-issue "
                                                 "linked to the earlier patch").format(key=k, batch=existing[k][1]),
                                    row=int(raw.rows[i])))
    report.counts["reissued"] = reissued

    deadlines = batch_deadlines(meta.level, meta.issued)
    batch_row = {"PCBH": code, "JB": meta.level, "XFRQ": meta.issued.isoformat(), "GZND": int(meta.ruleset_year),
                 "HCJZ": deadlines.verify.isoformat(),
                 "SJSHJZ": deadlines.city_review.isoformat() if deadlines.city_review else None,
                 "RLJZ": deadlines.claim.isoformat() if deadlines.claim else None,
                 "LYWJ": str(source), "LYSHA": checksum, "BM": raw.encoding.codec if raw.encoding else "utf-8",
                 "YZBX": f"EPSG:{raw.epsg}", "YSFA": mapping.name, "TBS": n, "DRSJ": now_text(),
                 "DRR": ws.actor.username,
                 # the layer as received, so that the return goes up in its own schema (exchange/return_export.py)
                 "ZDJG": describe_text(source, raw.layer, batch_row_encoding(raw), raw.epsg)}
    kept, batch_row["ZDJG"] = _verbatim(raw, chosen, values, batch_row["ZDJG"], read)
    source_tag = f"import:{code}"
    with ws.transaction():
        batch_id = ws.insert("wz_batch", [batch_row], source=source_tag)[0]
        cols = dict(values)
        cols.update({"PCID": [batch_id] * n, "TBMJ": area.tolist(), "TBMJMU": m2_to_mu(area).tolist(),
                     "HCJZ": [batch_row["HCJZ"]] * n, "ZT": [STATUS_NEW] * n, "YSSX": kept,
                     "CFXF": [existing[k][0] if k in existing else None for k in keys]})
        if cancelled():
            raise Cancelled()
        ws.insert_columns("wz_patch", cols, n, geoms=geoms, source=source_tag)
        progress(0.95)
        if cancelled():
            raise Cancelled()
    report.batch_id = batch_id
    report.counts["imported"] = n
    report.counts["area_mu"] = round(float(m2_to_mu(area.sum())), 2)
    progress(1.0)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# white space other than a newline (\s: str.isspace, as str.strip), and such space at a value's edge
_SPACE = re.compile(r"[^\S\n]")
_EDGE_SPACE = re.compile(r"(?:^|\n)[^\S\n]|[^\S\n](?:\n|$)")


def _edge_space(text: str) -> bool:
    """False only where str.strip changes none of the values joined by newlines in ``text`` (a value's own
    newline next to a space may say True: then the values are trimmed one by one): a newline at a value's
    edge doubles one, or begins or ends the text; any other space is found by a plain scan first."""
    return "\n\n" in text or text[:1] == "\n" or text[-1:] == "\n" or \
        (_SPACE.search(text) is not None and _EDGE_SPACE.search(text) is not None)


def _clean_control_characters(report: ImportReport, raw: RawBatch, chosen: dict, values: dict):
    """Control characters (a vertical tab from a DBF …) print as nothing, break every xlsx and docx written
    later and cannot be typed back: each becomes a space, named by row and field."""
    listed = 0
    for target, col in values.items():
        if TARGET_KINDS[target] != "text":
            continue
        # one search over the column first (joined by a newline, which is not one of them): most have none
        if not _CONTROL.search("\n".join(filter(None, col))):
            continue
        for i, v in enumerate(col):
            if v is not None and _CONTROL.search(v):
                col[i] = _CONTROL.sub(" ", v).strip() or None
                if listed < MAX_LISTED:
                    report.warn(Problem(raw.file, tr("control characters replaced by spaces in “{value}”").format(
                        value=col[i] or ""), row=int(raw.rows[i]), field=f"{chosen[target]} ({target})"))
                listed += 1


def _check_declared_areas(report: ImportReport, raw: RawBatch, values: dict, source_field: str, computed_mu):
    """The batch's declared areas against the measured ones: refused when no unit explains the batch,
    patches beyond the tolerance warned in the report and noted on the patch."""
    check = check_declared_areas(values["JCMJ"], computed_mu)
    if check.contradiction:
        report.error(Problem(raw.file, tr(
            "the areas the batch declares in {field} do not match its geometries: {n} patches measure {ratio:.3g} "
            "times their declared area (median), which no unit (亩, 平方米, 公顷) explains; the coordinate system or "
            "the area field is wrong").format(field=source_field, n=check.compared, ratio=1 / check.median_ratio),
            field=f"{source_field} (JCMJ)"))
        return
    for listed, (i, declared, declared_mu, measured, rel) in enumerate(check.outliers):
        if listed < MAX_LISTED:
            report.warn(Problem(raw.file, tr("declared area {declared:g} {unit} ({declared_mu:.2f} 亩) differs from the "
                                             "measured {measured:.2f} 亩 by {rel:+.1%}").format(
                declared=declared, unit=check.unit, declared_mu=declared_mu, measured=measured, rel=rel),
                row=int(raw.rows[i]), field=f"{source_field} (JCMJ)"))
        note = f"面积核对：批次申报{declared_mu:.2f}亩，实测{measured:.2f}亩（{rel:+.1%}）"
        notes = values.setdefault("XFSM", [None] * len(raw))
        notes[i] = f"{notes[i]}；{note}" if notes[i] else note
    report.counts["area_mismatch"] = len(check.outliers)


def _polygonal_part(g):
    if g is None:
        return None
    if g.geom_type in POLYGONAL:
        return g
    parts = [p for p in shapely.get_parts(g) if p.geom_type in POLYGONAL]
    if not parts:
        return None
    return shapely.union_all(parts) if len(parts) > 1 else parts[0]
