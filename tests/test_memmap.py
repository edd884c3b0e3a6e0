"""kpageflags map: the raster (library), its pictures (SVG with an embedded PNG; PNG through
matplotlib) and the command. Pictures are decoded back and their content checked."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import struct
import subprocess
import sys
import zlib
from array import array
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import needs_kpageflags, save_kpageflags, snapshot_of_files

from kpageflags.analysis import hilbert
from kpageflags.analysis.breakdown import breakdown
from kpageflags.analysis.memmap import BEYOND, FILTERED, MIXED, MIXING_KEYS, Edge, MemoryMap, memory_map, pmd_order
from kpageflags.cli.main import main
from kpageflags.drawing.style import caption, colour_of, rgb
from kpageflags.drawing.svg import map_svg
from kpageflags.facts.categories import categories
from kpageflags.plotting.colours import CATEGORY_COLOURS, MAP_COLOURS, PALETTE
from kpageflags.sources.counting import numpy_available
from kpageflags.sources.files import SavedFiles
from kpageflags.sources.snapshot import Snapshot

NUMPY = [False, pytest.param(True, marks=pytest.mark.skipif(not numpy_available(), reason="numpy is not installed"))]
BUDDY, SLAB, LRU, MMAP, ANON, NOPAGE, PGTABLE = 1 << 10, 1 << 7, 1 << 5, 1 << 11, 1 << 12, 1 << 20, 1 << 26
USER = ANON | LRU | MMAP
# Two nodes: node 0 has DMA (frames 0-15) and Normal (16-31), node 1 Normal (32-63).
ZONEINFO = """Node 0, zone      DMA
        spanned  16
        present  16
  start_pfn:           0
Node 0, zone   Normal
        spanned  16
        present  16
  start_pfn:           16
Node 1, zone   Normal
        spanned  32
        present  32
  start_pfn:           32
"""
# Pageblocks of 8 frames: 0 free, 1 mixed (slab + anon), 2 anon, 3 slab and free, 4 mixed
# (page table + page cache), 5 a hole, 6-7 page cache.
FRAMES = (
    [BUDDY] * 8
    + [SLAB] * 3
    + [USER] * 5
    + [USER] * 8
    + [SLAB] * 4
    + [BUDDY] * 4
    + [PGTABLE]
    + [LRU] * 7
    + [NOPAGE] * 8
    + [LRU] * 16
)


def saved(tmp_path: Path, frames: list[int] = FRAMES, zoneinfo: str | None = ZONEINFO) -> SavedFiles:
    (tmp_path / "kpageflags").write_bytes(array("Q", frames).tobytes())
    paths = {"kpageflags": str(tmp_path / "kpageflags")}
    if zoneinfo is not None:
        (tmp_path / "zoneinfo").write_text(zoneinfo)
        paths["zoneinfo"] = str(tmp_path / "zoneinfo")
    return SavedFiles(paths, kernel="6.18.44", page_size=4096)


def decode_png(data: bytes) -> tuple[int, int, list[tuple[int, int, int]], bytes]:
    """Width, height, palette and pixel indices of a palette PNG with unfiltered rows (ours)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, bytes] = {}
    position = 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunks[kind] = chunks.get(kind, b"") + data[position + 8 : position + 8 + length]
        position += 12 + length
    width, height, depth, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour_type) == (8, 3)
    plte = chunks[b"PLTE"]
    palette = [tuple(plte[i : i + 3]) for i in range(0, len(plte), 3)]
    rows = zlib.decompress(chunks[b"IDAT"])
    pixels = b"".join(rows[y * (width + 1) + 1 : (y + 1) * (width + 1)] for y in range(height))
    assert all(rows[y * (width + 1)] == 0 for y in range(height))
    return width, height, palette, pixels  # type: ignore[return-value]


def embedded_png(svg: str) -> bytes:
    found = re.search(r'href="data:image/png;base64,([^"]+)"', svg)
    assert found
    return base64.b64decode(found.group(1))


# -- the Hilbert curve ------------------------------------------------------------------


@pytest.mark.parametrize("cells", [1, 2, 3, 8, 9, 100, 129, 512, 1000])
def test_the_curve_visits_every_cell_once_and_moves_one_cell_at_a_time(cells: int) -> None:
    width, height = hilbert.shape_for(cells)
    assert width * height >= cells
    assert cells == 1 or (width * height) // 4 < cells
    steps = [hilbert.grid_point(width, height, d) for d in range(width * height)]
    assert sorted(steps) == [(x, y) for x in range(width) for y in range(height)]
    assert all(abs(a[0] - b[0]) + abs(a[1] - b[1]) == 1 for a, b in zip(steps, steps[1:]))


def test_index_inverts_point() -> None:
    assert [hilbert.index(16, *hilbert.point(16, d)) for d in range(256)] == list(range(256))


def test_two_squares_are_used_when_they_suffice() -> None:
    assert hilbert.shape_for(128) == (16, 8)
    assert hilbert.shape_for(129) == (16, 16)


@pytest.mark.parametrize("use_numpy", NUMPY)
@pytest.mark.parametrize("cells", [1, 5, 64, 200, 2048, 5000, 70000, 300000])
def test_laying_out_tile_by_tile_puts_each_step_where_the_curve_visits(cells: int, use_numpy: bool) -> None:
    import random

    width, height = hilbert.shape_for(cells)
    values = bytes(random.Random(cells).randrange(255) for _ in range(cells))
    expected = bytearray([255]) * (width * height)
    for step, value in enumerate(values):
        x, y = hilbert.grid_point(width, height, step)
        expected[y * width + x] = value
    if use_numpy:
        import numpy

        assert hilbert.lay_out(numpy.frombuffer(values, numpy.uint8), width, height, 255, numpy).tobytes() == expected
    else:
        assert hilbert.lay_out(values, width, height, 255, None) == expected
        assert hilbert.lay_out(list(values), width, height, 255, None) == list(expected)


# -- the raster -------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["hilbert", "linear"])
@pytest.mark.parametrize("use_numpy", NUMPY)
def test_page_cells_count_what_the_breakdown_counts(tmp_path: Path, layout: str, use_numpy: bool) -> None:
    source = saved(tmp_path)
    result = memory_map(source, "page", layout, use_numpy=use_numpy)
    counted = breakdown(source)
    expected = {**counted.total(), "no_page": counted.holes(), FILTERED: 0}
    assert {k: v for k, v in result.cells.items() if k != BEYOND} == expected
    assert {k: v for k, v in result.pages.items() if k != BEYOND} == {**expected, FILTERED: 0}
    assert result.cells[BEYOND] == result.width * result.height - len(FRAMES)


@pytest.mark.skipif(not numpy_available(), reason="numpy is not installed")
@pytest.mark.parametrize("layout", ["hilbert", "linear"])
@pytest.mark.parametrize("cell", [1, 3, 8, 16])
@pytest.mark.parametrize("mixing", [False, True])
def test_numpy_and_plain_python_draw_the_same_map(tmp_path: Path, layout: str, cell: int, mixing: bool) -> None:
    source = saved(tmp_path)
    if mixing and cell % 8:
        cell *= 8
    maps = [memory_map(source, cell, layout, mixing=mixing, pageblock_order=3, use_numpy=use) for use in (False, True)]
    assert maps[0] == maps[1]


@pytest.mark.parametrize("use_numpy", NUMPY)
def test_a_frame_with_no_flags_is_other_kernel_memory(tmp_path: Path, use_numpy: bool) -> None:
    result = memory_map(saved(tmp_path, [0, 0, 0, 0], None), "page", "linear", use_numpy=use_numpy)
    assert [result.keys[key] for key in result.raster] == ["kernel_other"] * 4


@pytest.mark.parametrize("use_numpy", NUMPY)
def test_a_cell_shows_its_majority_and_a_tie_the_earlier_rule(tmp_path: Path, use_numpy: bool) -> None:
    frames = [SLAB, BUDDY, BUDDY, LRU, SLAB, SLAB, BUDDY, BUDDY]
    result = memory_map(saved(tmp_path, frames, None), 4, "linear", use_numpy=use_numpy)
    free = result.keys.index("free")
    # free's rule comes before slab's in spec/categories.yaml, so it wins the 2:2 tie
    assert list(result.raster) == [free, free]
    assert result.pages["slab"] == 3 and result.cells["slab"] == 0


def test_holes_are_no_page_cells(tmp_path: Path) -> None:
    result = memory_map(saved(tmp_path), "page", "linear", use_numpy=False)
    hole = result.keys.index("no_page")
    assert [pfn for pfn, key in enumerate(result.raster) if key == hole] == list(range(40, 48))


def test_zone_and_node_boundaries_lie_between_their_frames(tmp_path: Path) -> None:
    # 64 frames, linear: 8 rows of 8; DMA is rows 0-1, node 0 Normal rows 2-3, node 1 rows 4-7
    result = memory_map(saved(tmp_path), "page", "linear", use_numpy=False)
    assert (result.width, result.height) == (8, 8)
    assert set(result.edges) == {Edge(0, 2, 8, 2, "zone"), Edge(0, 4, 8, 4, "node")}


@pytest.mark.parametrize("use_numpy", NUMPY)
def test_hilbert_boundaries_enclose_each_zone(tmp_path: Path, use_numpy: bool) -> None:
    # 64 frames on an 8 x 8 curve, 16 to a 4 x 4 quadrant: DMA top left, node 0's Normal
    # bottom left, node 1 the right half
    result = memory_map(saved(tmp_path), "page", "hilbert", use_numpy=use_numpy)
    assert (result.width, result.height) == (8, 8)
    assert set(result.edges) == {Edge(0, 4, 4, 4, "zone"), Edge(4, 0, 4, 8, "node")}


def test_without_zoneinfo_there_are_no_boundaries_and_the_caption_says_so(tmp_path: Path) -> None:
    result = memory_map(saved(tmp_path, zoneinfo=None), "page")
    assert result.edges == () and not result.zones_known
    assert "boundaries are not drawn" in map_svg(result)


@pytest.mark.parametrize("use_numpy", NUMPY)
def test_mixing_counts_the_blocks_that_mix_movable_and_unmovable_pages(tmp_path: Path, use_numpy: bool) -> None:
    result = memory_map(saved(tmp_path), "pageblock", mixing=True, pageblock_order=3, use_numpy=use_numpy)
    assert result.mixed_blocks == 2
    assert {k: v for k, v in result.blocks.items() if v} == {
        MIXED: 2,
        "unmovable": 1,
        "movable": 3,
        "neither": 1,
        "no_page": 1,
    }
    assert result.pages["movable"] == 5 + 8 + 7 + 16 and result.pages["unmovable"] == 3 + 4 + 1


def test_a_cell_of_several_pageblocks_is_mixed_when_one_of_them_is(tmp_path: Path) -> None:
    result = memory_map(saved(tmp_path), 16, "linear", mixing=True, pageblock_order=3, use_numpy=False)
    # blocks 0-1: free and mixed; 2-3: movable and unmovable (no block mixes); 4-5: mixed and a hole
    assert [result.keys[k] for k in result.raster] == [MIXED, "unmovable", MIXED, "movable"]


def test_mixing_refuses_cells_that_split_pageblocks(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="whole pageblocks"):
        memory_map(saved(tmp_path), 4, mixing=True, pageblock_order=3)


@pytest.mark.parametrize("use_numpy", NUMPY)
def test_the_filter_greys_out_what_it_does_not_select(tmp_path: Path, use_numpy: bool) -> None:
    result = memory_map(saved(tmp_path), "page", only=["free"], use_numpy=use_numpy)
    assert result.pages["free"] == 12 and result.pages[FILTERED] == len(FRAMES) - 12
    by_bits = memory_map(saved(tmp_path), "page", bits=["slab"], use_numpy=use_numpy)
    assert by_bits.pages["slab"] == 7 and by_bits.pages[FILTERED] == len(FRAMES) - 7
    both = memory_map(saved(tmp_path), "page", only=["free", "slab"], bits=["~slab"], use_numpy=use_numpy)
    assert both.pages["free"] == 12 and both.pages["slab"] == 0
    assert "grey: pages left out by --only free,slab -b ~slab" in map_svg(both)


@pytest.mark.parametrize(("page_size", "order"), [(4096, 9), (16384, 11), (65536, 13)])
def test_the_default_pageblock_is_the_pmd_huge_page(page_size: int, order: int) -> None:
    assert pmd_order(page_size) == order


def test_a_cell_can_be_a_memory_block(tmp_path: Path) -> None:
    blocks = tmp_path / "memory"
    (blocks / "memory0").mkdir(parents=True)
    (blocks / "block_size_bytes").write_text(f"{16 * 4096:x}\n")
    (tmp_path / "kpageflags").write_bytes(array("Q", FRAMES).tobytes())
    source = SavedFiles(
        {"kpageflags": str(tmp_path / "kpageflags"), "memory_blocks": str(blocks)}, kernel="6.18.44", page_size=4096
    )
    result = memory_map(source, "memory-block", "linear", use_numpy=False)
    assert result.cell_pages == 16 and [result.keys[k] for k in result.raster] == [
        "free",
        "anon",
        "no_page",
        "page_cache",
    ]


def test_auto_cells_keep_the_map_within_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kpageflags.analysis.memmap as memmap

    monkeypatch.setattr(memmap, "MAX_CELLS", 10)
    assert memory_map(saved(tmp_path), "auto").cell_pages == 8
    with pytest.raises(ValueError, match="more than 10 cells"):
        memory_map(saved(tmp_path), "page")


# -- pictures ---------------------------------------------------------------------------


def with_memory_blocks(tmp_path: Path, frames: list[int], kernel: str, blocks: dict[int, str]) -> SavedFiles:
    """Saved files with memory blocks of 16 pages: ``blocks`` maps each listed block to its online state."""
    directory = tmp_path / "memory"
    directory.mkdir()
    (directory / "block_size_bytes").write_text(f"{16 * 4096:x}\n")
    for number, online in blocks.items():
        (directory / f"memory{number}").mkdir()
        (directory / f"memory{number}" / "online").write_text(online)
    (tmp_path / "kpageflags").write_bytes(array("Q", frames).tobytes())
    paths = {"kpageflags": str(tmp_path / "kpageflags"), "memory_blocks": str(directory)}
    return SavedFiles(paths, kernel=kernel, page_size=4096)


# Blocks 0 and 3 online, 1 offline, 2 absent; frames without a page read 0, as 6.18 reports them.
UNMARKED = [BUDDY] * 16 + [0] * 16 + [0] * 8 + [SLAB] + [0] * 7 + [LRU] * 16


@pytest.mark.parametrize("use_numpy", NUMPY)
@pytest.mark.parametrize("kernel", ["6.17", "6.18.44"])
def test_frames_outside_online_memory_blocks_that_read_0_are_holes(
    tmp_path: Path, kernel: str, use_numpy: bool
) -> None:
    source = with_memory_blocks(tmp_path, UNMARKED, kernel, {0: "1\n", 1: "0\n", 3: "1\n"})
    result = memory_map(source, "page", "linear", use_numpy=use_numpy)
    assert result.pages["no_page"] == 31 and result.pages["slab"] == 1 and result.pages["kernel_other"] == 0
    assert [result.keys[key] for key in result.raster[38:42]] == ["no_page", "no_page", "slab", "no_page"]
    assert result.titles["no_page"] == "no page frame (hole)"
    # Only 6.18 stopped marking holes (spec/bugs.yaml nopage_never_set), so only there is it said.
    said = [line for line in caption(result) if "reports frames without a page as flags 0" in line]
    note = (
        "Linux 6.18.44 reports frames without a page as flags 0: "
        "those outside online memory blocks are counted as holes"
    )
    assert said == ([note] if kernel == "6.18.44" else [])


@pytest.mark.parametrize("use_numpy", NUMPY)
@pytest.mark.parametrize("by", ["total", "block", "cgroup"])
def test_the_breakdown_counts_the_holes_the_map_draws_apart_from_memory(
    tmp_path: Path, by: str, use_numpy: bool
) -> None:
    source = with_memory_blocks(tmp_path, UNMARKED, "6.18.44", {0: "1\n", 1: "0\n", 3: "1\n"})
    if by == "cgroup":
        (tmp_path / "kpagecgroup").write_bytes(bytes(8 * len(UNMARKED)))
        (tmp_path / "cgroups").mkdir()
        paths = {
            **source.paths,
            "kpagecgroup": str(tmp_path / "kpagecgroup"),
            "cgroup_names": str(tmp_path / "cgroups"),
        }
        source = SavedFiles(paths, kernel="6.18.44", page_size=4096)
    drawn = memory_map(source, "page", "linear", use_numpy=use_numpy)
    counted = breakdown(source, by, use_numpy=use_numpy)
    assert counted.holes() == drawn.pages["no_page"] == 31
    assert counted.total() == {k: v for k, v in drawn.pages.items() if k in counted.total()}
    assert "no_page" not in counted.total() and counted.total()["kernel_other"] == 0
    # Holes are no memory: the groups' pages are the memory they hold, 33 of the 64 frames.
    assert sum(group.pages for group in counted.groups) == 33 == len(UNMARKED) - 31


def test_without_memory_blocks_the_legend_says_holes_are_not_told_apart(tmp_path: Path) -> None:
    (tmp_path / "kpageflags").write_bytes(array("Q", UNMARKED).tobytes())
    source = SavedFiles({"kpageflags": str(tmp_path / "kpageflags")}, kernel="6.18.44", page_size=4096)
    result = memory_map(source, "page", "linear")
    assert result.pages["no_page"] == 0 and result.pages["kernel_other"] == 31
    svg = map_svg(result)
    assert "no page frame (holes not told apart here): 0 pages (0B)" in svg
    assert "no list of memory blocks was read: holes are not told apart from pages without flags" in svg


def counts_by_colour(pixels: bytes, palette: list[tuple[int, int, int]], result: MemoryMap) -> dict[str, int]:
    by_colour = {palette[index]: pixels.count(bytes([index])) for index in set(pixels)}
    return {key: by_colour.get(rgb(colour_of(key, result.keys)), 0) for key in result.keys}


@pytest.mark.parametrize("layout", ["hilbert", "linear"])
def test_the_svgs_pixels_count_each_category_and_its_legend_and_caption_say_so(tmp_path: Path, layout: str) -> None:
    source = saved(tmp_path)
    result = memory_map(source, "page", layout)
    svg = map_svg(result)
    width, height, palette, pixels = decode_png(embedded_png(svg))
    assert (width, height) == (result.width, result.height)
    counted = counts_by_colour(pixels, palette, result)
    assert {k: counted[k] for k in breakdown(source).total()} == breakdown(source).total()
    tree = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    legend = {g.get("data-key"): "".join(g.itertext()) for g in tree.iter(f"{ns}g") if g.get("class") == "legend-entry"}
    assert legend["free"] == "free: 12 pages (48.0K)"
    assert legend["no_page"] == "no page frame (hole): 8 pages (32.0K)"
    assert set(legend) == {"no_page", "free", "slab", "page_table", "anon", "page_cache"} | (
        {BEYOND} if result.cells[BEYOND] else set()
    )
    captions = [t.text or "" for t in tree.iter(f"{ns}text") if t.get("class") == "caption"]
    saved_at = re.escape(result.taken)
    assert re.match(rf"kernel 6\.18\.44, {saved_at}; 64 page frames of 4\.0K$", captions[0])
    assert result.taken.startswith("kpageflags copy saved 20")
    assert len(list(tree.iter(f"{ns}path"))) == 4  # a node and a zone boundary, each over a white halo


@pytest.mark.parametrize("cell", ["pageblock", 16])
def test_the_mixing_pictures_legend_counts_the_pageblocks_its_pixels_show(tmp_path: Path, cell: str | int) -> None:
    result = memory_map(saved(tmp_path), cell, "linear", mixing=True, pageblock_order=3)
    svg = map_svg(result)
    _, _, palette, pixels = decode_png(embedded_png(svg))
    counted = {key: count for key, count in counts_by_colour(pixels, palette, result).items() if count}
    tree = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    legend = {g.get("data-key"): "".join(g.itertext()) for g in tree.iter(f"{ns}g") if g.get("class") == "legend-entry"}
    if cell == "pageblock":
        assert counted == {MIXED: 2, "unmovable": 1, "movable": 3, "neither": 1, "no_page": 1}
    else:  # two pageblocks a cell: blocks 0-1 mixed, 2-3 unmovable, 4-5 mixed, 6-7 movable
        assert counted == {MIXED: 2, "unmovable": 1, "movable": 1}
    assert legend[MIXED] == "movable and unmovable pages mixed: 2 pageblocks (64.0K)"
    assert legend["movable"] == "movable pages, none unmovable: 3 pageblocks (96.0K)"
    assert legend["unmovable"] == "unmovable pages, none movable: 1 pageblock (32.0K)"
    assert legend["no_page"].endswith(": 1 pageblock (32.0K)")
    captions = [t.text or "" for t in tree.iter(f"{ns}text") if t.get("class") == "caption"]
    assert "2 of 7 pageblocks (32.0K) mix movable and unmovable pages" in captions[2]  # the hole is none


def test_every_category_has_a_colour_of_its_own() -> None:
    ids = [c.id for c in categories()]
    assert set(ids) == set(CATEGORY_COLOURS)
    assert len({MAP_COLOURS[c] for c in ids} | {MAP_COLOURS[FILTERED], MAP_COLOURS[BEYOND]}) == len(ids) + 2


def test_every_class_of_the_mixing_view_has_a_colour_of_its_own() -> None:
    assert len({MAP_COLOURS[key] for key in MIXING_KEYS}) == len(MIXING_KEYS)


def test_the_shared_palette_loads_without_matplotlib() -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None; "
        "from kpageflags.drawing.style import colour_of; from kpageflags.plotting import PALETTE; "
        "from kpageflags.plotting.drawing import REMAINDER_COLOUR; print(colour_of('free', ('free',)), PALETTE[0])"
    )
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert printed.split() == [CATEGORY_COLOURS["free"], PALETTE[0]]


def test_a_snapshots_map_names_when_it_was_taken(tmp_path: Path) -> None:
    source = saved(tmp_path)
    path = snapshot_of_files(
        tmp_path / "s.kpf", kpageflags=source.paths["kpageflags"], zoneinfo=source.paths["zoneinfo"]
    )
    with Snapshot(str(path)) as snapshot:
        result = memory_map(snapshot, "page")
        taken = snapshot.manifest["taken"]
    assert result.taken == f"snapshot taken {taken}"
    assert f"kernel 6.18.44, snapshot taken {taken}" in map_svg(result)


@pytest.mark.skipif(not numpy_available(), reason="matplotlib needs numpy")
def test_the_png_shows_each_categorys_colour(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="PNG maps need the plot extra (matplotlib), not installed here")
    from matplotlib.image import imread

    from kpageflags.drawing import write_map

    result = memory_map(saved(tmp_path), "page")
    write_map(result, str(tmp_path / "map.png"))
    import numpy

    pixels = numpy.round(imread(str(tmp_path / "map.png"))[:, :, :3] * 255).astype(int).reshape(-1, 3)
    seen = {tuple(colour) for colour in numpy.unique(pixels, axis=0).tolist()}
    shown = {rgb(colour_of(key, result.keys)) for key in result.keys if result.cells[key]}
    assert shown <= seen


# -- the command ------------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as stop:  # argparse's own errors
            code = stop.code if isinstance(stop.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def files_options(tmp_path: Path) -> list[str]:
    source = saved(tmp_path)
    return ["--kpageflags", source.paths["kpageflags"], "--zoneinfo", source.paths["zoneinfo"], "-k", "6.18.44"]


def test_the_command_writes_a_private_svg_and_prints_the_pictures_numbers(tmp_path: Path) -> None:
    picture = tmp_path / "map.svg"
    code, out, err = run("map", *files_options(tmp_path), "--page-size", "4096", "-o", str(picture))
    assert code == 0, err
    assert os.stat(picture).st_mode & 0o777 == 0o600
    rows = {
        line.split()[0]: line.split()[1:3]
        for line in out.splitlines()[1:]
        if line and not line.startswith(("wrote", "kernel", "one", "thick"))
    }
    assert rows["free"] == ["12", "12"] and rows["page_cache"] == ["23", "23"] and rows["no_page"] == ["8", "8"]
    assert "free: 12 pages" in picture.read_text()


def test_the_mixing_count_is_printed(tmp_path: Path) -> None:
    code, out, _ = run(
        "map", *files_options(tmp_path), "--mixing", "--pageblock-order", "3", "--json", "-o", str(tmp_path / "m.svg")
    )
    records = {r["key"]: r for r in map(json.loads, out.splitlines())}
    assert code == 0 and records[MIXED]["pageblocks"] == 2 and records["movable"]["pageblocks"] == 3
    # A row's pages are those its pageblocks of 8 pages span.
    assert records[MIXED]["pages"] == 16 and records["movable"]["pages"] == 24


def test_a_cell_size_is_a_whole_number_of_pages(tmp_path: Path) -> None:
    code, out, _ = run(
        "map",
        *files_options(tmp_path),
        "--page-size",
        "4096",
        "--cell",
        "32K",
        "--layout",
        "linear",
        "-o",
        str(tmp_path / "m.svg"),
    )
    assert code == 0 and "one cell = 8 pages (32.0K)" in out
    code, _, err = run(
        "map", *files_options(tmp_path), "--page-size", "4096", "--cell", "6K", "-o", str(tmp_path / "m.svg")
    )
    assert code == 2 and err.count("\n") == 1 and "not a whole number of 4096-byte pages" in err


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["-o", "map.gif"], "map.gif: a picture is written as .png or .svg, not .gif"),
        (["--cell", "huge", "-o", "m.svg"], "--cell takes auto, page, pageblock, memory-block or a size"),
        (["--only", "nope", "-o", "m.svg"], "unknown category 'nope'"),
        (["-b", "anon,blue", "-o", "m.svg"], "blue"),
        (["--mixing", "--only", "free", "-o", "m.svg"], "cannot be combined with --only or --bits"),
        (["--cell", "memory-block", "-o", "m.svg"], "memory blocks"),
        (["--kpageflags", "nonexistent", "-o", "m.svg"], "cannot read nonexistent: No such file"),
        (["-o", "/nonexistent/m.svg"], "cannot write /nonexistent/m.svg: no directory /nonexistent"),
        (["--memory-blocks", "kpageflags", "-o", "m.svg"], "kpageflags: cannot read memory blocks (Not a directory)"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, words: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("map", *files_options(tmp_path), *words)
    assert code == 2 and err.count("\n") == 1 and message in err, err
    assert not (tmp_path / "m.svg").exists()


def test_without_matplotlib_a_png_names_the_extra_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code, out, err = run("map", "--kpageflags", "/nonexistent", "-o", str(tmp_path / "map.png"))
    assert code == 4 and out == "" and not (tmp_path / "map.png").exists()
    assert err.count("\n") == 1 and "pip install 'kpageflags[plot]'" in err and "-o map.svg" in err


def test_user_nobody_maps_a_snapshot(tmp_path: Path) -> None:
    import shutil
    import subprocess

    from conftest import readable_by_everyone
    from test_snapshot import AS_NOBODY, python_for_nobody

    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("running as user nobody needs root and setpriv")
    python = python_for_nobody()
    if python is None:
        pytest.skip("no Python 3.9+ that user nobody can run (this one lives in a root-only directory)")
    source = saved(tmp_path)
    snapshot = snapshot_of_files(
        tmp_path / "s.kpf", kpageflags=source.paths["kpageflags"], zoneinfo=source.paths["zoneinfo"]
    )
    with readable_by_everyone(snapshot) as shared:
        (shared / "out").mkdir()
        os.chmod(shared / "out", 0o777)
        command = (
            "import sys; sys.path.insert(0, sys.argv[1]); from kpageflags.cli.main import main; "
            "sys.exit(main(sys.argv[2:]))"
        )
        argv = [str(shared), "map", "--snapshot", str(shared / "s.kpf"), "-o", str(shared / "out" / "map.svg")]
        done = subprocess.run(
            [*AS_NOBODY, python, "-I", "-c", command, *argv], capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
        assert "free: 12 pages" in (shared / "out" / "map.svg").read_text()
        assert re.search(r"^free\s+12\s+12\s", done.stdout, re.MULTILINE)


@needs_kpageflags
@pytest.mark.live
def test_a_map_of_this_machine_counts_what_its_frozen_read_counts(tmp_path: Path) -> None:
    frozen = save_kpageflags(tmp_path / "kpageflags")
    source = SavedFiles({"kpageflags": str(frozen), "zoneinfo": "/proc/zoneinfo"})
    result = memory_map(source, "page")
    counted = breakdown(source)
    assert {k: v for k, v in result.cells.items() if k not in (BEYOND, FILTERED)} == {
        **counted.total(),
        "no_page": counted.holes(),
    }
    assert sum(result.pages.values()) == os.path.getsize(frozen) // 8
    assert result.edges  # this machine has at least two zones


def system_ram_frames(page_size: int) -> list[range]:
    """The frames /proc/iomem calls System RAM (its addresses read as 0 without root)."""
    ranges = []
    for line in Path("/proc/iomem").read_text().splitlines():
        span, _, name = line.strip().partition(" : ")
        if name == "System RAM":
            start, end = (int(address, 16) for address in span.split("-"))
            ranges.append(range(start // page_size, end // page_size + 1))
    return ranges


@needs_kpageflags
@pytest.mark.live
@pytest.mark.skipif(not Path("/sys/devices/system/memory/block_size_bytes").exists(), reason="no memory blocks")
def test_the_holes_drawn_of_this_machine_are_never_system_ram(tmp_path: Path) -> None:
    ram = system_ram_frames(os.sysconf("SC_PAGE_SIZE"))
    if not any(r.start for r in ram):
        pytest.skip("/proc/iomem shows no addresses to this user")
    frozen = save_kpageflags(tmp_path / "kpageflags")
    source = SavedFiles({"kpageflags": str(frozen), "memory_blocks": "/sys/devices/system/memory"})
    result = memory_map(source, "page", "linear")
    hole = result.keys.index("no_page")
    holes = [frame for frame, key in enumerate(result.raster[: result.frames]) if key == hole]
    assert len(holes) == result.pages["no_page"]
    assert not [frame for frame in holes if any(frame in r for r in ram)]


def test_a_caption_names_this_machine_and_when_it_was_read() -> None:
    from typing import cast

    from kpageflags.analysis.memmap import data_time
    from kpageflags.plotting.charts import caption
    from kpageflags.sources.files import LiveSource

    live = cast(LiveSource, object())  # neither a snapshot nor saved files: this machine
    assert re.fullmatch(
        r"Linux 6\.18 · data of this machine, read \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", caption("6.18", data_time(live))
    )
