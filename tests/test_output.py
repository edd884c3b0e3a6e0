"""The one output layer: every command speaks text, JSON Lines and CSV by the same rules."""

from __future__ import annotations

import csv
import io
import json
import os
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import REPO

from kpageflags.cli.main import build_parser, main
from kpageflags.cli.tool_commands import TOOLS
from kpageflags.output.emit import Listing, emit, flatten, plain
from kpageflags.output.streams import write_with_name
from kpageflags.pagetypes.options import parse
from kpageflags.sources.files import SavedFiles
from kpageflags.sources.snapshot_writer import take_snapshot

BUDDY, LRU, ANON = 1 << 10, 1 << 5, 1 << 12
ZONEINFO = "Node 0, zone Normal\n spanned 4096\n present 4096\n start_pfn: 0\n"
DUMP = sorted((REPO / "tests" / "fixtures" / "dumppage").glob("*.txt"))[0]


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A saved kpageflags file and a snapshot of it, so no command reads the live machine."""
    directory = tmp_path_factory.mktemp("saved")
    flags = directory / "kpageflags"
    flags.write_bytes(array("Q", [BUDDY] * 2048 + [LRU] * 1024 + [ANON | LRU] * 1024).tobytes())
    (directory / "zoneinfo").write_text(ZONEINFO)
    snapshot = directory / "host.kpf"
    take_snapshot(
        str(snapshot), SavedFiles({"kpageflags": str(flags), "zoneinfo": str(directory / "zoneinfo")}, kernel="6.18.44")
    )
    return {"kpageflags": flags, "zoneinfo": directory / "zoneinfo", "snapshot": snapshot}


def commands(saved: dict[str, Path]) -> dict[str, list[str]]:
    """Every command that can answer without the live machine, with arguments that give output."""
    kpf, snapshot = str(saved["kpageflags"]), str(saved["snapshot"])
    return {
        "decode": ["decode", "0x40000086c", "0x1000", "-k", "6.18"],
        "pagemap": ["pagemap", "0x8100000000012345", "-k", "6.18"],
        "bits": ["bits", "anon,~mmap", "--test", "0x1000", "-k", "6.18"],
        "releases": ["releases"],
        "flags": ["flags", "-k", "4.19"],
        "flag": ["flag", "ksm"],
        "changes": ["changes", "5.18", "5.19"],
        "categories": ["categories", "-k", "6.12"],
        "layout": ["layout", "-k", "6.1", "--arch", "arm64"],
        "page-flags": ["page-flags", "0x17ffffc0010200", "-k", "5.15", "--arch", "x86_64"],
        "dump-page": ["dump-page", str(DUMP)],
        "breakdown": ["breakdown", "-k", "6.18", "--kpageflags", kpf, "--page-size", "4096"],
        "free-blocks": ["free-blocks", "--snapshot", snapshot],
        "metrics": ["metrics", "--snapshot", snapshot],
        "diff": ["diff", snapshot, snapshot],
        "page-types": ["page-types", "--kernel", "6.18", "-F", kpf],
    }


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


def test_every_argparse_command_takes_the_format_options() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, command in subparsers.choices.items():  # type: ignore[union-attr]
        if name in TOOLS:
            continue  # getopt-style drop-ins (their own option parsers) write the C tools' formats
        if name == "plot":
            continue  # it writes pictures, not records
        options = {o for action in command._actions for o in action.option_strings}
        assert {"--format", "--json", "--csv"} <= options, name
    assert [parse([spelling]).output for spelling in ("--json", "--csv", "--format=csv")] == ["json", "csv", "csv"]


@pytest.mark.parametrize("command", sorted(commands({"kpageflags": Path(), "snapshot": Path()})))
def test_json_csv_and_text_carry_the_same_records(
    command: str, saved: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = commands(saved)[command]
    json_code, json_out = run([*argv, "--json"], capsys)
    objects = [json.loads(line) for line in json_out.splitlines()]
    assert objects, f"{command} --json printed nothing"
    # The schema comes first in every object, named after the command's family.
    assert all(next(iter(o)) == "schema" and o["schema"].startswith("kpageflags.") for o in objects)
    format_code, format_out = run([*argv, "--format", "json"], capsys)
    assert (format_code, format_out) == (json_code, json_out)
    csv_code, csv_out = run([*argv, "--csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert csv_code == json_code and len(rows) == len(objects)
    text_code, text_out = run(argv, capsys)
    assert text_code == json_code and text_out.strip()


def _lists(value: object, path: str = "") -> Iterator[tuple[str, list[object]]]:
    """Every array in a JSON object, with the CSV column path it belongs to."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _lists(item, f"{path}{key}.")
    elif isinstance(value, list):
        yield path[:-1], value


@pytest.mark.parametrize("command", sorted(commands({"kpageflags": Path(), "snapshot": Path()})))
def test_every_list_column_of_the_csv_splits_back_into_its_items(
    command: str, saved: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = commands(saved)[command]
    objects = [json.loads(line) for line in run([*argv, "--json"], capsys)[1].splitlines()]
    rows = list(csv.DictReader(io.StringIO(run([*argv, "--csv"], capsys)[1])))
    for data, row in zip(objects, rows):
        for column, items in _lists(data):
            if items and all(isinstance(item, (int, float)) and not isinstance(item, bool) for item in items):
                assert [row[f"{column}.{index}"] for index in range(len(items))] == [str(item) for item in items]
            else:
                assert json.loads(row[column]) == items, (command, column)


def test_a_list_of_sentences_keeps_its_items_in_csv(capsys: pytest.CaptureFixture[str]) -> None:
    objects = json.loads(run(["decode", "0x301082", "-k", "6.18", "--json"], capsys)[1])
    row = next(csv.DictReader(io.StringIO(run(["decode", "0x301082", "-k", "6.18", "--csv"], capsys)[1])))
    # Four warnings, one of them with "; " and another with ",": no separator would split them.
    assert len(objects["warnings"]) == 4 and any("; " in w for w in objects["warnings"])
    assert json.loads(row["warnings"]) == objects["warnings"]


def test_json_and_csv_together_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["decode", "0x1000", "-k", "6.18", "--json", "--csv"])
    assert stop.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_nested_records_are_objects_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    _, flag_out = run(["flag", "ksm", "--json"], capsys)
    evidence = json.loads(flag_out)["names"][0]["evidence"]
    assert all(isinstance(item, dict) and "kind" in item for item in evidence)
    assert evidence[0]["upstream_url"].startswith("https://git.kernel.org/") and evidence[0]["text"]
    _, changes_out = run(["changes", "5.18", "5.19", "--json"], capsys)
    change = json.loads(changes_out.splitlines()[0])
    assert all(isinstance(item, dict) and "kind" in item for item in change["evidence"])


def test_bits_test_says_pass_or_fail_in_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("text", "json", "csv"):
        assert run(["bits", "anon", "--test", "0x1000", "-k", "6.18", "--format", fmt], capsys)[0] == 0
        assert run(["bits", "anon", "--test", "0x20", "-k", "6.18", "--format", fmt], capsys)[0] == 1


class Inner(NamedTuple):
    name: str
    bits: tuple[int, ...]


class Outer(NamedTuple):
    kernel: str
    inner: Inner
    counts: dict[str, int]
    names: tuple[str, ...]


def test_plain_and_flatten_follow_one_rule_for_nesting() -> None:
    record = Outer("6.18", Inner("anon", (12, 34)), {"free": 3}, ("a", "b"))
    assert plain(record) == {
        "kernel": "6.18",
        "inner": {"name": "anon", "bits": [12, 34]},
        "counts": {"free": 3},
        "names": ["a", "b"],
    }
    assert flatten(record) == {
        "kernel": "6.18",
        "inner.name": "anon",
        "inner.bits.0": 12,
        "inner.bits.1": 34,
        "counts.free": 3,
        "names": '["a", "b"]',
    }


def test_csv_header_names_columns_that_appear_only_in_later_records() -> None:
    out = io.StringIO()
    emit(Listing("example/1", [{"group": "a", "free": 1}, {"group": "b", "anon": 2}]), "csv", out)
    assert out.getvalue().splitlines() == ["group,free,anon", "a,1,", "b,,2"]


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "utf-8"])
def test_a_file_name_goes_out_as_the_file_system_spells_it_after_the_text_before(encoding: str) -> None:
    # A name that is not UTF-8 (as os.listdir gives it: undecodable bytes as surrogates), and
    # one that is, in an output whose encoding has neither: the kernel's tools print the bytes.
    binary = io.BytesIO()
    out = io.TextIOWrapper(binary, encoding=encoding)
    out.write("before\n")
    write_with_name(out, os.fsdecode(b"/d/raw\xff\xfe.bin"), "\tInode: 1\n")
    write_with_name(out, os.fsdecode(b"/d/caf\xc3\xa9.bin"), "\tInode: 2\n")
    out.write("after\n")
    out.flush()
    assert binary.getvalue() == b"before\n/d/raw\xff\xfe.bin\tInode: 1\n/d/caf\xc3\xa9.bin\tInode: 2\nafter\n"


def test_a_file_name_an_output_cannot_take_as_bytes_is_written_with_escapes() -> None:
    binary = io.BytesIO()
    out = io.TextIOWrapper(binary, encoding="utf-16")
    write_with_name(out, os.fsdecode(b"/d/raw\xff.bin"), "\tInode: 1\n")
    write_with_name(out, os.fsdecode(b"/d/caf\xc3\xa9.bin"), "\tInode: 2\n")
    out.flush()
    assert binary.getvalue().decode("utf-16") == "/d/raw\\xff.bin\tInode: 1\n/d/caf\u00e9.bin\tInode: 2\n"
    text = io.StringIO()
    write_with_name(text, "/d/caf\u00e9.bin", "\tInode: 2\n")
    assert text.getvalue() == "/d/caf\u00e9.bin\tInode: 2\n"
