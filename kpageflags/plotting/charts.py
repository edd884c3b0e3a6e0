"""What a chart shows, with no drawing library involved."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Union

from ..errors import BadValue
from .colours import Style

BYTES = "bytes"
_BINARY_UNITS = ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB")

# In pixels: below, the axes and legend do not fit; above, a PNG takes gigabytes to draw.
MIN_SIDE = 100
MAX_SIDE = 20000

XValue = Union[float, datetime]


class Layout(enum.Enum):
    LINES = "lines"
    STACKED_AREAS = "stacked areas"
    # One box per x position, each series drawn over the last from the same baseline (the
    # gnuplot script's SIZE and LOSS boxes), the smaller in front.
    OVERLAID_BOXES = "overlaid boxes"
    STACKED_BARS = "stacked bars"
    # Stacked bars with the positive values above zero and the negative below it (gains and
    # losses); series of the same label are one legend entry.
    DIVERGING_BARS = "diverging bars"


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]
    # The rest of a top-N selection: drawn grey, so the named series keep the colours.
    remainder: bool = False
    # A colour and pattern that stay with the series in every chart; without one, the series
    # takes the palette's next.
    style: Style | None = None


@dataclass(frozen=True)
class Axis:
    label: str
    # BYTES scales the values to the binary unit that fits them and names it in the label.
    unit: str = ""


@dataclass(frozen=True)
class Chart:
    layout: Layout
    x: Sequence[XValue]
    series: Sequence[Series]
    x_axis: Axis
    y_axis: Axis
    caption: str
    title: str = ""
    # Text for each x position (a cache's name, a node), shown only when they fit.
    x_tick_labels: Sequence[str] = ()
    size: tuple[int, int] = (1500, 700)


def check_size(size: tuple[int, int]) -> None:
    """Refuses a picture too small to read or too large to draw in reasonable memory."""
    width, height = size
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise BadValue(f"picture size {width}x{height}: width and height are {MIN_SIDE} to {MAX_SIDE} pixels")


def caption(release: str | None, data_time: str) -> str:
    """The line under every picture: which kernel the data came from, and when it was taken.

    >>> caption(None, "file written 2026-12-05 09:00:00Z")
    'Linux release not recorded · data of file written 2026-12-05 09:00:00Z'
    """
    kernel = f"Linux {release}" if release else "Linux release not recorded"
    return f"{kernel} · data of {data_time}"


def scaled(values: Sequence[float], unit: str) -> tuple[float, str]:
    """The divisor and unit name that show ``values`` in ones to thousands: binary units for bytes.

    >>> scaled([512.0, 3 * 2**20], BYTES)
    (1048576.0, 'MiB')
    >>> scaled([0.0], BYTES), scaled([5.0], "")
    ((1.0, 'bytes'), (1.0, ''))
    """
    if unit != BYTES:
        return 1.0, unit
    largest = max((abs(value) for value in values if value == value), default=0.0)
    power = 0
    while power + 1 < len(_BINARY_UNITS) and largest >= 1024.0 ** (power + 1):
        power += 1
    return 1024.0**power, _BINARY_UNITS[power]
