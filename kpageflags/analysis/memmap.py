"""The physical address space as a raster: one cell per page or per block of pages, laid out
on a Hilbert curve or row by row, each cell holding the index of what it shows.

What a cell shows is one of ``MemoryMap.keys``. In the category view these are the spec's
memory categories (a cell of many pages shows the category most of its pages have; a tie goes
to the category whose rule comes first), plus ``filtered_out`` for pages a filter leaves out
and ``beyond_last_frame`` for the corner of the picture past the last frame. Holes in the
physical address space are the ``no_page`` key, told apart as :mod:`kpageflags.analysis.holes`
says (so ``breakdown`` counts the same holes): the kernel reports those frames as having no
page, or (from 6.18) as flags 0, where frames outside the online memory blocks are the holes.
In the mixing view each pageblock is ``mixed`` when it holds both movable and unmovable pages:
compaction cannot empty it, so it can never become a huge page.

Zone and node boundaries come as edges between cells. Everything here is computed once with
numpy when it is present and the map is large, in plain Python otherwise, to the same result;
drawing the raster is :mod:`kpageflags.drawing`'s part.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from ..errors import BadValue, UsageError, unreadable_file
from ..facts.bitsexpr import matches_all, parse_bits
from ..facts.categories import categories, category, category_rules
from ..output.times import utc_second
from ..sources.counting import numpy_module
from ..sources.source import KPAGEFLAGS
from . import hilbert
from .breakdown import zone_segments
from .holes import NO_PAGE, Unpaged, hole_note, unpaged

if TYPE_CHECKING:
    from ..sources.source import PageSource

LAYOUTS = ("hilbert", "linear")
CELL_NAMES = ("auto", "page", "pageblock", "memory-block")
HOLE = NO_PAGE
FILTERED = "filtered_out"
BEYOND = "beyond_last_frame"
MIXED, UNMOVABLE, MOVABLE, NEITHER = "mixed", "unmovable", "movable", "neither"
MIXING_KEYS = (MIXED, UNMOVABLE, MOVABLE, NEITHER, HOLE, BEYOND)
"""In the order a block's class is decided: a block is the first of these that it holds."""
MIXING_TITLES = {
    MIXED: "movable and unmovable pages mixed",
    UNMOVABLE: "unmovable pages, none movable",
    MOVABLE: "movable pages, none unmovable",
    NEITHER: "free, HugeTLB or offline pages only",
    HOLE: "no page frame (hole)",
    BEYOND: "past the last page frame",
}
# What compaction can migrate out of a pageblock: pages on the LRU lists (anonymous, page
# cache, shared memory, KSM). Slab objects, page tables and other kernel allocations are
# referenced by address and stay where they are. A HugeTLB page fills its blocks whole.
MOVABLE_CATEGORIES = frozenset({"anon", "anon_thp", "ksm", "shmem", "file_thp", "page_cache"})
UNMOVABLE_CATEGORIES = frozenset({"slab", "page_table", "zero_page", "reserved", "kernel_other"})

MAX_CELLS = 1 << 24
"""A 4096 x 4096 picture: larger maps take memory and time no screen can show."""
NUMPY_FROM_CELLS = 1 << 12
"""Below this many cells plain Python is as fast as importing numpy."""


class Edge(NamedTuple):
    """A boundary line from (x0, y0) to (x1, y1) in cell units (cell (x, y) spans x..x+1),
    between two zones of one node (``zone``) or between nodes (``node``)."""

    x0: int
    y0: int
    x1: int
    y1: int
    kind: str


class MemoryMap(NamedTuple):
    """A raster of the physical address space and the numbers beside it."""

    kernel: str
    taken: str
    page_size: int
    frames: int
    cell_pages: int
    pageblock_pages: int
    layout: str
    view: str
    width: int
    height: int
    raster: bytes
    """One index into ``keys`` per cell, row by row from the top left."""
    keys: tuple[str, ...]
    titles: dict[str, str]
    pages: dict[str, int]
    """Pages per key (the mixing view counts pages per class; ``mixed`` is a class of blocks)."""
    cells: dict[str, int]
    blocks: dict[str, int]
    """Pageblocks per class, in the mixing view (empty in the category view)."""
    edges: tuple[Edge, ...]
    zones_known: bool
    selection: str
    """What the filter keeps, in the words of the command line ("" without a filter)."""
    hole_note: str = ""
    """How holes were told apart where the kernel does not mark them ("" where it does)."""

    @property
    def mixed_blocks(self) -> int:
        return self.blocks.get(MIXED, 0)


def memory_map(
    source: PageSource,
    cell: str | int = "auto",
    layout: str = "hilbert",
    *,
    only: Sequence[str] = (),
    bits: Sequence[str] = (),
    mixing: bool = False,
    pageblock_order: int | None = None,
    use_numpy: bool | None = None,
    threads: int = 2,
) -> MemoryMap:
    """The map of a source: ``cell`` is ``auto`` (one page per cell while the picture stays
    within ``MAX_CELLS``), ``page``, ``pageblock``, ``memory-block`` or a number of pages;
    ``only`` (category ids) and ``bits`` (page-types ``-b`` expressions) grey out every page
    they do not select; ``mixing`` shows pageblocks by what they mix instead of categories."""
    if layout not in LAYOUTS:
        raise BadValue(f"unknown layout '{layout}'; choose one of {', '.join(LAYOUTS)}")
    if mixing and (only or bits):
        raise UsageError(
            "--mixing shows every page by whether it can move; it cannot be combined with --only or --bits"
        )
    release = source.release
    block_pages = 1 << (pageblock_order if pageblock_order is not None else pmd_order(source.page_size))
    keys, key_of_value = (
        _mixing_keys(release) if mixing else _category_keys(release, [category(c).id for c in only], bits)
    )
    cell_pages = None if cell == "auto" else _cell_pages(source, cell, block_pages)
    if mixing and cell_pages is not None and cell_pages % block_pages:
        raise UsageError(f"--mixing needs cells of whole pageblocks ({block_pages} pages each), not {cell_pages} pages")
    taken = data_time(source)
    numpy = numpy_module() if use_numpy is not False else None
    outside = unpaged(source)
    page_keys, pages = _read_page_keys(source, key_of_value, keys, numpy, threads, outside)
    if not page_keys:
        raise BadValue(f"{source.label} holds no page frames to draw")
    if cell_pages is None:
        cell_pages = _auto_cell(len(page_keys), block_pages if mixing else 1)
    _check_cell_count(len(page_keys), cell_pages)
    cell_count = -(-len(page_keys) // cell_pages)
    big = numpy if use_numpy or (use_numpy is None and cell_count >= NUMPY_FROM_CELLS) else None
    cell_keys, blocks = _cell_keys(page_keys, keys, cell_pages, block_pages if mixing else None, big)
    grid = _grid(cell_count, layout)
    width, height = grid.width, grid.height
    raster = _place(grid, cell_keys, keys.index(BEYOND), big)
    # A cell of one page is that page: its counts are the pages', plus the picture's empty corner.
    cells = dict(pages) if cell_pages == 1 else _count(cell_keys, keys, big)
    cells[BEYOND] += width * height - cell_count
    zones = source.zones() if source.has("zoneinfo") else []
    edges = _edges(zones, cell_pages, cell_count, grid, big) if zones else ()
    note = hole_note(release, outside, pages[HOLE])
    return MemoryMap(
        release.name,
        taken,
        source.page_size,
        len(page_keys),
        cell_pages,
        block_pages,
        layout,
        "mixing" if mixing else "category",
        width,
        height,
        bytes(raster),
        keys,
        _titles(keys, holes_told=outside.known or not note),
        pages,
        cells,
        blocks,
        tuple(edges),
        bool(zones),
        _selection(only, bits),
        note,
    )


def _cell_keys(
    page_keys: bytearray, keys: Sequence[str], cell_pages: int, block_pages: int | None, numpy: Any | None
) -> tuple[Any, dict[str, int]]:
    """What each cell shows, and in the mixing view (``block_pages`` given) the pageblocks per class."""
    beyond = keys.index(BEYOND)
    if block_pages is None:
        return _majority(page_keys, cell_pages, len(keys), beyond, numpy), {}
    block_keys = _block_classes(page_keys, block_pages, numpy)
    return _lowest_present(block_keys, cell_pages // block_pages, beyond, numpy), _count(block_keys, keys, numpy)


def pmd_order(page_size: int) -> int:
    """The order of a huge page mapped by one page-middle-directory entry (a page table page of
    ``page_size`` bytes holds ``page_size / 8`` entries), the default pageblock order.

    With fixed-size huge pages configured, include/linux/pageblock-flags.h makes pageblock_order
    the huge page's order: the PMD's on x86-64 and on arm64 with 4 KiB pages (9: 2 MiB, as this
    machine's /proc/pagetypeinfo says). Without hugetlb it is the largest buddy order, and
    powerpc sets it at boot; there the pageblock order is given by hand."""
    return (page_size // 8).bit_length() - 1


def data_time(source: PageSource) -> str:
    """When the source's frames were read, in words: a snapshot says when it was taken, a saved
    copy is as old as its file, this machine is read now (a caption reads "data of this machine,
    read ...")."""
    from ..sources.files import SavedFiles
    from ..sources.snapshot import Snapshot

    if isinstance(source, Snapshot):
        return f"snapshot taken {source.manifest['taken']}"
    if isinstance(source, SavedFiles):
        import os

        path = source.paths[KPAGEFLAGS]
        try:
            saved = os.stat(path).st_mtime
        except OSError as error:
            raise unreadable_file(path, error, f"cannot read {path}: {error.strerror}") from None
        return f"kpageflags copy saved {utc_second(saved)}"
    return f"this machine, read {utc_second(time.time())}"


def _category_keys(release: Any, only: list[str], bits: Sequence[str]) -> tuple[tuple[str, ...], Callable[[int], int]]:
    rules = category_rules(release)
    keys = (*(c.id for c in categories()), FILTERED, BEYOND)
    position = {key: i for i, key in enumerate(keys)}
    filters = tuple(parse_bits(expression, release) for expression in bits)
    wanted = frozenset(only)

    def key_of(value: int) -> int:
        name = rules.category_of(value)
        if (wanted and name not in wanted) or not matches_all(filters, value):
            return position[FILTERED]
        return position[name]

    return keys, key_of


def _mixing_keys(release: Any) -> tuple[tuple[str, ...], Callable[[int], int]]:
    rules = category_rules(release)
    position = {key: i for i, key in enumerate(MIXING_KEYS)}

    def key_of(value: int) -> int:
        name = rules.category_of(value)
        if name == HOLE:
            return position[HOLE]
        if name in MOVABLE_CATEGORIES:
            return position[MOVABLE]
        return position[UNMOVABLE if name in UNMOVABLE_CATEGORIES else NEITHER]

    return MIXING_KEYS, key_of


def _selection(only: Sequence[str], bits: Sequence[str]) -> str:
    parts = ([f"--only {','.join(only)}"] if only else []) + [f"-b {expression}" for expression in bits]
    return " ".join(parts)


def _titles(keys: Sequence[str], holes_told: bool) -> dict[str, str]:
    titles = {c.id: c.title for c in categories()}
    titles.update(MIXING_TITLES)
    titles[HOLE] = "no page frame (hole)" if holes_told else "no page frame (holes not told apart here)"
    titles[FILTERED] = "left out by the filter"
    return {key: titles[key] for key in keys}


def _read_page_keys(
    source: PageSource,
    key_of: Callable[[int], int],
    keys: Sequence[str],
    numpy: Any | None,
    threads: int,
    outside: Unpaged,
) -> tuple[bytearray, dict[str, int]]:
    """One key per page frame, and the pages of each key, from one pass over kpageflags; each
    distinct flags value is classified once. Holes are told apart as :mod:`.holes` says: a
    frame ``outside`` online memory that reads 0 is one."""
    memo: dict[int, int] = {}

    def lookup(value: int) -> int:
        found = memo.get(value)
        if found is None:
            found = memo[value] = key_of(value)
        return found

    page_keys = bytearray()
    pages = [0] * len(keys)
    hole = keys.index(HOLE)
    known = _Known(numpy, lookup) if numpy is not None else None
    with source.read(threads=threads) as reader:
        for chunk in reader:
            if chunk.first > len(page_keys):
                pages[hole] += chunk.first - len(page_keys)
                page_keys += bytes([hole]) * (chunk.first - len(page_keys))  # frames a source skips have no page
            start = len(page_keys)
            page_keys += _classify(chunk.flags, memo, lookup, numpy, known, pages)
            for frames in outside.overlapping(start, len(page_keys)):
                _mark_holes(chunk.flags, page_keys, start, frames, hole, pages)
    return page_keys, dict(zip(keys, pages))


def _mark_holes(
    data: bytes, page_keys: bytearray, start: int, frames: tuple[int, int], hole: int, pages: list[int]
) -> None:
    """Frames in ``frames`` (of a chunk read from frame ``start``) that read 0 become holes."""
    first, end = frames
    piece = data[(first - start) * 8 : (end - start) * 8]
    if piece == bytes(len(piece)):
        keys = page_keys[first:end]
        for key in set(keys):
            pages[key] -= keys.count(key)
        page_keys[first:end] = bytes([hole]) * (end - first)
        pages[hole] += end - first
        return
    for frame, value in enumerate(memoryview(piece).cast("Q"), first):
        if not value:
            pages[page_keys[frame]] -= 1
            page_keys[frame] = hole
            pages[hole] += 1


def _classify(
    data: bytes,
    memo: dict[int, int],
    lookup: Callable[[int], int],
    numpy: Any | None,
    known: _Known | None,
    pages: list[int],
) -> bytes:
    """The keys of a chunk's frames, their pages added to ``pages``. Neighbouring frames mostly
    share their flags (free memory above all), so runs of one value are classified at once."""
    if numpy is None or known is None:
        pieces: list[bytes] = []
        _classify_runs(data, memo, lookup, pieces)
        result = b"".join(pieces)
        for key in set(result):
            pages[key] += result.count(key)
        return result
    values = numpy.frombuffer(data, dtype=numpy.uint64)
    if not len(values):
        return b""
    starts = numpy.flatnonzero(values[1:] != values[:-1]) + 1
    starts = numpy.concatenate((numpy.zeros(1, dtype=starts.dtype), starts))
    runs = values[starts]
    lengths = numpy.diff(numpy.append(starts, len(values)))
    position = known.find(runs, numpy)
    missing = known.values[position] != runs
    if missing.any():
        known.add(runs[missing], lookup, numpy)
        position = known.find(runs, numpy)
    run_keys = known.keys[position]
    for key, count in enumerate(numpy.bincount(run_keys, weights=lengths, minlength=len(pages)).tolist()):
        pages[key] += int(count)
    return bytes(numpy.repeat(run_keys, lengths).tobytes())


RUN_LEAF = 64
"""Below this many frames, classifying frame by frame beats looking for runs."""


def _classify_runs(data: bytes, memo: dict[int, int], lookup: Callable[[int], int], pieces: list[bytes]) -> None:
    """Without numpy: a piece of one value throughout is found by one comparison and classified
    once; other pieces are halved until small, then looked up in ``memo`` (which ``lookup``
    fills) at C speed."""
    entries = len(data) >> 3
    first = data[:8]
    if data == first * entries:
        pieces.append(bytes([lookup(memoryview(first).cast("Q")[0])]) * entries)
    elif entries <= RUN_LEAF:
        values = memoryview(data).cast("Q")
        try:
            pieces.append(bytes(map(memo.__getitem__, values)))
        except KeyError:  # a value not seen before: classified once, then found like the others
            pieces.append(bytes(map(lookup, values)))
    else:
        half = (entries >> 1) << 3
        _classify_runs(data[:half], memo, lookup, pieces)
        _classify_runs(data[half:], memo, lookup, pieces)


class _Known:
    """The distinct flags values seen so far, sorted, with their keys: a machine has a few
    hundred, so finding each run's among them beats sorting every chunk."""

    def __init__(self, numpy: Any, lookup: Callable[[int], int]) -> None:
        # Starting with value 0 (a frame with no flags) makes every search land on a value.
        self.values: Any = numpy.zeros(1, dtype=numpy.uint64)
        self.keys: Any = numpy.array([lookup(0)], dtype=numpy.uint8)

    def find(self, values: Any, numpy: Any) -> Any:
        return numpy.minimum(numpy.searchsorted(self.values, values), len(self.values) - 1)

    def add(self, new: Any, lookup: Callable[[int], int], numpy: Any) -> None:
        self.values = numpy.union1d(self.values, new)
        self.keys = numpy.array([lookup(value) for value in self.values.tolist()], dtype=numpy.uint8)


def _cell_pages(source: PageSource, cell: str | int, block_pages: int) -> int:
    if isinstance(cell, int):
        if cell < 1:
            raise BadValue(f"a cell holds at least one page, not {cell}")
        return cell
    if cell == "page":
        return 1
    if cell == "pageblock":
        return block_pages
    if cell == "memory-block":
        return source.memory_blocks()[0].pages
    raise BadValue(f"unknown cell '{cell}'; choose one of {', '.join(CELL_NAMES)} or a number of pages")


def _auto_cell(frames: int, least: int) -> int:
    """The fewest pages a cell (``least`` times a power of two) that keep the map within ``MAX_CELLS``."""
    pages = least
    while -(-frames // pages) > MAX_CELLS:
        pages *= 2
    return pages


def _check_cell_count(frames: int, cell_pages: int) -> None:
    if -(-frames // cell_pages) > MAX_CELLS:
        least = -(-frames // MAX_CELLS)
        raise BadValue(
            f"{frames} frames at {cell_pages} pages a cell make more than {MAX_CELLS} cells; "
            f"give --cell of {least} pages or more"
        )


def _majority(page_keys: bytearray, cell_pages: int, key_count: int, beyond: int, numpy: Any | None) -> Any:
    """Each cell's most common key (the lowest key on a tie)."""
    if cell_pages == 1:
        return numpy.frombuffer(page_keys, dtype=numpy.uint8) if numpy is not None else page_keys
    if numpy is None:
        return bytearray(_majority_of(page_keys[i : i + cell_pages]) for i in range(0, len(page_keys), cell_pages))
    grid = _cells_of(page_keys, cell_pages, beyond, numpy)
    best = numpy.full(len(grid), beyond, dtype=numpy.uint8)
    best_count = numpy.zeros(len(grid), dtype=numpy.int64)
    for key in range(key_count):
        if key == beyond:
            continue
        count = numpy.count_nonzero(grid == key, axis=1)
        better = count > best_count
        best[better], best_count[better] = key, count[better]
    return best


def _majority_of(piece: bytes | bytearray) -> int:
    if piece.count(piece[0]) == len(piece):
        return piece[0]
    return min(Counter(piece).items(), key=lambda item: (-item[1], item[0]))[0]


def _cells_of(keys: Any, per_cell: int, beyond: int, numpy: Any) -> Any:
    """Keys as rows of ``per_cell``, the last row padded with ``beyond``."""
    cells = -(-len(keys) // per_cell)
    padded = numpy.full(cells * per_cell, beyond, dtype=numpy.uint8)
    padded[: len(keys)] = numpy.frombuffer(bytes(keys), dtype=numpy.uint8)
    return padded.reshape(cells, per_cell)


def _block_classes(page_keys: bytearray, block_pages: int, numpy: Any | None) -> Any:
    """Each pageblock's class: mixed when it holds movable and unmovable pages, else the first
    class of ``MIXING_KEYS`` it holds."""
    mixed, unmovable, movable = (MIXING_KEYS.index(k) for k in (MIXED, UNMOVABLE, MOVABLE))
    beyond = MIXING_KEYS.index(BEYOND)
    if numpy is None:
        result = bytearray()
        for start in range(0, len(page_keys), block_pages):
            piece = page_keys[start : start + block_pages]
            result.append(mixed if unmovable in piece and movable in piece else min(piece))
        return result
    grid = _cells_of(page_keys, block_pages, beyond, numpy)
    both = (grid == unmovable).any(axis=1) & (grid == movable).any(axis=1)
    return numpy.where(both, mixed, grid.min(axis=1)).astype(numpy.uint8)


def _lowest_present(block_keys: Any, blocks_per_cell: int, beyond: int, numpy: Any | None) -> Any:
    if blocks_per_cell == 1:
        return block_keys
    if numpy is None:
        return bytearray(min(block_keys[i : i + blocks_per_cell]) for i in range(0, len(block_keys), blocks_per_cell))
    return _cells_of(block_keys.tobytes(), blocks_per_cell, beyond, numpy).min(axis=1)


def _count(values: Any, keys: Sequence[str], numpy: Any | None) -> dict[str, int]:
    if numpy is not None:
        counts = numpy.bincount(numpy.frombuffer(bytes(values), dtype=numpy.uint8), minlength=len(keys)).tolist()
        return dict(zip(keys, counts))
    data = bytes(values)
    return {key: data.count(bytes([index])) for index, key in enumerate(keys)}


class _Grid(NamedTuple):
    """Where cells go: on the Hilbert curve of a ``width`` x ``height`` grid, or row by row."""

    layout: str
    width: int
    height: int


def _grid(count: int, layout: str) -> _Grid:
    """The picture's shape: the Hilbert curve's grid, or rows as wide as it (a power of two, so
    rows start at round PFNs) and as many as the cells fill."""
    width, height = hilbert.shape_for(count)
    if layout == "linear":
        return _Grid(layout, width, -(-count // width))
    return _Grid(layout, width, height)


def _place(grid: _Grid, cell_values: Any, fill: int, numpy: Any | None) -> Any:
    """The cells as rows of pixels, the rest of the picture ``fill``."""
    if grid.layout == "hilbert":
        return hilbert.lay_out(cell_values, grid.width, grid.height, fill, numpy)
    size = grid.width * grid.height
    if numpy is not None:
        padded = numpy.full(size, fill, dtype=numpy.asarray(cell_values).dtype)
        padded[: len(cell_values)] = cell_values
        return padded
    return cell_values[:] + type(cell_values)([fill]) * (size - len(cell_values))


def _edges(zones: Sequence[Any], cell_pages: int, cell_count: int, grid: _Grid, numpy: Any | None) -> list[Edge]:
    """Lines between neighbouring cells whose first frames lie in different zones (or one in a
    zone and one in none); ``node`` where both are in zones of different nodes."""
    segments = zone_segments(zones, "zone")
    nodes = [-1] + [int(segment.label.split("/")[0][4:]) for segment in segments]
    regions, outside = _cell_regions(segments, cell_pages, cell_count, numpy)
    placed = _place(grid, regions, outside, numpy)
    if numpy is not None:
        units = _unit_edges_numpy(placed.reshape(grid.height, grid.width), outside, nodes, numpy)
    else:
        units = _unit_edges(placed, grid.width, grid.height, outside, nodes)
    return _merge(units)


def _cell_regions(segments: Sequence[Any], cell_pages: int, cell_count: int, numpy: Any | None) -> tuple[Any, int]:
    """Each cell's zone segment by the cell's first frame, numbered from 1 (0: in no zone), and
    the number that stands for no cell (the picture's corner past the last one)."""
    # Bytes when they suffice: laying the regions out moves a quarter of the memory of int32.
    small = len(segments) < 255
    outside = 255 if small else -1
    if numpy is not None:
        regions: Any = numpy.zeros(cell_count, dtype=numpy.uint8 if small else numpy.int32)
    else:
        regions = bytearray(cell_count) if small else [0] * cell_count
    for number, segment in enumerate(segments, 1):
        first = min(cell_count, -(-segment.start // cell_pages))
        last = min(cell_count, -(-segment.end // cell_pages))
        regions[first:last] = number if numpy is not None else type(regions)([number]) * (last - first)
    return regions, outside


SCAN_CHUNK = 64
"""Cells of a row compared at once when looking for boundaries: rows mostly hold none."""


def _unit_edges(grid: Sequence[int], width: int, height: int, outside: int, nodes: Sequence[int]) -> list[Edge]:
    """Without numpy: whole rows (and then chunks of them) are compared with their neighbours at
    C speed, and only chunks that differ are looked at cell by cell."""
    units = []
    for y in range(height):
        row = grid[y * width : (y + 1) * width]
        for x in _differences(row[:-1], row[1:]):
            if outside not in (row[x], row[x + 1]):
                units.append(Edge(x + 1, y, x + 1, y + 1, _kind(row[x], row[x + 1], nodes)))
        below = grid[(y + 1) * width : (y + 2) * width]
        for x in _differences(row, below) if y + 1 < height else ():
            if outside not in (row[x], below[x]):
                units.append(Edge(x, y + 1, x + 1, y + 1, _kind(row[x], below[x], nodes)))
    return units


def _differences(a: Sequence[int], b: Sequence[int]) -> Iterator[int]:
    """The positions where two equally long sequences differ."""
    if a == b:
        return
    for start in range(0, len(a), SCAN_CHUNK):
        end = start + SCAN_CHUNK
        if a[start:end] != b[start:end]:
            yield from (x for x in range(start, min(end, len(a))) if a[x] != b[x])


def _kind(a: int, b: int, nodes: Sequence[int]) -> str:
    return "node" if a and b and nodes[a] != nodes[b] else "zone"


def _unit_edges_numpy(grid: Any, outside: int, nodes: Sequence[int], numpy: Any) -> list[Edge]:
    node_of = numpy.array(nodes, dtype=numpy.int64)
    units = []
    for vertical, (a, b) in ((True, (grid[:, :-1], grid[:, 1:])), (False, (grid[:-1, :], grid[1:, :]))):
        differ = a != b
        # Only rows that hold a boundary are searched: a zone's edge crosses few of them.
        rows = numpy.flatnonzero(differ.any(axis=1))
        # Found in one flat pass: numpy.nonzero of a two-dimensional array takes three times as long.
        ys, xs = numpy.divmod(numpy.flatnonzero(differ[rows]), differ.shape[1])
        ys = rows[ys]
        here, there = a[ys, xs].astype(numpy.int64), b[ys, xs].astype(numpy.int64)
        inside = (here != outside) & (there != outside)
        ys, xs, here, there = ys[inside], xs[inside], here[inside], there[inside]
        across = (here > 0) & (there > 0) & (node_of[here] != node_of[there])
        for x, y, node in zip(xs.tolist(), ys.tolist(), across.tolist()):
            kind = "node" if node else "zone"
            units.append(Edge(x + 1, y, x + 1, y + 1, kind) if vertical else Edge(x, y + 1, x + 1, y + 1, kind))
    return units


def _merge(units: list[Edge]) -> list[Edge]:
    """Unit edges joined into the longest straight lines of one kind."""
    vertical = sorted((e for e in units if e.x0 == e.x1), key=lambda e: (e.kind, e.x0, e.y0))
    horizontal = sorted((e for e in units if e.x0 != e.x1), key=lambda e: (e.kind, e.y0, e.x0))
    merged: list[Edge] = []
    for run in (vertical, horizontal):
        for edge in run:
            last = merged[-1] if merged else None
            if last is not None and _continues(last, edge):
                merged[-1] = Edge(last.x0, last.y0, edge.x1, edge.y1, edge.kind)
                continue
            merged.append(edge)
    return merged


def _continues(line: Edge, edge: Edge) -> bool:
    """Whether ``edge`` carries ``line`` on: same kind, same direction, starting where it ends."""
    same_direction = (line.x0 == line.x1) == (edge.x0 == edge.x1)
    return line.kind == edge.kind and same_direction and (line.x1, line.y1) == (edge.x0, edge.y0)
