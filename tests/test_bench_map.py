"""benchmarks/bench_map.py cannot rot: every command it times is one kpageflags accepts, on this
machine and on a snapshot, with numpy and without."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kpageflags.cli.main import build_parser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import bench_map as bench


@pytest.mark.parametrize("numpy", [True, False])
@pytest.mark.parametrize("source", [[], ["--snapshot", "machine.kpf"]])
def test_every_timed_command_is_one_kpageflags_accepts(tmp_path: Path, numpy: bool, source: list[str]) -> None:
    found = bench.contenders(source, str(tmp_path), numpy)
    assert next(iter(found)).startswith("floor: ")
    for argv in found.values():
        start = argv.index("-m") + 2 if "-m" in argv else argv.index(bench.WITHOUT_NUMPY) + 1
        arguments = build_parser().parse_args(argv[start:])
        assert arguments.command in ("breakdown", "map", "report")
