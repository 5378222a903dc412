"""Problems found in input files, always naming the file and, where there is one, the row and field."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class Problem:
    file: str
    message: str
    row: Optional[int] = None      # 1-based record number in the source file
    field: Optional[str] = None    # source field name (and workspace code where it differs)
    severity: str = "error"        # "error" or "warning"

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{', '.join(where)}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "field": self.field, "severity": self.severity,
                "message": self.message}


class InputError(Exception):
    """A file that cannot be read at all (one problem, no partial result)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


class Cancelled(Exception):
    pass
