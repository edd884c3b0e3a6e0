"""``kpageflags map``: the physical address space as a picture, and its numbers as a table."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple, Union

from ..errors import BadValue, InputError, quoted
from ..output.emit import Listing
from ..output.private import check_writable
from . import arguments
from .decode_commands import add_kernel_option
from .output import add_format_options
from .sources import add_source_options, source_from_args

if TYPE_CHECKING:
    from ..analysis.memmap import MemoryMap

MAP_SCHEMA = "kpageflags.map/1"
CELL_NAMES = ("auto", "page", "pageblock", "memory-block")
SIZE_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
MAX_CELL_BYTES = 1 << 50
MAX_PAGEBLOCK_ORDER = 30
Cell = Union[str, int]


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "map",
        help="draw the physical address space coloured by memory category (SVG, or PNG with the plot extra)",
        description="Draws every page frame as a cell, laid out on a Hilbert curve (nearby frames stay "
        "nearby) or row by row, coloured by memory category, with zone and node boundaries and holes; "
        "--mixing shows which pageblocks mix movable and unmovable pages. Prints the picture's numbers "
        "as a table. SVG needs nothing more; PNG needs matplotlib (pip install 'kpageflags[plot]').",
    )
    add_kernel_option(command)
    command.add_argument(
        "-o",
        "--output",
        required=True,
        type=arguments.path,
        metavar="FILE",
        help="the picture to write: a name ending in .svg or .png",
    )
    command.add_argument(
        "--cell",
        type=_cell,
        default="auto",
        metavar="SIZE",
        help="pages per cell: page, pageblock, memory-block, or a size such as 64K or 2M "
        "(default: auto, one page a cell up to 4096 x 4096 cells)",
    )
    command.add_argument(
        "--layout", choices=("hilbert", "linear"), default="hilbert", help="how cells follow PFNs (default: hilbert)"
    )
    command.add_argument(
        "--only",
        type=_categories,
        default=(),
        metavar="CATEGORY[,...]",
        help="grey out every page not in these categories (see kpageflags categories)",
    )
    command.add_argument(
        "-b",
        "--bits",
        action="append",
        default=[],
        metavar="EXPR",
        help="grey out every page whose flags do not match, as page-types -b (may be repeated)",
    )
    command.add_argument(
        "--mixing",
        action="store_true",
        help="colour pageblocks by whether they mix movable and unmovable pages (what keeps huge pages out)",
    )
    command.add_argument(
        "--pageblock-order",
        type=arguments.count(0, MAX_PAGEBLOCK_ORDER),
        default=None,
        metavar="N",
        help="pages per pageblock as a power of two (default: the PMD huge page's, 9 with 4 KiB pages)",
    )
    add_source_options(command, "zoneinfo", "memory_blocks")
    add_format_options(command, "one object per legend entry", "one row per legend entry")
    command.set_defaults(run=run_map)


def _cell(text: str) -> Cell:
    if text in CELL_NAMES:
        return text
    size = re.fullmatch(r"([0-9]{1,16})([KMGT]?)", text.strip(), re.IGNORECASE)
    if size is None or int(size.group(1)) == 0:
        raise argparse.ArgumentTypeError(
            f"--cell takes {', '.join(CELL_NAMES)} or a size such as 64K or 2M, not {quoted(text)}"
        )
    value = int(size.group(1)) * SIZE_UNITS[size.group(2).upper()]
    if value > MAX_CELL_BYTES:
        raise argparse.ArgumentTypeError(f"cell size {quoted(text)} is larger than any machine's memory")
    return value


def _categories(text: str) -> tuple[str, ...]:
    from ..facts.categories import category

    try:
        return tuple(category(name.strip()).id for name in text.split(","))
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def run_map(args: argparse.Namespace) -> Listing:
    from ..analysis.memmap import memory_map
    from ..drawing import check_output, write_map

    check_output(args.output)
    check_writable(args.output)
    with source_from_args(args) as source:
        if args.memory_blocks is not None:
            # Only memory-block cells need them, but a path that holds none is refused, not ignored.
            source.memory_blocks()
        result = memory_map(
            source,
            _cell_pages(args.cell, source.page_size),
            args.layout,
            only=args.only,
            bits=args.bits,
            mixing=args.mixing,
            pageblock_order=args.pageblock_order,
        )
    write_map(result, args.output)
    return Listing(MAP_SCHEMA, _rows(result), lambda rows: _table(rows, result, args.output))


def _cell_pages(cell: Cell, page_size: int) -> Cell:
    if isinstance(cell, str):
        return cell
    if cell % page_size:
        raise BadValue(f"--cell {cell} bytes is not a whole number of {page_size}-byte pages")
    return cell // page_size


class MapEntry(NamedTuple):
    """One legend entry of a map: what a colour stands for and how much of it there is."""

    kernel: str
    view: str
    key: str
    title: str
    pages: int
    cells: int
    pageblocks: int | None


def _rows(result: MemoryMap) -> list[MapEntry]:
    from ..drawing.style import legend

    shown = {entry.key for entry in legend(result)}
    return [
        MapEntry(
            result.kernel,
            result.view,
            key,
            result.titles[key],
            _pages(result, key),
            result.cells[key],
            result.blocks[key] if result.view == "mixing" else None,
        )
        for key in result.keys
        if key in shown
    ]


def _pages(result: MemoryMap, key: str) -> int:
    """The pages a row stands for. In the mixing view a row is a class of pageblocks, so its pages
    are those its blocks span: the analysis's count of movable or unmovable pages anywhere (0 for
    mixed, a class only blocks have) would read as the blocks'."""
    if result.view == "mixing":
        return result.blocks[key] * result.pageblock_pages
    return result.pages[key]


def _table(rows: Iterable[MapEntry], result: MemoryMap, output: str) -> Iterator[str]:
    from ..drawing.style import caption

    entries = list(rows)
    blocks = result.view == "mixing"
    yield f"{'key':<18} {'pages':>12} {'cells':>10}" + (f" {'pageblocks':>10}" if blocks else "") + "  what"
    for entry in entries:
        count = f" {entry.pageblocks:>10}" if blocks else ""
        yield f"{entry.key:<18} {entry.pages:>12} {entry.cells:>10}{count}  {entry.title}"
    yield ""
    yield f"wrote {output}: {result.width} x {result.height} cells"
    yield from caption(result)
