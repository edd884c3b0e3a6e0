"""``dump-page``: checking dump_page reports in kernel log text against the spec."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator

from ..errors import BadReport
from ..facts.pglayout import arch_preset, known_arches
from ..facts.releases import parse_release
from ..output.emit import Listing
from ..reports.dumppage import DumpAnalysis, analyse, scan_log
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


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    with open(name, encoding="utf-8", errors="replace") as handle:
        return handle.read()


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
        yield "  agrees with what the kernel printed" if result.agrees else "  does not agree"


def run_dump_page(args: argparse.Namespace) -> Listing | int:
    if args.kernel:
        announce(parse_release(args.kernel))
    arch = arch_preset(args.arch) if args.arch else None
    config = None
    if args.config:
        from ..facts.kconfig import read_config

        config = read_config(args.config)
    try:
        text = _read(args.file)
    except OSError as error:
        raise BadReport(f"cannot read {args.file}: {error.strerror}") from None
    scan = scan_log(text)
    for number, line in scan.unread:
        print(
            f"kpageflags: line {number} looks like part of a dump_page report but was not read: {line}", file=sys.stderr
        )
    if not scan.reports:
        where = "standard input" if args.file == "-" else args.file
        print(f"kpageflags: no dump_page report found in {where}", file=sys.stderr)
        return 1
    results = [analyse(report, args.kernel, arch, config) for report in scan.reports]
    for result in results:
        if result.release is not None:
            announce(result.release)
    return Listing(DUMP_SCHEMA, results, _report_lines, exit_code=0 if all(r.agrees for r in results) else 1)
