"""page-owner-sort past its memory bound: sorted runs spilled to private files and merged give
the output the in-memory sort gives, byte for byte."""

from __future__ import annotations

import json
import os
import shlex
import stat
import tracemalloc
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from kpageflags.cli.main import main
from kpageflags.pageowner.synthetic import write_dump
from kpageflags.pageownersort import sorting, spill
from kpageflags.pageownersort.spill import Descending, Run

FIXTURES = Path(__file__).parent / "fixtures" / "page_owner_sort"
CASES = json.loads((FIXTURES / "cases.json").read_text())


def sort_output(tmp_path: Path, words: list[str], name: str = "out.txt") -> bytes:
    output = tmp_path / name
    assert main(["page-owner-sort", *words, str(output)]) == 0
    return output.read_bytes()


def record_runs(monkeypatch: pytest.MonkeyPatch) -> list[Run]:
    """The runs the sort spills, from now on."""
    spilled: list[Run] = []

    def recorded(items: Iterable[Any]) -> Run:
        spilled.append(Run(items))
        return spilled[-1]

    monkeypatch.setattr(spill, "Run", recorded)
    return spilled


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['kernel']}:{c['dump']}:{c['options'] or 'default'}")
def test_spilled_runs_still_give_the_c_tools_output(
    case: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sorting, "SPILL_BOUND", 2)
    spilled = record_runs(monkeypatch)
    words = ["--kernel", case["kernel"], *shlex.split(case["options"]), str(FIXTURES / case["dump"])]
    expected = (FIXTURES / case["expected"]).read_bytes()
    assert sort_output(tmp_path, words) == expected
    assert spilled or expected.count(b" times, ") <= 2  # past the bound, the merge made the output


OPTIONS = ["", "-m", "-a", "-p", "-P", "-s", "-n", "-t", "--cull pid,name", "--cull stacktrace", "--sort n,-p,at"]
# A group prints the names of its first block: the merge must keep the first.
OPTIONS += ["--cull stacktrace --name sshd,bash,java,postgres"]
OPTIONS_5_19 = ["-r", "-f", "--cull free", "--sort -ft,-n", "-a -m"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("dump_kernel", "words"),
    [("6.18", f"--kernel 6.19 {o}") for o in OPTIONS]
    + [("6.18", f"--kernel 6.7 {o}") for o in ("-a", "--sort n,-p,at")]
    + [("6.18", o) for o in OPTIONS]
    + [("6.1", f"--kernel 5.19 {o}") for o in [*OPTIONS, *OPTIONS_5_19]],
)
def test_a_tiny_bound_gives_the_in_memory_output(
    dump_kernel: str, words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "page_owner.txt"
    with dump.open("w") as out:
        write_dump(out, dump_kernel, 4000, seed=3)
    argv = [*shlex.split(words), str(dump)]
    in_memory = sort_output(tmp_path, argv, "memory.txt")
    monkeypatch.setattr(sorting, "SPILL_BOUND", 97)
    spilled = record_runs(monkeypatch)
    assert sort_output(tmp_path, argv, "spilled.txt") == in_memory
    assert spilled or in_memory.count(b" times, ") <= 97


def test_runs_are_private_and_read_back_in_order() -> None:
    run = Run(iter(range(1000)))
    assert stat.S_IMODE(os.fstat(run.fileno()).st_mode) == 0o600
    assert list(run.items()) == list(range(1000))


def test_descending_sorts_bytes_the_other_way_round_beside_ascending_numbers() -> None:
    items = [(Descending(b"ab"), 2), (Descending(b"abc"), 1), (Descending(b"ab"), 1), (Descending(b"b"), 0)]
    ordered = sorted(items)
    assert [(d.value, n) for d, n in ordered] == [(b"b", 0), (b"abc", 1), (b"ab", 1), (b"ab", 2)]


@pytest.mark.slow
def test_memory_follows_the_bound_not_the_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sorting, "SPILL_BOUND", 2000)
    peaks = []
    for count in (10_000, 40_000):
        dump = tmp_path / f"page_owner-{count}.txt"
        with dump.open("w") as out:
            write_dump(out, "6.18", count, seed=8)
        output = tmp_path / "out.txt"
        tracemalloc.start()
        try:
            assert main(["page-owner-sort", "--kernel", "6.19", str(dump), str(output)]) == 0
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert output.read_bytes().count(b" times, ") > 2000  # more groups than the bound: spilled
    assert peaks[1] < 1.5 * peaks[0]
