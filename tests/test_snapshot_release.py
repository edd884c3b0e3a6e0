"""A snapshot records the upstream release its kernel text stands for (Debian's 6.1.0-13-amd64
is 6.1.55), so it is decoded as that point release on any machine; older snapshots, with the
text alone, read as before."""

from __future__ import annotations

import json
import os
import zipfile
from array import array
from pathlib import Path

import pytest

from kpageflags.cli.main import main
from kpageflags.errors import SnapshotError
from kpageflags.facts import releases
from kpageflags.facts.releases import parse_release, release_of_running_kernel
from kpageflags.sources.files import SavedFiles
from kpageflags.sources.manifest import MANIFEST
from kpageflags.sources.snapshot import Snapshot
from kpageflags.sources.snapshot_writer import take_snapshot

DEBIAN_UNAME = "6.1.0-13-amd64"
# Debian 12.2's kernel, as its /proc/version reads (the ABI 13 build of 6.1.55-1).
DEBIAN_PROC_VERSION = (
    "Linux version 6.1.0-13-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, "
    "GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)"
)


def on_machine(monkeypatch: pytest.MonkeyPatch, uname_release: str, proc_version: str = "") -> None:
    """This process runs on a kernel whose ``uname -r`` and /proc/version are these texts."""
    real = os.uname()
    faked = os.uname_result((real.sysname, real.nodename, uname_release, real.version, real.machine))
    monkeypatch.setattr(os, "uname", lambda: faked)
    monkeypatch.setattr(releases, "running_release", lambda: release_of_running_kernel(uname_release, proc_version))


def snapshot_here(tmp_path: Path, kernel: str | None = None) -> Path:
    """A snapshot of saved files, read as this (faked) machine's unless ``kernel`` names one."""
    flags = tmp_path / "kpageflags"
    flags.write_bytes(array("Q", [1 << 10, 1 << 5] * 8).tobytes())
    output = tmp_path / "taken.kpf"
    take_snapshot(str(output), SavedFiles({"kpageflags": str(flags)}, kernel=kernel, page_size=4096))
    return output


def without_release(snapshot: Path) -> Path:
    """The snapshot as kpageflags wrote it before it recorded the release: the text alone."""
    older = snapshot.with_name("older.kpf")
    with zipfile.ZipFile(snapshot) as source, zipfile.ZipFile(older, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == MANIFEST:
                manifest = json.loads(data)
                del manifest["release"]
                data = json.dumps(manifest).encode()
            copy.writestr(info, data)
    return older


def test_a_debian_snapshot_keeps_the_point_release_uname_hides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    on_machine(monkeypatch, DEBIAN_UNAME, DEBIAN_PROC_VERSION)
    taken = snapshot_here(tmp_path)
    monkeypatch.undo()  # read back on a machine that is not that Debian kernel
    with Snapshot(str(taken)) as snapshot:
        assert (snapshot.manifest["kernel"], snapshot.manifest["release"]) == (DEBIAN_UNAME, "6.1.55")
        assert snapshot.release == parse_release("6.1.55")
    assert main(["breakdown", "--snapshot", str(taken), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kernel"] == "6.1.55"


def test_a_snapshot_without_the_release_reads_its_kernel_text_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_machine(monkeypatch, DEBIAN_UNAME, DEBIAN_PROC_VERSION)
    older = without_release(snapshot_here(tmp_path))
    with Snapshot(str(older)) as snapshot:
        assert "release" not in snapshot.manifest
        assert snapshot.release == parse_release(DEBIAN_UNAME)
        assert snapshot.release.name == "6.1.0"


@pytest.mark.parametrize(
    ("kernel", "recorded"),
    [("6.18.44", "6.18.44"), ("7.4-rc5", "7.4-rc5"), ("6.10.0-rc5+", "6.10-rc5"), ("2.6.32.71", "2.6.32.71")],
)
def test_the_recorded_release_reads_back_as_the_release(tmp_path: Path, kernel: str, recorded: str) -> None:
    with Snapshot(str(snapshot_here(tmp_path, kernel))) as snapshot:
        assert (snapshot.manifest["kernel"], snapshot.manifest["release"]) == (kernel, recorded)
        assert snapshot.release == parse_release(kernel)


def test_a_vendor_kernel_is_recorded_by_its_text_alone(tmp_path: Path) -> None:
    # Its text names the overlay, which a release name would lose.
    kernel = "5.14.0-570.32.1.el9_6.x86_64"
    with Snapshot(str(snapshot_here(tmp_path, kernel))) as snapshot:
        assert "release" not in snapshot.manifest
        assert snapshot.release == parse_release(kernel) and snapshot.release.overlay == "rhel-9.6"


def test_a_recorded_release_that_is_not_text_is_refused(tmp_path: Path) -> None:
    taken = snapshot_here(tmp_path, "6.18.44")
    broken = tmp_path / "broken.kpf"
    with zipfile.ZipFile(taken) as source, zipfile.ZipFile(broken, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == MANIFEST:
                data = json.dumps({**json.loads(data), "release": 6.18}).encode()
            copy.writestr(info, data)
    with pytest.raises(SnapshotError, match="manifest key 'release' is not a string"):
        Snapshot(str(broken))
