"""Every error kpageflags raises, in two families, each message one line meant for a user.

``InputError``: what the user gave is wrong (an argument, a value, a file's contents); the
command line exits with status 2. ``EnvironmentProblem``: the input is fine but this machine
cannot answer (permission, a kernel feature or file that is missing, a process that went
away); each kind has its own exit status, so scripts can tell them apart:

====  ===========================================================
 2    bad input (``InputError`` and its subclasses, and usage errors)
 3    not permitted (``NotPermitted``: needs root, CAP_SYS_ADMIN or ptrace rights)
 4    not available (``NotAvailable``: the kernel or machine lacks a file or feature)
 5    the process is gone (``ProcessGone``)
 1    any other system error (an I/O error the kernel reported), and a stop of a kernel tool
      reproduced with ``--kernel`` where that tool stops with exit status 1 (``ToolStopped``)
====  ===========================================================
"""

from __future__ import annotations

import errno as errnos

TYPE_CHECKING = False  # typing itself is not imported: it is a tenth of slabinfo's start-up
if TYPE_CHECKING:
    from typing import ClassVar

EXIT_INPUT = 2
EXIT_NOT_PERMITTED = 3
EXIT_NOT_AVAILABLE = 4
EXIT_PROCESS_GONE = 5
EXIT_SYSTEM = 1


class KpageflagsError(Exception):
    """Base of every error kpageflags raises; ``exit_code`` is the command line's status for it.

    >>> from kpageflags import parse_release
    >>> try:
    ...     parse_release("2.4.37")
    ... except KpageflagsError as error:
    ...     print(type(error).__name__, error.exit_code)
    UnknownRelease 2
    """

    exit_code: ClassVar[int] = EXIT_INPUT


class InputError(KpageflagsError, ValueError):
    """Base of the errors for bad input: arguments, values or files that cannot be used.

    >>> from kpageflags import decode
    >>> try:
    ...     decode(1, kernel='4.21')
    ... except InputError as error:
    ...     print(type(error).__name__)
    UnknownRelease
    """


class UnknownRelease(InputError):
    """Not a kernel release kpageflags can decode: not release-like, older than 2.6.25, or
    a series that never was (4.21). A release newer than the spec's is no error.

    >>> from kpageflags import parse_release
    >>> try:
    ...     parse_release('2.4.37')
    ... except UnknownRelease as error:
    ...     print(str(error))
    kernel release '2.4.37' is not covered: it is older than 2.6.25, the first release with /proc/kpageflags
    """


class UnknownFlag(InputError):
    """A flag name that the release's tables do not define.

    >>> from kpageflags import kpf_table
    >>> try:
    ...     kpf_table('6.18').bit_of('frozen')
    ... except UnknownFlag as error:
    ...     print(error)
    'frozen' is not a flag in 6.18
    """


class BadBitsExpression(InputError):
    """A page-types ``-b`` expression with a token that is neither a flag name nor a number.

    >>> from kpageflags import parse_bits
    >>> try:
    ...     parse_bits('anon,blue', kernel='6.18')
    ... except BadBitsExpression as error:
    ...     print(error)
    bits expression 'anon,blue': 'blue' is neither a flag name of 6.18 nor a number
    """


class BadValue(InputError):
    """A number that is not one, is too long, or lies outside what its argument takes (a 64-bit
    value, a thread count, a page size...).

    >>> from kpageflags import decode
    >>> try:
    ...     decode(1 << 64, kernel='6.18')
    ... except BadValue as error:
    ...     print(error)
    18446744073709551616 is not a 64-bit unsigned value
    """


class PagemapFormatError(InputError):
    """A pagemap entry that cannot be read with the layout its release used.

    >>> from kpageflags import decode_pagemap
    >>> try:
    ...     decode_pagemap(1 << 63, '3.0')
    ... except PagemapFormatError as error:
    ...     print(str(error)[:53])
    pagemap entry 0x8000000000000000 has no page shift in
    """


class BadConfig(InputError):
    """A config file that cannot be read or is not a kernel config, or a bad condition."""


class BadBtf(InputError):
    """BTF data that is missing, truncated or of an unknown format."""


class UnknownPreset(InputError):
    """A config preset name the spec does not define."""


class UsageError(InputError):
    """A command line that cannot be parsed."""


class TopologyError(InputError):
    """A zoneinfo or memory-block description that cannot be read."""


class SnapshotError(InputError):
    """A snapshot that cannot be written or read (missing, truncated, corrupt, other format)."""


class BadPageFile(InputError):
    """A saved page file that is not a whole number of 8-byte entries."""


class MissingPart(InputError):
    """A source lacks what an analysis needs: a snapshot that did not capture it, or saved files
    given without it (the message names the option that supplies it)."""


class BadMaps(InputError):
    """Text that is not a /proc/PID/maps listing (a line without an address range, say)."""


class BadReport(InputError):
    """Text that holds no dump_page report, or one that cannot be read."""


class BadPageOwnerDump(InputError):
    """Text that is not a page_owner (or page_owner_stacks) dump: binary data, foreign text, a
    directory, a line far longer than the kernel prints, a corrupt .gz."""


class UnreadableFile(InputError):
    """A file the user named (a saved copy, a BTF, a config) that is missing or cannot be read."""


class EnvironmentProblem(KpageflagsError):
    """The input is fine, but this machine cannot answer; ``errno`` is the system's error number
    where there was one."""

    exit_code: ClassVar[int] = EXIT_SYSTEM

    def __init__(self, message: str, errno: int | None = None) -> None:
        super().__init__(message)
        self.errno = errno


class NotPermitted(EnvironmentProblem):
    """Reading or writing needs privileges this process lacks (root, CAP_SYS_ADMIN, ptrace)."""

    exit_code: ClassVar[int] = EXIT_NOT_PERMITTED


class NotAvailable(EnvironmentProblem):
    """The kernel or machine lacks a file or feature (no /proc/kpagecgroup, no BTF, no debugfs)."""

    exit_code: ClassVar[int] = EXIT_NOT_AVAILABLE


class ProcessGone(EnvironmentProblem):
    """The process does not exist, exited, or has no user address space to read."""

    exit_code: ClassVar[int] = EXIT_PROCESS_GONE


class ToolStopped(KpageflagsError):
    """A kernel tool reproduced with ``--kernel`` stops here with this message and exit status 1
    (its fatal()), on input the fixed tool takes: the reproduction stops the same way."""

    exit_code: ClassVar[int] = EXIT_SYSTEM


def environment_problem(message: str, errno: int | None) -> EnvironmentProblem:
    """The family member for a system error number, so one cause always gets one exit status.

    >>> type(environment_problem("x", errnos.EACCES)).__name__, type(environment_problem("x", errnos.ESRCH)).__name__
    ('NotPermitted', 'ProcessGone')
    """
    if errno in (errnos.EACCES, errnos.EPERM):
        return NotPermitted(message, errno)
    if errno == errnos.ESRCH:
        return ProcessGone(message, errno)
    if errno in (errnos.ENOENT, errnos.ENODEV, errnos.ENOTDIR, errnos.EOPNOTSUPP, errnos.ENOSYS):
        return NotAvailable(message, errno)
    return EnvironmentProblem(message, errno)


KERNEL_INTERFACES = ("/proc/", "/sys/")
"""Where the kernel offers its files; any other path is a file a user named."""


def unreadable_file(
    path: str, error: OSError, message: str, bad_input: type[InputError] = UnreadableFile
) -> KpageflagsError:
    """The error for a file that could not be opened or read. Under /proc or /sys the kernel
    does not offer it or lets no one read it (``NotAvailable``, ``NotPermitted``...); any other
    file is one the user named, and a missing or unreadable one is bad input (``bad_input``,
    exit status 2), whatever the system's reason.

    >>> import errno
    >>> missing = OSError(errno.ENOENT, "No such file or directory")
    >>> [type(unreadable_file(p, missing, "x")).__name__ for p in ("/sys/kernel/btf/vmlinux", "./vmlinux")]
    ['NotAvailable', 'UnreadableFile']
    """
    if path.startswith(KERNEL_INTERFACES):
        return environment_problem(message, error.errno)
    return bad_input(message)


QUOTED_LENGTH = 24
# Characters a quotation shows at most, escapes of unprintable characters included.
SHOWN_WIDTH = 48


def quoted(text: str) -> str:
    """User text for an error message: at most QUOTED_LENGTH characters of it, unprintable ones
    escaped, with its length when cut, so no input can make a message long or split it.

    >>> quoted("0x1g"), quoted("a\\x00")
    ("'0x1g'", "'a\\\\x00'")
    >>> quoted("9" * 5000)
    "'999999999999999999999999...' (5000 characters)"
    >>> quoted("\U0001342f" * 6)
    "'\\\\U0001342f\\\\U0001342f\\\\U0001342f\\\\U0001342f...' (6 characters)"
    """
    pieces: list[str] = []
    width = 0
    for char in text[:QUOTED_LENGTH]:
        piece = char if char.isprintable() else repr(char)[1:-1]
        # An escape takes up to 10 characters: they count against the width shown, too.
        if width + len(piece) > SHOWN_WIDTH:
            break
        pieces.append(piece)
        width += len(piece)
    shown = "".join(pieces)
    return f"'{shown}'" if len(pieces) == len(text) else f"'{shown}...' ({len(text)} characters)"
