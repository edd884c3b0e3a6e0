"""page-owner-sort --kernel 5.19 and 7.3 on dumps of every record era, against what the C tools
of those releases wrote for the same dumps (stored as SHA-256; the dumps are made again from
their seeds): tools/vm/page_owner_sort.c read in a 5.19.0 tree (blob c149427eb1c9, the v5.19
file), and the 7.3 text described in spec/page_owner_sort.yaml."""

from __future__ import annotations

import hashlib
import io
import json
import shlex
from pathlib import Path
from typing import Any

import pytest

from kpageflags.cli.main import main
from kpageflags.pageowner.synthetic import write_dump

FIXTURES = Path(__file__).parent / "fixtures" / "page_owner_sort"
STORED = json.loads((FIXTURES / "era-c-outputs.json").read_text())
CASES = [
    (dump, kernel, options)
    for dump in STORED["dumps"]
    for kernel, outputs in dump["outputs"].items()
    for options in outputs
]
DEBUG_CASES = [
    (dump, kernel, options)
    for dump in STORED["dumps"]
    for kernel, messages in dump["debug_messages"].items()
    for options in messages
]


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    made = {}
    for dump in STORED["dumps"]:
        text = io.StringIO()
        write_dump(text, dump["dump_kernel"], STORED["records"], seed=dump["seed"])
        path = tmp_path_factory.mktemp("eras") / f"page_owner-{dump['dump_kernel']}.txt"
        path.write_text(text.getvalue())
        made[dump["dump_kernel"]] = path
    return made


@pytest.mark.parametrize(
    ("dump", "kernel", "options"), CASES, ids=[f"{k}:{d['dump_kernel']}:{o or 'default'}" for d, k, o in CASES]
)
def test_dumps_of_every_era_give_the_c_tools_output(
    dump: dict[str, Any], kernel: str, options: str, dumps: dict[str, Path], tmp_path: Path
) -> None:
    path = dumps[dump["dump_kernel"]]
    made = hashlib.sha256(path.read_bytes()).hexdigest()
    assert made == dump["dump_sha256"], "the generator changed: run the C tools on its new dumps and store their hashes"
    output = tmp_path / "out.txt"
    assert main(["page-owner-sort", "--kernel", kernel, *shlex.split(options), str(path), str(output)]) == 0
    assert hashlib.sha256(output.read_bytes()).hexdigest() == dump["outputs"][kernel][options]


@pytest.mark.parametrize(
    ("dump", "kernel", "options"),
    DEBUG_CASES,
    ids=[f"{k}:{d['dump_kernel']}:{o}" for d, k, o in DEBUG_CASES],
)
def test_debug_messages_are_the_c_tools(
    dump: dict[str, Any],
    kernel: str,
    options: str,
    dumps: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    output = tmp_path / "out.txt"
    path = dumps[dump["dump_kernel"]]
    assert main(["page-owner-sort", "--kernel", kernel, *shlex.split(options), str(path), str(output)]) == 0
    err = capsys.readouterr().err
    theirs = "".join(line for line in err.splitlines(True) if not line.startswith("kpageflags: note: "))
    assert hashlib.sha256(theirs.encode()).hexdigest() == dump["debug_messages"][kernel][options]


def test_the_7_3_tool_stops_at_a_block_without_a_task_name(
    dumps: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.txt"
    assert main(["page-owner-sort", "--kernel", "7.3", str(dumps["5.15"]), str(output)]) == 0
    assert output.read_bytes() == b""
    assert capsys.readouterr().err.startswith("Out of memory\n")
    for older_or_fixed in (["--kernel", "7.2"], []):
        assert main(["page-owner-sort", *older_or_fixed, str(dumps["5.15"]), str(output)]) == 0
        assert output.read_bytes().count(b" times, ") > 1
