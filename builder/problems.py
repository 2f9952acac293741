"""Problems found in a catalogue, reported together as ``path:line: message``.

An error stops the build; a warning (``path:line: warning: message``) is shown
and the build goes on: text in a language the site does not publish yet, for
one.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: " + ("warning: " if self.warning else "") + self.message


@dataclass
class Problems:
    """Collects every problem instead of stopping at the first one.

    Its truth and length count errors only: warnings never fail a build.
    """

    root: Path
    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int | None, message: str) -> None:
        self.items.append(Problem(self.relative(path), max(int(line or 1), 1), message))

    def warn(self, path: Path | str, line: int | None, message: str) -> None:
        self.items.append(Problem(self.relative(path), max(int(line or 1), 1), message, warning=True))

    def extend(self, other: "Problems") -> None:
        self.items.extend(other.items)

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.warning]

    def __bool__(self) -> bool:
        return any(not p.warning for p in self.items)

    def __len__(self) -> int:
        return len(self.errors)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def report(self) -> str:
        return "\n".join(str(p) for p in self.sorted())

    def print_warnings(self, stream=None) -> None:
        for warning in self.warnings:
            print(warning, file=stream or sys.stderr)


class CatalogueError(Exception):
    """Raised when a catalogue has problems; carries all of them."""

    def __init__(self, problems: Problems):
        super().__init__(problems.report())
        self.problems = problems
