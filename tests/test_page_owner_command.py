"""kpageflags page-owner: page_owner dumps of every era grouped by any key, folded for flame
graphs, through the shared output layer; what fits no record is counted and said."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from kpageflags.cli.main import main
from kpageflags.facts.releases import parse_release
from kpageflags.pageowner.grouping import allocator_of
from kpageflags.pageowner.synthetic import render, synthetic_records

ERAS = ["3.19", "4.6", "5.11", "5.14", "5.19", "6.5", "6.8", "6.18"]


def dump(tmp_path: Path, kernel: str, count: int = 300) -> tuple[Path, list]:  # type: ignore[type-arg]
    records = list(synthetic_records(kernel, count, seed=7))
    path = tmp_path / f"page_owner-{kernel}.txt"
    path.write_text("".join(map(render, records)))
    return path, records


def run(capsys: pytest.CaptureFixture[str], *words: str) -> tuple[int, str, str]:
    try:
        code = main(["page-owner", *words])
    except SystemExit as exit:  # argparse's own errors
        code = int(exit.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("kernel", ERAS)
def test_groups_add_up_to_the_dump_in_every_era(
    kernel: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, records = dump(tmp_path, kernel)
    code, out, _ = run(capsys, str(path), "--by", "order,allocator", "--json")
    assert code == 0
    groups = [json.loads(line) for line in out.splitlines()]
    assert {group["schema"] for group in groups} == {"kpageflags.page-owner/1"}
    assert sum(group["records"] for group in groups) == len(records)
    assert sum(group["pages"] for group in groups) == sum(1 << record.order for record in records)
    expected = Counter()  # type: Counter[tuple[int, str]]
    for record in records:
        expected[(record.order, allocator_of(record))] += 1 << record.order
    assert {(group["order"], group["allocator"]): group["pages"] for group in groups} == dict(expected)
    assert [group["pages"] for group in groups] == sorted((group["pages"] for group in groups), reverse=True)


def test_by_comm_top_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, records = dump(tmp_path, "6.18")
    pages = Counter()  # type: Counter[str | None]
    for record in records:
        pages[record.comm] += 1 << record.order
    code, out, _ = run(capsys, str(path), "--by", "comm", "--top", "2", "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 2
    assert [(row["comm"], int(row["pages"])) for row in rows] == [
        (comm, count) for comm, count in sorted(pages.items(), key=lambda item: -item[1])[:2]
    ]
    assert int(rows[0]["bytes"]) == int(rows[0]["pages"]) * 4096


def test_the_csv_stack_cell_is_the_frames_joined_by_semicolons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, records = dump(tmp_path, "6.18")
    later, later_records = dump(tmp_path, "6.8")

    def joined(dumped: list) -> set[str]:  # type: ignore[type-arg]
        return {";".join(frame.text.strip() for frame in record.stack) for record in dumped}

    code, out, _ = run(capsys, str(path), "--csv")
    assert code == 0 and {row["stack"] for row in csv.DictReader(io.StringIO(out))} == joined(records)
    code, out, _ = run(capsys, str(path), "--csv", "--diff", str(later))
    in_either = joined(records) | joined(later_records)
    assert code == 0 and {row["stack"] for row in csv.DictReader(io.StringIO(out))} == in_either


def test_folded_stacks_run_from_the_outermost_function_and_weigh_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, records = dump(tmp_path, "6.18")
    code, out, _ = run(capsys, str(path), "--folded")
    lines = out.splitlines()
    assert code == 0
    weights = {line.rsplit(" ", 1)[0]: int(line.rsplit(" ", 1)[1]) for line in lines}
    assert sum(weights.values()) == sum(1 << record.order for record in records)
    first = records[0]
    folded = ";".join(frame.function for frame in reversed(first.stack))
    assert folded in weights and folded.split(";")[-1] == first.stack[0].function


def test_lines_outside_records_are_counted_and_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, _ = dump(tmp_path, "6.18", 20)
    text = path.read_text()
    path.write_text("a line before any record\n\n" + text.replace("\n\n", "\nan odd line\n\n", 1))
    code, out, err = run(capsys, str(path), "--by", "pid")
    assert code == 0 and out.startswith("20 records")
    assert "1 line outside any record" in err and "1 line of records" in err


def test_a_header_cut_off_at_the_end_is_said_to_be_a_record_cut_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = dump(tmp_path, "6.18", 20)
    path.write_text(path.read_text() + "Page alloc")
    code, out, err = run(capsys, str(path))
    assert code == 2 and out.startswith("20 records")
    assert err.startswith("kpageflags: error: ") and err.count("\n") == 1
    assert "ends in a record cut short in its header line" in err and "outside any record" not in err


@pytest.mark.parametrize("how", ["grouped", "folded", "later of a diff"])
def test_a_dump_cut_off_in_a_line_is_one_error_line_and_exit_2_with_its_records_kept(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The kernel ends every line with a newline: a last line without one is a copy cut short.
    whole, records = dump(tmp_path, "6.18", 20)
    text = whole.read_text()
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.rindex("\n", 0, len(text) - 2) - 3])
    words = {
        "grouped": [str(cut)],
        "folded": [str(cut), "--folded"],
        "later of a diff": [str(whole), "--diff", str(cut)],
    }
    code, out, err = run(capsys, *words[how])
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("kpageflags: error: ") and "cut short: its last line ends without a newline" in err
    pages = sum(1 << record.order for record in records)
    if how == "folded":
        assert sum(int(line.rsplit(" ", 1)[1]) for line in out.splitlines()) == pages
    else:
        assert out.startswith("20 records" if how == "grouped" else f"{pages} pages before, {pages} after (+0 pages")


def test_a_last_record_without_its_empty_line_is_kept_with_a_note_and_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = dump(tmp_path, "6.18", 20)
    path.write_text(path.read_text()[:-1])
    code, out, err = run(capsys, str(path))
    assert code == 0 and out.startswith("20 records")
    assert err == "kpageflags: note: 1 record not ended by an empty line (counted)\n"


@pytest.mark.parametrize("order", ["21", "64", "9" * 23])
@pytest.mark.parametrize("folded", [False, True])
def test_an_order_above_any_kernels_is_a_damaged_record_kept_with_no_pages(
    order: str, folded: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, records = dump(tmp_path, "6.18", 20)
    text = path.read_text()
    damaged = re.sub(r"order \d+", f"order {order}", text, count=1)
    path.write_text(damaged)
    code, out, err = run(capsys, str(path), *(["--folded"] if folded else ["--by", "pid"]))
    good_pages = sum(1 << record.order for record in records[1:])
    assert code == 0 and "Traceback" not in err
    assert "1 record with an order above any kernel's (20): damaged, grouped with 0 pages" in err
    if folded:
        assert sum(int(line.rsplit(" ", 1)[1]) for line in out.splitlines()) == good_pages
    else:
        assert out.startswith(f"20 records, {good_pages} pages")


def test_a_release_newer_than_the_spec_is_said_as_the_release_whose_facts_decode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newest = parse_release("99.1").series
    path, _ = dump(tmp_path, "6.18", 20)
    code, out, err = run(capsys, str(path), "--kernel", "99.1", "--by", "gfp")
    assert code == 0 and f"decoding with {newest}'s facts" in err
    assert f"decoded with {newest} (x86_64 preset)" in out and "99.1 (" not in out + err


def test_a_number_longer_than_python_reads_makes_a_line_of_no_grammar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = dump(tmp_path, "6.18", 20)
    path.write_text(re.sub(r"order \d+", "order " + "9" * 5000, path.read_text(), count=1))
    code, out, err = run(capsys, str(path), "--by", "pid")
    assert code == 0 and out.startswith("19 records") and "lines outside any record" in err


@pytest.mark.parametrize(
    "words",
    [["--by", "colour"], ["--by", ","], ["--top", "0"], ["--ts", "1,2,3"], ["--node", "-1"]],
    ids=["unknown key", "no key", "top 0", "three numbers", "negative node"],
)
def test_bad_options_are_one_line_and_exit_2(
    words: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = dump(tmp_path, "6.18", 5)
    code, _, err = run(capsys, str(path), *words)
    assert code == 2 and err.count("\n") == 1


def test_a_name_with_a_nul_byte_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "a\x00b")
    assert code == 2 and err.count("\n") == 1 and "NUL byte" in err


def test_a_file_that_is_no_dump_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("nothing of page_owner here\n" * 10)
    code, _, err = run(capsys, str(other))
    assert code == 2 and err.count("\n") == 1 and "not a page_owner dump" in err


def test_diff_names_the_stacks_that_grew(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two dumps of one machine: the later one holds the earlier one's records and more through
    one stack (a leak); the diff puts that stack first, with its growth, and every group's
    pages before and after add up to each dump."""
    path, records = dump(tmp_path, "6.18", 200)
    leak = records[0]
    grown = "".join(render(leak._replace(order=0)) for _ in range(500))
    later = tmp_path / "later.txt"
    later.write_text(path.read_text() + grown)
    code, out, _ = run(capsys, str(path), "--diff", str(later), "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows[0]["schema"] == "kpageflags.page-owner-diff/1"
    assert rows[0]["stack"] == [frame.text.strip() for frame in leak.stack]
    assert rows[0]["pages_grown"] == 500 and rows[0]["bytes_grown"] == 500 * 4096
    assert all(row["pages_grown"] == 0 for row in rows[1:])
    assert sum(row["pages_before"] for row in rows) == sum(1 << record.order for record in records)
    assert sum(row["pages_after"] for row in rows) == sum(1 << record.order for record in records) + 500


def test_a_diffs_top_groups_are_those_that_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, records = dump(tmp_path, "6.18", 200)
    later = tmp_path / "later.txt"
    later.write_text(path.read_text() + "".join(render(records[0]._replace(order=0)) for _ in range(5)))
    code, out, _ = run(capsys, str(path), "--diff", str(later), "--top", "3", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [row["pages_grown"] for row in rows] == [5]


def _group_totals(out: str) -> tuple[int, int]:
    rows = [json.loads(line) for line in out.splitlines()]
    return sum(row["records"] for row in rows), sum(row["pages"] for row in rows)


def test_filters_by_time_pfn_node_and_zone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, records = dump(tmp_path, "6.18")
    times = sorted(record.ts for record in records if record.ts is not None)
    low, high = times[50], times[149]
    pfn_low, pfn_high = records[10].pfn, records[99].pfn
    assert pfn_low is not None and pfn_high is not None
    cases = {
        ("--ts", f"{low},{high}"): [r for r in records if r.ts is not None and low <= r.ts <= high],
        ("--pfn", f"{pfn_low:#x},{pfn_high}"): [
            r for r in records if r.pfn is not None and pfn_low <= r.pfn <= pfn_high
        ],
        ("--node", "1"): [r for r in records if "node=1|" in (r.flags_text or "")],
        ("--zone", "2"): [r for r in records if "|zone=2|" in (r.flags_text or "")],
    }
    for words, expected in cases.items():
        code, out, _ = run(capsys, str(path), *words, "--by", "pid", "--json")
        assert code == 0
        assert 0 < len(expected) < len(records)
        assert _group_totals(out) == (len(expected), sum(1 << r.order for r in expected)), words


def test_a_filter_on_what_an_era_does_not_print_leaves_records_out_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, records = dump(tmp_path, "4.6", 30)  # no timestamps, no node= before 5.11 / 5.13
    code, out, err = run(capsys, str(path), "--ts", ",", "--json")
    assert code == 0 and out == ""
    assert f"{len(records)} records left out: they print no value to filter by" in err


@pytest.mark.parametrize(
    "words", [["--ts", "5"], ["--pfn", "9,3"], ["--pfn", "x,"]], ids=["no comma", "reversed", "nan"]
)
def test_bad_ranges_are_one_line_and_exit_2(
    words: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = dump(tmp_path, "6.18", 5)
    code, _, err = run(capsys, str(path), *words)
    assert code == 2 and err.count("\n") == 1


def test_by_flags_groups_the_decoded_names_without_the_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, records = dump(tmp_path, "6.18")
    code, out, _ = run(capsys, str(path), "--by", "flags", "--json", "--kernel", "6.18")
    rows = [json.loads(line) for line in out.splitlines()]
    expected = Counter()  # type: Counter[str]
    for record in records:
        assert record.flags_text is not None
        names = [name for name in record.flags_text.split("|") if not name.startswith(("node=", "zone=", "last"))]
        # 6.12+ prints the owner bit as owner_2; on a page cache page it means mappedtodisk.
        if allocator_of(record) == "page cache":
            names = ["mappedtodisk" if name == "owner_2" else name for name in names]
        expected["|".join(names)] += 1 << record.order
    assert code == 0 and {row["flags"]: row["pages"] for row in rows} == dict(expected)
    assert not any("=" in row["flags"] for row in rows)


def test_a_mask_printed_without_names_groups_by_its_hex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, records = dump(tmp_path, "6.18")
    code, out, _ = run(capsys, str(path), "--by", "gfp", "--json")
    groups = {json.loads(line)["gfp"] for line in out.splitlines()}
    named = {record.gfp_text for record in records if record.gfp_text}
    assert code == 0 and "" not in groups and groups - named == {"0x0"}


@pytest.mark.parametrize(
    "words",
    [["--by", "pid"], ["--top", "1"], ["--diff", "x"], ["--kernel", "6.18"], ["--arch", "arm64"], ["--config", "x"]],
    ids=["by", "top", "diff", "kernel", "arch", "config"],
)
def test_folded_refuses_options_it_would_ignore(
    words: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = dump(tmp_path, "6.18", 5)
    code, _, err = run(capsys, str(path), "--folded", *words)
    assert code == 2 and err.count("\n") == 1 and "--folded" in err


def test_top_says_what_it_leaves_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, records = dump(tmp_path, "6.18")
    code, out, _ = run(capsys, str(path), "--by", "order", "--top", "1")
    shown = re.match(r"(\d+) pages? \(.*\), (\d+) records?", out.split("\n\n")[1])
    assert shown is not None
    shown_pages, shown_records = int(shown[1]), int(shown[2])
    total_pages = sum(1 << record.order for record in records)
    assert code == 0
    assert out.rstrip().endswith(f"{len(records) - shown_records} records, {total_pages - shown_pages} pages")


def test_a_key_the_era_does_not_print_says_so_and_keys_count_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = dump(tmp_path, "3.19", 20)
    code, out, _ = run(capsys, str(path), "--by", "comm,comm")
    assert code == 0 and "grouped by comm\n" in out and "comm (not printed)" in out


STACKS = Path(__file__).parent / "fixtures" / "page_owner"


def test_a_show_stacks_file_is_grouped_by_its_stacks_with_their_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, str(STACKS / "show-stacks-6.9.txt"), "--by", "stack,module", "--json")
    (group,) = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and (group["records"], group["pages"], group["module"]) == (1, 20824, "xfs")
    assert group["stack"][3] == "xfs_file_buffered_read+0xe6/0x1d0 [xfs]"
    code, out, _ = run(capsys, str(STACKS / "show-stacks-6.9.txt"), "--folded")
    outermost_first = "entry_SYSCALL_64_after_hwframe;xfs_file_buffered_read;__alloc_pages;get_page_from_freelist"
    assert out == f"{outermost_first};post_alloc_hook 20824\n"
    code, out, _ = run(capsys, str(STACKS / "show-stacks-6.9.txt"))
    assert out.startswith("1 stack, 20824 pages (81.3M), grouped by stack")


def test_show_handles_groups_by_handle_and_show_stacks_handles_says_it_has_no_pages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, str(STACKS / "show-handles-6.19.txt"), "--csv")
    (row,) = csv.DictReader(io.StringIO(out))
    assert code == 0 and (row["handle"], row["pages"]) == ("42", "20824")
    code, out, err = run(capsys, str(STACKS / "show-stacks-handles-6.19.txt"), "--by", "handle,allocator")
    assert code == 0 and "0 pages (0B, 0.0%), 1 stack, handle 42, allocator other" in out
    assert "1 stack with no page count" in err


def test_show_handles_prints_no_stack_so_module_and_allocator_are_not_printed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A handle with no stack beside it says nothing of a module or an allocator: claiming the
    # kernel proper or "other" would be made up.
    code, out, _ = run(capsys, str(STACKS / "show-handles-6.19.txt"), "--by", "module,allocator")
    assert code == 0 and "20824 pages (81.3M, 100.0%), 1 stack, module (not printed), allocator (not printed)" in out
    code, out, _ = run(capsys, str(STACKS / "show-handles-6.19.txt"), "--by", "module,allocator", "--json")
    group = json.loads(out)
    assert code == 0 and (group["module"], group["allocator"]) == (None, None)


def test_the_6_9_release_candidates_stack_count_is_read_as_the_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "show_stacks"
    path.write_text((STACKS / "show-stacks-6.9.txt").read_text().replace("nr_base_pages:", "stack_count:"))
    code, out, err = run(capsys, str(path), "--json")
    assert code == 0 and json.loads(out)["pages"] == 20824 and err == ""


def test_two_show_stacks_files_give_the_growth_of_each_stack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    later = tmp_path / "later"
    text = (STACKS / "show-stacks-6.9.txt").read_text()
    later.write_text(text.replace("20824", "20900") + " other_alloc+0x1/0x2\nnr_base_pages: 5\n\n")
    code, out, _ = run(capsys, str(STACKS / "show-stacks-6.9.txt"), "--diff", str(later), "--json")
    growth = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [row["pages_grown"] for row in growth] == [76, 5]
    code, _, err = run(capsys, str(STACKS / "show-stacks-6.9.txt"), "--diff", str(dump(tmp_path, "6.18", 3)[0]))
    assert code == 2 and "is not a page_owner_stacks file: it holds page_owner records" in err


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["--by", "pid"], "--by takes any of stack, module, allocator, handle for a page_owner_stacks file"),
        (["--ts", "1,2"], "prints no times, PFNs, nodes or zones to filter by"),
        (["--kernel", "6.9"], "prints no flags to decode: drop --kernel, --arch and --config"),
        (["--arch", "arm64"], "prints no flags to decode: drop --kernel, --arch and --config"),
    ],
)
def test_what_a_stacks_file_does_not_print_is_refused_in_one_line(
    words: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, str(STACKS / "show-stacks-6.9.txt"), *words)
    assert code == 2 and out == "" and message in err and len(err.splitlines()) == 1


def test_text_that_is_neither_file_names_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some text\n")
    code, _, err = run(capsys, str(path))
    assert code == 2 and "not a page_owner dump" in err and "nor a page_owner_stacks file" in err


def test_a_file_is_read_whatever_standard_input_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A text stream with no byte buffer under it (an embedding program's, or a test's) is only
    # a problem when the dump is to come from standard input.
    path, records = dump(tmp_path, "6.18", 20)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, err = run(capsys, str(path), "--by", "order", "--json")
    assert (code, err) == (0, "")
    assert sum(json.loads(line)["records"] for line in out.splitlines()) == len(records)
