"""A picture of palette colours in a numpy array, with the few shapes a map needs: rectangles of
one colour, pixels copied in, and text (a font renderer's grey levels) laid on white. Written as a
palette PNG, which keeps every colour exact and takes a byte a pixel. Needs numpy (as
matplotlib, which renders the text, does)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .png import MAX_PALETTE, encode_png
from .style import rgb

GREYS = 64
"""Grey levels of text on white: finer steps than an eye tells apart at text size."""


class Bitmap:
    """``width`` x ``height`` pixels, all of ``colours[0]`` at first; ``colours`` (as "#RRGGBB")
    come first in the palette, so that pixel values given as indices into them stay right."""

    def __init__(self, width: int, height: int, colours: Sequence[str]) -> None:
        import numpy

        self.numpy: Any = numpy
        self.colours: list[tuple[int, int, int]] = [rgb(colour) for colour in colours]
        self._first_grey = len(self.colours)
        # Grey level i of text, from white (0, never drawn) to black.
        self.colours += [(value, value, value) for value in (255 - (255 * i) // (GREYS - 1) for i in range(GREYS))]
        if len(self.colours) > MAX_PALETTE:
            raise ValueError(f"{len(colours)} colours and {GREYS} greys do not fit a PNG palette")
        self.pixels: Any = numpy.zeros((height, width), dtype=numpy.uint8)

    def index(self, colour: str) -> int:
        """The palette index of a colour, added on first use."""
        value = rgb(colour)
        if value not in self.colours:
            if len(self.colours) == MAX_PALETTE:
                raise ValueError(f"a PNG palette holds {MAX_PALETTE} colours, and {colour} is one more")
            self.colours.append(value)
        return self.colours.index(value)

    def fill(self, x0: int, y0: int, x1: int, y1: int, colour: str) -> None:
        """Pixels x0 <= x < x1, y0 <= y < y1 (clipped to the picture) in ``colour``."""
        self.pixels[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)] = self.index(colour)

    def outline(self, x0: int, y0: int, x1: int, y1: int, colour: str) -> None:
        """A line one pixel wide just inside the rectangle x0 <= x < x1, y0 <= y < y1."""
        self.fill(x0, y0, x1, y0 + 1, colour)
        self.fill(x0, y1 - 1, x1, y1, colour)
        self.fill(x0, y0, x0 + 1, y1, colour)
        self.fill(x1 - 1, y0, x1, y1, colour)

    def paste(self, x: int, y: int, indices: Any) -> None:
        """A block of palette indices with its top left at (x, y)."""
        height, width = indices.shape
        self.pixels[y : y + height, x : x + width] = indices

    def text(self, x: int, y: int, coverage: Any) -> None:
        """Black text whose rendering covers each pixel by ``coverage`` (0 to 255), top left at
        (x, y), on a white background: each covered pixel becomes the grey of its coverage."""
        height, width = coverage.shape
        height, width = min(height, self.pixels.shape[0] - y), min(width, self.pixels.shape[1] - x)
        coverage = coverage[:height, :width].astype(self.numpy.int32)
        greys = (coverage * (GREYS - 1) + 127) // 255
        area = self.pixels[y : y + height, x : x + width]
        inked = greys > 0
        area[inked] = (greys[inked] + self._first_grey).astype(self.numpy.uint8)

    def png(self) -> bytes:
        height, width = self.pixels.shape
        return encode_png(width, height, self.pixels.tobytes(), self.colours)
