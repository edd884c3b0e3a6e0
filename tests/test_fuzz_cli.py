"""Every command line, however hostile its words, ends in output or a one-line error: no
traceback, no hang. Hypothesis builds command lines from each command's options and from
values known to have broken parsers before (huge numbers, NUL bytes, newlines, odd files)."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import zipfile
from array import array
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpageflags.cli.main import build_parser, main
from kpageflags.pagetypes.options import LONG, SHORT_FLAGS, SHORT_WITH_ARGUMENT
from kpageflags.slabinfo import options as slabinfo_options
from kpageflags.slabinfognuplot.options import LONG as GNUPLOT_LONG
from kpageflags.slabinfognuplot.options import SHORT

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
    "decode": ["-k", "--kernel", "--json", "--csv", "--format", "-h", "--help"],
    "pagemap": ["-k", "--kernel", "--layout", "--json", "--csv", "--format", "-h", "--help"],
    "bits": ["-k", "--kernel", "--test", "--json", "--csv", "--format", "-h", "--help"],
    "releases": ["--vendor", "--json", "--csv", "--format", "-h", "--help"],
    "flags": ["-k", "--kernel", "--json", "--csv", "--format", "-h", "--help"],
    "flag": ["--json", "--csv", "--format", "-h", "--help"],
    "changes": ["--json", "--csv", "--format", "-h", "--help"],
    "categories": ["-k", "--kernel", "--json", "--csv", "--format", "-h", "--help"],
    "layout": ["-k", "--kernel", "--arch", "--config", "--snapshot", "--json", "--csv", "--format", "-h", "--help"],
    "page-flags": [
        *("-k", "--kernel", "--arch", "--config", "--snapshot", "--context"),
        *("--json", "--csv", "--format", "-h", "--help"),
    ],
    "check-kernel": ["--kernel", "--btf", "--config", "--draft", "--json", "--csv", "--format", "-h", "--help"],
    "dump-page": ["-k", "--kernel", "--arch", "--config", "--json", "--csv", "--format", "-h", "--help"],
    "breakdown": [
        *("-k", "--kernel", "--by", "--top", "--all", "--zoneinfo", "--page-size", "--snapshot", "--kpageflags"),
        *("--kpagecgroup", "--cgroup-root", "--memory-blocks", "--json", "--csv", "--format", "-h", "--help"),
        "--count",
    ],
    "free-blocks": [
        *("-k", "--kernel", "--max-order", "--snapshot", "--kpageflags", "--zoneinfo", "--buddyinfo"),
        *("--page-size", "--json", "--csv", "--format", "-h", "--help"),
    ],
    "map": [
        *("-k", "--kernel", "--cell", "--layout", "--only", "-b", "--bits", "--mixing", "--pageblock-order"),
        *("--snapshot", "--kpageflags", "--zoneinfo", "--memory-blocks", "--page-size"),
        *("--json", "--csv", "--format", "-h", "--help"),
    ],
    "report": [
        *("-k", "--kernel", "--top", "--slab-tree", "--snapshot", "--kpageflags", "--kpagecgroup", "--cgroup-root"),
        *("--zoneinfo", "--buddyinfo", "--config", "--page-size", "--json", "--csv", "--format", "-h", "--help"),
    ],
    "diff": ["-k", "--kernel", "--by", "--top", "--json", "--csv", "--format", "-h", "--help"],
    "process": ["--snapshot", "--all", "--json", "--csv", "--format", "-h", "--help"],
    "snapshot": [
        *("-k", "--kernel", "--kpageflags", "--kpagecount", "--kpagecgroup", "--zoneinfo", "--memory-blocks"),
        *("--buddyinfo", "--config", "--cgroup-root", "--btf", "--page-size", "-p", "--pid"),
        *("--json", "--csv", "--format", "-h", "--help"),
    ],
    "metrics": [
        *("-k", "--kernel", "--snapshot", "--kpageflags", "--kpagecgroup", "--cgroup-root", "--no-cgroups"),
        *("--zoneinfo", "--page-size", "--top", "--slab-top", "--no-slab", "--json", "--csv", "--format"),
        *("-h", "--help"),
    ],
    "slab": [
        *("--sysfs", "--snapshot", "--page-size", "--sort", "--top", "--reconcile", "--count", "--per-node"),
        *("--json", "--csv", "--format", "-h", "--help"),
    ],
    "slab-diff": ["--page-size", "--all", "--top", "--json", "--csv", "--format", "-h", "--help"],
    "page-owner": [
        *("--by", "--top", "--page-size", "--folded", "--diff", "--ts", "--pfn", "--node", "--zone"),
        *("-k", "--kernel", "--arch", "--config"),
        *("--json", "--csv", "--format", "-h", "--help"),
    ],
    "page-types": [
        *("-k", "--kernel", "-a", "--addr", "-b", "--bits", "-r", "--raw", "-l", "--list", "-L", "--list-each"),
        *("-N", "--no-summary", "-c", "--cgroup", "-C", "--list-cgroup", "-M", "--list-mapcnt", "-p", "--pid"),
        *("-f", "--file", "-d", "--describe", "-F", "--kpageflags", "-h", "--help", "--snapshot", "--json"),
        *("--csv", "--format", "--sort", "--human", "--progress", "--no-progress", "--threads"),
    ],
    "slabinfo-gnuplot": ["-t", "-l", "-r", "-s", "-h", "--svg", "--release", "--help"],
    "plot": ["-h", "--help"],
    "plot slab": ["--kind", "--top", "--size", "--release", "--json", "--csv", "--format", "-h", "--help"],
    "plot composition": [
        *("-k", "--kernel", "--by", "--top", "--snapshot", "--kpageflags", "--kpagecgroup", "--cgroup-root"),
        *("--zoneinfo", "--memory-blocks", "--page-size", "--size", "--json", "--csv", "--format", "-h", "--help"),
    ],
    "plot diff": ["-k", "--kernel", "--size", "--json", "--csv", "--format", "-h", "--help"],
    "plot categories": ["--size", "--json", "--csv", "--format", "-h", "--help"],
    "slabinfo": [
        *("-a", "--aliases", "-A", "--activity", "-B", "--Bytes", "-D", "--display-activity", "-e", "--empty"),
        *("-f", "--first-alias", "-h", "--help", "-i", "--inverted", "-l", "--slabs", "-L", "--Loss", "-n"),
        *("--numa", "-N", "--lines", "-o", "--ops", "-P", "--partial", "-r", "--report", "-S", "--Size", "-t"),
        *("--tracking", "-T", "--Totals", "-U", "--Unreclaim", "-X", "--Xtotals", "-z", "--zero", "-1", "--1ref"),
        *("--kernel", "--sysfs", "--snapshot", "--debugfs"),
    ],
}
NOT_FUZZED = {
    # The harness names the file; a hostile word would overwrite the test's own files.
    "snapshot": {"-o", "--output"},
    # Sampling runs until --count samples are taken (a hostile count: for years) and writes -o.
    "slab": {"--interval", "-o", "--output"},
    "map": {"-o", "--output"},
    "report": {"-o", "--output"},
    # They write to this machine: the idle bitmap, and hardware poison on its pages.
    "page-types": {"-i", "--mark-idle", "-X", "--hwpoison", "-x", "--unpoison"},
    # The harness names the picture, in its own directory.
    "plot slab": {"-o", "--output"},
    "plot composition": {"-o", "--output"},
    "plot diff": {"-o", "--output"},
    "plot categories": {"-o", "--output"},
    # As slab's: sampling runs until --count samples are taken, and writes -o.
    "breakdown": {"--interval", "-o", "--output"},
    # They write to this machine's caches: shrink, validate, debug flags.
    "slabinfo": {"-s", "--shrink", "-v", "--validate", "-d", "--debug"},
}
"""Options left out of the fuzzing, each with why; every other option of every command is in
COMMANDS (checked against the parsers)."""
# Saved files in place of what a command would otherwise read from the whole live machine.
SAVED_INPUTS = {
    "snapshot": ("--kpageflags", "--kpagecount", "--kpagecgroup"),
    "metrics": ("--kpageflags",),
}


def parser_options() -> dict[str, set[str]]:
    """Each command's options as its parser declares them (page-types has a getopt-style parser
    of its own)."""
    (commands,) = (action for action in build_parser()._actions if isinstance(action, argparse._SubParsersAction))
    options = {
        name: {word for action in sub._actions for word in action.option_strings}
        for name, sub in commands.choices.items()
    }
    # Commands with commands of their own (plot slab) are fuzzed as the pair.
    for name, sub in commands.choices.items():
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                for inner, parser in action.choices.items():
                    options[f"{name} {inner}"] = {word for each in parser._actions for word in each.option_strings}
    options["page-types"] = {f"-{letter}" for letter in SHORT_WITH_ARGUMENT | SHORT_FLAGS} | {
        f"--{name}" for name in LONG
    }
    options["slabinfo-gnuplot"] = {f"-{letter}" for letter in SHORT.replace(":", "")} | {
        f"--{name.rstrip('=')}" for name in GNUPLOT_LONG
    }
    letters = slabinfo_options.SHORT_FLAGS | {"d", "N"}
    long_names = [*slabinfo_options.LONG, *slabinfo_options.OURS]
    options["slabinfo"] = {f"-{letter}" for letter in letters} | {f"--{name}" for name in long_names}
    return options


@pytest.mark.parametrize("command", sorted(parser_options()))
def test_every_option_of_every_command_is_fuzzed(command: str) -> None:
    assert set(COMMANDS.get(command, ())) | NOT_FUZZED.get(command, set()) == parser_options()[command]


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return files(tmp_path_factory.mktemp("fuzz"))


# Some commands read this machine (a process, the running config), so the run is live too.
@pytest.mark.slow
@pytest.mark.live
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_command_line_ends_in_a_traceback(data: st.DataObject, hostile_files: list[str]) -> None:
    command = data.draw(st.sampled_from(sorted(COMMANDS)))
    words = st.sampled_from(HOSTILE_WORDS + hostile_files + COMMANDS[command])
    saved = [word for option in SAVED_INPUTS.get(command, ()) for word in (option, hostile_files[2])]
    argv = [*command.split(), *saved, *data.draw(st.lists(words, max_size=6))]
    # Commands that would read the whole live machine read a small saved file instead.
    if command == "breakdown" and "--snapshot" not in argv:
        argv += ["--kpageflags", hostile_files[2]]
    if command == "page-types":
        argv += ["-F", hostile_files[2]]
    if command == "free-blocks":
        argv += ["--snapshot", hostile_files[5]]
    if command == "slab" and "--snapshot" not in argv:
        argv += ["--sysfs", str(Path(hostile_files[0]).parent)]
    if command == "snapshot":
        argv += ["-o", str(Path(hostile_files[0]).parent / "taken.kpf")]
    if command.startswith("plot "):
        argv += ["-o", str(Path(hostile_files[0]).parent / "chart.png")]
    if command == "plot composition" and "--snapshot" not in argv:
        argv += ["--kpageflags", hostile_files[2]]
    if command == "map":
        argv += ["--kpageflags", hostile_files[2], "-o", str(Path(hostile_files[0]).parent / "map.svg")]
    if command == "report":
        argv += ["--kpageflags", hostile_files[2], "-o", str(Path(hostile_files[0]).parent / "report.html")]
    out, err = io.StringIO(), io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO("0x1000 zz\n")
    # slabinfo-gnuplot writes its data files where it runs, as the script does.
    directory = os.getcwd()
    if command == "slabinfo-gnuplot":
        os.chdir(Path(hostile_files[0]).parent)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 2
    finally:
        sys.stdin = stdin
        os.chdir(directory)
    assert code in (0, 1, 2, 3, 4, 5), (argv, err.getvalue())
    if code not in (0, 1) or err.getvalue():
        assert "Traceback" not in err.getvalue(), argv
