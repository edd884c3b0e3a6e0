"""slabinfo's command line, parsed as getopt_long parses "aABd::DefhilLnN:oPrsStTUvXz1" with its
long options (unique prefixes accepted, options and the pattern in any order), plus kpageflags'
--kernel, --sysfs, --snapshot and --debugfs."""

from __future__ import annotations

from ..errors import ToolStopped, UsageError
from .cnum import signed

# Each letter's long name; N takes an argument, d an optional one (attached only).
LONG = {
    "aliases": "a",
    "activity": "A",
    "Bytes": "B",
    "debug": "d",
    "display-activity": "D",
    "empty": "e",
    "first-alias": "f",
    "help": "h",
    "inverted": "i",
    "slabs": "l",
    "Loss": "L",
    "numa": "n",
    "lines": "N",
    "ops": "o",
    "partial": "P",
    "report": "r",
    "shrink": "s",
    "Size": "S",
    "tracking": "t",
    "Totals": "T",
    "Unreclaim": "U",
    "validate": "v",
    "Xtotals": "X",
    "zero": "z",
    "1ref": "1",
}
OURS = ("kernel", "sysfs", "snapshot", "debugfs")
SHORT_FLAGS = set("aABDefhilLnoPrsStTUvXz1")
WITH_ARGUMENT = {"N", *OURS}

# slabinfo's pattern when none is given.
EVERY_CACHE = ".*"


class Options:
    """The parsed command line; each attribute starts at slabinfo's default (class attributes,
    not a dataclass: the command starts faster without importing dataclasses)."""

    show_alias: bool = False
    sort_active: bool = False
    show_bytes: bool = False
    set_debug: bool = False
    show_activity: bool = False
    show_empty: bool = False
    show_first_alias: bool = False
    help: bool = False
    show_inverted: bool = False
    show_slab: bool = False
    sort_loss: bool = False
    show_numa: bool = False
    output_lines: int = -1
    show_ops: bool = False
    show_report: bool = False
    sort_partial: bool = False
    shrink: bool = False
    sort_size: bool = False
    show_track: bool = False
    show_totals: bool = False
    unreclaim_only: bool = False
    validate: bool = False
    extended_totals: bool = False
    skip_zero: bool = True
    show_single_ref: bool = False
    debug: frozenset[str] = frozenset()
    partial_long: bool = False
    pattern: str = EVERY_CACHE
    kernel: str | None = None
    sysfs: str | None = None
    snapshot: str | None = None
    debugfs: str | None = None

    @property
    def writes(self) -> bool:
        """Whether the run would write to the caches (-s, -v, -d reach the per-cache step)."""
        if self.show_alias or self.extended_totals or self.show_totals or self.show_numa or self.show_track:
            return False
        return self.validate or self.shrink or self.set_debug


Step = tuple[str, "str | None"]


def parse(argv: list[str]) -> Options:
    """The options in ``argv``; the first word that is not an option is the pattern. A refused
    command line is a usage error, or with --kernel the stop of the C tool, which exits 1 (its
    fatal()) on an option or debug letter it does not take."""
    try:
        return _parse(argv)
    except UsageError as refused:
        if _names_a_release(argv):
            raise ToolStopped(str(refused)) from None
        raise


def _names_a_release(argv: list[str]) -> bool:
    """Whether --kernel (or a prefix of it, the only long option starting with k) comes before
    any "--" in ``argv``."""
    for word in argv:
        if word == "--":
            return False
        name = word[2:].partition("=")[0]
        if word.startswith("--") and name and "kernel".startswith(name):
            return True
    return False


def _parse(argv: list[str]) -> Options:
    steps, words = _steps(argv)
    options = Options()
    for letter, value in steps:
        _apply(options, letter, value)
        if options.help:
            return options
    if not (
        options.show_slab or options.show_alias or options.show_track or options.show_report
        or options.validate or options.shrink or options.set_debug or options.show_ops
    ):  # fmt: skip
        options.show_slab = True
    if words:
        options.pattern = words[0]
    return options


def _steps(argv: list[str]) -> tuple[list[Step], list[str]]:
    steps: list[Step] = []
    words: list[str] = []
    index = 0
    while index < len(argv):
        word = argv[index]
        index += 1
        if word == "--":
            words.extend(argv[index:])
            break
        if word.startswith("--"):
            index = _long(word[2:], argv, index, steps)
        elif word.startswith("-") and word != "-":
            index = _short(word[1:], argv, index, steps)
        else:
            words.append(word)
    return steps, words


def _long(text: str, argv: list[str], index: int, steps: list[Step]) -> int:
    name, has_value, value = text.partition("=")
    known = [*LONG, *OURS]
    matches = [candidate for candidate in known if candidate == name] or [c for c in known if c.startswith(name)]
    if len(matches) != 1 or not name:
        problem = "is ambiguous" if len(matches) > 1 else "is not an option"
        raise UsageError(f"slabinfo: option '--{name}' {problem} (see --help)")
    (full,) = matches
    letter = LONG.get(full, full)
    if letter in WITH_ARGUMENT and not has_value:
        if index == len(argv):
            raise UsageError(f"slabinfo: option '--{full}' needs a value")
        return _push(steps, letter, argv[index], full, index + 1)
    if has_value and letter not in WITH_ARGUMENT and letter != "d":
        raise UsageError(f"slabinfo: option '--{full}' takes no value")
    return _push(steps, letter, value if has_value else None, full, index)


def _push(steps: list[Step], letter: str, value: str | None, full: str, index: int) -> int:
    steps.append(("partial-long" if full == "partial" else letter, value))
    return index


def _short(cluster: str, argv: list[str], index: int, steps: list[Step]) -> int:
    for position, letter in enumerate(cluster):
        rest = cluster[position + 1 :]
        if letter == "d":
            steps.append(("d", rest or None))
            return index
        if letter == "N":
            if rest:
                steps.append(("N", rest))
                return index
            if index == len(argv):
                raise UsageError("slabinfo: option -N needs a number of lines")
            steps.append(("N", argv[index]))
            return index + 1
        if letter not in SHORT_FLAGS:
            raise UsageError(f"slabinfo: Invalid option '{letter}' (see --help)")
        steps.append((letter, None))
    return index


_FLAGS = {
    "a": "show_alias",
    "A": "sort_active",
    "B": "show_bytes",
    "D": "show_activity",
    "e": "show_empty",
    "f": "show_first_alias",
    "h": "help",
    "i": "show_inverted",
    "l": "show_slab",
    "L": "sort_loss",
    "n": "show_numa",
    "o": "show_ops",
    "r": "show_report",
    "P": "sort_partial",
    "s": "shrink",
    "S": "sort_size",
    "t": "show_track",
    "T": "show_totals",
    "U": "unreclaim_only",
    "v": "validate",
    "1": "show_single_ref",
}


def _apply(options: Options, letter: str, value: str | None) -> None:
    if letter in _FLAGS:
        setattr(options, _FLAGS[letter], True)
    elif letter == "partial-long":
        options.partial_long = True
        options.sort_partial = True
    elif letter == "d":
        options.set_debug = True
        options.debug = _debug_letters(value)
    elif letter == "N":
        options.output_lines = max(_atoi(value or ""), 1)
    elif letter == "X":
        if options.output_lines == -1:
            options.output_lines = 1
        options.extended_totals = True
        options.show_bytes = True
    elif letter == "z":
        options.skip_zero = False
    else:
        setattr(options, letter, value)


def _debug_letters(value: str | None) -> frozenset[str]:
    """debug_opt_scan: the debug features -d turns on ("" or "-": none, "a": all but tracing)."""
    if not value or value == "-":
        return frozenset()
    if value.lower() == "a":
        return frozenset("fzpu")
    letters = [letter.lower() for letter in value]
    if any(letter not in "fzput" for letter in letters) or len(set(letters)) != len(letters):
        raise UsageError(f"slabinfo: Invalid debug option '{value}'")
    return frozenset(letters)


def _atoi(text: str) -> int:
    """atoi: leading digits after blanks and a sign, 0 if none, through strtol's saturation
    and the cut to int (a huge -N wraps, then counts as 1 line)."""
    stripped = text.lstrip(" \t\n\v\f\r")
    sign = -1 if stripped[:1] == "-" else 1
    digits = stripped[1:] if stripped[:1] in "+-" and stripped else stripped
    count = len(digits) - len(digits.lstrip("0123456789"))
    if not count:
        return 0
    return signed(max(min(sign * int(digits[:count]), (1 << 63) - 1), -(1 << 63)), 32)
