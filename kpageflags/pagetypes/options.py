"""page-types' command line, parsed the way getopt_long does, plus kpageflags' own options.

Options act in order, as in page-types: ``-d`` describes and stops, ``-h`` prints the usage
and stops (``--help`` adds kpageflags' own options to it). ``--kpageflags FILE`` reads FILE.
Before the release spec/page_types.yaml names (``long_argument_since`` of -F) the long form was
declared without an argument, so the tool read /proc/kpageflags and FILE was a word it
ignored; with ``--kernel`` naming such a release the emulation does the same (with a note).
"""

from __future__ import annotations

from .._generated.page_types import PAGE_TYPES_OPTIONS
from ..errors import UnknownRelease, UsageError, quoted
from ..facts.releases import Release, endpoint_key, parse_release, release_in, releases
from ..numbers import PID_MAX, read_number
from ..paths import checked_path

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Optional

    # A name for annotations only: the emitter's imports cost page-types' start-up 20 ms.
    from ..output.emit import Format

    # An option as given: its key (a page-types option's letter, or the name of one of
    # kpageflags' own), its argument, and its spelling (-f, --file) for messages.
    Given = tuple[str, Optional[str], str]

SHORT_WITH_ARGUMENT = set("pfabdcFk")
OWN_SHORT = {"k": "kernel"}
"""kpageflags' own short options, as every other kpageflags command spells them; no release's
page-types has these letters."""
SHORT_FLAGS = set("rCilLMNXxh")
LONG = {
    "raw": ("r", False),
    "pid": ("p", True),
    "file": ("f", True),
    "addr": ("a", True),
    "bits": ("b", True),
    "cgroup": ("c", True),
    "describe": ("d", True),
    "mark-idle": ("i", False),
    "list": ("l", False),
    "list-each": ("L", False),
    "list-cgroup": ("C", False),
    "list-mapcnt": ("M", False),
    "no-summary": ("N", False),
    "hwpoison": ("X", False),
    "unpoison": ("x", False),
    "kpageflags": ("F", True),
    "help": ("help", False),
    # kpageflags' own
    "kernel": ("kernel", True),
    "snapshot": ("snapshot", True),
    "json": ("json", False),
    "csv": ("csv", False),
    "format": ("format", True),
    "sort": ("sort", True),
    "human": ("human", False),
    "progress": ("progress", False),
    "no-progress": ("no-progress", False),
    "threads": ("threads", True),
}


class Options:
    """What the command line asked for, in page-types' terms."""

    def __init__(self) -> None:
        self.raw = False
        self.list_mode = 0
        self.list_cgroup = False
        self.list_mapcnt = False
        self.no_summary = False
        self.mark_idle = False
        self.hwpoison = False
        self.unpoison = False
        self.pid: int | None = None
        self.pid_text: str | None = None
        self.file: str | None = None
        self.cgroup: int | None = None
        self.kpageflags: str | None = None
        self.ranges: list[tuple[int, int]] = []
        self.bits: list[str] = []
        self.kernel: str | None = None
        self.snapshot: str | None = None
        self.output: Format = "text"
        self.sort: str | None = None
        self.human = False
        self.progress: bool | None = None
        self.threads = 2
        self.actions: list[tuple[str, str]] = []
        """(option, argument) for -d and -h, which act and stop when reached."""
        self.notes: list[str] = []
        """Where the release's page-types reads the command line other than a user may expect."""

    @property
    def counts_only(self) -> bool:
        """Nothing but counting pages: no list, no -c filter, no page acted on."""
        return (
            not self.list_mode
            and self.cgroup is None
            and not (self.mark_idle or self.hwpoison or self.unpoison)
            and not self.actions
        )

    @property
    def summary_only(self) -> bool:
        """Nothing but counting page frames: the fast path that reads ahead at once."""
        return self.counts_only and self.pid is None and self.file is None

    @property
    def process_summary_only(self) -> bool:
        """-p with nothing but counting: the fast path that starts reading the pagemap at once."""
        return self.counts_only and self.pid is not None and self.file is None

    @property
    def file_summary_only(self) -> bool:
        """-f (with or without -p: the file is walked) with nothing but counting: the fast path
        that counts flags without building runs."""
        return self.counts_only and self.file is not None


ACTIONS = frozenset({"d", "h", "help"})
"""Options that act where page-types meets them, and end its reading of the command line."""


def split(argv: list[str], kpageflags_argument: bool = True, release: Release | None = None) -> list[Given]:
    """The options in order, read as getopt_long reads them; non-option words are ignored, as
    page-types does. ``kpageflags_argument``: whether the long form --kpageflags takes one.
    ``release``: the release whose page-types reads them, which refuses the options it lacks
    where it meets them (None: every option of every release). Once -d or -h is read, what
    follows is never an error: page-types has acted and exited by then."""
    result: list[Given] = []
    try:
        _read_options(argv, kpageflags_argument, release, result)
    except UsageError:
        if not any(key in ACTIONS for key, _, _ in result):
            raise
    return result


class _Refused(UsageError):
    """An option the release's page-types lacks: getopt stopped there, after acting on the
    options before it."""


REFUSED = "refused"
"""The key of the last option read when the release refuses it; its argument is the message."""


def _read_options(argv: list[str], kpageflags_argument: bool, release: Release | None, result: list[Given]) -> None:
    try:
        _read_options_until_refused(argv, kpageflags_argument, release, result)
    except _Refused as refused:
        result.append((REFUSED, str(refused), ""))


def _read_options_until_refused(
    argv: list[str], kpageflags_argument: bool, release: Release | None, result: list[Given]
) -> None:
    present = letters_of(release) | {"F"} if release is not None else None
    index = 0
    while index < len(argv):
        word = argv[index]
        index += 1
        if word == "--":
            break
        if word.startswith("--"):
            name, equals, value = word[2:].partition("=")
            whole = _long_name(name, word, present, release)
            key, takes = LONG[whole]
            takes = takes and (key != "F" or kpageflags_argument)
            if takes and not equals:
                if index >= len(argv):
                    raise UsageError(f"option '--{whole}' requires an argument")
                value, index = argv[index], index + 1
            elif not takes and equals:
                raise UsageError(f"option '--{whole}' doesn't allow an argument")
            result.append((key, value if takes else None, f"--{name}"))
        elif word.startswith("-") and len(word) > 1:
            letters = word[1:]
            position = 0
            while position < len(letters):
                letter = letters[position]
                position += 1
                if present is not None and release is not None and letter in letters_of(None):
                    _refuse_absent(letter, f"-{letter}", present, release)
                if letter in SHORT_WITH_ARGUMENT:
                    value = letters[position:]
                    if not value:
                        if index >= len(argv):
                            raise UsageError(f"option requires an argument -- '{letter}'")
                        value, index = argv[index], index + 1
                    result.append((OWN_SHORT.get(letter, letter), value, f"-{letter}"))
                    break
                if letter in SHORT_FLAGS:
                    result.append((letter, None, f"-{letter}"))
                else:
                    raise UsageError(f"invalid option -- '{letter}'")


def _long_name(name: str, word: str, present: frozenset[str] | None, release: Release | None) -> str:
    """The long option ``--name`` stands for, whole or shortened, among those of the release's
    page-types and kpageflags' own; a shortening that fits one page-types option alone is it, as
    in page-types, whatever kpageflags adds. An option the release lacks is refused."""
    known = [n for n in LONG if present is None or len(LONG[n][0]) > 1 or LONG[n][0] in present]
    tool = [n for n in known if len(LONG[n][0]) == 1 or n == "help"]
    for names in ([n for n in known if n == name], [n for n in tool if n.startswith(name)]):
        if len(names) == 1:
            return names[0]
    matches = [n for n in known if n.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        possible = " ".join(f"'--{n}'" for n in matches)
        raise UsageError(f"option '--{name}' is ambiguous; possibilities: {possible}")
    absent = [n for n in LONG if n == name] or [n for n in LONG if n.startswith(name)]
    if len(absent) == 1 and present is not None and release is not None:
        _refuse_absent(LONG[absent[0]][0], word, present, release)
    raise UsageError(f"unrecognized option '{word}'")


ULONG_MAX = (1 << 64) - 1
MAX_PAGE_INDEX = (1 << 60) - 1
"""page-types reads entry N of a page file at byte offset 8 * N, which must fit a signed 64-bit
off_t; from 2^60 on it does not, and page-types stops with "index overflow" or EINVAL."""
MAX_THREADS = 64
"""Each reader thread holds buffers of its own: the bound keeps a typo from asking for thousands
(more than the system lets a process start) or millions (gigabytes of memory)."""


def number(text: str, what: str, bounds: tuple[int, int] = (0, ULONG_MAX)) -> int:
    """page-types' parse_number (C notation, base 0), within bounds and without trailing junk."""
    return read_number(text, what, bounds=bounds, error=UsageError)


def page_types_number(text: str, what: str) -> int:
    """A number as page-types' parse_number reads it: C's strtoll in base 0, which saturates at
    the signed 64-bit limits, taken unsigned (so -1 is 2**64 - 1); a 0 read from text that does
    not start with '0' ("-0", " 0") is refused, as page-types refuses it. Trailing junk, which
    strtoll would stop at, is refused too."""
    value = read_number(text, what, bounds=None, error=UsageError)
    if value == 0 and not text.startswith("0"):
        raise UsageError(f"invalid name or number: {text}")
    return max(-(1 << 63), min(value, (1 << 63) - 1)) & ULONG_MAX


def address_range(text: str) -> tuple[int, int]:
    """page-types' addr-spec: N, N+M, N,M, N, and ,M (page units); returns (offset, size), the
    size cut to what fits below 2**64 as page-types' add_addr_range cuts it."""
    comma = text.find(",")
    cut = comma if comma >= 0 else text.find("+")
    if cut == 0:
        offset, size = 0, page_types_number(text[1:], "-a end")
    elif cut > 0:
        offset, rest = page_types_number(text[:cut], "-a offset"), text[cut + 1 :]
        size = ULONG_MAX if not rest else page_types_number(rest, "-a end" if text[cut] == "," else "-a count")
        if rest and text[cut] == ",":
            if size < offset:
                raise UsageError(f"invalid range: {offset},{size}")
            size -= offset
    else:
        offset, size = page_types_number(text, "-a offset"), 1
    size = min(size, ULONG_MAX - offset)
    if size and offset > MAX_PAGE_INDEX:
        raise UsageError(f"index overflow: {offset} (a page offset must be below 2^60, as 8 times it is a file offset)")
    return offset, size


def _kernel_named(given: list[Given]) -> str | None:
    """The release --kernel names (the last one given, wherever it stands)."""
    kernels = [value for key, value, _ in given if key == "kernel" and value is not None]
    return kernels[-1] if kernels else None


def _long_argument_since(letter: str) -> Release | None:
    """The release from which the long form of ``-letter`` takes its argument, if the spec says."""
    for option in PAGE_TYPES_OPTIONS:
        if option.letter == letter and option.long_argument_since is not None:
            return Release(option.long_argument_since)
    return None


def letters_of(release: Release | None) -> frozenset[str]:
    """The option letters of a release's page-types (every release's, for None)."""
    position = None if release is None else release.position_of("page_types")
    return frozenset(
        option.letter
        for option in PAGE_TYPES_OPTIONS
        if position is None or release_in(position, option.since, option.until)
    )


def first_tool_release() -> str:
    """The release whose kernel tree first shipped page-types: where its first options start."""
    return min((option.since for option in PAGE_TYPES_OPTIONS), key=endpoint_key)


def require_page_types(release: Release) -> None:
    """Refuses a release older than page-types, which has none to emulate."""
    first = first_tool_release()
    if release.position_of("page_types") < endpoint_key(first):
        covered = releases()
        raise UnknownRelease(
            f"page-types first appeared in {first}, so kernel {release.name} has none to emulate; "
            f"kpageflags decode and breakdown cover {covered[0]} to {covered[covered.index(first) - 1]}"
        )


def _refuse_absent(letter: str, spelled: str, present: frozenset[str], release: Release) -> None:
    """Refuses an option the release's page-types lacks (``present`` holds those it has), as
    its getopt_long did where it met it, before its argument is looked at. Not -F: it is how a
    saved file is given to any release's page-types, as one was bind-mounted over
    /proc/kpageflags for the real tool of a release before -F."""
    if letter not in present:
        since = [option.since for option in PAGE_TYPES_OPTIONS if option.letter == letter]
        came = f" (it came in {since[0]})" if since else ""
        if spelled.startswith("--"):  # as typed, perhaps shortened; the option by its whole name
            whole = next(name for name, (key, _) in LONG.items() if key == letter)
            refused, option = f"unrecognized option '{spelled}'", f"--{whole}"
        else:
            refused, option = f"invalid option -- '{letter}'", spelled
        raise _Refused(f"{refused}: page-types of {release.name} has no {option}{came}")


def _read_until_an_error(argv: list[str]) -> list[Given]:
    """The options before the first word that is no option of any release, or lacks its
    argument: a --kernel among them names the release that reads the line, and so says which
    error it meets first."""
    found: list[Given] = []
    try:
        _read_options(argv, True, None, found)
    except UsageError:
        return found
    return found


def _split_for_release(argv: list[str], options: Options) -> list[Given]:
    """The options as the page-types of the release --kernel names reads them (every option of
    every release where none is named). That release is named wherever --kernel stands, and
    found by reading the words as far as they read; a release from 4.16 to 7.1 declared
    --kpageflags without an argument, and is read so (with a note), where a user who names no
    release means the file they name."""
    named = _kernel_named(_read_until_an_error(argv))
    release = None if named is None else parse_release(named)
    if release is None:
        return split(argv)
    require_page_types(release)
    fixed = _long_argument_since("F")
    if fixed is None or release.position_of("page_types") >= fixed.position or "F" not in letters_of(release):
        # Before -F there was no --kpageflags either: for such a release, as -F, it gives the file.
        return split(argv, release=release)
    old = split(argv, kpageflags_argument=False, release=release)
    given = [value for key, value, _ in old if key == "F"]
    if given and given[-1] is None:
        options.notes.append(
            f"page-types of {release.name} takes no argument for --kpageflags (fixed in {fixed.series}): "
            "it reads /proc/kpageflags and ignores the word after it; -F FILE reads a file"
        )
    return old


def parse(argv: list[str]) -> Options:
    options = Options()
    pairs = _split_for_release(argv, options)
    # The release to emulate, from wherever --kernel stands: page-types reads no option after
    # -d or -h, but which page-types reads them is kpageflags' choice, made first.
    options.kernel = _kernel_named(pairs)
    for place, (key, value, _) in enumerate(pairs):
        if key == REFUSED:  # reached in its place: the options before it have been read
            raise UsageError(str(value))
        if key == "r":
            options.raw = True
        elif key == "p":
            assert value is not None
            options.pid = number(value, "-p pid", (1, PID_MAX))
            options.pid_text = value
        elif key == "f":
            assert value is not None
            options.file = checked_path(value, "-f")
        elif key == "a":
            assert value is not None
            options.ranges.append(address_range(value))
        elif key == "b":
            assert value is not None
            options.bits.append(value)
        elif key == "c":
            assert value is not None
            # page-types keeps the inode in a number that is 0 while unset: @0 filters nothing.
            options.cgroup = cgroup_inode(value) or None
        elif key == "C":
            options.list_cgroup = True
        elif key in ACTIONS:
            options.actions.append((key, value or ""))
            # How kpageflags prints is its own choice, as the release is: made wherever it stands.
            for later, later_value, _ in pairs[place + 1 :]:
                if later in FORMAT_KEYS:
                    _choose_format(options, later, later_value)
            break
        elif key == "i":
            options.mark_idle = True
        elif key == "l":
            options.list_mode = 1
        elif key == "L":
            options.list_mode = 2
        elif key == "M":
            options.list_mapcnt = True
        elif key == "N":
            options.no_summary = True
        elif key == "X":
            options.hwpoison = True
        elif key == "x":
            options.unpoison = True
        elif key == "F":
            options.kpageflags = None if value is None else checked_path(value, "-F")
        elif key == "snapshot":
            assert value is not None
            options.snapshot = checked_path(value, "--snapshot")
        elif key in FORMAT_KEYS:
            _choose_format(options, key, value)
        elif key == "sort":
            assert value is not None
            if value not in ("pages", "flags"):
                raise UsageError(f"--sort takes 'pages' or 'flags', not {quoted(value)}")
            options.sort = value
        elif key == "human":
            options.human = True
        elif key == "progress":
            options.progress = True
        elif key == "no-progress":
            options.progress = False
        elif key == "threads":
            assert value is not None
            options.threads = number(value, "--threads", (1, MAX_THREADS))
    return options


def cgroup_inode(text: str) -> int:
    """``@INODE``, or a cgroup directory whose inode is the memcg's."""
    import os
    import stat

    if text.startswith("@"):
        return page_types_number(text[1:], "-c inode")
    checked_path(text, "-c")
    try:
        info = os.stat(text)
    except OSError as error:
        raise UsageError(f"stat failed: {text}: {error.strerror}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise UsageError(f"cgroup supposed to be a directory: {text}")
    return info.st_ino


FORMAT_KEYS = frozenset({"json", "csv", "format"})


def _choose_format(options: Options, key: str, value: str | None) -> None:
    chosen: Format = _format(value) if key == "format" else "json" if key == "json" else "csv"
    if options.output not in ("text", chosen) and chosen != "text":
        raise UsageError("--json and --csv cannot be combined: give one of them")
    options.output = chosen


def _format(value: str | None) -> Format:
    formats: dict[str | None, Format] = {"text": "text", "json": "json", "csv": "csv"}
    if value not in formats:
        raise UsageError(f"--format takes {', '.join(map(str, formats))}, not '{value}'")
    return formats[value]
