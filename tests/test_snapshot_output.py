"""Writing a snapshot: private to its owner, whole or not at all, and refused before any reading
when it cannot be written."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from array import array
from pathlib import Path

import pytest


def snapshot(*args: str, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpageflags", "snapshot", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        preexec_fn=lambda: os.umask(umask),
    )


@pytest.fixture()
def flags(tmp_path: Path) -> Path:
    path = tmp_path / "kpageflags"
    path.write_bytes(array("Q", [1 << 10] * 5000).tobytes())
    return path


def test_a_snapshot_is_created_readable_by_its_owner_only(tmp_path: Path, flags: Path) -> None:
    fresh = tmp_path / "fresh.kpf"
    result = snapshot("-o", str(fresh), "--kpageflags", str(flags), "-k", "6.18", umask=0)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    # A file already there, readable by all, is replaced by a private one.
    shared = tmp_path / "shared.kpf"
    shared.write_bytes(b"old")
    shared.chmod(0o644)
    assert snapshot("-o", str(shared), "--kpageflags", str(flags), "-k", "6.18").returncode == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o600 and shared.read_bytes() != b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.kpf", "kpageflags", "shared.kpf"]


def test_the_help_says_the_file_is_private() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kpageflags", "snapshot", "--help"], capture_output=True, text=True, check=False
    )
    assert "0600" in result.stdout and "CAP_SYS_ADMIN" in " ".join(result.stdout.split())


def test_standard_output_is_refused_in_one_line(flags: Path) -> None:
    result = snapshot("-o", "-", "--kpageflags", str(flags))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("kpageflags: error: -o -: a snapshot is not written to standard output")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("where", "problem"),
    [
        ("missing-dir/x.kpf", "cannot write {tmp}/missing-dir/x.kpf: no directory {tmp}/missing-dir"),
        ("a-file/x.kpf", "cannot write {tmp}/a-file/x.kpf: {tmp}/a-file is not a directory"),
        (".", "cannot write {tmp}: Is a directory"),
    ],
)
def test_an_unwritable_output_fails_before_anything_is_read(tmp_path: Path, where: str, problem: str) -> None:
    # The page file is a FIFO nobody writes to: opening it would wait forever, so only a
    # check made before any reading lets the command end.
    fifo = tmp_path / "kpageflags-fifo"
    os.mkfifo(fifo)
    (tmp_path / "a-file").write_text("")
    result = snapshot("-o", str(tmp_path / where), "--kpageflags", str(fifo))
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1 and problem.format(tmp=tmp_path) in result.stderr
