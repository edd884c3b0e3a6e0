"""The Hilbert curve: a walk through a square grid that moves one cell at a time, so that a
run of consecutive page frames stays a compact patch of a picture instead of a thin line.

``point(side, d)`` is the cell of the ``d``-th step on a ``side`` x ``side`` grid (``side`` a
power of two), ``index(side, x, y)`` its inverse; ``lay_out`` places a whole sequence on the curve at once.

>>> [point(2, d) for d in range(4)]
[(0, 0), (0, 1), (1, 1), (1, 0)]
>>> index(4, *point(4, 9))
9
"""

from __future__ import annotations

import functools
import itertools
import operator
from typing import Any


def side_for(cells: int) -> int:
    """The smallest power of two whose square holds ``cells`` cells."""
    side = 1
    while side * side < cells:
        side *= 2
    return side


def shape_for(cells: int) -> tuple[int, int]:
    """Width and height of the smallest grid the curve fills that holds ``cells``: a square, or
    two squares side by side when they suffice (the curve leaves the first square next to where
    it enters the second), which wastes at most half the picture instead of three quarters."""
    side = side_for(cells)
    if side > 1 and 2 * (side // 2) ** 2 >= cells:
        return side, side // 2
    return side, side


def grid_point(width: int, height: int, d: int) -> tuple[int, int]:
    """The cell (x, y) of step ``d`` on a grid of ``shape_for``."""
    square = height * height
    x, y = point(height, d % square)
    return x + (d // square) * height, y


def point(side: int, d: int) -> tuple[int, int]:
    """The cell (x, y) of step ``d`` of the curve on a ``side`` x ``side`` grid."""
    x = y = 0
    scale = 1
    while scale < side:
        rx = 1 & (d >> 1)
        ry = 1 & (d ^ rx)
        if ry == 0:
            if rx == 1:
                x, y = scale - 1 - x, scale - 1 - y
            x, y = y, x
        x += scale * rx
        y += scale * ry
        d >>= 2
        scale *= 2
    return x, y


def index(side: int, x: int, y: int) -> int:
    """The step of the curve that visits cell (x, y): the inverse of ``point``."""
    d = 0
    scale = side // 2
    while scale > 0:
        rx = 1 if x & scale else 0
        ry = 1 if y & scale else 0
        d += scale * scale * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                x, y = side - 1 - x, side - 1 - y
            x, y = y, x
        scale //= 2
    return d


TILE, NUMPY_TILE = 64, 256
"""The side of the squares ``lay_out`` copies whole: the curve runs through each such square in one
go, along one of eight mirror images of the same path. Larger tiles mean fewer steps in Python;
numpy builds their tables at once, plain Python step by step."""


def lay_out(values: Any, width: int, height: int, fill: int, numpy: Any | None) -> Any:
    """``values`` (one per step, at most ``width * height``) as rows of a picture on the curve of
    a grid of ``shape_for``, the rest ``fill``: a numpy array with numpy, else a bytearray (or a
    list, for values that are not bytes).

    Square tile by tile rather than cell by cell: a tile's path is the same as every other's up to
    mirroring, so one table per mirror image places a whole tile in one gather (6.5 million cells
    in 0.6 s without numpy, where placing cell by cell took a minute)."""
    tile = min(TILE if numpy is None else NUMPY_TILE, height)
    steps = tile * tile
    tiles = [_tile_at(width, height, tile, first) for first in range(0, width * height, steps)]
    if numpy is not None:
        return _lay_out_numpy(values, width, height, fill, tile, tiles, numpy)
    padded = values[:] + type(values)([fill]) * (width * height - len(values))
    picture = bytearray(len(padded)) if isinstance(padded, (bytes, bytearray)) else [fill] * len(padded)
    # One index more than the tile's, dropped again: itemgetter of a single index gives no tuple.
    getters = [operator.itemgetter(*table, 0) for table in _mirror_tables(tile)]
    for number, (x0, y0, mirror) in enumerate(tiles):
        piece = padded[number * steps : (number + 1) * steps]
        # A tile of one value (a zone, a run of free memory) shows it whatever the curve's path.
        if piece == piece[:1] * steps:
            cells = piece[:1] * steps
        else:
            shown = getters[mirror](piece)[:-1]
            cells = bytes(shown) if isinstance(picture, bytearray) else list(shown)
        for row in range(tile):
            start = (y0 + row) * width + x0
            picture[start : start + tile] = cells[row * tile : (row + 1) * tile]
    return picture


def _lay_out_numpy(
    values: Any, width: int, height: int, fill: int, tile: int, tiles: list[tuple[int, int, int]], numpy: Any
) -> Any:
    values = numpy.asarray(values)
    padded = numpy.full(width * height, fill, dtype=values.dtype)
    padded[: len(values)] = values
    by_tile = padded.reshape(-1, tile * tile)
    picture = numpy.empty((height // tile, tile, width // tile, tile), dtype=values.dtype)
    x0s, y0s, mirrors = (numpy.array(column, dtype=numpy.int64) for column in zip(*tiles))
    # A tile of one value (a zone, a run of free memory) shows it whatever the curve's path.
    uniform = (by_tile == by_tile[:, :1]).all(axis=1)
    same = numpy.flatnonzero(uniform)
    picture[y0s[same] // tile, :, x0s[same] // tile, :] = by_tile[same, :1, None]
    standard = step_grid(tile, numpy)
    for mirror in set(mirrors[~uniform].tolist()):
        chosen = numpy.flatnonzero((mirrors == mirror) & ~uniform)
        table = _mirrored(standard, _MIRROR_WAYS[mirror]).reshape(-1)
        # take along an axis gathers four times as fast as indexing by two index arrays.
        shown = numpy.take(by_tile[chosen], table, axis=1).reshape(-1, tile, tile)
        picture[y0s[chosen] // tile, :, x0s[chosen] // tile, :] = shown
    return picture.reshape(-1)


def _tile_at(width: int, height: int, tile: int, first: int) -> tuple[int, int, int]:
    """Where the tile of steps ``first`` onwards lies (its top left cell) and which mirror image
    of the curve runs through it, told by the corners where it enters and leaves."""
    x, y = grid_point(width, height, first)
    x_out, y_out = grid_point(width, height, first + tile * tile - 1)
    x0, y0 = x - x % tile, y - y % tile
    last = tile - 1
    if not last:
        return x0, y0, 0
    corners = ((x - x0) // last, (y - y0) // last), ((x_out - x0) // last, (y_out - y0) // last)
    return x0, y0, _MIRRORS.index(corners)


Way = tuple[bool, bool, bool]
"""A way to mirror a tile: whether to swap x and y, then whether to flip x, and y."""


def _mirror(way: Way, x: int, y: int, last: int) -> tuple[int, int]:
    swap, flip_x, flip_y = way
    if swap:
        x, y = y, x
    return (last - x if flip_x else x), (last - y if flip_y else y)


def _mirrored(grid: Any, way: Way) -> Any:
    """``_mirror`` applied to every cell of a numpy grid (rows are y)."""
    swap, flip_x, flip_y = way
    if swap:
        grid = grid.T
    if flip_x:
        grid = grid[:, ::-1]
    return grid[::-1, :] if flip_y else grid


_MIRROR_WAYS: list[Way] = [
    (swap, flip_x, flip_y) for swap, flip_x, flip_y in itertools.product((False, True), repeat=3)
]
# The curve enters a tile at (0, 0) and leaves at its right-hand corner (see point): each mirror
# image enters and leaves at its own pair of corners, in units of a tile's last cell.
_MIRRORS = [tuple(_mirror(way, x, y, 1) for x, y in ((0, 0), (1, 0))) for way in _MIRROR_WAYS]


@functools.lru_cache(maxsize=2)
def _mirror_tables(tile: int) -> list[list[int]]:
    """For each mirror image, the step each cell of a tile shows, row by row (kept: a map lays
    out its cells and then its zones)."""
    path = [point(tile, step) for step in range(tile * tile)]
    tables = []
    for way in _MIRROR_WAYS:
        table = [0] * len(path)
        for step, (x, y) in enumerate(path):
            x, y = _mirror(way, x, y, tile - 1)
            table[y * tile + x] = step
        tables.append(table)
    return tables


def step_grid(side: int, numpy: Any) -> Any:
    """A ``side`` x ``side`` array (rows are y) holding the step of the curve that visits each
    cell.

    Built from the curve's self-similarity rather than cell by cell: the curve on a grid twice
    as wide runs through four copies of the smaller one, the first mirrored about the diagonal
    and the last about the other diagonal.
    """
    grid = numpy.zeros((1, 1), dtype=numpy.int32 if side * side < 1 << 31 else numpy.int64)
    half = 1
    while half < side:
        quarter = half * half
        top = numpy.concatenate([grid.T, grid.T[::-1, ::-1] + 3 * quarter], axis=1)
        bottom = numpy.concatenate([grid + quarter, grid + 2 * quarter], axis=1)
        grid = numpy.concatenate([top, bottom], axis=0)
        half *= 2
    return grid
