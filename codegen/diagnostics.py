"""Collected spec errors, each naming ``file:line:column`` and the offending key."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Location:
    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class SpecError:
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: error: {self.message}"


@dataclass
class Diagnostics:
    """Gathers every error instead of stopping at the first, so one run reports them all."""

    errors: list[SpecError] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.errors.append(SpecError(location, message))

    def sorted(self) -> list[SpecError]:
        return sorted(set(self.errors), key=lambda e: (e.location, e.message))


class SpecInvalid(Exception):
    """Raised after validation when at least one error was collected."""

    def __init__(self, errors: list[SpecError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
