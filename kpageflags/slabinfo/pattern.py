"""slabinfo's cache filter: a POSIX basic regular expression (regcomp without REG_EXTENDED),
case-insensitive and unanchored, turned into Python's syntax. GNU's extensions \\+ \\? \\| are
operators; + ? | ( ) { } alone are plain characters."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import UsageError

_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v",
    "blank": " \\t",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "xdigit": "0-9a-fA-F",
    "cntrl": "\\x00-\\x1f\\x7f",
    "print": "\\x20-\\x7e",
    "graph": "\\x21-\\x7e",
}
_ESCAPES = {"(": "(", ")": ")", "{": "{", "}": "}", "+": "+", "?": "?", "|": "|", "<": r"\b", ">": r"\b"}
_ESCAPES.update({"`": r"\A", "'": r"\Z", "w": r"\w", "W": r"\W", "s": r"\s", "S": r"\S", "b": r"\b", "B": r"\B"})


def compile_filter(source: str) -> Callable[[str], bool]:
    """Whether a name matches ``source`` anywhere, ignoring case, as regexec does."""
    try:
        compiled = re.compile(_translate(source), re.IGNORECASE | re.ASCII)
    except (re.error, ValueError, IndexError) as error:
        raise UsageError(f"invalid pattern {source!r}: {error}") from None
    return lambda name: compiled.search(name) is not None


def _translate(source: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(source):
        char = source[i]
        at_start = not out or out[-1] in ("(", "|", "^")
        if char == "\\":
            if i + 1 == len(source):
                raise ValueError("trailing backslash")
            following = source[i + 1]
            out.append(_ESCAPES.get(following, following if following.isdigit() else re.escape(following)))
            i += 2
            continue
        if char == "[":
            bracket, i = _bracket(source, i)
            out.append(bracket)
            continue
        if char == "*" and at_start:
            out.append(r"\*")
        elif char == "^" and at_start:
            out.append("^")
        elif char == "$" and (i + 1 == len(source) or source[i + 1 : i + 3] in ("\\)", "\\|")):
            out.append("$")
        elif char in ".*":
            out.append(char)
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def _bracket(source: str, start: int) -> tuple[str, int]:
    """A bracket expression from ``source[start]``, as Python's, and where it ends."""
    i = start + 1
    negate = source[i : i + 1] == "^"
    i += negate
    items: list[str] = []
    first = True
    while True:
        if i >= len(source):
            raise ValueError("unterminated [")
        char = source[i]
        if char == "]" and not first:
            break
        if source.startswith("[:", i):
            end = source.find(":]", i + 2)
            if end < 0 or source[i + 2 : end] not in _CLASSES:
                raise ValueError(f"unknown character class at {i}")
            items.append(_CLASSES[source[i + 2 : end]])
            i = end + 2
        else:
            items.append("-" if char == "-" else re.escape(char))
            i += 1
        first = False
    return "[" + ("^" if negate else "") + "".join(items) + "]", i + 1
