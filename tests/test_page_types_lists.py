"""page-types' -l and -L on large inputs: the run-by-run walk (with numpy and without) against
a page-by-page reference written as page-types' C code reads, on a 700,000 frames that
hold long runs, short runs, pages alternating one by one, bits only raw mode shows and bits
no release names. The small real-tool fixtures (test_page_types.py) pin the reference's
format to the C tool; these pin the fast walk to the reference at scale."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Callable, TextIO

import pytest

from kpageflags.facts.bitsexpr import BitsFilter, parse_bits
from kpageflags.facts.releases import releases
from kpageflags.pagetypes import run, textmatrix
from kpageflags.pagetypes.lists import Lister
from kpageflags.pagetypes.options import Options, parse
from kpageflags.pagetypes.tool import ToolTable, UnknownFlagBit, tool_table
from kpageflags.sources import counting
from kpageflags.sources.files import SavedFiles
from kpageflags.sources.runs import run_starts
from kpageflags.sources.source import KPAGECGROUP, KPAGECOUNT, KPAGEFLAGS

# Eleven batches of 65536 frames, so runs and ranges cross batch boundaries.
FRAMES = 700_000
# Values seen on real machines (buddy, lru pages, anonymous THP heads and tails, slab) and
# pairs that differ only in bits hidden outside raw mode (a kernel-hacking bit, the compound
# bits of a page that is not HugeTLB), whose runs page-types joins into one range.
VALUES = [0x400, 0x28, 0x3C, 0x5868, 0x868, 0x1800C, 0xC, 0x100000000, 0, 0x80, 0x4000000000068]
# Near the end, a bit no release names: page-types stops there (exit 1), its lines so far printed.
UNNAMED_AT, UNNAMED = 690_000, 1 << 57 | 0x20


Columns = tuple[list[int], list[int], list[int]]


def synthetic(seed: int, frames: int) -> Columns:
    """Flags, cgroups and map counts: long runs, short runs, and stretches that change page by page."""
    rng = random.Random(seed)
    flags: list[int] = []
    cgroups: list[int] = []
    counts: list[int] = []
    while len(flags) < frames:
        length = rng.choice([1, 1, 1, 2, 3, 7, 40, 300, 5000, 70000])
        if rng.random() < 0.1:  # page by page
            flags += [rng.choice(VALUES) for _ in range(length)]
            counts += [rng.choice([0, 1, 2]) for _ in range(length)]
        else:
            flags += [rng.choice(VALUES)] * length
            counts += [rng.choice([0, 1, 5, 5000])] * length
        cgroups += [rng.choice([1, 1, 4242, 70000])] * length
    flags[UNNAMED_AT] = UNNAMED
    return flags[:frames], cgroups[:frames], counts[:frames]


def reference_list(
    flags: list[int],
    cgroups: list[int],
    counts: list[int],
    tool: ToolTable,
    argv: list[str],
    ranges: list[tuple[int, int]],
) -> tuple[str, str]:
    """The list page-types prints (and its message if it stops at a bit it cannot name), page by
    page as its C code goes: -L prints each kept page; -l extends the pending range while a page
    continues it, else prints it and starts anew. A line's columns before the page number are
    printed before its flags are named, so a stop there leaves them without an end of line."""
    options = parse(argv)
    filters = [parse_bits(b, table=tool.kpf) for b in options.bits]
    decimal = "decimal_lists" in tool.switches
    breaks_at_batches = "list_ranges_break_at_batches" in tool.switches

    def number(value: int) -> str:
        return str(value) if decimal else f"{value:x}"

    def columns(cgroup: int, mapcnt: int) -> str:
        return (f"@{cgroup}\t" if options.list_cgroup else "") + (f"{mapcnt}\t" if options.list_mapcnt else "")

    lines: list[str] = []
    try:
        _walk(lines, flags, cgroups, counts, tool, options, filters, breaks_at_batches, columns, number, ranges)
    except UnknownFlagBit as stop:
        return "".join(lines), f"{stop}\n"
    return "".join(lines), ""


def _walk(
    lines: list[str],
    flags: list[int],
    cgroups: list[int],
    counts: list[int],
    tool: ToolTable,
    options: Options,
    filters: list[BitsFilter],
    breaks_at_batches: bool,
    columns: Callable[[int, int], str],
    number: Callable[[int], str],
    ranges: list[tuple[int, int]],
) -> None:
    pending: list[int] | None = None
    for start, size in ranges:
        for pfn in range(start, min(start + size, len(flags))):
            voffset = start + (pfn - start) % (1 << 16)
            value = tool.transform(flags[pfn], options.raw)
            if not all(f.matches(value) for f in filters):
                continue
            cgroup = cgroups[pfn] if options.list_cgroup or options.cgroup is not None else 0
            if options.cgroup is not None and cgroup != options.cgroup:
                continue
            mapcnt = counts[pfn] if options.list_mapcnt else 0
            if options.list_mode == 2:
                lines.append(columns(cgroup, mapcnt))
                lines.append(f"{number(pfn)}\t{tool.short(value)}\n")
                continue
            if (
                pending is not None
                and [value, cgroup, mapcnt] == pending[:3]
                and pfn == pending[3] + pending[5]
                and (not breaks_at_batches or voffset == pending[4] + pending[5])
            ):
                pending[5] += 1
                continue
            if pending is not None:
                _range_line(lines, pending, columns, number, tool)
            pending = [value, cgroup, mapcnt, pfn, voffset, 1]
    if pending is not None:
        _range_line(lines, pending, columns, number, tool)


def _range_line(
    lines: list[str],
    pending: list[int],
    columns: Callable[[int, int], str],
    number: Callable[[int], str],
    tool: ToolTable,
) -> None:
    value, cgroup, mapcnt, first, _, count = pending
    lines.append(columns(cgroup, mapcnt))
    lines.append(f"{number(first)}\t{number(count)}\t{tool.short(value)}\n")


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], Columns]]:
    directory = tmp_path_factory.mktemp("frames")
    columns = synthetic(12, FRAMES)
    paths = {}
    for part, values in zip((KPAGEFLAGS, KPAGECGROUP, KPAGECOUNT), columns):
        path = directory / part
        path.write_bytes(b"".join(v.to_bytes(8, "little") for v in values))
        paths[part] = str(path)
    yield paths, columns


def page_types(paths: dict[str, str], argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    options = parse(["--no-progress", *argv])
    with SavedFiles(paths, kernel=options.kernel) as source:
        code = run.run_with_readers(options, source, out, err)
    return code, out.getvalue(), err.getvalue()


CASES = [
    ["-k", "6.18", "-L"],
    ["-k", "6.18", "-l"],
    ["-k", "6.18", "-r", "-l"],
    ["-k", "6.18", "-r", "-L", "-b", "anon"],
    ["-k", "6.18", "-l", "-b", "lru,~active"],
    ["-k", "6.18", "-l", "-M"],
    ["-k", "6.18", "-l", "-C", "-M"],
    ["-k", "6.18", "-L", "-C", "-M"],
    ["-k", "6.18", "-L", "-M"],
    ["-k", "6.18", "-L", "-c", "@4242"],
    ["-k", "6.18", "-l", "-a", "0x10000,0x200123"],
    ["-k", "6.18", "-L", "-a", "0x9ff00+0x300"],
    ["-k", "3.12", "-l"],  # decimal numbers; ranges break at each batch of 65536 frames
    ["-k", "3.12", "-L", "-a", "900+2000"],
]


@pytest.mark.slow
@pytest.mark.parametrize("with_numpy", [True, False], ids=["numpy", "no-numpy"])
@pytest.mark.parametrize("argv", CASES, ids=[" ".join(c[2:]) for c in CASES])
def test_lists_equal_the_page_by_page_reference(
    argv: list[str],
    with_numpy: bool,
    saved: tuple[dict[str, str], Columns],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if with_numpy and not counting.numpy_available():
        pytest.skip("numpy is not installed")
    if with_numpy:
        # This walk is too short to import it otherwise.
        monkeypatch.setattr(run, "NUMPY_AFTER_FRAMES", 0)
        monkeypatch.setattr(run, "NUMPY_AFTER_FRAMES_EACH", 0)
    else:
        monkeypatch.setattr(counting, "numpy_module", lambda: None)
    paths, columns = saved
    code, listed, err = page_types(paths, argv)
    expected, stop = expected_list(tuple(argv), columns)
    header, _, rest = listed.partition("\n")
    assert header.endswith("flags")
    if stop:  # page-types stops at a bit it cannot name: the lines before it are printed
        assert (code, err) == (1, stop)
        assert rest == expected
    else:
        assert code == 0
        # Old releases print nothing for bits past their name table; kpageflags says so on stderr.
        assert all(line.startswith("kpageflags: note: ") for line in err.splitlines())
        assert rest.split("\n\n\n")[0] + "\n" == expected


_EXPECTED: dict[tuple[str, ...], tuple[str, str]] = {}


def expected_list(argv: tuple[str, ...], columns: tuple[list[int], list[int], list[int]]) -> tuple[str, str]:
    """The reference's list, worked out once per case (it takes seconds)."""
    if argv not in _EXPECTED:
        options = parse(list(argv))
        tool = tool_table(str(options.kernel))
        flags, cgroups, counts = columns
        _EXPECTED[argv] = reference_list(flags, cgroups, counts, tool, list(argv), options.ranges or [(0, len(flags))])
    return _EXPECTED[argv]


@pytest.mark.parametrize("encoding", ["ascii", "utf-16"])
@pytest.mark.parametrize("mode", [1, 2], ids=["-l", "-L"])
def test_lines_through_a_binary_stream_keep_their_place_among_the_text_around_them(mode: int, encoding: str) -> None:
    """Lines are bytes, written to the binary stream beneath a text output whose encoding
    writes ASCII as itself: text written to the output after a flush (a file's header, the
    summary) follows them there too. Through any other encoding they are written as text."""

    def write(out: TextIO) -> None:
        lister = Lister(out, tool_table("6.18"), mode, pid=False, file=True, cgroup=False, mapcnt=False)
        lister.header()
        for name, first in (("one", 0x100), ("two", 0x5000)):
            lister.flush()
            out.write(f"{name}\tInode: 1\n")
            lister.runs([0, 5, 9], [first, first + 5, first + 9], [5, 4, 1], [0x28, 0x400, 0x28], [0] * 3, [0] * 3)
        lister.flush()
        out.write("\n\ntotal\n")

    text = io.StringIO()
    write(text)
    lines = text.getvalue().splitlines()
    assert lines[:2] == ["foffset\toffset\tlen\tflags" if mode == 1 else "foffset\toffset\tflags", "one\tInode: 1"]
    assert lines.index("two\tInode: 1") == (5 if mode == 1 else 12) and lines[-1] == "total"
    binary = io.BytesIO()
    wrapper = io.TextIOWrapper(binary, encoding=encoding)
    write(wrapper)
    wrapper.flush()
    assert binary.getvalue().decode(encoding) == text.getvalue()


def test_ascending_lines_cross_every_digit_width() -> None:
    np = counting.numpy_module()
    if np is None:
        pytest.skip("numpy is not installed")
    numbers = np.array([0, 9, 15, 16, 255, 4096, 99999, (1 << 36) - 1, 1 << 36], dtype=np.int64)
    letters = np.frombuffer(b"ab" * len(numbers), dtype=np.uint8).reshape(len(numbers), 2)
    for base, spell in ((16, "{:x}"), (10, "{}")):
        lines = textmatrix.ascending_lines(numbers, [letters], base, np).decode()
        assert lines == "".join(f"{spell.format(n)}\tab\n" for n in numbers.tolist())
        before = np.frombuffer(b"@7\t" * len(numbers), dtype=np.uint8).reshape(len(numbers), 3)
        lines = textmatrix.ascending_lines(numbers, [before, letters], base, np).decode()
        assert lines == "".join(f"@7\t{spell.format(n)}\tab\n" for n in numbers.tolist())


def test_matrix_lines_pad_and_strip_numbers_of_every_width() -> None:
    np = counting.numpy_module()
    if np is None:
        pytest.skip("numpy is not installed")
    values = [5, 0, (1 << 64) - 1, 16, 10**19, 255, 9]
    numbers = np.array(values, dtype=np.uint64)
    table = textmatrix.table_rows([b"x", b"long"], np)
    ids = np.array([0, 1, 1, 0, 0, 1, 0])
    for base, spell in ((16, "{:x}"), (10, "{}")):
        fields = [b"@", textmatrix.numbers(numbers, base, np), b"\t", table[ids], b"\n"]
        text = textmatrix.lines(fields, len(values), np).decode()
        words = ["x", "long"]
        assert text == "".join(f"@{spell.format(n)}\t{words[i]}\n" for n, i in zip(values, ids.tolist()))


def random_entries(seed: int, count: int) -> list[int]:
    """The VALUES, with random bits of every byte set now and then (hacker bits, compound bits
    with and without huge, overloaded bits)."""
    rng = random.Random(seed)
    entries = []
    for _ in range(count):
        value = rng.choice(VALUES)
        for _ in range(rng.choice([0, 0, 1, 3])):
            value |= 1 << rng.randrange(64)
        entries.append(value)
    return entries


@pytest.mark.parametrize("raw", [False, True], ids=["normal", "raw"])
@pytest.mark.parametrize("release", ["2.6.32", "3.12", "6.18", releases()[-1]])
def test_transforms_in_bulk_equal_entry_by_entry(release: str, raw: bool) -> None:
    tool = tool_table(release)
    entries = random_entries(3, 5000)
    expected = [tool.transform(value, raw) for value in entries]
    planes = tool.transformed_planes(b"".join(value.to_bytes(8, "little") for value in entries), raw)
    if planes is None:
        assert raw or "expand_overloads_always" in tool.switches
    else:
        shown = [(place, plane) for place, plane in enumerate(planes) if plane]
        assert [sum(plane[k] << 8 * place for place, plane in shown) for k in range(len(entries))] == expected
    np = counting.numpy_module()
    if np is not None:
        assert tool.transform_array(np.array(entries, dtype=np.uint64), raw, np).tolist() == expected


@pytest.mark.parametrize("seed", range(4))
def test_runs_found_without_numpy_equal_numpys(seed: int) -> None:
    np = counting.numpy_module()
    if np is None:
        pytest.skip("numpy is not installed")
    rng = random.Random(seed)
    columns = []
    for values in (random_entries(seed, 400), [1, 4242, 1 << 40], [0, 1, 256]):
        runs = [rng.choice(values).to_bytes(8, "little") * rng.choice([1, 1, 2, 9]) for _ in range(1000)]
        columns.append(b"".join(runs)[: 8 * 1500])
    for chosen in ([columns[0]], [columns[0], None, columns[2]], columns, [columns[1][:8]]):
        assert run_starts(chosen) == run_starts(chosen, np)


@pytest.mark.parametrize("with_numpy", [True, False], ids=["numpy", "no-numpy"])
def test_summary_rows_that_share_a_slot_keep_the_order_their_values_are_first_counted(
    with_numpy: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Values alike in their low 13 bits take neighbouring slots of page-types' table in the
    # order they are first counted. 0x4028 shows first in the second batch, but in a cgroup -c
    # leaves out; 0x2028 is counted first, and new values arrive after the first batch.
    if with_numpy and not counting.numpy_available():
        pytest.skip("numpy is not installed")
    if with_numpy:
        monkeypatch.setattr(run, "NUMPY_AFTER_FRAMES", 0)
    else:
        monkeypatch.setattr(counting, "numpy_module", lambda: None)
    batch = 1 << 16
    pieces = [(0x28, 1, batch - 100), (0x400, 1, 100), (0x4028, 2, 1000), (0x2028, 1, 1000), (0x4028, 1, 500)]
    pieces += [(0x400, 1, batch - 2500), (0x28, 1, 10), (0x4028, 1, 3), (0x2028, 1, 7)]
    flags = b"".join(value.to_bytes(8, "little") * count for value, _, count in pieces)
    cgroups = b"".join(cgroup.to_bytes(8, "little") * count for _, cgroup, count in pieces)
    paths = {KPAGEFLAGS: str(tmp_path / "flags"), KPAGECGROUP: str(tmp_path / "cgroups")}
    for part, data in ((KPAGEFLAGS, flags), (KPAGECGROUP, cgroups)):
        with open(paths[part], "wb") as out:
            out.write(data)
    code, listed, _ = page_types(paths, ["-k", "6.18", "-l", "-c", "@1"])
    rows = [line.split() for line in listed.split("\n\n\n")[1].splitlines()[1:-1]]
    assert code == 0
    assert [(int(flags, 16), int(pages)) for flags, pages, *_ in rows] == [
        (0x28, batch - 90),
        (0x2028, 1007),
        (0x4028, 503),
        (0x400, batch - 2400),
    ]


@pytest.mark.parametrize("with_numpy", [False, True], ids=["plain", "numpy"])
@pytest.mark.parametrize(("release", "file_base"), [("5.15", 10), ("6.18", 16)])
@pytest.mark.parametrize("leading", [(True, False), (False, True), (True, True)], ids=["-p", "-f", "-p-f"])
@pytest.mark.parametrize("mode", [1, 2], ids=["-l", "-L"])
@pytest.mark.parametrize("extra", [(False, False), (True, True)], ids=["", "-C-M"])
def test_offset_columns_of_a_process_a_file_or_both(
    mode: int,
    leading: tuple[bool, bool],
    release: str,
    file_base: int,
    with_numpy: bool,
    extra: tuple[bool, bool],
) -> None:
    """-p lists a voffset column in hex, -f a foffset column (in decimal from 3.15 to 5.15);
    given both, page-types walks the file and prints its page offset in each column. Runs
    cross offset 10 and 16, where the bases part, and number over MATRIX_LINES pages, so numpy
    builds -L's lines as a matrix."""
    np = counting.numpy_module() if with_numpy else None
    if with_numpy and np is None:
        pytest.skip("numpy is not installed")
    pid, file = leading
    list_cgroup, list_mapcnt = extra
    tool = tool_table(release)
    runs = [(0, 0x500, 3, 0x28), (3, 0x503, 9, 0x28), (12, 0x900, 7, 0x3C), (19, 0x907, 300, 0x3C)]
    runs.append((400, 0x20, 5, 0x28))
    out = io.StringIO()
    lister = Lister(out, tool, mode, pid=pid, file=file, cgroup=list_cgroup, mapcnt=list_mapcnt)
    lister.np = np
    lister.header()
    voffsets, offsets, counts, values = (list(column) for column in zip(*runs))
    lister.add_runs(voffsets, offsets, counts, values, [7] * len(runs), [1] * len(runs))
    lister.flush()

    def spelled(value: int, base: int) -> str:
        return f"{value:x}" if base == 16 else str(value)

    def before(voffset: int) -> str:
        text = spelled(voffset, 16) + "\t" if pid else ""
        text += spelled(voffset, file_base) + "\t" if file else ""
        return text + ("@7\t" if list_cgroup else "") + ("1\t" if list_mapcnt else "")

    header = ("voffset\t" if pid else "") + ("foffset\t" if file else "")
    header += ("cgroup\t" if list_cgroup else "") + ("map-cnt\t" if list_mapcnt else "")
    if mode == 2:
        expected = [header + "offset\tflags"] + [
            f"{before(voffset + k)}{offset + k:x}\t{tool.short(value)}"
            for voffset, offset, count, value in runs
            for k in range(count)
        ]
    else:
        # The first two runs are one range; the next two continue offsets and voffsets alike.
        ranges = [(0, 0x500, 12, 0x28), (12, 0x900, 307, 0x3C), (400, 0x20, 5, 0x28)]
        expected = [header + "offset\tlen\tflags"] + [
            f"{before(voffset)}{offset:x}\t{count:x}\t{tool.short(value)}" for voffset, offset, count, value in ranges
        ]
    assert out.getvalue().splitlines() == expected


@pytest.mark.parametrize("with_numpy", [False, True], ids=["plain", "numpy"])
@pytest.mark.parametrize("leading", [(False, False), (True, False), (False, True)], ids=["", "-p", "-f"])
@pytest.mark.parametrize("mode", [1, 2], ids=["-l", "-L"])
def test_a_stop_leaves_the_columns_before_the_page_number(
    mode: int, leading: tuple[bool, bool], with_numpy: bool
) -> None:
    """page-types prints a line's voffset, cgroup and map-count columns, each by a printf of its
    own, before the printf of its page number names its flags; at a bit it cannot name it
    exits there, so those columns stay on the output without an end of line (seen with the
    7.x and 5.16.10 builds: "3\\t" or "@12345\\t" last). The run of 300 pages is listed as a
    byte matrix with numpy, and -L's lines without a voffset column are gathered before they
    are written: both must come before the columns."""
    np = counting.numpy_module() if with_numpy else None
    if with_numpy and np is None:
        pytest.skip("numpy is not installed")
    pid, file = leading
    tool = tool_table("6.18")
    unnamed = next(bit for bit in range(tool.table_end) if bit not in tool.names)
    values_of_ids = [0x28, 0x3C, 0x28 | 1 << unnamed]
    runs = [(0, 0x500, 3, 0), (3, 0x600, 300, 1), (303, 0x900, 2, 2), (305, 0x910, 4, 0)]
    voffsets, offsets, counts, ids = (list(column) for column in zip(*runs))
    out = io.StringIO()
    lister = Lister(out, tool, mode, pid=pid, file=file, cgroup=True, mapcnt=True)
    lister.np = np
    with pytest.raises(UnknownFlagBit):
        if np is not None and mode == 1:  # as the walks that use numpy hand their ranges over
            lister.ranges_of_arrays(
                np.array(voffsets, dtype=np.uint64),
                np.array(offsets, dtype=np.uint64),
                np.array(counts, dtype=np.uint64),
                np.array(ids, dtype=np.int64),
                values_of_ids,
                np.full(len(runs), 7, dtype=np.uint64),
                np.ones(len(runs), dtype=np.uint64),
            )
        else:
            lister.add_runs(voffsets, offsets, counts, [values_of_ids[i] for i in ids], [7] * 4, [1] * 4)
        lister.flush()
    lister.drain()

    def before(voffset: int) -> str:
        return f"{voffset:x}\t" * (pid + file) + "@7\t1\t"

    if mode == 2:
        listed = [f"{before(3 + k)}{0x600 + k:x}\t{tool.short(0x3C)}\n" for k in range(300)]
    else:
        listed = [f"{before(3)}600\t12c\t{tool.short(0x3C)}\n"]
    assert out.getvalue().endswith("".join(listed) + before(303))
