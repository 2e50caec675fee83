"""Problems found in user-supplied files, reported compiler-style.

One shape for every error and warning (``PATH:LINE:COL: error: MESSAGE``) so that
editors, scripts and people all read them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one file; ``line`` and ``column`` count from 1 (0 = whole file)."""

    path: Path
    line: int
    column: int
    severity: Severity
    message: str
    # where in the routine's data it is, e.g. ("steps", 2, "duration"): the builder shows
    # the message on that field; () when it is about the whole file
    where: tuple[str | int, ...] = field(default=(), compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        where = str(self.path)
        if self.line > 0:
            where += f":{self.line}:{max(self.column, 1)}"
        return f"{where}: {self.severity.value}: {self.message}"

    def __str__(self) -> str:
        return self.format()


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)
