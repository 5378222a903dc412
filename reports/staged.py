"""An export written aside and put in place whole: a failure leaves the chosen folder as it was.

A report export writes some thirty files (ledgers, statistics, reports, charts, record forms). Written straight into
the folder, a failure half-way (a full disk, a file held open by another program, a bug) left the new ledgers beside
the reports of an earlier export, each file whole and none saying which run it came from: a set a supervisor could
sign without knowing it is mixed. Here the files go into a staging folder inside the chosen one (same file system,
so putting them in place is a rename), and only when the export has finished are they moved in, the files they
replace set aside first and put back if any move fails. A killed process leaves the staging folder behind, never a
mixed set; the next export in that folder removes it.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from ..i18n import tr

PREFIX = ".wpzf-export-"   # the staging folder; "-old" beside it holds the replaced files while they are swapped
STALE_AFTER_S = 6 * 3600   # a staging folder this old is an export that was killed


class Staging:
    """``path``: where the export writes; ``commit()`` puts its files in ``folder``, ``discard()`` drops them."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        _remove_stale(self.folder)
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self.folder))

    def final(self, staged: Path) -> Path:
        """Where a file written under ``path`` ends up."""
        return self.folder / Path(staged).relative_to(self.path)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def commit(self, relink: tuple[str, ...] = (".html",)) -> None:
        """Move every staged file into ``folder``, replacing files of the same name; all or none. Files ending in
        ``relink`` name their pictures by absolute file URI (Qt and Word read them so): those naming the staging
        folder are pointed at ``folder``."""
        files = sorted(p.relative_to(self.path) for p in self.path.rglob("*") if p.is_file())
        old_uri, new_uri = self.path.resolve().as_uri() + "/", self.folder.resolve().as_uri() + "/"
        for rel in files:
            if rel.suffix.lower() in relink:
                p = self.path / rel
                text = p.read_text("utf-8")
                if old_uri in text:
                    p.write_text(text.replace(old_uri, new_uri), "utf-8")
        aside = Path(str(self.path) + "-old")
        set_aside: list[Path] = []
        placed: list[Path] = []
        try:
            for rel in files:
                target = self.folder / rel
                if target.is_dir():
                    raise IsADirectoryError(str(target))
                if target.exists():
                    (aside / rel).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(target, aside / rel)
                    set_aside.append(rel)
            for rel in files:
                target = self.folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.path / rel, target)
                placed.append(rel)
        except OSError as e:
            for rel in reversed(placed):   # back as it was: the new files out, the replaced ones in again
                try:
                    os.replace(self.folder / rel, self.path / rel)
                except OSError:
                    pass
            for rel in reversed(set_aside):
                try:
                    os.replace(aside / rel, self.folder / rel)
                except OSError:
                    pass
            if not any(p.is_file() for p in aside.rglob("*")):
                shutil.rmtree(aside, ignore_errors=True)
            self.discard()
            name = getattr(e, "filename", None) or str(e)
            raise OSError(tr("{file}: could not be replaced ({error}); the folder is left as it was before this "
                             "export — close the file if another program has it open, and export again.").format(
                file=name, error=e.strerror or type(e).__name__)) from e
        shutil.rmtree(aside, ignore_errors=True)
        self.discard()


def _remove_stale(folder: Path) -> None:
    """Staging folders of exports killed hours ago (their files are new ones, never placed). A "-old" folder is
    kept: it can hold an earlier export's files set aside when the process died."""
    now = time.time()
    try:
        entries = list(folder.glob(PREFIX + "*"))
    except OSError:
        return
    for p in entries:
        try:
            if p.is_dir() and not p.name.endswith("-old") and now - p.stat().st_mtime > STALE_AFTER_S:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            continue
