"""page-owner-sort on dumps of many chunks and groups, against the C tool's outputs (stored as
hashes) and against its own line-by-line reading: what the fast paths (plain chunks cut at
once, only the grouping key pulled out of a block joining a group, spilled runs) must not
change."""

from __future__ import annotations

import hashlib
import json
import shlex
from pathlib import Path
from typing import Any

import pytest

from kpageflags.cli.main import main
from kpageflags.pageowner.synthetic import write_dump
from kpageflags.pageownersort import reading, sorting

STORED = json.loads((Path(__file__).parent / "fixtures" / "page_owner_sort" / "large-c-outputs.json").read_text())
CASES = [(dump, options) for dump in STORED["dumps"] for options in dump["outputs"]]


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    made = {}
    for dump in STORED["dumps"]:
        path = tmp_path_factory.mktemp("large") / f"page_owner-{dump['dump_kernel']}.txt"
        with path.open("w") as out:
            write_dump(out, dump["dump_kernel"], STORED["records"], seed=STORED["seed"])
        made[dump["dump_kernel"]] = path
    return made


def sorted_hash(tmp_path: Path, dump: Path, kernel: str, options: str) -> str:
    output = tmp_path / "out.txt"
    assert main(["page-owner-sort", "--kernel", kernel, *shlex.split(options), str(dump), str(output)]) == 0
    return hashlib.sha256(output.read_bytes()).hexdigest()


@pytest.mark.slow
@pytest.mark.parametrize(("dump", "options"), CASES, ids=[f"{d['kernel']}:{o or 'default'}" for d, o in CASES])
def test_large_dumps_give_the_c_tools_output(
    dump: dict[str, Any], options: str, dumps: dict[str, Path], tmp_path: Path
) -> None:
    path = dumps[dump["dump_kernel"]]
    made = hashlib.sha256(path.read_bytes()).hexdigest()
    assert made == dump["dump_sha256"], "the generator changed: run the C tools on its new dumps and store their hashes"
    assert sorted_hash(tmp_path, path, dump["kernel"], options) == dump["outputs"][options]


# Per stored dump (its index): the option sets whose spilled runs are checked. With -a (6.19),
# and with -p, -n, -s (5.19, which keeps the ts digits), groups are kept in the final order
# from the start.
SPILLED = [(0, ""), (0, "-a"), (0, "--cull pid,name"), (0, "-s"), (1, "-p"), (1, "-n"), (1, "-s")]


@pytest.mark.slow
@pytest.mark.parametrize(("index", "options"), SPILLED)
def test_spilled_runs_and_line_by_line_reading_give_the_same_output(
    index: int, options: str, dumps: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = STORED["dumps"][index]
    path = dumps[dump["dump_kernel"]]
    monkeypatch.setattr(sorting, "SPILL_BOUND", 1500)
    monkeypatch.setattr(reading, "_plain_blocks", lambda data: None)
    assert sorted_hash(tmp_path, path, dump["kernel"], options) == dump["outputs"][options]
