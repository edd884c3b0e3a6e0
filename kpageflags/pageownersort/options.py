"""page_owner_sort's command line, read the way getopt_long reads it (options anywhere,
clustered short options, unique prefixes of long ones), in the order given: in the releases
where the last sort option wins, the order matters."""

from __future__ import annotations

import os
import re

from ..errors import UsageError
from .tool import SortTool

# Short options and what they sort by; the sign is the C tool's (-1: descending).
SORT_LETTERS = {
    "a": ("alloc_ts", 1),
    "m": ("page_num", -1),
    "n": ("comm", 1),
    "p": ("pid", 1),
    "P": ("tgid", 1),
    "s": ("stacktrace", 1),
    "t": ("num", -1),
    "r": ("free_ts", 1),
}
LONG_OPTIONS = ("pid", "tgid", "name", "cull", "sort", "kernel", "help")
CULL_KEYS = {
    "pid": "pid", "p": "pid", "tgid": "tgid", "tg": "tgid", "name": "comm", "n": "comm",
    "stacktrace": "stacktrace", "st": "stacktrace", "allocator": "allocator", "ator": "allocator",
}  # fmt: skip
SORT_KEYS = {
    "pid": "pid", "p": "pid", "tgid": "tgid", "tg": "tgid", "name": "comm", "n": "comm",
    "stacktrace": "stacktrace", "st": "stacktrace", "txt": "txt", "T": "txt",
    "alloc_ts": "alloc_ts", "at": "alloc_ts", "allocator": "allocator", "ator": "allocator",
}  # fmt: skip
FREE_CULL_KEYS = {"free": "free", "f": "free"}
FREE_SORT_KEYS = {"free_ts": "free_ts", "ft": "free_ts"}
ALLOCATOR_KEYS = ("allocator", "ator")
# Options that came with a behaviour: a release without it takes them for unknown ones.
OPTION_SWITCHES = {"d": "sort_option", "sort": "sort_option"}
# 5.18 copied --name into a TASK_COMM_LEN buffer: 15 bytes and the terminating zero.
COMM_BYTES = 15
# strtol's view of a number: leading white space, a sign, decimal digits, nothing after.
C_NUMBER = re.compile(r"[ \t\n\v\f\r]*([+-]?[0-9]+)")


class GetoptError(UsageError):
    """An option getopt_long refuses: ``words`` as glibc says it (after the program's name),
    then ours. The C tool prints its usage after it and exits 1."""

    def __init__(self, words: str, hint: str = "") -> None:
        super().__init__(words + hint)
        self.words = words


class RefusedArgument(UsageError):
    """An option's argument the C tool refuses in its own words (no usage after them)."""


class NeedsUsage(UsageError):
    """A command line the C tool answers with its usage alone (no files, two sort options)."""


class Options:
    """The parsed command line, each attribute at page_owner_sort's default to begin with (a
    plain class, not a dataclass: the command starts faster without importing dataclasses)."""

    kernel: str | None = None
    help: bool = False
    debug: bool = False
    free_filter: bool = False
    pids: list[int] | None = None
    tgids: list[int] | None = None
    names: list[str] | None = None
    given_sort: list[tuple[str, int]] | None = None

    def __init__(self) -> None:
        self.cull: set[str] = set()
        self.sort: list[tuple[str, int]] = []
        self.sort_flags: list[str] = []
        self.files: list[str] = []
        self.steps: list[tuple[str, str]] = []


def split_argv(argv: list[str]) -> Options:
    """Each option as (name, argument) in the order given; the rest are file names."""
    options = Options()
    index = 0
    while index < len(argv):
        arg = argv[index]
        index += 1
        if arg == "--":
            options.files.extend(argv[index:])
            break
        if arg.startswith("--"):
            name, has_value, value = arg[2:].partition("=")
            try:
                name = _long_name(name)
            except GetoptError as refused:
                options.steps.append(("refused", refused.words))
                continue
            if name == "help":
                options.steps.append(("help", arg))  # as given: a release without it names it so
                continue
            if not has_value:
                if index >= len(argv):
                    # Raised in turn by apply(), as getopt_long meets it after the options before.
                    options.steps.append(("refused", f"option '--{name}' requires an argument"))
                    break
                value = argv[index]
                index += 1
            options.steps.append((name, value))
        elif arg.startswith("-") and arg != "-":
            for letter in arg[1:]:
                if letter in SORT_LETTERS or letter in "dfh":
                    options.steps.append((letter, ""))
                else:
                    options.steps.append(("refused", f"invalid option -- '{letter}'"))
        else:
            options.files.append(arg)
    return options


def _long_name(given: str) -> str:
    if given in LONG_OPTIONS:
        return given
    matches = [name for name in LONG_OPTIONS if name.startswith(given)] if given else []
    if len(matches) != 1:
        # No two long options start alike: a prefix matching none is unrecognized.
        raise GetoptError(f"unrecognized option '--{given}'")
    return matches[0]


def apply(options: Options, tool: SortTool) -> Options:
    """Runs the steps as the release's main() does (errors are one line: exit 2)."""
    free = tool.has("free_ts_options")
    for name, value in options.steps:
        if name == "kernel":
            continue
        if name == "refused":
            raise GetoptError(value)
        if tool.has("memory_sort_only") and name != "m":
            raise GetoptError(_refused(name), " (the tool of 5.16 and 5.17 takes -m alone)")
        if name in OPTION_SWITCHES and not tool.has(OPTION_SWITCHES[name]):
            raise GetoptError(_refused(name), f" (the tool of {tool.label} has no such option)")
        if name in ("h", "help"):
            if tool.faithful and not tool.has("help_option"):
                refused = f"unrecognized option '{value}'" if value else _refused(name)
                raise GetoptError(refused, f" (the tool of {tool.label} has no help option)")
            options.help = True
            break  # getopt_long goes no further: the usage is printed at once
        elif name == "d":
            options.debug = True
        elif name == "f" or name == "r":
            if not free:
                raise GetoptError(_refused(name), " (gone since 6.7)")
            if name == "f":
                options.free_filter = True
            else:
                _sort_flag(options, tool, name)
        elif name in SORT_LETTERS:
            _sort_flag(options, tool, name)
        elif name in ("pid", "tgid"):
            numbers = _numbers(value) if tool.has("selection_lists") or "," not in value else None
            if numbers is None:
                raise RefusedArgument(f"wrong/invalid {name} in from the command line:{value}")
            setattr(options, f"{name}s", numbers)
        elif name == "name":
            options.names = value.split(",") if tool.has("selection_lists") else [_one_comm(value)]
        elif name == "cull":
            _cull(options, tool, value)
        elif name == "sort":
            _sort(options, tool, value)
    return options


def _one_comm(value: str) -> str:
    return os.fsdecode(os.fsencode(value)[:COMM_BYTES])


def _without_allocator(keys: dict[str, str], tool: SortTool) -> dict[str, str]:
    if tool.has("allocator_label"):
        return keys
    return {word: key for word, key in keys.items() if word not in ALLOCATOR_KEYS}


def _refused(name: str) -> str:
    """getopt_long's words for an option the release does not have."""
    return f"invalid option -- '{name}'" if len(name) == 1 else f"unrecognized option '--{name}'"


def _sort_flag(options: Options, tool: SortTool, letter: str) -> None:
    options.sort_flags.append(letter)
    if tool.has("last_sort_option_wins"):
        options.sort = [SORT_LETTERS[letter]]


def _cull(options: Options, tool: SortTool, value: str) -> None:
    keys = _without_allocator(CULL_KEYS, tool) | (FREE_CULL_KEYS if tool.has("free_ts_options") else {})
    for item in value.split(","):
        if item not in keys:
            raise RefusedArgument(f"wrong argument after --cull option:{value}")
        options.cull.add(keys[item])
    if not options.sort:
        options.sort = [("num", -1)]


def _sort(options: Options, tool: SortTool, value: str) -> None:
    keys = _without_allocator(SORT_KEYS, tool) | (FREE_SORT_KEYS if tool.has("free_ts_options") else {})
    order = []
    for item in value.split(","):
        sign = -1 if item.startswith("-") else 1
        key = item[1:] if item[:1] in ("-", "+") else item
        if key not in keys:
            raise RefusedArgument(f"wrong argument after --sort option:{value}")
        order.append((keys[key], sign))
    options.sort = order
    options.given_sort = order


def _numbers(value: str) -> list[int] | None:
    numbers = []
    for item in value.split(","):
        match = C_NUMBER.fullmatch(item)
        if match is None or abs(int(match.group(1))) > (1 << 63) - 1:
            return None
        numbers.append(int(match.group(1)))
    return numbers


def final_order(options: Options, tool: SortTool) -> list[tuple[str, int]]:
    """The keys of the last sort: in 6.7+ one sort option or -t, which overwrite --sort
    there; the fixed tool uses --sort when given without a sort option."""
    if tool.has("last_sort_option_wins"):
        if options.sort or tool.has("unsorted_by_default"):
            return options.sort
        return [SORT_LETTERS["t"]]
    if len(set(options.sort_flags)) > 1:
        raise NeedsUsage("give at most one of -a -m -n -p -P -s -t")
    if not tool.faithful and options.given_sort is not None:
        if options.sort_flags:
            raise UsageError("give either --sort or one of -a -m -n -p -P -s -t")
        return options.given_sort
    return [SORT_LETTERS[options.sort_flags[0]] if options.sort_flags else SORT_LETTERS["t"]]
