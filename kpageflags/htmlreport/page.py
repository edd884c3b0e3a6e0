"""A report as one HTML page, written with the standard library: every value goes through
``html.escape``, pictures are data: URIs, styles are inline and there is no script, so the
file opens from disk, works offline and refers to nothing outside itself."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Union

from ..analysis.holes import NO_PAGE
from ..drawing.style import colour_of, legend
from ..drawing.svg import map_svg
from ..output.private import private_text
from ..output.units import human
from ..plotting import caption
from .charts import CHARTS_NEED, Picture, charts_of
from .templates import PAGE, STYLE

if TYPE_CHECKING:
    from ..analysis.breakdown import Breakdown
    from ..facts.kconfig import KernelConfig
    from ..sources.topology import Zone
    from .content import Report, SlabCaches


class Markup(str):
    """Text that is HTML already (made here), put in a table cell as it is."""


Cell = Union[str, int, float]
HOLES = "no page frame (hole): not memory, so in no share; the map's no_page"
CONFIG_SYMBOLS = (
    "64BIT",
    "NUMA",
    "NODES_SHIFT",
    "SPARSEMEM_VMEMMAP",
    "ZONE_DMA",
    "ZONE_DMA32",
    "ZONE_DEVICE",
    "MEMORY_HOTPLUG",
    "TRANSPARENT_HUGEPAGE",
    "HUGETLB_PAGE",
    "MEMCG",
    "KSM",
    "LRU_GEN",
    "IDLE_PAGE_TRACKING",
    "MEMORY_FAILURE",
    "NUMA_BALANCING",
    "SLUB",
)
"""Options that decide which zones exist and which page bits and categories the figures can
show (a kernel without TRANSPARENT_HUGEPAGE has no THP pages to count, and so on)."""


def render(report: Report, *, charts: bool) -> str:
    """The page; with ``charts`` the composition, free-block and slab charts are drawn
    (matplotlib, the ``plot`` extra), without them the page says so in one line."""
    pictures = charts_of(report) if charts else {}
    sections = [
        _facts(report),
        _composition(report, pictures),
        _map(report),
        _free_blocks(report, pictures),
        _groups("processes", "Top processes", report, pictures, _PROCESS_NOTE),
        _groups("cgroups", "Top memory cgroups", report, pictures, _CGROUP_NOTE),
        _slab(report.slab, report, pictures),
        _bugs(report),
    ]
    return PAGE.substitute(
        title=escape(f"Memory of {report.source}: Linux {report.kernel}"),
        style=STYLE,
        heading=escape(f"Memory of {report.source}"),
        summary=escape(caption(report.kernel, report.data_time)),
        charts_note="" if charts else f'<p class="note" id="charts-note">{escape(_sentence(CHARTS_NEED))}</p>',
        sections="\n".join(sections),
        made=escape(f"Written by kpageflags at {report.made}."),
    )


def write_report(report: Report, path: str, *, charts: bool) -> None:
    """Writes the page readable by its owner only: where memory sits is as private as the
    physical addresses it is drawn from."""
    text = render(report, charts=charts)
    with private_text(path) as handle:
        handle.write(text)


# -- building blocks -------------------------------------------------------------------------


def _section(anchor: str, title: str, *parts: str) -> str:
    return f'<section id="{anchor}">\n<h2>{escape(title)}</h2>\n' + "\n".join(parts) + "\n</section>"


def _missing(why: str) -> str:
    return f'<p class="missing">Not in this data: {escape(why)}</p>'


def _table(title: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]], numeric: Sequence[bool]) -> str:
    """A table in a box that scrolls sideways on a narrow screen; numbers align right."""
    head = "".join(f'<th scope="col"{_align(n)}>{escape(h)}</th>' for h, n in zip(headers, numeric))
    body = "\n".join(
        "<tr>" + "".join(f"<td{_align(n)}>{_cell(value)}</td>" for value, n in zip(row, numeric)) + "</tr>"
        for row in rows
    )
    return (
        f'<div class="table-box"><table>\n<caption>{escape(title)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>"
    )


def _align(numeric: bool) -> str:
    return ' class="n"' if numeric else ""


def _cell(value: Cell) -> str:
    """Integers with thousands separators, percentages to one decimal, text escaped."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return escape(value)


def _swatch(colour: str) -> Markup:
    return Markup(f'<span class="swatch" style="background:{escape(colour)}" aria-hidden="true"></span>')


def _figure(picture: Picture, report: Report, table: str) -> str:
    """A picture with its caption (the release and time of the data) and its numbers beside it."""
    data = base64.b64encode(picture.svg.encode("utf-8")).decode("ascii")
    return (
        f'<div class="pair"><figure class="chart" id="{escape(picture.anchor)}">'
        f'<img src="data:image/svg+xml;base64,{data}" alt="{escape(picture.alt)}">'
        f"<figcaption>{escape(picture.title)}. {escape(caption(report.kernel, report.data_time))}."
        f" The numbers are in the table beside it.</figcaption></figure>\n{table}</div>"
    )


def _sentence(phrase: str) -> str:
    """A one-line message (lower case, no full stop, as on stderr) as a sentence of the page."""
    return phrase[:1].upper() + phrase[1:] + "."


def _when(report: Report, what: str) -> str:
    """A table's title: what it shows, of which kernel, when."""
    return f"{what} ({caption(report.kernel, report.data_time)})"


def _size(pages: int, page_size: int) -> str:
    return human(pages * page_size)


def _share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


# -- sections --------------------------------------------------------------------------------


def _facts(report: Report) -> str:
    facts = [
        ("source", report.source),
        ("kernel as recorded", report.recorded_kernel),
        ("release whose rules decode it", report.kernel),
        ("data", report.data_time),
        ("page size", f"{report.page_size:,} bytes"),
        (
            "memory (page frames with a page)",
            f"{report.total_pages():,} ({_size(report.total_pages(), report.page_size)})",
        ),
        (
            "holes (page frames with none)",
            f"{report.total_holes():,} ({_size(report.total_holes(), report.page_size)})",
        ),
    ]
    parts = [_table(_when(report, "The data"), ("fact", "value"), facts, (False, False))]
    if report.read_per_section:
        parts.append(f'<p class="note" id="moving-data">{escape(_MOVING)}</p>')
    parts.append(_zones(report.zones, report) if not isinstance(report.zones, str) else _missing(report.zones))
    parts.append(_config(report.config, report) if not isinstance(report.config, str) else _missing(report.config))
    if report.missing:
        rows = sorted(report.missing.items())
        parts.append(_table("Parts the source does not hold", ("part", "why"), rows, (False, False)))
    return _section("facts", "The machine", *parts)


def _zones(zones: tuple[Zone, ...], report: Report) -> str:
    rows = [
        (
            f"node{zone.node}",
            zone.name,
            zone.start_pfn,
            zone.end_pfn,
            f"{zone.start_pfn * report.page_size:#x}-{zone.end_pfn * report.page_size - 1:#x}",
            zone.spanned,
            zone.present,
            _size(zone.present, report.page_size),
        )
        for zone in zones
    ]
    headers = ("node", "zone", "first PFN", "end PFN", "physical addresses", "spanned pages", "present pages", "size")
    numeric = (False, False, True, True, False, True, True, True)
    return _table(_when(report, "Nodes and zones (end PFN is the first past the zone)"), headers, rows, numeric)


def _config(config: KernelConfig, report: Report) -> str:
    rows = [(f"CONFIG_{symbol}", config.values.get(symbol, "not set")) for symbol in CONFIG_SYMBOLS]
    return _table(
        f"Kernel config options that shape the figures ({config.label})", ("option", "value"), rows, (False, False)
    )


def _composition(report: Report, pictures: dict[str, Picture]) -> str:
    parts = [_category_table(report)]
    for key, label in (("by_node", "node"), ("by_zone", "zone")):
        grouped = getattr(report, key)
        if isinstance(grouped, str):
            parts.append(_missing(grouped))
            continue
        table = _grouped_table(grouped, _when(report, f"Pages per category and {label}"))
        picture = pictures.get(key)
        parts.append(_figure(picture, report, table) if picture else table)
    return _section("composition", "What the memory holds", *parts)


def _category_table(report: Report) -> str:
    from ..facts.categories import categories

    totals = report.total.total()
    whole = report.total_pages()
    rows: list[Sequence[Cell]] = [
        (
            _swatch(colour_of(c.id, report.memory_map.keys)),
            c.id,
            c.title,
            totals[c.id],
            _size(totals[c.id], report.page_size),
            _share(totals[c.id], whole),
        )
        for c in categories()
        if totals.get(c.id)
    ]
    holes = report.total_holes()
    if holes:
        # Beside the categories as in the map's table, but no memory: it takes no share.
        rows.append(
            (
                _swatch(colour_of(NO_PAGE, report.memory_map.keys)),
                "(holes)",
                HOLES,
                holes,
                _size(holes, report.page_size),
                "",
            )
        )
    headers = ("", "category", "what", "pages", "size", "share %")
    return _table(_when(report, "Pages per memory category"), headers, rows, (False, False, False, True, True, True))


def _grouped_table(grouped: Breakdown, title: str) -> str:
    """Groups as rows and the categories any of them has as columns, in pages."""
    used = [name for name, pages in grouped.total().items() if pages]
    holes = ["holes"] if grouped.holes() else []
    headers = ("group", "pages", "size", *used, *holes)
    rows: list[Sequence[Cell]] = [
        [
            group.name,
            group.pages,
            human(group.pages * grouped.page_size),
            *(group.categories.get(n, 0) for n in used),
            *([group.holes] if holes else []),
        ]
        for group in grouped.groups
    ]
    numeric = (False, True, True, *(True for _ in used), *(True for _ in holes))
    note = "; holes: page frames with no page, not memory and not in pages" if holes else ""
    return _table(title + "; category columns in pages" + note, headers, rows, numeric)


def _map(report: Report) -> str:
    memory_map = report.memory_map
    picture = Picture(
        "memory-map",
        "The physical address space coloured by memory category",
        "A map of physical memory: each cell is a run of page frames, coloured by the category most of its "
        "pages have; the table beside it lists every colour with its pages.",
        map_svg(memory_map),
    )
    rows = [
        (
            _swatch(entry.colour),
            entry.key,
            memory_map.titles[entry.key],
            memory_map.pages.get(entry.key, 0),
            memory_map.cells.get(entry.key, 0),
        )
        for entry in legend(memory_map)
    ]
    headers = ("", "key", "what", "pages", "cells")
    cell = f"one cell = {memory_map.cell_pages:,} pages ({_size(memory_map.cell_pages, memory_map.page_size)})"
    table = _table(_when(report, f"The map's colours; {cell}"), headers, rows, (False, False, False, True, True))
    return _section("map", "Where it sits: the memory map", _figure(picture, report, table))


def _free_blocks(report: Report, pictures: dict[str, Picture]) -> str:
    free = report.free
    if isinstance(free, str):
        return _section("free", "Free memory contiguity", _missing(free))
    orders = range(free.max_order + 1)
    headers = ("zone", "counted", *(f"order {o} ({human((1 << o) * free.page_size)})" for o in orders), "free")
    rows: list[Sequence[Cell]] = []
    for zone, counts in free.blocks.items():
        free_pages = sum(n << o for o, n in enumerate(counts))
        rows.append((zone, "in page frames", *counts, _size(free_pages, free.page_size)))
        if zone in free.reported:
            reported = free.reported[zone]
            rows.append(
                (
                    zone,
                    "by /proc/buddyinfo",
                    *reported,
                    _size(sum(n << o for o, n in enumerate(reported)), free.page_size),
                )
            )
    numeric = (False, False, *(True for _ in orders), True)
    table = _table(_when(report, "Free blocks per zone and order (blocks)"), headers, rows, numeric)
    picture = pictures.get("free")
    parts = [_figure(picture, report, table) if picture else table]
    if not free.reported:
        parts.append('<p class="note">The source holds no /proc/buddyinfo to compare with.</p>')
    return _section("free", "Free memory contiguity", *parts)


_MOVING = (
    "Each section read this machine anew while the report was written, from the time above on, and its pages "
    "changed meanwhile: totals of different sections can differ a little. A snapshot (kpageflags snapshot) "
    "gives every section the same moment."
)
_PROCESS_NOTE = "A page mapped by several processes counts in each, so the rows add up to more than the machine."
_CGROUP_NOTE = "Pages are grouped by the memory cgroup that is charged for them; (none) are charged to none."


def _groups(anchor: str, title: str, report: Report, pictures: dict[str, Picture], note: str) -> str:
    grouped = getattr(report, anchor)
    if isinstance(grouped, str):
        return _section(anchor, title, _missing(grouped))
    table = _grouped_table(grouped, _when(report, f"{title}, largest first"))
    picture = pictures.get(anchor)
    return _section(
        anchor, title, _figure(picture, report, table) if picture else table, f'<p class="note">{escape(note)}</p>'
    )


def _slab(slab: SlabCaches | str, report: Report, pictures: dict[str, Picture]) -> str:
    if isinstance(slab, str):
        return _section("slab", "Slab caches", _missing(slab))
    rows = [
        (
            row.name,
            row.object_size if row.object_size is not None else "?",
            row.objects if row.objects is not None else "?",
            row.memory_bytes if row.memory_bytes is not None else "?",
            human(row.memory_bytes) if row.memory_bytes is not None else "?",
            row.loss_bytes if row.loss_bytes is not None else "?",
            "yes" if row.reclaimable else "no",
        )
        for row in slab.caches
    ]
    headers = ("cache", "object size (bytes)", "objects", "memory (bytes)", "memory", "loss (bytes)", "reclaimable")
    title = f"The {len(slab.caches)} largest of {slab.total_caches} caches by memory, from {slab.where}"
    table = _table(_when(report, title), headers, rows, (False, True, True, True, True, True, False))
    total = f"All caches together hold {human(slab.total_bytes)} in slabs."
    picture = pictures.get("slab")
    return _section(
        "slab",
        "Slab caches",
        _figure(picture, report, table) if picture else table,
        f'<p class="note">{escape(total)}</p>',
    )


def _bugs(report: Report) -> str:
    if not report.bugs:
        return _section(
            "bugs", "Known kernel bugs", f"<p>No known reporting bug affects Linux {escape(report.kernel)}.</p>"
        )
    items = []
    for bug in report.bugs:
        affected = f"since {bug.since}" + (f", fixed in {bug.until}" if bug.until else ", not fixed yet")
        if bug.fixed_in:
            affected += f" (and in the stable releases {', '.join(bug.fixed_in)})"
        what = ", ".join(bug.flags or bug.pagemap_fields)
        items.append(
            f'<li class="bug" id="bug-{escape(bug.id)}"><strong>{escape(bug.title)}</strong> '
            f'<span class="bug-id">({escape(bug.id)}; {escape(affected)}; concerns {escape(what)})</span>'
            f"<p>{escape(bug.doc)}</p></li>"
        )
    intro = f"Bugs in what Linux {report.kernel} reports that can make these figures wrong:"
    return _section("bugs", "Known kernel bugs", f"<p>{escape(intro)}</p>", "<ul>" + "\n".join(items) + "</ul>")
