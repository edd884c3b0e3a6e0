"""Kernel configs: reading ``.config`` files and testing the ``#if`` conditions of the spec.

A condition is written as in the kernel source, without the ``CONFIG_`` prefix:
``MMU``, ``!PAGEFLAGS_EXTENDED``, ``PAGE_IDLE_FLAG && 64BIT``, ``(A || B) && !C``.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import NamedTuple

from ..errors import BadConfig, unreadable_file

# A parsed condition: ("sym", NAME) | ("not", c) | ("and", a, b) | ("or", a, b).
Condition = tuple[object, ...]


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif text.startswith(("&&", "||"), i):
            tokens.append(text[i : i + 2])
            i += 2
        elif char in "!()":
            tokens.append(char)
            i += 1
        elif char.isalnum() or char == "_":
            start = i
            while i < len(text) and (text[i].isalnum() or text[i] == "_"):
                i += 1
            word = text[start:i]
            if not (word.isascii() and word.upper() == word):
                raise BadConfig(f"condition '{text}': '{word}' is not an upper-case config symbol")
            tokens.append(word)
        else:
            raise BadConfig(f"condition '{text}': unexpected '{char}'")
    return tokens


@cache
def parse_condition(text: str) -> Condition:
    """Parses a condition; raises ``BadConfig`` naming the problem."""
    tokens = _tokens(text)
    position = 0

    def peek() -> str:
        return tokens[position] if position < len(tokens) else ""

    def take() -> str:
        nonlocal position
        if position >= len(tokens):
            raise BadConfig(f"condition '{text}' ends too early")
        position += 1
        return tokens[position - 1]

    def primary() -> Condition:
        token = take()
        if token == "!":
            return ("not", primary())
        if token == "(":
            inner = either()
            if take() != ")":
                raise BadConfig(f"condition '{text}': missing ')'")
            return inner
        if token in ("&&", "||", ")"):
            raise BadConfig(f"condition '{text}': unexpected '{token}'")
        return ("sym", token)

    def both() -> Condition:
        left = primary()
        while peek() == "&&":
            take()
            left = ("and", left, primary())
        return left

    def either() -> Condition:
        left = both()
        while peek() == "||":
            take()
            left = ("or", left, both())
        return left

    result = either()
    if position != len(tokens):
        raise BadConfig(f"condition '{text}': unexpected '{tokens[position]}'")
    return result


def condition_symbols(text: str) -> tuple[str, ...]:
    """The config symbols a condition mentions, sorted."""
    found: set[str] = set()

    def visit(node: Condition) -> None:
        if node[0] == "sym":
            found.add(str(node[1]))
        else:
            for child in node[1:]:
                visit(child)  # type: ignore[arg-type]

    visit(parse_condition(text))
    return tuple(sorted(found))


class KernelConfig(NamedTuple):
    """A kernel configuration: symbol (without ``CONFIG_``) to its value (``y``, ``m``, ``10``...).

    Symbols that are absent are off. ``label`` says where it came from.
    """

    label: str
    values: Mapping[str, str]
    by_release: tuple[tuple[str, str, str, str | None], ...] = ()
    """Values that hold over a range of releases only, as (symbol, value, since, until): a
    preset's for options its architecture gained. ``values`` gives the newest release's;
    ``pglayout.config_at`` gives a release's."""

    def enabled(self, symbol: str) -> bool:
        return self.values.get(symbol, "n") in ("y", "m")

    def number(self, symbol: str, default: int) -> int:
        value = self.values.get(symbol)
        if value is None:
            return default
        try:
            return int(value, 0)
        except ValueError:
            raise BadConfig(f"{self.label}: CONFIG_{symbol}={value} is not a number") from None

    def test(self, condition: str | None) -> bool:
        """Whether a spec condition holds; None (no condition) always holds."""
        if condition is None:
            return True
        return self._evaluate(parse_condition(condition))

    def _evaluate(self, node: Condition) -> bool:
        kind = node[0]
        if kind == "sym":
            return self.enabled(str(node[1]))
        if kind == "not":
            return not self._evaluate(node[1])  # type: ignore[arg-type]
        if kind == "and":
            return self._evaluate(node[1]) and self._evaluate(node[2])  # type: ignore[arg-type]
        return self._evaluate(node[1]) or self._evaluate(node[2])  # type: ignore[arg-type]

    def with_values(self, label: str, changes: Mapping[str, str]) -> KernelConfig:
        """The config with ``changes``, which hold in every release."""
        merged: dict[str, str] = dict(self.values)
        merged.update(changes)
        kept = tuple(entry for entry in self.by_release if entry[0] not in changes)
        return KernelConfig(label, MappingProxyType(merged), kept)


def config_from_text(text: str, label: str) -> KernelConfig:
    """Reads ``.config`` text: ``CONFIG_X=y`` lines; ``# CONFIG_X is not set`` means off."""
    values: dict[str, str] = {}
    seen_config_line = False
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            seen_config_line = seen_config_line or (line.startswith("# CONFIG_") and line.endswith(" is not set"))
            continue
        name, equals, value = line.partition("=")
        if not equals or not name.startswith("CONFIG_"):
            raise BadConfig(f"{label}:{number}: not a kernel config line: {line[:60]!r}")
        values[name[len("CONFIG_") :]] = value.strip('"')
        seen_config_line = True
    if not seen_config_line:
        raise BadConfig(f"{label} is not a kernel config: it has no CONFIG_ lines")
    return KernelConfig(label, MappingProxyType(values))


def read_config(path: str) -> KernelConfig:
    """Reads a ``.config`` file or a gzip-compressed one such as ``/proc/config.gz``."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise unreadable_file(path, error, f"cannot read config {path}: {error.strerror}", BadConfig) from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise BadConfig(f"{path} is not a readable gzip file: {error}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadConfig(f"{path} is not a kernel config: it is not text") from None
    return config_from_text(text, path)
