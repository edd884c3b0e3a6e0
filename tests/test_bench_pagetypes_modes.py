"""benchmarks/bench_pagetypes_modes.py cannot rot: its modes are page-types command lines that
kpageflags accepts, and its process runner reports failures and peak memory."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest

from kpageflags.errors import UsageError
from kpageflags.pagetypes import options

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import bench_pagetypes_modes as bench


@pytest.fixture
def values(tmp_path: Path) -> dict[str, object]:
    """Stand-ins for what the benchmark makes on the machine, one per placeholder it uses."""
    saved = tmp_path / "kpageflags"
    saved.write_bytes(bytes(8))
    cached = tmp_path / "cached.bin"
    cached.write_bytes(b"x" * 4096)
    return {
        "cgroup": str(tmp_path),
        "cgroup_inode": 1,
        "file": str(cached),
        "partial": str(cached),
        "dir": str(tmp_path),
        "pid": os.getpid(),
        "saved": str(saved),
    }


@pytest.mark.parametrize("mode", list(bench.MODES))
def test_every_mode_is_a_command_line_page_types_accepts(mode: str, values: dict[str, object]) -> None:
    arguments = bench.filled(bench.MODES[mode], values)
    parsed = options.parse([*arguments, "--no-progress"])
    assert parsed.progress is False
    assert bench.placeholders(bench.MODES[mode]) <= set(values)


def test_the_stand_ins_cover_what_the_fixtures_make(values: dict[str, object]) -> None:
    makers = {name.removeprefix("_make_") for name in vars(bench.Fixtures) if name.startswith("_make_")}
    used = set().union(*(bench.placeholders(arguments) for arguments in bench.MODES.values()))
    assert used == makers == set(values)


def test_contenders_of_one_name_are_kept_apart(tmp_path: Path) -> None:
    """Two installs whose environments share a directory name (each a .venv), and two C tools
    of one file name, are four contenders with their own runs, not two pooled ones."""
    first, second = tmp_path / "a" / ".venv" / "bin" / "kpageflags", tmp_path / "b" / ".venv" / "bin" / "kpageflags"
    args = argparse.Namespace(page_types=["/one/page-types", "/two/page-types"], installed=[str(first), str(second)])
    names = [player.name for player in bench.contenders(args, str(tmp_path))]
    assert len(names) == len(set(names)) == 6
    assert names[:2] == ["C page-types", "C page-types #2"]


def test_a_mistyped_mode_would_be_caught() -> None:
    with pytest.raises(UsageError):
        options.parse(bench.filled(("-Q",), {}))


def test_modes_are_chosen_by_name() -> None:
    assert bench.chosen_modes("list, summary") == ["list", "summary"]
    assert bench.chosen_modes(None) == list(bench.MODES)
    with pytest.raises(SystemExit, match="unknown mode"):
        bench.chosen_modes("list,lsit")


def test_a_failing_contender_is_na_with_its_first_error_line() -> None:
    failed = bench.run_process([sys.executable, "-c", "import sys; sys.exit('no such mode\\nmore')"])
    assert failed.error == "no such mode"
    text, times = bench.cell([failed], None, 1.0)
    assert text.strip() == "n/a" and times is None


def test_a_cell_gives_wall_and_cpu_ratios_to_the_c_tool() -> None:
    runs = [bench.Run(2.0, 1024, None, 0.5), bench.Run(4.0, 2048, None, 0.25), bench.Run(3.0, 1024, None, 1.0)]
    text, times = bench.cell(runs, (1.5, 0.125), 1.0)
    assert times == (3.0, 0.25)
    assert text.split() == ["3000", "2.00x", "3.00f", "250", "2.00x", "2.0M"]


def test_a_run_reports_its_cpu_time() -> None:
    busy = bench.run_process([sys.executable, "-c", "sum(range(30_000_000))"])
    idle = bench.run_process([sys.executable, "-c", "import time; time.sleep(0.3)"])
    assert busy.cpu_seconds > idle.cpu_seconds
    assert idle.seconds > 0.3 > idle.cpu_seconds


@pytest.mark.skipif(not os.access(bench.GNU_TIME, os.X_OK), reason="needs GNU time to see a child's own peak")
def test_a_run_reports_its_own_peak_memory() -> None:
    # The large one first: a peak over all children so far would report it again for the small one.
    large = bench.run_process([sys.executable, "-c", "b = bytearray(64 << 20); b[::4096] = b'1' * (16 << 10)"])
    small = bench.run_process([sys.executable, "-c", "pass"])
    assert small.error is None and large.error is None
    assert large.peak_kib - small.peak_kib > 48 << 10
