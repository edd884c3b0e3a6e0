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

from kpageflags.errors import KpageflagsError
from kpageflags.slabinfo import main

FIXTURES = REPO / "tests" / "fixtures" / "slabinfo"
CASES = json.loads((FIXTURES / "cases.json").read_text())


@pytest.fixture
def trees(slab_trees: Path) -> Path:
    return slab_trees


def run(argv: list[str]) -> tuple[int, bytes]:
    """The exit status and the output."""
    out = io.BytesIO()
    try:
        status = main(argv, out, io.StringIO())
    except KpageflagsError as error:
        return error.exit_code, out.getvalue()
    return status, out.getvalue()


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case['kernel']}:{case['tree']}:{case['options']}")
def test_output_is_the_c_tools_byte_for_byte(case: dict[str, Any], trees: Path) -> None:
    sysfs, debugfs = trees / case["tree"], trees / case.get("debugfs", "debugfs")
    argv = ["--kernel", case["kernel"], "--sysfs", str(sysfs), "--debugfs", str(debugfs), *shlex.split(case["options"])]
    status, output = run(argv)
    assert output == (FIXTURES / case["expected"]).read_bytes()
    # Its stops too: a refused option, too many caches (fatal(), status 1).
    assert status == case["status"]
