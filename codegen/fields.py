"""Typed access to one YAML mapping, reporting each problem at its key's line."""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Callable, TypeVar, get_args

from .diagnostics import Diagnostics, Location
from .yamlload import LocatedList, LocatedMap

if TYPE_CHECKING:
    # Only mypy needs it (from 2.2, without a flag); the generator itself runs without typing_extensions.
    from typing_extensions import TypeForm

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
RELEASE_NAME = re.compile(r"^(2\.6\.\d{1,3}|[3-9]\.\d{1,3})$")
POINT_RELEASE = re.compile(r"^(2\.6\.\d{1,3}|[3-9]\.\d{1,3})\.\d{1,4}$")
# An -rc or a vendor's build, named as its Makefile or vendor does: "6.1.0-rc3",
# "5.14.0-570.32.1.el9_6". Evidence may cite one; no upstream tag is such a release.
BUILD_RELEASE = re.compile(r"^(2\.6\.\d{1,3}|[3-9]\.\d{1,3})(\.\d{1,4})?[-+][A-Za-z0-9][A-Za-z0-9._+~-]{0,60}$")

T = TypeVar("T")
Choice = TypeVar("Choice", bound=str)


def one_of(value: object, literal: TypeForm[Choice]) -> Choice | None:
    """``value`` as a member of the model's ``Literal`` alias ``literal``, or None if it is not one."""
    options: tuple[Choice, ...] = get_args(literal)
    return next((option for option in options if option == value), None)


def is_identifier(text: str) -> bool:
    """A lower-case Python identifier that is not a keyword: safe as a name anywhere."""
    return bool(IDENTIFIER.match(text)) and not keyword.iskeyword(text)


class Fields:
    """Reads the keys of one mapping; unknown keys and type errors become diagnostics."""

    def __init__(self, mapping: LocatedMap, what: str, diagnostics: Diagnostics) -> None:
        self.mapping = mapping
        self.what = what
        self.diagnostics = diagnostics
        self.used: set[str] = set()

    @property
    def location(self) -> Location:
        return self.mapping.location

    def at(self, key: str) -> Location:
        return self.mapping.value_location(key) if key in self.mapping else self.mapping.location

    def error(self, key: str, message: str) -> None:
        self.diagnostics.error(self.at(key), f"{self.what}: '{key}' {message}")

    def has(self, key: str) -> bool:
        return key in self.mapping

    def raw(self, key: str, required: bool) -> object:
        self.used.add(key)
        if key not in self.mapping:
            if required:
                self.diagnostics.error(self.mapping.location, f"{self.what}: missing key '{key}'")
            return None
        value = self.mapping[key]
        if value is None and required:
            # A key written with no value reads as None, like a missing key; without this, an
            # entry that needs it would be dropped with no error.
            self.error(key, "must not be empty")
        return value

    def text(
        self, key: str, required: bool = True, pattern: re.Pattern[str] | None = None, hint: str = ""
    ) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.error(key, f"must be a string, not {type(value).__name__} {value!r}")
            return None
        if "\x00" in value:
            self.error(key, "must not contain a NUL character")
            return None
        if pattern is not None and not pattern.match(value):
            self.error(key, f"{value!r} is not valid{hint}")
            return None
        if not value.strip():
            self.error(key, "must not be empty")
            return None
        return value

    def identifier(self, key: str, required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and not is_identifier(value):
            self.error(
                key,
                f"{value!r} is not a valid name (lower-case letters, digits and '_', "
                "starting with a letter, not a Python keyword)",
            )
            return None
        return value

    def integer(self, key: str, low: int, high: int, required: bool = True) -> int | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, f"must be a whole number from {low} to {high}, not {value!r}")
            return None
        if not low <= value <= high:
            self.error(key, f"must be from {low} to {high}, not {value}")
            return None
        return value

    def boolean(self, key: str, required: bool = True) -> bool | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.error(key, "must be true or false")
            return None
        return value

    def choice(self, key: str, literal: TypeForm[Choice], quote: bool = False, known_as: str = "") -> Choice | None:
        """The value of ``key``, which must be one of the strings of the model's ``Literal`` alias ``literal``.

        A wrong value is reported with the options in the model's order, as "must be a, b or c"
        (each quoted if ``quote``) or, when ``known_as`` says what they are, "'x' is not <known_as> (a, b, c)".
        """
        value = self.text(key)
        if value is None:
            return None
        chosen = one_of(value, literal)
        if chosen is None:
            options: tuple[str, ...] = get_args(literal)
            if known_as:
                self.error(key, f"{value!r} is not {known_as} ({', '.join(options)})")
            else:
                shown = [repr(option) if quote else option for option in options]
                self.error(key, f"must be {', '.join(shown[:-1])} or {shown[-1]}, not {value!r}")
        return chosen

    def release_text(self, key: str, required: bool) -> str | None:
        """A release must be a quoted string: YAML reads an unquoted 5.10 as the number 5.1."""
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            scalar = self.mapping.scalars.get(key)
            written = scalar.text if scalar else str(value)
            self.error(key, f'must be a quoted release like "{written}" (YAML read the number {value!r})')
            return None
        if not isinstance(value, str):
            self.error(key, f"must be a quoted release, not {value!r}")
            return None
        return value

    def items(self, key: str, required: bool = True) -> list[tuple[object, Location]]:
        value = self.raw(key, required)
        if value is None:
            return []
        if not isinstance(value, LocatedList):
            self.error(key, "must be a list")
            return []
        return list(zip(value, value.item_locations))

    def names(self, key: str, required: bool = False) -> tuple[str, ...]:
        result: list[str] = []
        for item, location in self.items(key, required):
            if isinstance(item, str) and is_identifier(item):
                result.append(item)
            else:
                self.diagnostics.error(location, f"{self.what}: '{key}' item {item!r} is not a valid name")
        return tuple(result)

    def mapped(self, key: str, parse: Callable[[LocatedMap], T | None], required: bool = True) -> list[T]:
        results: list[T] = []
        for item, location in self.items(key, required):
            if not isinstance(item, LocatedMap):
                self.diagnostics.error(location, f"{self.what}: each item of '{key}' must be a mapping")
                continue
            parsed = parse(item)
            if parsed is not None:
                results.append(parsed)
        return results

    def finish(self, allowed_extra: Sequence[str] = ()) -> None:
        for key in self.mapping:
            if key not in self.used and key not in allowed_extra:
                self.diagnostics.error(self.mapping.key_location(key), f"{self.what}: unknown key '{key}'")
