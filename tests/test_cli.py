"""The command line as a user runs it: output, JSON Lines, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import UNCOVERED_NEXT

from kpageflags import releases


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpageflags", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        check=False,
    )


def test_decode_text() -> None:
    result = run("decode", "0x40000086c", "--kernel", "6.18")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == "0x000000040000086c\treferenced,uptodate,lru,active,mmap,owner_2"


def test_decode_json_lines_schema() -> None:
    result = run("decode", "--json", "0x400001000", "0x1", "--kernel", "5.19")
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 2
    first = objects[0]
    assert {"value", "kernel", "flags", "unknown_bits", "warnings"} <= set(first)
    assert first["value"] == "0x0000000400001000"
    assert first["kernel"] == "5.19"
    assert first["flags"] == ["anon", "anon_exclusive"]
    assert first["unknown_bits"] == [] and first["warnings"] == []
    assert first["schema"] == "kpageflags.decode/1"


def test_decode_reads_stdin() -> None:
    result = run("decode", "--json", "--kernel", "4.19", stdin="0x800000\n0x1000 0x0\n")
    assert [json.loads(line)["flags"] for line in result.stdout.splitlines()] == [["balloon"], ["anon"], []]


def test_decode_shows_unknown_bits() -> None:
    result = run("decode", "0x1000000000000000", "--kernel", "3.0")
    assert "unknown bits\t60" in result.stdout


def test_releases_lists_every_release() -> None:
    result = run("releases")
    assert result.stdout.split() == list(releases())


def test_flag_explains_history_and_evidence() -> None:
    result = run("flag", "anon_exclusive")
    assert result.returncode == 0
    assert "78fbe906cc90" in result.stdout
    assert "owner_2" in result.stdout and "mappedtodisk" in result.stdout


def test_changes_between_releases() -> None:
    result = run("changes", "5.18", "5.19")
    assert "bit 34 means anon_exclusive when anon" in result.stdout


def test_pagemap_command() -> None:
    result = run("pagemap", "--json", "0x440000000000009f", "--kernel", "6.18")
    entry = json.loads(result.stdout)
    assert entry["fields"]["guard"] == 1 and entry["fields"]["swap_type"] == 31


def test_bits_command_exit_status_follows_the_tests() -> None:
    assert run("bits", "anon,~mmap", "--kernel", "6.18", "--test", "0x1000").returncode == 0
    assert run("bits", "anon,~mmap", "--kernel", "6.18", "--test", "0x1800").returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("decode", "zz", "--kernel", "6.18"), "'zz' is not a number"),
        (("decode", "0x1", "--kernel", UNCOVERED_NEXT), f"kernel release '{UNCOVERED_NEXT}' is not covered"),
        (("decode", "0x10000000000000000", "--kernel", "6.18"), "does not fit in 64 bits"),
        (("bits", "anon,bogus", "--kernel", "6.18"), "'bogus' is neither a flag name"),
        (("flag", "nonsense"), "'nonsense' is not a kpageflags flag"),
        (("changes", "6.18", "5.0"), "must be an earlier release"),
        (("pagemap", "0x8000000000000000", "--kernel", "3.0"), "no page shift"),
        (("frobnicate",), "invalid choice"),
        (("decode", "--no-such-option"), "unrecognized arguments"),
    ],
)
def test_bad_input_is_one_line_without_traceback(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kpageflags: error: ")
    assert message in lines[0]


def test_running_kernel_is_the_default() -> None:
    result = run("decode", "0x1000")
    uname = os.uname().release
    try:
        from kpageflags import parse_release

        parse_release(uname)
    except ValueError:
        assert result.returncode == 2 and "give --kernel" in result.stderr
    else:
        assert result.returncode == 0 and result.stdout.startswith("0x0000000000001000\tanon")


def test_layout_command_json() -> None:
    result = run("layout", "--kernel", "6.1", "--arch", "arm64", "--json")
    layout = json.loads(result.stdout)
    assert layout["nr_pageflags"] == 26
    assert {f["name"] for f in layout["fields"]} >= {"node", "zone"}
    assert layout["page_type"]["kind"] == "inverted"


def test_page_flags_command_decodes_the_issue_example() -> None:
    result = run("page-flags", "0x17ffffc0010200", "--kernel", "5.15", "--arch", "x86_64")
    assert result.stdout.strip() == "0x0017ffffc0010200\tslab|head|node=0|zone=2|last_cpupid=2097151"


def test_dump_page_command_on_a_fixture() -> None:
    from conftest import REPO

    fixture = REPO / "tests" / "fixtures" / "dumppage" / "026-6.10.11-x86_64.txt"
    result = run("dump-page", "--json", str(fixture))
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert {"kernel", "arch", "raw_flags", "printed", "decoded", "fields", "agrees", "differences"} <= set(report)
    assert report["agrees"] is True and report["printed"] == ["reserved"]
    assert report["fields"]["node"] == {"printed": 1, "decoded": None} or report["fields"]["node"]["printed"] == 1


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("dump-page",), "no report here\n", "no dump_page report found"),
        (("dump-page", "/nonexistent"), None, "cannot read /nonexistent"),
        (("layout", "--arch", "sparc", "--kernel", "6.1"), None, "'sparc' is not a config preset"),
        (("layout", "--config", "/etc/hostname", "--kernel", "6.1"), None, "not a kernel config"),
        (("page-flags", "0x1ffffffffffffffff", "--kernel", "6.1"), None, "does not fit in 64 bits"),
        (("page-flags", "0x1", "--kernel", "6.1", "--context", "bogus"), None, "'bogus' is not a page context"),
    ],
)
def test_bad_layout_input_is_one_line(args: tuple[str, ...], stdin: str | None, message: str) -> None:
    result = run(*args, stdin=stdin)
    assert result.returncode in (1, 2)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
