"""kpageflags page-owner reads a dump's numbers through the tables of the release that printed
it: the Flags word through the page->flags layout (with dump-page's printed-against-decoded
check), a 3.19-4.5 GFP mask through the ___GFP_ bits, a 3.19-4.5 migratetype number through
the migratetype names; the release is the one given, or the one the dump points to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kpageflags.cli.main import main
from kpageflags.facts.gfp import decode_gfp, format_gfp
from kpageflags.facts.pglayout import pg_layout
from kpageflags.pageowner.decoding import choose_decoder
from kpageflags.pageowner.grouping import allocator_of
from kpageflags.pageowner.records import PageOwnerRecord, parse_records
from kpageflags.pageowner.synthetic import render, synthetic_records

PAGE_CACHE = (" filemap_alloc_folio+0x78/0x230", " filemap_read+0x304/0x9f0")
ANONYMOUS = (" alloc_anon_folio+0x1/0x2", " do_anonymous_page+0x1/0x2")
NEITHER = (" kmalloc_trace+0x1/0x2",)


def flags_text(kernel: str, names: tuple[str, ...], printed: tuple[str, ...] | None = None) -> str:
    """``%#x(%pGp)`` of a page with these flags on node 0 in zone 1, as ``kernel`` prints it
    (5.13+: with the fields); ``printed`` puts other names inside the parentheses."""
    layout = pg_layout(kernel)
    word = sum(1 << layout.bit_of(name) for name in names)
    fields = {field.name: field for field in layout.fields}
    word |= 1 << fields["zone"].shift
    return f"{word:#x}({'|'.join([*(names if printed is None else printed), 'node=0', 'zone=1'])})"


def record_text(flags: str, stack: tuple[str, ...], extra: tuple[str, ...] = (), pfn: int = 0x1000) -> str:
    # GFP_KERNEL has had this value in every release these tests read (GFP_HIGHUSER_MOVABLE has not).
    header = "Page allocated via order 0, mask 0xcc0(GFP_KERNEL), pid 1, tgid 1 (init), ts 5 ns"
    pfn_line = f"PFN {pfn:#x} type Movable Block {pfn >> 9} type Movable Flags {flags}"
    return "\n".join([header, pfn_line, *stack, *extra]) + "\n\n"


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    try:
        code = main(["page-owner", *words])
    except SystemExit as exit:
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def groups(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "page_owner.txt"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("kernel", "stack", "expected"),
    [
        ("5.18", ANONYMOUS, "uptodate|lru|mappedtodisk|swapbacked"),
        ("5.19", ANONYMOUS, "uptodate|lru|anon_exclusive|swapbacked"),
        # Swap-backed says anonymous (or shmem, which has no owner bit) whatever the stack.
        ("5.19", NEITHER, "uptodate|lru|anon_exclusive|swapbacked"),
        ("6.11", ANONYMOUS, "uptodate|lru|anon_exclusive|swapbacked"),
        ("6.12", NEITHER, "uptodate|lru|anon_exclusive|swapbacked"),
    ],
)
def test_the_owner_bit_of_an_anonymous_page_is_anon_exclusive_from_5_19(
    kernel: str, stack: tuple[str, ...], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bit = "owner_2" if kernel == "6.12" else "mappedtodisk"
    text = record_text(flags_text(kernel, ("uptodate", "lru", bit, "swapbacked")), stack)
    code, out, err = run(capsys, write(tmp_path, text), "--by", "flags", "--json", "--kernel", kernel)
    assert code == 0 and err == ""
    assert [(row["flags"], row["flags_mismatches"]) for row in groups(out)] == [(expected, 0)]


@pytest.mark.parametrize(
    ("kernel", "stack", "expected"),
    [
        ("6.11", PAGE_CACHE, "uptodate|lru|mappedtodisk"),
        ("6.12", PAGE_CACHE, "uptodate|lru|mappedtodisk"),
        # An anonymous page without swapbacked: a lazily freed one.
        ("6.12", ANONYMOUS, "uptodate|lru|anon_exclusive"),
        ("6.12", NEITHER, "uptodate|lru|owner_2"),
    ],
)
def test_owner_2_is_named_by_the_kind_of_page_the_stack_allocated(
    kernel: str, stack: tuple[str, ...], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bit = "owner_2" if kernel == "6.12" else "mappedtodisk"
    text = record_text(flags_text(kernel, ("uptodate", "lru", bit)), stack)
    code, out, _ = run(capsys, write(tmp_path, text), "--by", "flags", "--json", "--kernel", kernel)
    assert code == 0 and [row["flags"] for row in groups(out)] == [expected]


def test_the_kind_of_page_comes_from_the_stack_alone_not_from_a_slab_line_of_another_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Both records share their stack; only the first has the slab line, which must not make the
    # stack's page cache allocation look like slab for the second.
    flags = flags_text("6.12", ("uptodate", "owner_2"))
    text = record_text(flags, PAGE_CACHE, ("Slab cache page",)) + record_text(flags, PAGE_CACHE, pfn=0x2000)
    code, out, _ = run(capsys, write(tmp_path, text), "--by", "flags,allocator", "--json", "--kernel", "6.12")
    found = {(row["flags"], row["allocator"]) for row in groups(out)}
    assert code == 0 and found == {("uptodate|mappedtodisk", "slab"), ("uptodate|mappedtodisk", "page cache")}


def test_printed_names_the_word_does_not_decode_to_are_counted_and_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 6.9 prints slab among the flags; 6.10 has no PG_slab, so the same record cannot be 6.10's.
    text = record_text(flags_text("6.9", ("slab",)), NEITHER) + record_text(flags_text("6.9", ("lru",)), NEITHER)
    path = write(tmp_path, text)
    code, out, err = run(capsys, path, "--by", "flags", "--json", "--kernel", "6.9")
    assert code == 0 and err == "" and sorted(row["flags"] for row in groups(out)) == ["lru", "slab"]
    code, out, err = run(capsys, path, "--by", "flags", "--json", "--kernel", "6.10")
    rows = {row["flags_mismatches"]: row for row in groups(out)}
    assert code == 0 and set(rows) == {0, 1}
    assert "line 2: the kernel printed slab; 6.10 has no such flag" in str(rows[1]["flags_mismatch_example"])
    assert err.startswith("kpageflags: note: 1 record prints flag names") and err.count("\n") == 1
    code, out, err = run(capsys, path, "--kernel", "6.10")
    assert "line 2: the kernel printed slab" in err and "decoded with 6.10 (x86_64 preset)" in out


def test_a_set_bit_between_the_flags_and_the_fields_is_kept_in_hex(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layout = pg_layout("6.12")
    gap = 1 << layout.nr_pageflags
    assert all(field.shift > layout.nr_pageflags for field in layout.fields)
    word, rest = flags_text("6.12", ("uptodate",)).split("(", 1)
    text = record_text(f"{int(word, 16) | gap:#x}({rest}", NEITHER)
    code, out, _ = run(capsys, write(tmp_path, text), "--by", "flags", "--json", "--kernel", "6.12")
    assert code == 0 and [row["flags"] for row in groups(out)] == [f"uptodate|{gap:#x}"]


def test_a_word_wider_than_page_flags_is_a_mismatch_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wide = 1 << 70 | 0x20
    text = record_text(f"{wide:#x}(lru|node=0|zone=1)", NEITHER) + record_text(flags_text("6.9", ("lru",)), NEITHER)
    code, out, err = run(capsys, write(tmp_path, text), "--by", "flags", "--json", "--kernel", "6.9")
    rows = {row["flags"]: row["flags_mismatches"] for row in groups(out)}
    assert code == 0 and rows == {f"{wide:#x}": 1, "lru": 0}
    assert "wider than page->flags" in err and err.count("\n") == 1
    code, out, _ = run(capsys, write(tmp_path, text), "--by", "flags", "--json")
    assert code == 0 and {row["flags"]: row["flags_mismatches"] for row in groups(out)} == rows


@pytest.mark.parametrize("kernel", ["4.6", "5.12", "5.13", "5.18", "6.5", "6.9", "6.10", "6.18"])
def test_a_synthetic_dump_decodes_as_printed_with_its_own_release(
    kernel: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = list(synthetic_records(kernel, 200, seed=5))
    code, out, err = run(
        capsys, write(tmp_path, "".join(map(render, records))), "--by", "flags", "--json", "--kernel", kernel
    )
    rows = groups(out)
    assert code == 0 and err == "" and rows and all(row["flags_mismatches"] == 0 for row in rows)
    assert {row["layout"] for row in rows} == {f"{kernel} (x86_64 preset)"}
    assert sum(row["records"] for row in rows) == len(records)


@pytest.mark.parametrize(("kernel", "newest"), [("6.9", "6.9"), ("6.10", None)])
def test_without_kernel_the_printed_names_narrow_the_release(
    kernel: str, newest: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = list(synthetic_records(kernel, 200, seed=5))
    decoder = choose_decoder(records)
    assert decoder.release.position >= pg_layout("6.7").release.position
    if newest is not None:
        # Its slab pages print slab: no release from 6.10 on has that flag.
        assert decoder.release.name == newest
    else:
        assert decoder.release.position >= pg_layout("6.10").release.position
    code, out, _ = run(capsys, write(tmp_path, "".join(map(render, records))), "--by", "order")
    assert code == 0 and f"decoded with {decoder.release.name} (x86_64 preset): the dump's format (6.7 onwards)" in out


def test_one_odd_record_does_not_outvote_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = list(synthetic_records("6.9", 200, seed=5))
    odd = next(index for index, record in enumerate(records) if record.flags_word is not None)
    records[odd] = records[odd]._replace(flags_text="uptodate|lru|dirty")
    decoder = choose_decoder(records)
    assert decoder.release.name == "6.9" and "fit no release with the rest" in decoder.why
    text = "".join(map(render, records))
    header_line = list(parse_records(text.splitlines()))[odd].line
    code, out, err = run(capsys, write(tmp_path, text), "--by", "order")
    assert code == 0 and "decoded with 6.9 (x86_64 preset)" in out
    # The note cites the PFN line, which prints the flags, the line after the header.
    assert f"does not decode to with 6.9 (x86_64 preset): line {header_line + 1}: " in err


@pytest.mark.parametrize("kernel", [["--kernel", "6.19"], []], ids=["--kernel", "narrowed"])
def test_gfp_names_the_mask_does_not_decode_to_are_noted(
    kernel: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = list(synthetic_records("6.19", 200, seed=5))
    odd = next(index for index, record in enumerate(records) if record.gfp_text and record.gfp_text != "GFP_KERNEL")
    records[odd] = records[odd]._replace(gfp_text="GFP_KERNEL")
    text = "".join(map(render, records))
    header_line = list(parse_records(text.splitlines()))[odd].line
    code, out, err = run(capsys, write(tmp_path, text), "--by", "gfp", *kernel)
    # Grouped by the names as printed: the note says they are doubtful, it does not change them.
    assert code == 0 and "GFP_KERNEL" in out
    mask = records[odd].gfp_mask
    named = decode_gfp(mask, "6.19").pgg()
    release = "6.19" if kernel else choose_decoder(records).release.name
    assert (
        f"1 record prints GFP names their mask does not decode to with {release} (x86_64 preset): "
        f"line {header_line}: mask {mask:#x} decodes to {named}; the kernel printed GFP_KERNEL" in err
    )
    # Only that record: every other prints its mask's names.
    assert err.count("GFP names") == 1


@pytest.mark.parametrize("between", [[], ["an odd line"]], ids=["as printed", "a line between"])
def test_a_record_knows_the_line_of_its_flags(between: list[str]) -> None:
    header = "Page allocated via order 0, mask 0xcc0(GFP_KERNEL), pid 1, tgid 1 (init), ts 5 ns"
    pfn = "PFN 0x1000 type Movable Block 8 type Movable Flags 0x28(uptodate|lru)"
    (record,) = parse_records(["", header, *between, pfn, " x+0x1/0x2", ""])
    assert isinstance(record, PageOwnerRecord)
    assert (record.line, record.flags_line) == (2, 3 + len(between))


@pytest.mark.parametrize(("printed_by", "newest"), [("6.16", "6.16"), ("6.17", None)])
def test_without_kernel_the_printed_gfp_names_narrow_the_release_too(printed_by: str, newest: str | None) -> None:
    # 6.17 reordered the %pGg table: the same mask reads differently on either side.
    mask = 0x152C4A
    header = f"Page allocated via order 0, mask {format_gfp(mask, printed_by)}, pid 1, tgid 1 (init), ts 5 ns"
    text = record_text(flags_text("6.16", ("lru",)), NEITHER).split("\n", 1)[1]
    (record,) = parse_records(f"{header}\n{text}".splitlines())
    decoder = choose_decoder([record])
    assert "flag and GFP names fit" in decoder.why
    if newest is not None:
        assert decoder.release.name == newest
    else:
        assert decoder.release.position >= pg_layout("6.17").release.position


@pytest.mark.parametrize(("kernel", "said"), [("6.6", True), ("6.7", False), ("5.12", True), ("5.13", False)])
def test_a_release_given_whose_format_is_not_the_dump_is_said(
    kernel: str, said: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    era = "6.7" if kernel.startswith("6") else "5.13"
    text = "".join(map(render, synthetic_records(era, 5, seed=5)))
    code, out, _ = run(capsys, write(tmp_path, text), "--by", "order", "--kernel", kernel)
    expected = "6.7 onwards" if era == "6.7" else "5.13 to before 5.18"
    assert code == 0 and (f"but the dump has the format of {expected}" in out) is said


def test_a_dump_of_the_first_format_decodes_with_its_newest_release_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = list(synthetic_records("4.0", 50, seed=5))
    assert choose_decoder(records).release.name == "4.5"
    code, out, _ = run(capsys, write(tmp_path, "".join(map(render, records))), "--by", "order")
    assert code == 0 and "fits 3.19 to 4.5 and prints no flag word; decoded with the newest (give --kernel)" in out


@pytest.mark.parametrize(("kernel", "names"), [("4.3", "__GFP_WAIT|__GFP_IO"), ("4.4", "__GFP_IO|__GFP_RECLAIMABLE")])
def test_a_mask_printed_in_hex_only_is_named_by_the_release_bits(
    kernel: str, names: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Bit 4 is __GFP_WAIT until 4.4 and __GFP_RECLAIMABLE from it; bit 30 is no flag in either.
    text = "Page allocated via order 0, mask 0x40000050\nPFN 4096 Block 8 type 1          Flags             \n\n"
    path = write(tmp_path, text)
    code, out, _ = run(capsys, path, "--by", "gfp", "--json", "--kernel", kernel)
    (row,) = groups(out)
    assert code == 0 and row["gfp_decoded"] is True
    assert set(str(row["gfp"]).split("|")) == {*names.split("|"), "0x40000000"}
    code, out, _ = run(capsys, path, "--by", "gfp,flags", "--kernel", kernel)
    assert f"GFP names decoded from the masks with the ___GFP_ bits of {kernel}" in out
    assert out.rstrip().endswith(", flags (none)")


def test_a_mask_printed_with_names_is_not_decoded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = list(synthetic_records("4.6", 20, seed=5))
    code, out, _ = run(capsys, write(tmp_path, "".join(map(render, records))), "--by", "gfp", "--json")
    rows = groups(out)
    assert code == 0 and {row["gfp"] for row in rows} <= {r.gfp_text or hex(r.gfp_mask) for r in records}
    assert not any(row["gfp_decoded"] for row in rows)
    code, out, _ = run(capsys, write(tmp_path, "".join(map(render, records))), "--by", "gfp")
    assert "GFP names decoded" not in out


@pytest.mark.parametrize(
    ("kernel", "expected"), [("4.3", {"Reclaimable", "Reserve", "9"}), ("4.4", {"Movable", "HighAtomic", "9"})]
)
def test_a_migratetype_number_is_named_by_the_release_and_kept_where_it_has_no_name(
    kernel: str, expected: set[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "".join(
        f"Page allocated via order 0, mask 0xd0\nPFN {4096 + n} Block 8 type {number}          Flags             \n\n"
        for n, number in enumerate((1, 3, 9))
    )
    code, out, _ = run(capsys, write(tmp_path, text), "--by", "migratetype", "--json", "--kernel", kernel)
    assert code == 0 and {row["migratetype"] for row in groups(out)} == expected


def test_the_one_letter_columns_are_named_and_a_stray_character_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "Page allocated via order 0, mask 0xd0\nPFN 4096 Block 8 type 1          Flags   RU  AS C  \n\n"
        "Page allocated via order 0, mask 0xd0\nPFN 4097 Block 8 type 1          Flags K?          \n\n"
    )
    code, out, _ = run(capsys, write(tmp_path, text), "--by", "flags", "--json")
    flags = {row["flags"] for row in groups(out)}
    assert code == 0 and flags == {"referenced|uptodate|active|slab|compound", "locked|column 2 '?'"}


@pytest.mark.parametrize("kernel", ["6.9", "6.10"])
def test_a_slab_page_is_labelled_slab_on_both_sides_of_pg_slab_leaving_page_flags(kernel: str) -> None:
    # Before 6.10 the flags say slab; from 6.10 only the memcg line does, here under a stack the
    # function names alone would not call slab.
    names = ("slab",) if kernel == "6.9" else ()
    extra = () if kernel == "6.9" else ("Slab cache page", "Charged (via objcg) to memcg system.slice")
    text = record_text(flags_text(kernel, names), (" some_driver_alloc+0x1/0x2",), extra)
    (record,) = parse_records(text.splitlines())
    assert not isinstance(record, str) and allocator_of(record) == "slab"  # type: ignore[arg-type]
    plain = record_text(flags_text(kernel, ()), (" some_driver_alloc+0x1/0x2",))
    (other,) = parse_records(plain.splitlines())
    assert allocator_of(other) == "other"  # type: ignore[arg-type]


def test_a_slab_page_of_the_first_format_is_labelled_slab_by_its_s_column() -> None:
    text = "Page allocated via order 0, mask 0xd0\nPFN 4096 Block 8 type 1          Flags        S    \n\n"
    (record,) = parse_records(text.splitlines())
    assert allocator_of(record) == "slab"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("words", "needle"),
    [
        (["--kernel", "1.0"], "1.0"),
        (["--arch", "vax"], "vax"),
        (["--config", "/nonexistent/config"], "/nonexistent/config"),
    ],
)
def test_a_bad_release_arch_or_config_is_one_line_and_exit_2(
    words: list[str], needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = record_text(flags_text("6.9", ("lru",)), NEITHER)
    code, _, err = run(capsys, write(tmp_path, text), *words)
    assert code == 2 and err.count("\n") == 1 and needle in err and err.startswith("kpageflags: error:")


def test_a_diff_says_each_dump_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tmp_path / "before.txt"
    before.write_text(record_text(flags_text("6.9", ("slab",)), NEITHER))
    after = tmp_path / "after.txt"
    after.write_text(record_text(flags_text("6.9", ("slab",)), NEITHER) * 2)
    code, out, _ = run(capsys, str(before), "--diff", str(after), "--by", "flags", "--json", "--kernel", "6.10")
    (row,) = groups(out)
    assert code == 0 and row["layout_before"] == row["layout_after"] == "6.10 (x86_64 preset)"
    assert (row["flags_mismatches_before"], row["flags_mismatches_after"]) == (1, 2)
