"""``dump-page``: checking dump_page reports in kernel log text against the spec."""

from __future__ import annotations

import argparse
import codecs
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from ..errors import BadReport
from ..facts.kconfig import KernelConfig
from ..facts.pglayout import arch_preset, known_arches
from ..facts.releases import parse_release
from ..output.emit import Listing
from ..reports.dumplog import UnreadLine, read_log
from ..reports.dumpowner import owner_lines
from ..reports.dumppage import DumpAnalysis, DumpReport, LogChecker
from . import arguments
from .output import add_format_options, announce

DUMP_SCHEMA = "kpageflags.dump-page/1"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    dump = commands.add_parser(
        "dump-page",
        help="check dump_page reports in kernel logs",
        description="Find every dump_page report (Bad page state, VM_BUG_ON_PAGE/FOLIO...) in kernel log "
        "text, decode its flags word for the release and arch it names (or those given), and "
        "compare the names and fields the kernel printed with ours. Exit status 0 when all "
        "agree, 1 when one differs or none is found.",
    )
    dump.add_argument(
        "file", type=arguments.path, nargs="?", default="-", help="the log text (default: standard input)"
    )
    dump.add_argument("-k", "--kernel", metavar="REL", help="the release the reports come from")
    dump.add_argument(
        "--arch",
        metavar="ARCH",
        help=f"the arch preset, as uname -m or a distribution spells it: {known_arches()}",
    )
    dump.add_argument(
        "--config",
        type=arguments.path,
        metavar="FILE",
        help="a kernel .config to decode with in place of the arch's preset (for an arch with no preset)",
    )
    add_format_options(dump, "one object per report", "one row per report")
    dump.set_defaults(run=run_dump_page)


_CHUNK = 1 << 16


def _open(name: str) -> BinaryIO | TextIO:
    if name == "-":
        # Bytes where there are (a test may give text), so the log is decoded as UTF-8 whatever
        # the locale, and no carriage return is turned into a newline.
        return getattr(sys.stdin, "buffer", sys.stdin)
    try:
        return open(name, "rb")
    except OSError as error:
        raise BadReport(f"cannot read {name}: {error.strerror}") from None


def _chunks(handle: BinaryIO | TextIO, name: str) -> Iterator[str]:
    """The log's text a piece at a time, so that no log is held whole."""
    decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode
    try:
        while chunk := handle.read(_CHUNK):
            yield chunk if isinstance(chunk, str) else decode(chunk)
        yield decode(b"", final=True)
    except OSError as error:
        raise BadReport(f"cannot read {name}: {error.strerror}") from None
    finally:
        if name != "-":
            handle.close()


def _report_lines(results: Iterable[DumpAnalysis]) -> Iterator[str]:
    for index, result in enumerate(results):
        if index:
            yield ""
        report = result.report
        printed = "|".join([*report.printed, *(f"{k}={v:#x}" for k, v in report.printed_fields.items())])
        yield f"line {report.line}: flags {report.raw_flags:#x} printed ({printed})"
        if result.kernel:
            yield (
                f"  kernel {result.kernel} (printed {report.release_text or 'none'}), arch {result.arch}, "
                f"config: {result.config}"
            )
            fields = "|".join(f"{k}={v:#x}" for k, v in result.fields.items())
            yield f"  decoded ({'|'.join([*result.decoded, fields] if fields else result.decoded)})"
        yield from (f"  note: {n}" for n in result.notes)
        yield from (f"  differs: {d}" for d in result.differences)
        if result.consistent:
            yield f"  consistent with: {', '.join(result.consistent)}"
        yield _verdict(result)
        if report.owner is not None:
            yield from owner_lines(report.owner, result.release)


def _verdict(result: DumpAnalysis) -> str:
    """Whether the release's decoding agrees with the printed flags; with no release to decode
    with, that none was compared (the releases it fits are listed above), not a disagreement."""
    if result.agrees:
        return "  agrees with what the kernel printed"
    if result.release is None:
        fits = "fits the releases above" if result.consistent else "fits no release"
        return f"  not compared: no release to decode with (the printed word {fits}; give --kernel)"
    return "  does not agree"


def run_dump_page(args: argparse.Namespace) -> Listing | int:
    if args.kernel:
        announce(parse_release(args.kernel))
    arch = arch_preset(args.arch) if args.arch is not None else None
    config = None
    if args.config:
        from ..facts.kconfig import read_config

        config = read_config(args.config)
    handle = _open(args.file)
    tally = _Tally()
    results = _analyses(read_log(_chunks(handle, args.file)), args, arch, config, tally)
    return Listing(DUMP_SCHEMA, results, _report_lines, exit_code=tally.status, csv_joined=_CSV_JOINED)


_CSV_JOINED = {"owner.alloc_stack": ";", "owner.free_stack": ";"}
"""page_owner's stacks are one CSV cell each, their frames as printed joined by ``;``."""


class _Tally:
    """What the reports said, known once all are printed."""

    def __init__(self) -> None:
        self.found = 0
        self.disagree = 0

    def status(self) -> int:
        return 0 if self.found and not self.disagree else 1


def _analyses(
    found: Iterable[DumpReport | UnreadLine],
    args: argparse.Namespace,
    arch: str | None,
    config: KernelConfig | None,
    tally: _Tally,
) -> Iterator[DumpAnalysis]:
    """Each report checked as the log is read; the lines that could not be read are shown as
    they are met."""
    check = LogChecker(args.kernel, arch, config)
    for item in found:
        if isinstance(item, UnreadLine):
            print(
                f"kpageflags: line {item.line} looks like part of a dump_page report but was not read: {item.text}",
                file=sys.stderr,
            )
            continue
        result = check(item)
        if result.release is not None:
            announce(result.release)
        tally.found += 1
        tally.disagree += not result.agrees
        yield result
    if not tally.found:
        where = "standard input" if args.file == "-" else args.file
        print(f"kpageflags: no dump_page report found in {where}", file=sys.stderr)
