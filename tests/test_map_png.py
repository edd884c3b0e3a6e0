"""The memory map as PNG: its pixels decoded back and counted against the map's cells, its
boundaries found where the map's edges are, its text within the picture, and the font renderer
loaded in the background without a word on stderr when it fails."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_memmap import FRAMES, decode_png, saved

from kpageflags.analysis.memmap import MemoryMap, memory_map
from kpageflags.drawing.style import MAP_SIZE, MARGIN, caption, colour_of, rgb
from kpageflags.errors import NotAvailable
from kpageflags.plotting import backend
from kpageflags.sources.counting import numpy_available

pytestmark = pytest.mark.skipif(not numpy_available(), reason="matplotlib needs numpy")
matplotlib = pytest.importorskip("matplotlib", reason="PNG maps need the plot extra (matplotlib), not installed here")

from kpageflags.drawing import mpl  # noqa: E402  (only where matplotlib is installed)

WHITE, BLACK = (255, 255, 255), (0, 0, 0)


def picture(result: MemoryMap) -> tuple[int, int, list[tuple[int, int, int]], bytes]:
    return decode_png(mpl.map_png(result))


def map_area(result: MemoryMap, width: int, pixels: bytes) -> list[bytes]:
    """The rows of the map's own pixels (inside its frame)."""
    box = mpl.placement(result, 0, 0, 0, 0)
    return [
        pixels[y * width + box.map_x : y * width + box.map_x + box.map_width]
        for y in range(box.map_y, box.map_y + box.map_height)
    ]


@pytest.mark.parametrize(
    ("cell", "layout", "mixing"),
    [("page", "hilbert", False), ("page", "linear", False), (4, "linear", False), ("pageblock", "hilbert", True)],
)
def test_each_cell_is_a_square_of_pixels_of_its_colour(
    tmp_path: Path, cell: str | int, layout: str, mixing: bool
) -> None:
    result = memory_map(saved(tmp_path, zoneinfo=None), cell, layout, mixing=mixing, pageblock_order=3)
    width, _, palette, pixels = picture(result)
    scale = MAP_SIZE // max(result.width, result.height)
    rows = b"".join(map_area(result, width, pixels))
    assert len(rows) == result.width * result.height * scale * scale
    by_colour: dict[tuple[int, int, int], int] = {}
    for index in set(rows):
        by_colour[palette[index]] = by_colour.get(palette[index], 0) + rows.count(bytes([index]))
    expected: dict[tuple[int, int, int], int] = {}
    for key, cells in result.cells.items():
        colour = rgb(colour_of(key, result.keys))
        expected[colour] = expected.get(colour, 0) + cells * scale * scale
    assert by_colour == {colour: count for colour, count in expected.items() if count}


def test_a_map_wider_than_the_picture_shows_the_cell_under_each_pixel(tmp_path: Path) -> None:
    free, slab = 1 << 10, 1 << 7
    frames = [free] * 1024 + [slab] * 1024  # rows of the linear layout, alternately
    result = memory_map(saved(tmp_path, frames * 300, zoneinfo=None), "page", "linear")
    assert (result.width, result.height) == (1024, 600)
    width, _, palette, pixels = picture(result)
    rows = map_area(result, width, pixels)
    assert (len(rows[0]), len(rows)) == (MAP_SIZE, 450)  # three pixels for four cells
    colours = {name: rgb(colour_of(name, result.keys)) for name in ("free", "slab")}
    # Pixel row y shows cell row y * 4 // 3, its top edge's.
    for y, row in enumerate(rows):
        assert {palette[index] for index in row} == {colours["free" if (y * 4 // 3) % 2 == 0 else "slab"]}
    # The caption says what a pixel is, where one cell is a page.
    assert mpl.png_caption(result)[1].startswith("one cell = 1 page (4.0K)")
    assert mpl.png_caption(result)[2] == (
        f"here {MAP_SIZE} x 450 pixels show the 1024 x 600 cells: a pixel is the cell at its top left corner, "
        "one of 1.8 (7.1K); an SVG map draws every cell"
    )


def test_a_map_no_larger_than_the_picture_has_no_word_on_pixels(tmp_path: Path) -> None:
    result = memory_map(saved(tmp_path, zoneinfo=None), "page")
    assert mpl.png_caption(result) == caption(result)


def test_boundaries_are_black_lines_on_white_halos_where_the_edges_are(tmp_path: Path) -> None:
    result = memory_map(saved(tmp_path), "page", "linear")
    assert {edge.kind for edge in result.edges} == {"node", "zone"}
    width, _, palette, pixels = picture(result)
    box = mpl.placement(result, 0, 0, 0, 0)
    scale = box.map_width // result.width
    for edge in result.edges:
        assert edge.y0 == edge.y1  # linear rows of 8: the zones start at rows 2 and 4
        y = box.map_y + edge.y0 * scale
        half = mpl.LINE_WIDTHS[edge.kind] // 2
        for x in range(box.map_x + edge.x0 * scale, box.map_x + edge.x1 * scale):
            column = [palette[pixels[row * width + x]] for row in range(y - half - mpl.HALO, y + half + mpl.HALO)]
            assert column == [WHITE] * mpl.HALO + [BLACK] * 2 * half + [WHITE] * mpl.HALO


def test_nothing_runs_off_the_picture(tmp_path: Path) -> None:
    frames = FRAMES * 4  # a legend line as long as a caption's: 4 digits of pages
    result = memory_map(saved(tmp_path, frames), "page", "hilbert")
    width, height, palette, pixels = picture(result)
    rows = [pixels[y * width : (y + 1) * width] for y in range(height)]
    inked = [any(palette[index] != WHITE for index in row) for row in rows]
    columns = [any(palette[row[x]] != WHITE for row in rows) for x in range(width)]
    # A margin is left blank on every side, and text reaches into the right one's edge.
    assert not any(inked[: MARGIN // 2] + inked[-MARGIN // 2 :])
    assert not any(columns[: MARGIN // 2] + columns[-MARGIN // 2 :])
    assert any(columns[-MARGIN - 4 :])
    # Every legend entry's swatch is drawn in its colour.
    shown = {palette[index] for index in set(pixels)}
    assert {rgb(colour_of(key, result.keys)) for key, pages in result.pages.items() if pages} <= shown


def test_a_rendered_text_keeps_its_pixels_when_the_next_is_rendered() -> None:
    # Older matplotlib (3.6, as Debian 12 ships it) hands out a view of the renderer's buffer,
    # which the next text overwrote: every legend line but the last came out as noise.
    font = mpl._font()
    first = mpl._render(font, "free: 2,072,531 pages (7.9G)", 10)
    kept = first.coverage.copy()
    mpl._render(font, "Physical memory by category, a longer line than the first", 14)
    assert (first.coverage == kept).all() and kept.any()


def test_without_matplotlibs_own_font_file_the_font_is_found_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = memory_map(saved(tmp_path), "page")
    expected = mpl.map_png(result)
    monkeypatch.setattr(mpl, "FONT", ("mpl-data", "fonts", "ttf", "no-such-font.ttf"))
    mpl._font.cache_clear()
    try:
        assert mpl.map_png(result) == expected  # DejaVu Sans all the same, where matplotlib keeps it
    finally:
        mpl._font.cache_clear()


def test_a_font_that_fails_to_load_in_the_background_is_reported_by_the_drawing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = memory_map(saved(tmp_path), "page")
    uncaught: list[object] = []
    monkeypatch.setattr(threading, "excepthook", uncaught.append)  # it would print a traceback

    def broken(missing: str) -> None:
        raise NotAvailable("matplotlib is broken here")

    monkeypatch.setattr(mpl, "_renderer_alone", lambda directory: None)
    monkeypatch.setattr(mpl, "import_matplotlib", broken)
    monkeypatch.setattr(backend, "_background", [])
    mpl._font.cache_clear()
    try:
        mpl.preload()
        with pytest.raises(NotAvailable, match="broken here"):
            mpl.map_png(result)
    finally:
        mpl._font.cache_clear()
    assert uncaught == []


def test_the_map_command_loads_the_font_renderer_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kpageflags.cli.main import main

    started: list[str] = []
    preload = mpl.preload

    def counted() -> None:
        started.append(threading.current_thread().name)
        preload()

    monkeypatch.setattr(mpl, "preload", counted)
    (tmp_path / "flags").write_bytes(bytes(8 * 4096))
    main(["map", "--kpageflags", str(tmp_path / "flags"), "--kernel", "6.18", "-o", str(tmp_path / "map.png")])
    assert len(started) == 1 and (tmp_path / "map.png").stat().st_size > 0


def test_the_font_renderer_loads_without_matplotlibs_own_import_and_draws_the_same(tmp_path: Path) -> None:
    # matplotlib's own import costs 0.1 s past numpy's; the renderer alone a few ms.
    files = saved(tmp_path)
    drawn_here = mpl.map_png(memory_map(files, "page"))  # through matplotlib: this process imported it
    script = (
        "import sys\n"
        "from kpageflags.analysis.memmap import memory_map\n"
        "from kpageflags.drawing import mpl\n"
        "from kpageflags.sources.files import SavedFiles\n"
        f"files = SavedFiles({files.paths!r}, kernel='6.18.44', page_size=4096)\n"
        "sys.stdout.buffer.write(mpl.map_png(memory_map(files, 'page')))\n"
        "sys.stderr.write(repr(['matplotlib' in sys.modules, mpl.RENDERER in sys.modules]))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert run.stderr == b"[False, True]" and run.stdout == drawn_here
