"""``kpageflags report``: one self-contained HTML page about a machine's memory."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from ..errors import UsageError
from ..output.emit import Listing
from ..output.private import check_writable
from . import arguments
from .decode_commands import add_kernel_option
from .output import add_format_options
from .sources import add_source_options, source_from_args

REPORT_SCHEMA = "kpageflags.report/1"
MAX_TOP = 1000


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "report",
        help="write one self-contained HTML page about the memory: facts, composition, map, "
        "free blocks, processes, cgroups, slab caches, known bugs",
        description="Writes one HTML file that needs nothing beside itself (no network, no script): the "
        "machine's kernel, config and zones, the memory's composition per category, node and zone, the "
        "memory map, free-block contiguity, the top processes (a snapshot taken with -p holds them) and "
        "memory cgroups, the largest slab caches, and the known kernel bugs that affect the figures. "
        "Charts need matplotlib (pip install 'kpageflags[plot]'); without it the page has the tables "
        "and the map.",
    )
    add_kernel_option(command)
    command.add_argument(
        "-o", "--output", required=True, type=arguments.path, metavar="FILE", help="the page to write: FILE.html"
    )
    command.add_argument(
        "--top",
        type=arguments.count(1, MAX_TOP),
        default=10,
        metavar="N",
        help="processes, cgroups and slab caches to list by name (default: 10)",
    )
    command.add_argument(
        "--slab-tree",
        type=arguments.path,
        default=None,
        metavar="DIR",
        help="a copy of /sys/kernel/slab for the slab caches (default: the snapshot's, or this machine's)",
    )
    add_source_options(command, "kpagecgroup", "cgroup_names", "zoneinfo", "buddyinfo", "config")
    add_format_options(command, "one object: the page written", "one row: the page written")
    command.set_defaults(run=run_report)


class ReportWritten(NamedTuple):
    """The page written, what it describes, and the sections that had no figures (with why)."""

    path: str
    kernel: str
    data_time: str
    bytes: int
    charts: bool
    missing_sections: dict[str, str]


def run_report(args: argparse.Namespace) -> Listing:
    from ..htmlreport import gather, write_report
    from ..htmlreport.charts import CHARTS_NEED, load_charts
    from ..output.notes import note_once

    suffix = os.path.splitext(args.output)[1]
    if suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"{args.output}: a report is written as .html, not {suffix or 'a file with no suffix'}")
    # Refused before a minute of reading the frames, not after.
    check_writable(args.output)
    charts_loading = load_charts()
    with source_from_args(args) as source:
        report = gather(source, slab_tree=args.slab_tree, top=args.top)
    charts = charts_loading is not None and charts_loading.loaded()
    if not charts:  # said once the inputs are read, so that a refused input is the one line said
        note_once(CHARTS_NEED)
    write_report(report, args.output, charts=charts)
    sections = {
        name: why
        for name in ("zones", "config", "processes", "cgroups", "slab")
        if isinstance(why := getattr(report, name), str)
    }
    written = ReportWritten(
        args.output, report.kernel, report.data_time, os.path.getsize(args.output), charts, sections
    )
    return Listing(REPORT_SCHEMA, [written], _report_lines)


def _report_lines(records: Iterable[ReportWritten]) -> Iterator[str]:
    for record in records:
        yield f"wrote {record.path}: {record.bytes:,} bytes, Linux {record.kernel}, {record.data_time}"
        for name, why in record.missing_sections.items():
            yield f"  no {name}: {why}"
