"""Every command line, however hostile its words, ends in output or a one-line error: no
traceback, no hang. Hypothesis builds command lines from each command's options and from
values known to have broken parsers before (huge numbers, NUL bytes, newlines, odd files)."""

from __future__ import annotations

import contextlib
import io
import sys
import zipfile
from array import array
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpageflags.cli.main import main

# Some commands read this machine (a process, the running config), so the run is live too.
pytestmark = [pytest.mark.slow, pytest.mark.live]

HOSTILE_WORDS = [
    "",
    "-1",
    "0",
    "3000",
    "99999",
    "100000000",
    "9" * 5000,
    "0x" + "f" * 4400,
    "0x1000000000000000",
    "6.18." + "1" * 5000,
    "a\x00b",
    "a\nb",
    "\u0661\u0662",
    "1e999",
    "anon,~mmap",
    "=anon,lru",
    "x" * 300,
    "6.18",
    "2.4.37",
    "0x40000086c",
]


def files(directory: Path) -> list[str]:
    """Files a user might point a command at by mistake, or that were damaged."""
    empty = directory / "empty"
    empty.write_bytes(b"")
    odd = directory / "odd"
    odd.write_bytes(b"\x01" * 13)
    flags = directory / "flags"
    flags.write_bytes(array("Q", [1 << 10] * 64 + [0x1000] * 64).tobytes())
    text = directory / "text"
    text.write_text("Node 0, zone Normal\n spanned -1\n start_pfn: x\nCONFIG_NODES_SHIFT=-1\n")
    binary = directory / "binary"
    binary.write_bytes(bytes(range(256)) * 4)
    bad_zip = directory / "bad.kpf"
    with zipfile.ZipFile(bad_zip, "w") as archive:
        archive.writestr("manifest.json", '{"format": "kpageflags.snapshot/1", "page_size": 0}')
    return [str(p) for p in (empty, odd, flags, text, binary, bad_zip)] + ["/nonexistent/x", "/proc/self/status"]


COMMANDS = {
    "decode": ["-k", "--kernel", "--json", "--csv", "--format"],
    "pagemap": ["-k", "--layout", "--json"],
    "bits": ["-k", "--test", "--json"],
    "flags": ["-k", "--json"],
    "flag": ["--json"],
    "changes": ["--json"],
    "categories": ["-k"],
    "layout": ["-k", "--arch", "--config", "--snapshot", "--json"],
    "page-flags": ["-k", "--arch", "--config", "--snapshot", "--context", "--json"],
    "dump-page": ["-k", "--arch", "--json"],
    "breakdown": ["-k", "--by", "--top", "--zoneinfo", "--page-size", "--snapshot", "--json", "--csv"],
    "free-blocks": ["-k", "--max-order", "--json"],
    "diff": ["-k", "--by", "--top", "--json"],
    "process": ["--snapshot", "--all", "--json"],
    "page-types": ["-k", "--kernel", "-a", "-b", "-r", "-l", "-L", "-N", "-c", "--threads", "--human", "--json"],
}


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return files(tmp_path_factory.mktemp("fuzz"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_command_line_ends_in_a_traceback(data: st.DataObject, hostile_files: list[str]) -> None:
    command = data.draw(st.sampled_from(sorted(COMMANDS)))
    words = st.sampled_from(HOSTILE_WORDS + hostile_files + COMMANDS[command])
    argv = [command, *data.draw(st.lists(words, max_size=6))]
    # Commands that would read the whole live machine read a small saved file instead.
    if command == "breakdown" and "--snapshot" not in argv:
        argv += ["--kpageflags", hostile_files[2]]
    if command == "page-types":
        argv += ["-F", hostile_files[2]]
    if command == "free-blocks":
        argv += ["--snapshot", hostile_files[5]]
    out, err = io.StringIO(), io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO("0x1000 zz\n")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 2
    finally:
        sys.stdin = stdin
    assert code in (0, 1, 2, 3, 4, 5), (argv, err.getvalue())
    if code not in (0, 1) or err.getvalue():
        assert "Traceback" not in err.getvalue(), argv
