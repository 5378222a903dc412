"""The reports of a field package: what an export wrote (``PackageReport``), what an import of a package or a
findings table did or why it did nothing (``MergeReport``), and the report saved next to the workspace."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..i18n import tr
from ..store.workspace import now_text
from .errors import Problem
from .photo_meta import beijing_time


@dataclass
class PackageReport:
    """What an export wrote."""

    folder: str
    package_id: str = ""
    name: str = ""
    township: Optional[str] = None
    verifier: str = ""
    patches: int = 0
    parts: int = 0
    files: dict = field(default_factory=dict)      # name → SHA-256
    project: Optional[str] = None
    imagery: Optional[str] = None
    warnings: list[Problem] = field(default_factory=list)

    def warn(self, p: Problem):
        p.severity = "warning"
        self.warnings.append(p)

    def text(self) -> str:
        lines = [tr("WPZF field package — {name}").format(name=self.name or self.folder),
                 tr("{patches} patch(es), {parts} part(s) for {verifier} in {folder}").format(
                     patches=self.patches, parts=self.parts, verifier=self.verifier or "—", folder=self.folder)]
        if self.warnings:
            lines.append(f"{tr('warnings')} ({len(self.warnings)}):")
            lines += [f"  - {p}" for p in self.warnings]
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict:
        return {"folder": self.folder, "package_id": self.package_id, "name": self.name, "township": self.township,
                "verifier": self.verifier, "patches": self.patches, "parts": self.parts, "files": self.files,
                "project": self.project, "imagery": self.imagery, "warnings": [p.as_dict() for p in self.warnings]}


@dataclass
class MergeReport:
    """What an import of a field package (or a findings table) did, or why it did nothing."""

    package: str
    folder: str = ""
    package_id: str = ""
    source: str = ""               # the audit source of every change it made
    ok: bool = False
    unchanged: bool = False        # this very content was imported before: nothing to do
    started: str = field(default_factory=now_text)
    finished: str = ""
    merged: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    splits: list[dict] = field(default_factory=list)
    photos: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    unstored: list[Problem] = field(default_factory=list)   # photos that could not be stored (disk full …)
    photos_planned: int = 0        # photos the package holds for its patches (what "all stored" means)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    determined: int = 0
    touched: list[int] = field(default_factory=list)
    saved_to: Optional[str] = None

    def error(self, p: Problem):
        p.severity = "error"
        self.errors.append(p)

    def reject(self, p: Problem):
        p.severity = "error"
        self.rejected.append(p)

    def warn(self, p: Problem):
        p.severity = "warning"
        self.warnings.append(p)

    def not_stored(self, p: Problem):
        p.severity = "error"
        self.unstored.append(p)

    @property
    def incomplete(self) -> bool:
        """Written, but not every photo could be stored: the package is not marked imported."""
        return bool(self.unstored) and not self.errors

    @property
    def counts(self) -> dict:
        return {"merged": len(self.merged), "conflicts": len(self.conflicts), "splits": len(self.splits),
                "photos": len(self.photos), "duplicates": len(self.duplicates), "rejected": len(self.rejected),
                "unstored": len(self.unstored), "warnings": len(self.warnings), "determined": self.determined}

    def summary(self) -> str:
        if self.errors:
            return tr("not imported (workspace unchanged): {error}").format(error=self.errors[0])
        if self.unchanged:
            return tr("this package was imported before; nothing changed")
        if self.unstored:
            return tr("not finished: {n} of {total} photo(s) could not be stored ({error}); the package is not "
                      "marked imported — remedy that (e.g. free disk space) and import it again to store the rest. "
                      "{merged} value(s) merged, {conflicts} conflict(s) to decide, {photos} photo(s) added").format(
                n=len(self.unstored), total=max(self.photos_planned, len(self.unstored)),
                error=self.unstored[0].message, **{k: v for k, v in self.counts.items() if k != "unstored"})
        return tr("{merged} value(s) merged, {conflicts} conflict(s) to decide, {splits} split(s), {photos} photo(s) "
                  "added, {rejected} item(s) rejected").format(**self.counts)

    def as_dict(self) -> dict:
        return {"package": self.package, "folder": self.folder, "package_id": self.package_id, "source": self.source,
                "ok": self.ok, "unchanged": self.unchanged, "started": self.started, "finished": self.finished,
                "counts": self.counts, "merged": self.merged, "conflicts": self.conflicts, "splits": self.splits,
                "photos": self.photos, "duplicates": self.duplicates, "touched": self.touched,
                "incomplete": self.incomplete, "photos_planned": self.photos_planned,
                "rejected": [p.as_dict() for p in self.rejected], "unstored": [p.as_dict() for p in self.unstored],
                "warnings": [p.as_dict() for p in self.warnings],
                "errors": [p.as_dict() for p in self.errors]}

    def text(self) -> str:
        lines = [tr("WPZF field import — {package}").format(package=self.package), self.summary(),
                 tr("started {started}  finished {finished}").format(started=self.started, finished=self.finished)]
        if self.source:
            lines.append(tr("audit source: {source}").format(source=self.source))
        if self.merged:
            lines.append(f"{tr('merged')} ({len(self.merged)}):")
            lines += [f"  - {m['JCBH']} {m['label']}: {m['office_text']} → {m['field_text']}" for m in self.merged]
        if self.conflicts:
            lines.append(f"{tr('conflicts to decide')} ({len(self.conflicts)}):")
            lines += [tr("  - {key} {label}: office {office} ({office_by}, {office_at}) / field {field} ({field_by}, "
                         "{field_at})").format(key=c["JCBH"], label=c["label"], office=c["office_text"],
                                               office_by=c.get("office_by") or "—", office_at=local_time(c.get("office_at")),
                                               field=c["field_text"], field_by=c.get("field_by") or "—",
                                               field_at=local_time(c.get("field_at"))) for c in self.conflicts]
        if self.splits:
            lines.append(f"{tr('splits')} ({len(self.splits)}):")
            lines += [tr("  - {key}: split into {n} parts").format(key=s["JCBH"], n=s["parts"]) for s in self.splits]
        if self.photos:
            lines.append(f"{tr('photos added')} ({len(self.photos)}):")
            lines += [f"  - {p['file']} → {p['JCBH']} ({p['how']})" for p in self.photos]
        for title, items in ((tr("errors"), self.errors), (tr("not stored (import again)"), self.unstored),
                             (tr("rejected"), self.rejected), (tr("warnings"), self.warnings)):
            if items:
                lines.append(f"{title} ({len(items)}):")
                lines += [f"  - {p}" for p in items]
        if self.duplicates:
            lines.append(f"{tr('already in the workspace')} ({len(self.duplicates)}):")
            lines += [f"  - {d['file']}: {d['message']}" for d in self.duplicates]
        return "\n".join(lines) + "\n"


def local_time(stored) -> str:
    """A stored time (UTC) as Beijing time for people, 'YYYY-MM-DD HH:MM'; '—' when there is none."""
    when = beijing_time(stored)
    return when.strftime("%Y-%m-%d %H:%M") if when else "—"


def save_merge_report(report: MergeReport, folder: Optional[Path]) -> Optional[Path]:
    """The report as text and JSON next to the workspace (``<workspace>_reports/field_<name>_<time>``)."""
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^\w\-\u4e00-\u9fff]+", "_", report.package)[:60]
    base = folder / f"field_{safe}_{stamp}"
    n = 1
    while base.with_suffix(".txt").exists():
        n += 1
        base = folder / f"field_{safe}_{stamp}_{n}"
    base.with_suffix(".json").write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=1, default=str),
                                         "utf-8")
    base.with_suffix(".txt").write_text(report.text(), "utf-8")
    report.saved_to = str(base.with_suffix(".txt"))
    return base.with_suffix(".txt")
