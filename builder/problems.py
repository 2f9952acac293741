"""Problems found in a catalogue, reported together as ``path:line: message``."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


WARNING = "warning: "


@dataclass
class Problems:
    """Collects every problem instead of stopping at the first one.

    Warnings (what a product still lacks) are kept apart: they are printed as
    ``path:line: warning: message`` and never fail a command.
    """

    root: Path
    items: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int | None, message: str) -> None:
        self.items.append(Problem(self.relative(path), max(int(line or 1), 1), message))

    def warn(self, path: Path | str, line: int | None, message: str) -> None:
        self.warnings.append(Problem(self.relative(path), max(int(line or 1), 1), WARNING + message))

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)
        self.warnings.extend(other.warnings)

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def sorted_warnings(self) -> list[Problem]:
        return sorted(set(self.warnings))

    def report(self) -> str:
        return "\n".join(str(p) for p in self.sorted())

    def print_warnings(self, stream=None) -> None:
        for warning in self.sorted_warnings():
            print(warning, file=stream or sys.stderr)


class CatalogueError(Exception):
    """Raised when a catalogue has problems; carries all of them."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems
