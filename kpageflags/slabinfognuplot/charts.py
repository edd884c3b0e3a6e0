"""The script's two charts, from its data files: a cache's memory and loss per sample (the
slabs chart, gnuplot boxes) and the totals' memory and loss per sample (lines)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..plotting import BYTES, Axis, Chart, Layout, Series, caption
from .options import Options

_NUMBER = re.compile(rb"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def slabs(content: bytes, written: str, options: Options) -> Chart:
    """SIZE and LOSS boxes for each sample, named by the cache each sample's top one was."""
    rows = _rows(content, options)
    return Chart(
        layout=Layout.OVERLAID_BOXES,
        x=[index for index, _ in rows],
        series=[
            Series("SIZE", [_column(row, 2) for _, row in rows]),
            Series("LOSS", [_column(row, 3) for _, row in rows]),
        ],
        x_axis=Axis("samples"),
        y_axis=Axis("memory", unit=BYTES),
        caption=caption(options.release, written),
        x_tick_labels=[_name(row) for _, row in rows],
        size=(options.width, options.height),
    )


def totals(contents: Sequence[tuple[str, bytes]], written: str, options: Options) -> Chart:
    """Each file's memory use and loss as lines; files of fewer samples end sooner."""
    all_rows = [_rows(content, options) for _, content in contents]
    x = sorted({index for rows in all_rows for index, _ in rows})
    series: list[Series] = []
    for (name, _), rows in zip(contents, all_rows):
        by_index = dict(rows)
        for column, what in ((1, "Memory usage"), (2, "Loss")):
            series.append(Series(f"{name} {what}", [_column(by_index.get(index, []), column) for index in x]))
    return Chart(
        layout=Layout.LINES,
        x=x,
        series=series,
        x_axis=Axis("samples"),
        y_axis=Axis("memory", unit=BYTES),
        caption=caption(options.release, written),
        size=(options.width, options.height),
    )


def _rows(content: bytes, options: Options) -> list[tuple[int, list[bytes]]]:
    """The lines gnuplot's ``every ::MIN::MAX`` takes, by their number in the file."""
    lines = content.splitlines()
    last = options.last_sample if options.last_sample else len(lines) - 1
    return [(index, lines[index].split()) for index in range(options.first_sample, min(last, len(lines) - 1) + 1)]


def _column(row: list[bytes], number: int) -> float:
    """A number as gnuplot reads a column; anything else is a point it leaves out."""
    if len(row) < number or not _NUMBER.fullmatch(row[number - 1]):
        return math.nan
    return float(row[number - 1])


def _name(row: list[bytes]) -> str:
    return row[0].decode(errors="replace") if row else ""
