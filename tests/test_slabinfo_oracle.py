"""kpageflags slabinfo --kernel REL against the C tool: the output the slabinfo of 5.19 and of
7.3 printed for each case of tests/fixtures/slabinfo/cases.json (README.md there says how they
were made), byte for byte, on a copy of this machine's tree and on synthetic ones."""

from __future__ import annotations

import io
import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from kpageflags.errors import EXIT_INPUT, KpageflagsError, UsageError
from kpageflags.slabinfo import main

FIXTURES = REPO / "tests" / "fixtures" / "slabinfo"
CASES = json.loads((FIXTURES / "cases.json").read_text())


@pytest.fixture
def trees(slab_trees: Path) -> Path:
    return slab_trees


def run(argv: list[str]) -> tuple[int, bytes, bool]:
    """The exit status, the output, and whether the options were refused."""
    out = io.BytesIO()
    try:
        status = main(argv, out, io.StringIO())
    except KpageflagsError as error:
        return error.exit_code, out.getvalue(), isinstance(error, UsageError)
    return status, out.getvalue(), False


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case['kernel']}:{case['tree']}:{case['options']}")
def test_output_is_the_c_tools_byte_for_byte(case: dict[str, Any], trees: Path) -> None:
    sysfs, debugfs = trees / case["tree"], trees / case.get("debugfs", "debugfs")
    argv = ["--kernel", case["kernel"], "--sysfs", str(sysfs), "--debugfs", str(debugfs), *shlex.split(case["options"])]
    status, output, refused = run(argv)
    assert output == (FIXTURES / case["expected"]).read_bytes()
    # The C tool's stops (status 1) are ours too; bad options exit 2 here, 1 there (README).
    assert status == (EXIT_INPUT if refused else case["status"])
    assert not refused or case["status"] == 1
