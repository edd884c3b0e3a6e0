"""A release newer than the spec: every command, however it comes to the release, decodes with
the newest facts and says so once on stderr, never in its output (text, JSON or CSV)."""

from __future__ import annotations

import json
import os
from array import array
from pathlib import Path
from typing import NamedTuple

import pytest
from btf_writer import write_btf
from conftest import NEWEST, REPO, snapshot_of_files

from kpageflags.cli.main import main
from kpageflags.facts.pglayout import pg_layout, preset_config

ZONEINFO = """Node 0, zone   Normal
  pages free     10
        spanned  300
        present  300
        managed  300
  start_pfn:           0
"""


def note(asked: str) -> str:
    return (
        f"kpageflags: note: kernel {asked} is newer than the newest release kpageflags knows ({NEWEST}); "
        f"decoding with {NEWEST}'s facts"
    )


class Case(NamedTuple):
    words: tuple[str, ...]
    """The command line; upper-case words are files the fixture made."""
    noted: tuple[str, ...]
    """The releases, as asked, that the command must note once each."""
    running: str = "6.18.44"
    """What ``uname -r`` says on the machine the command runs on."""
    status: int = 0


NEW, NEWER = "7.4-rc5", "7.5"
CASES = [
    # --kernel
    Case(("decode", "0x1", "--kernel", NEW, "--json"), (NEW,)),
    Case(("pagemap", "0x1", "--kernel", NEW, "--json"), (NEW,)),
    Case(("bits", "lru", "--kernel", NEW, "--json"), (NEW,)),
    Case(("flags", "--kernel", NEW, "--csv"), (NEW,)),
    Case(("categories", "--kernel", NEW, "--json"), (NEW,)),
    Case(("changes", "6.17", NEW), (NEW,)),
    Case(("changes", NEW, NEWER), (NEW, NEWER), status=2),
    Case(("layout", "--kernel", NEW, "--json"), (NEW,)),
    Case(("page-flags", "0x1", "--kernel", NEW, "--json"), (NEW,)),
    Case(("check-kernel", "--kernel", NEW, "--btf", "BTF", "--config", "CONFIG", "--json"), (NEW,)),
    Case(("check-kernel", "--draft", "--kernel", NEW, "--btf", "BTF", "--config", "CONFIG", "--json"), (NEW,)),
    Case(("page-types", "-F", "FLAGS", "--kernel", NEW, "-r"), (NEW,)),
    Case(("page-types", "-F", "FLAGS", "--kernel", NEW, "--json"), (NEW,)),
    Case(("breakdown", "--kpageflags", "FLAGS", "--zoneinfo", "ZONEINFO", "--kernel", NEW, "--csv"), (NEW,)),
    Case(("free-blocks", "--kpageflags", "FLAGS", "--zoneinfo", "ZONEINFO", "--kernel", NEW, "--json"), (NEW,)),
    Case(("snapshot", "-o", "OUTPUT", "--kpageflags", "FLAGS", "--kernel", NEW, "--json"), (NEW,)),
    # the running kernel, and saved files read as the running kernel's
    Case(("decode", "0x1"), (NEW,), running="7.4.0-rc5"),
    Case(("check-kernel", "--btf", "BTF", "--config", "CONFIG"), (NEW,), running="7.4.0-rc5"),
    Case(("page-types", "-F", "FLAGS"), (NEW,), running="7.4.0-rc5"),
    Case(("breakdown", "--kpageflags", "FLAGS", "--zoneinfo", "ZONEINFO", "--json"), (NEW,), running="7.4.0-rc5"),
    Case(("snapshot", "-o", "OUTPUT", "--kpageflags", "FLAGS"), (NEW,), running="7.4.0-rc5"),
    # a snapshot's recorded release, alone and with --kernel
    Case(("page-types", "--snapshot", "SNAPSHOT", "--json"), (NEW,)),
    Case(("breakdown", "--snapshot", "SNAPSHOT", "--json"), (NEW,)),
    Case(("breakdown", "--snapshot", "SNAPSHOT", "--kernel", NEW, "--json"), (NEW,)),
    Case(("breakdown", "--snapshot", "SNAPSHOT", "--kernel", NEWER), (NEWER,)),
    Case(("free-blocks", "--snapshot", "SNAPSHOT"), (NEW,)),
    Case(("metrics", "--snapshot", "SNAPSHOT"), (NEW,)),
    Case(("metrics", "--snapshot", "SNAPSHOT", "--json"), (NEW,)),
    Case(("process", "1", "--snapshot", "SNAPSHOT"), (NEW,), status=2),
    Case(("layout", "--snapshot", "SNAPSHOT", "--json"), (NEW,)),
    Case(("page-flags", "0x1", "--snapshot", "SNAPSHOT", "--kernel", NEW), (NEW,)),
    # two snapshots: once per distinct release
    Case(("diff", "SNAPSHOT", "SNAPSHOT_AGAIN", "--json"), (NEW,)),
    Case(("diff", "SNAPSHOT", "SNAPSHOT_NEWER", "--csv"), (NEW, NEWER)),
    Case(("diff", "SNAPSHOT", "SNAPSHOT_NEWER", "--kernel", NEW), (NEW,)),
    # dump_page reports naming a newer kernel, two of them, or overridden by --kernel
    Case(("dump-page", "REPORTS"), (NEW,)),
    Case(("dump-page", "REPORTS", "--json"), (NEW,)),
    Case(("dump-page", "REPORTS", "--kernel", NEWER), (NEWER,)),
    # what names no release notes none
    Case(("flag", "lru"), ()),
    Case(("decode", "0x1", "--kernel", NEWEST), ()),
]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    where = tmp_path_factory.mktemp("newer")
    made = {"FLAGS": where / "kpageflags", "ZONEINFO": where / "zoneinfo", "CONFIG": where / "config"}
    made["FLAGS"].write_bytes(array("Q", [(1 << 5) | (1 << 10), 1 << 10, 1 << 11] * 100).tobytes())
    made["ZONEINFO"].write_text(ZONEINFO)
    preset = preset_config("x86_64")
    made["CONFIG"].write_text("".join(f"CONFIG_{k}={v}\n" for k, v in preset.values.items()))
    layout = pg_layout(NEWEST, preset)
    made["BTF"] = write_btf(where / "vmlinux", {"pageflags": list(layout.enum_pageflags())})
    for name, kernel in (("SNAPSHOT", "7.4.0-rc5"), ("SNAPSHOT_AGAIN", "7.4.0-rc5"), ("SNAPSHOT_NEWER", NEWER)):
        parts = {"kpageflags": made["FLAGS"], "zoneinfo": made["ZONEINFO"], "config": made["CONFIG"]}
        made[name] = snapshot_of_files(where / f"{name}.kpf", kernel=kernel, **parts)
    # A syzkaller report whose kernel line names no release, made to name 7.4-rc5; twice.
    report = (REPO / "tests/fixtures/dumppage/005-syzkaller-7.0-rc8-x86_64.txt").read_text()
    made["REPORTS"] = where / "reports.txt"
    made["REPORTS"].write_text(2 * report.replace("Not tainted syzkaller #0", "Not tainted 7.4.0-rc5 #1"))
    made["OUTPUT"] = where / "taken.kpf"
    return made


def running(monkeypatch: pytest.MonkeyPatch, release: str) -> None:
    """This process sees a machine whose ``uname -r`` is ``release``."""
    real = os.uname()
    faked = os.uname_result((real.sysname, real.nodename, release, real.version, real.machine))
    monkeypatch.setattr(os, "uname", lambda: faked)


@pytest.mark.parametrize("case", CASES, ids=lambda case: " ".join(case.words))
def test_a_newer_release_is_noted_once_on_stderr_only(
    case: Case, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    running(monkeypatch, case.running)
    status = main([str(files[word]) if word in files else word for word in case.words])
    out, err = capsys.readouterr()
    assert status == case.status, err
    notes = [line for line in err.splitlines() if "newer than the newest release" in line]
    assert notes == [note(asked) for asked in case.noted]
    assert "newer than the newest release" not in out
    if "--json" in case.words:
        kernels = {record.get("kernel") for record in map(json.loads, out.splitlines())} - {None}
        assert kernels <= set(case.noted), kernels


@pytest.mark.parametrize("release", [NEW, NEWER])
def test_metrics_label_the_release_as_asked(
    release: str, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics", "--snapshot", str(files["SNAPSHOT"]), "--kernel", release]) == 0
    assert f'kpageflags_info{{kernel="{release}"}} 1' in capsys.readouterr().out.splitlines()


HIDDEN = "6.8.0-45-generic"
"""Ubuntu's build of upstream 6.8.12; 6.8.3 and 6.8.9 changed facts the spec records."""


@pytest.mark.parametrize(
    "words",
    [
        ("decode", "0x1", "--kernel", HIDDEN, "--json"),
        ("layout", "--kernel", HIDDEN, "--arch", "x86_64"),
        ("page-types", "-F", "FLAGS", "--kernel", HIDDEN),
        ("dump-page", "HIDDEN_REPORTS"),
        ("dump-page", "HIDDEN_REPORTS", "--csv"),
    ],
    ids=" ".join,
)
def test_a_hidden_point_release_is_noted_once_on_stderr_only(
    words: tuple[str, ...], files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = (REPO / "tests/fixtures/dumppage/005-syzkaller-7.0-rc8-x86_64.txt").read_text()
    reports = tmp_path / "reports.txt"
    reports.write_text(2 * report.replace("Not tainted syzkaller #0", f"Not tainted {HIDDEN} #1"))
    paths = {**files, "HIDDEN_REPORTS": reports}
    main([str(paths[word]) if word in paths else word for word in words])
    out, err = capsys.readouterr()
    notes = [line for line in err.splitlines() if "upstream point release" in line]
    assert notes == [
        f"kpageflags: note: kernel {HIDDEN} does not name its upstream point release; decoding with 6.8.0's "
        "facts, but facts change at 6.8.3 and 6.8.9: give --kernel 6.8.N, the upstream release it is built on"
    ]
    assert "upstream point release" not in out
