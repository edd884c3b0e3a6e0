"""``kpageflags process PID``: a process's memory per mapping."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from ..errors import UnknownRelease
from ..output.emit import Listing
from . import arguments
from .output import add_format_options
from .sources import add_snapshot_option, choose_release_now, source_from_args

if TYPE_CHECKING:
    from ..analysis.processmem import VmaMemory


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    process = commands.add_parser(
        "process",
        help="a process's memory per mapping: RSS, PSS, USS, anon, file, swap, THP",
        description="Reads /proc/PID/maps and pagemap, and the kpageflags and kpagecount of the frames "
        "found, to count each mapping's resident, proportional and unique pages, anonymous "
        "and file pages, swapped pages and the part in transparent huge pages (mTHP too). "
        "Without root the kernel hides frame numbers, so only RSS, file and swap are shown.",
    )
    process.add_argument("pid", type=arguments.pid, help="the process id")
    add_snapshot_option(process)
    process.add_argument("--all", action="store_true", help="list mappings with nothing resident or swapped too")
    add_format_options(process, "one object per mapping", "one row per mapping")
    process.set_defaults(run=run_process)


PROCESS_SCHEMA = "kpageflags.process/1"


def run_process(args: argparse.Namespace) -> Listing:
    from ..analysis.processmem import process_memory

    with source_from_args(args) as source:
        # A process's bits mean the same in every release: counting them needs no covered release.
        with contextlib.suppress(UnknownRelease):
            choose_release_now(source)
        rows = process_memory(source, args.pid)
        page = source.page_size
    shown = [_mapping_record(args.pid, page, r) for r in rows if args.all or r.rss or r.swapped]
    return Listing(PROCESS_SCHEMA, shown, lambda records: _process_lines(records, rows, page))


class MappingMemory(NamedTuple):
    """One mapping of a process, in pages (``pss`` a fraction); None where frames were hidden."""

    pid: int
    page_size: int
    start: str
    end: str
    perms: str
    rss: int
    pss: float | None
    uss: int | None
    anon: int | None
    file: int
    swapped: int
    thp: int | None
    hugetlb: int | None
    path: str
    thp_folios: dict[str, int] | None


def _mapping_record(pid: int, page: int, r: VmaMemory) -> MappingMemory:
    return MappingMemory(
        pid=pid,
        page_size=page,
        start=f"{r.vma.start:#x}",
        end=f"{r.vma.end:#x}",
        perms=r.vma.perms,
        rss=r.rss,
        pss=None if r.pss is None else round(r.pss, 2),
        uss=r.uss,
        anon=r.anon,
        file=r.file,
        swapped=r.swapped,
        thp=r.thp,
        hugetlb=r.hugetlb,
        path=r.vma.path,
        thp_folios=None if r.thp_folios is None else {str(k): v for k, v in r.thp_folios.items()},
    )


def _process_lines(shown: Iterable[MappingMemory], rows: list[VmaMemory], page: int) -> Iterator[str]:
    from ..output.units import human

    def size(pages: float | None) -> str:
        return "-" if pages is None else human(int(pages * page))

    def folios(sizes: dict[str, int]) -> str:
        ordered = sorted(((int(pages), count) for pages, count in sizes.items()), reverse=True)
        return ", ".join(f"{count}x{human(pages * page)}" for pages, count in ordered)

    yield (
        f"{'start':>14} {'perms':<5} {'rss':>8} {'pss':>8} {'uss':>8} {'anon':>8} {'file':>8} {'swap':>8} "
        f"{'thp':>5}  path"
    )
    for r in shown:
        share = "-" if r.thp is None or not r.rss else f"{100 * r.thp / r.rss:.0f}%"
        yield (
            f"{int(r.start, 16):>14x} {r.perms:<5} {size(r.rss):>8} {size(r.pss):>8} {size(r.uss):>8} "
            f"{size(r.anon):>8} {size(r.file):>8} {size(r.swapped):>8} {share:>5}  {r.path}"
            + (f"  [THP: {folios(r.thp_folios)}]" if r.thp_folios else "")
        )
    known = all(r.pss is not None for r in rows)
    totals = [
        sum(r.rss for r in rows),
        sum(r.pss or 0 for r in rows) if known else None,
        sum(r.uss or 0 for r in rows) if known else None,
        sum(r.anon or 0 for r in rows) if known else None,
        sum(r.file for r in rows),
        sum(r.swapped for r in rows),
    ]
    yield f"{'total':>14} {'':<5} " + " ".join(f"{size(t):>8}" for t in totals)
    if not known:
        print(
            "kpageflags: frame numbers are hidden without CAP_SYS_ADMIN: pss, uss, anon and thp need root",
            file=sys.stderr,
        )
