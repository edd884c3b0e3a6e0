"""page_owner records: every era's grammar read back field by field, real records from public
reports, the page_owner_stacks files, and the checks made when a dump is opened."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from kpageflags.errors import BadPageOwnerDump, UnreadableFile
from kpageflags.pageowner.reading import open_dump, read_records, read_stacks
from kpageflags.pageowner.records import PageOwnerRecord, StrayText, parse_records
from kpageflags.pageowner.synthetic import era_of_release, render, synthetic_records, write_dump

FIXTURES = REPO / "tests" / "fixtures" / "page_owner"

# Each era's first release, the last release before it, and releases inside.
RELEASES = (
    *("3.19", "4.5", "4.6", "5.10", "5.11", "5.12", "5.13", "5.17"),
    *("5.18", "6.4", "6.5", "6.6", "6.7", "6.10", "6.18"),
)


@pytest.mark.parametrize("kernel", RELEASES)
def test_every_era_round_trips(kernel: str) -> None:
    records = list(synthetic_records(kernel, 300, seed=7))
    text = "".join(render(record) for record in records)
    parsed = list(parse_records(text.split("\n")))
    assert parsed == records


@pytest.mark.parametrize(
    ("kernel", "era"),
    [
        ("4.5", "3.19"),
        ("4.6", "4.6"),
        ("5.10", "4.6"),
        ("5.11", "5.11"),
        ("5.12", "5.11"),
        ("5.13", "5.13"),
        ("5.17", "5.13"),
        ("5.18", "5.18"),
        ("6.4", "5.18"),
        ("6.5", "6.5"),
        ("6.6", "6.5"),
        ("6.7", "6.7"),
        ("7.1", "6.7"),
    ],
)
def test_eras_start_where_the_kernel_changed_its_printf(kernel: str, era: str) -> None:
    assert era_of_release(kernel) == era
    record = next(synthetic_records(kernel, 1))
    parsed = next(parse_records(render(record).split("\n")))
    assert isinstance(parsed, PageOwnerRecord) and parsed.era == era


def test_generated_flags_words_carry_the_node_and_zone_they_print() -> None:
    for record in synthetic_records("6.18", 200, seed=3):
        assert record.flags_word is not None and record.flags_text is not None
        node = (record.flags_word >> 54) & 0x3FF
        zone = (record.flags_word >> 51) & 0x7
        assert f"node={node}|zone={zone}|" in record.flags_text
    assert all("slab" not in r.flags_text for r in synthetic_records("6.10", 300) if r.flags_text)
    assert any("slab" in r.flags_text for r in synthetic_records("6.9", 300) if r.flags_text)


def _one(name: str) -> PageOwnerRecord:
    (record,) = read_records(str(FIXTURES / name))
    assert isinstance(record, PageOwnerRecord)
    return record


def test_real_record_of_4_6_with_old_stack_style_and_migrate_reason() -> None:
    record = _one("migrate-reason-4.6.txt")
    assert (record.era, record.order, record.gfp_mask) == ("4.6", 0, 0x24213CA)
    assert record.gfp_text == "GFP_HIGHUSER_MOVABLE|GFP_COLD|GFP_NOWARN|GFP_NORETRY"
    assert (record.pfn, record.page_migratetype, record.block_pfn, record.block_migratetype) == (
        674308,
        "Movable",
        1317,
        "Movable",
    )
    assert (record.flags_word, record.flags_text) == (0x1FFFFF80010068, "uptodate|lru|active|mappedtodisk")
    assert record.stack[0].address == "ffffffff81164e9a"
    assert record.stack[0][1:4] == ("__alloc_pages_nodemask", 0x15A, 0xA30)
    assert len(record.stack) == 8
    assert record.migrate_reason == "compaction"
    assert record.complete and not record.unknown


def test_real_record_with_free_ts_and_an_empty_gfp_text() -> None:
    record = _one("early-5.13.txt")
    assert (record.era, record.gfp_mask, record.gfp_text) == ("5.13", 0, "")
    assert (record.pid, record.ts, record.free_ts, record.tgid) == (1, 460209702, 0, None)
    assert (record.flags_word, record.flags_text) == (0, "")


def test_real_record_of_6_8_keeps_a_line_no_kernel_prints() -> None:
    record = _one("file-page-6.8.txt")
    assert (record.era, record.pid, record.tgid, record.comm, record.ts) == ("6.7", 98, 98, "a.out", 28441476044)
    assert (record.pfn, record.pfn_hex) == (0x5BE8E, True)
    assert record.flags_text == "uptodate|lru|mappedtodisk|node=0|zone=1|lastcpupid=0x3fff"
    assert len(record.stack) == 13 and record.stack[-1].function == "asm_exc_page_fault"
    assert record.memcg is not None and record.memcg.name == "/" and not record.memcg.offline
    assert record.unknown == ((2, "FILE_PAGE dev 253:0 ino:1954 index:0xc1 mapcount:1 refcount:2 0x4c2000 - 0x4c3000"),)


def test_page_owner_stacks_files() -> None:
    (stacks,) = read_stacks(str(FIXTURES / "show-stacks-6.9.txt"))
    assert (stacks.nr_base_pages, stacks.handle, len(stacks.stack)) == (20824, None, 5)
    assert stacks.stack[3].module == "xfs"
    (handles,) = read_stacks(str(FIXTURES / "show-handles-6.19.txt"))
    assert (handles.handle, handles.nr_base_pages, handles.stack) == (42, 20824, ())
    (both,) = read_stacks(str(FIXTURES / "show-stacks-handles-6.19.txt"))
    assert (both.handle, both.nr_base_pages, len(both.stack)) == (42, None, 4)


def test_lines_outside_records_and_a_cut_last_record_are_kept() -> None:
    record = next(synthetic_records("6.18", 1))
    text = "garbage before\n\n" + render(record) + "stray\n\n" + render(record).rstrip("\n")
    items = list(parse_records(text.split("\n")))
    assert items[0] == StrayText(1, ("garbage before",))
    assert isinstance(items[2], StrayText) and items[2].lines == ("stray",)
    last = items[3]
    assert isinstance(last, PageOwnerRecord) and not last.complete and last.stack == record.stack


@pytest.mark.parametrize("cut", ["Page ", "Page allocated via order 2, mask 0x52cc0(GFP_KER"])
def test_a_header_cut_off_as_the_last_line_is_a_record_cut_short_not_stray_text(cut: str) -> None:
    record = next(synthetic_records("6.18", 1))
    lines = (render(record) + cut).split("\n")
    *_, last = parse_records(lines)
    assert last == StrayText(len(lines), (cut,), cut_header=True)
    (inside,) = [item for item in parse_records([*lines, ""]) if isinstance(item, StrayText)]
    assert not inside.cut_header, "a line an empty line follows was not cut off by the input's end"


def test_a_header_without_a_blank_line_before_it_starts_a_new_record() -> None:
    first, second = synthetic_records("6.18", 2)
    text = render(first).rstrip("\n") + "\n" + render(second)
    items = list(parse_records(text.split("\n")))
    assert [type(i).__name__ for i in items] == ["PageOwnerRecord", "PageOwnerRecord"]
    assert isinstance(items[0], PageOwnerRecord) and not items[0].complete


def test_comm_with_parentheses_and_ts_text() -> None:
    line = "Page allocated via order 0, mask 0xcc0(GFP_KERNEL), pid 5, tgid 5 (a), ts 1 ns), ts 7 ns"
    (record,) = parse_records([line, ""])
    assert isinstance(record, PageOwnerRecord)
    assert (record.comm, record.ts) == ("a), ts 1 ns", 7)


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary data"),
        (b"MemTotal: 1 kB\n" * 100, "no 'Page allocated via order' line"),
        (b"x" * 200_000, "longer than"),
        (gzip.compress(b"Page allocated via order 0, mask 0x0\n")[:20], "gzip"),
    ],
)
def test_bad_input_is_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = _write(tmp_path, "dump", data)
    with pytest.raises(BadPageOwnerDump, match=message) as caught:
        list(read_records(path))
    assert "\n" not in str(caught.value) and caught.value.exit_code == 2


def test_a_directory_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadPageOwnerDump, match="is a directory"):
        open_dump(str(tmp_path))
    with pytest.raises(UnreadableFile):
        open_dump(str(tmp_path / "none"))


def test_missing_debugfs_file_says_how_to_enable_page_owner() -> None:
    with pytest.raises(BadPageOwnerDump, match="page_owner=on"):
        open_dump("/sys/kernel/debug/page_owner_absent_on_purpose")


def test_a_huge_line_after_the_first_records_is_an_error_not_a_memory_blow_up(tmp_path: Path) -> None:
    good = "".join(render(r) for r in synthetic_records("6.18", 2000)).encode()
    path = _write(tmp_path, "dump", good + b"y" * (3 << 20) + b"\n")
    with pytest.raises(BadPageOwnerDump, match="longer than"):
        list(read_records(path))


def test_binary_data_after_the_first_records(tmp_path: Path) -> None:
    good = "".join(render(r) for r in synthetic_records("6.18", 2000)).encode()
    path = _write(tmp_path, "dump", good + b"\0\1\2\n")
    with pytest.raises(BadPageOwnerDump, match="binary data after line"):
        list(read_records(path))


def test_gzip_and_stdin_give_the_same_records(tmp_path: Path) -> None:
    out = io.StringIO()
    write_dump(out, "5.19", 500, seed=2)
    text = out.getvalue().encode()
    plain = list(read_records(_write(tmp_path, "plain", text)))
    assert plain == list(read_records(_write(tmp_path, "packed.txt", gzip.compress(text))))
    code = "import sys; from kpageflags.pageowner.reading import read_records;print(sum(1 for _ in read_records('-')))"
    done = subprocess.run([sys.executable, "-c", code], input=gzip.compress(text), capture_output=True, check=True)
    assert done.stdout.decode().strip() == str(len(plain)) == "500"
