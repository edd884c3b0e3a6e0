"""One situation, one message and exit status, whichever command reads the process or the frames."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import needs_kpageflags, readable_by_everyone

ROOT = os.geteuid() == 0
GONE = 999999999
PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable


def as_nobody(shared: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "kpageflags", *args],
        capture_output=True,
        text=True,
        check=False,
        user=65534,
        env={"PYTHONPATH": str(shared), "PATH": "/usr/bin:/bin"},
        cwd="/",
        timeout=300,
    )


def commands_reading(pid: int, output: Path) -> dict[str, list[str]]:
    return {
        "process": ["process", str(pid)],
        "page-types -p": ["page-types", "-p", str(pid)],
        "page-types -p -l": ["page-types", "-p", str(pid), "-l"],
        "snapshot -p": ["snapshot", "-o", str(output), "-p", str(pid)],
    }


@pytest.mark.skipif(not ROOT, reason="needs root to drop to an unprivileged user")
def test_another_users_process_is_the_same_error_everywhere(tmp_path: Path) -> None:
    root_process = os.getpid()
    expected = (
        f"kpageflags: error: /proc/{root_process}/maps: permission denied; walking another user's process "
        "needs root (or the right to ptrace it)"
    )
    with readable_by_everyone() as shared:
        writable = shared / "out"
        writable.mkdir()
        os.chmod(writable, 0o777)
        for name, args in commands_reading(root_process, writable / "s.kpf").items():
            result = as_nobody(shared, *args)
            assert (result.returncode, result.stderr.strip()) == (3, expected), name
        assert not list(writable.iterdir())  # the snapshot left nothing behind


@needs_kpageflags
def test_a_process_that_is_gone_is_the_same_error_everywhere(tmp_path: Path) -> None:
    expected = f"kpageflags: error: no such process {GONE} (/proc/{GONE}/maps does not exist)"
    for name, args in commands_reading(GONE, tmp_path / "s.kpf").items():
        result = subprocess.run(
            [sys.executable, "-m", "kpageflags", *args], capture_output=True, text=True, timeout=300, check=False
        )
        assert (result.returncode, result.stderr.strip()) == (5, expected), name
    assert not list(tmp_path.iterdir())  # snapshot -p wrote nothing, not even a partial file


@pytest.mark.skipif(not ROOT, reason="needs root to drop to an unprivileged user")
def test_frames_unreadable_without_root_is_the_same_error_everywhere() -> None:
    expected = (
        "kpageflags: error: /proc/kpageflags: permission denied; reading page frame data needs root (CAP_SYS_ADMIN)"
    )
    with readable_by_everyone() as shared:
        for args in (["page-types"], ["breakdown"], ["breakdown", "--by", "process"], ["free-blocks"]):
            result = as_nobody(shared, *args)
            assert (result.returncode, result.stderr.strip()) == (3, expected), args
