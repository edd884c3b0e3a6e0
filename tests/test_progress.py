"""Progress of long walks: on a terminal only, after a second, with the total; silent elsewhere."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from conftest import needs_kpageflags

from kpageflags.analysis.breakdown import breakdown
from kpageflags.output.progress import ERASE, Progress
from kpageflags.sources.files import LiveSource, SavedFiles


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """Time that moves ``step`` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_a_meter_waits_a_second_then_shows_done_of_total_and_erases_itself() -> None:
    terminal, clock = Terminal(), Clock(0.0)
    meter = Progress(terminal, clock=clock).meter("frames", 1000)
    clock.now = 0.5
    meter.update(100)
    assert terminal.getvalue() == ""  # a walk shorter than a second shows nothing
    clock.now = 1.5
    meter.update(250)
    clock.now = 1.6
    meter.update(300)  # too soon after the last line to write another
    clock.now = 2.0
    meter.update(1000)
    assert terminal.getvalue() == "\r250/1,000 frames (25%)\r1,000/1,000 frames (100%)"
    meter.close()
    assert terminal.getvalue().endswith(ERASE)


def test_nothing_is_written_where_stderr_is_not_a_terminal() -> None:
    pipe = io.StringIO()
    meter = Progress(pipe, clock=Clock(5.0)).meter("frames", 10)
    meter.update(5)
    meter.close()
    assert pipe.getvalue() == ""
    forced = io.StringIO()
    shown = Progress(forced, enabled=True, clock=Clock(5.0)).meter("pages", 10)
    shown.update(5)
    assert forced.getvalue() == "\r5/10 pages (50%)"


def test_every_analysis_of_a_source_shows_its_walk(tmp_path: Path) -> None:
    flags = tmp_path / "kpageflags"
    flags.write_bytes(array("Q", [1 << 10] * 300_000).tobytes())
    terminal = Terminal()
    saved = SavedFiles({"kpageflags": str(flags)}, kernel="6.18", progress=Progress(terminal, clock=Clock(2.0)))
    breakdown(saved, "total")
    lines = terminal.getvalue().split("\r")
    assert lines[1] == "65,536/300,000 frames (21%)"
    assert "300,000/300,000 frames (100%)" in lines and terminal.getvalue().endswith(ERASE)


@needs_kpageflags
def test_a_live_walk_knows_its_total_from_the_zones() -> None:
    terminal = Terminal()
    live = LiveSource(progress=Progress(terminal, clock=Clock(2.0)))
    total = max(zone.end_pfn for zone in live.zones())
    with live.read() as reader:
        chunks = iter(reader)
        next(chunks)
        next(chunks)  # the first chunk counts as done once the next is asked for
    assert terminal.getvalue().startswith(f"\r65,536/{total:,} frames (")


def test_a_command_in_a_pipe_writes_no_progress(tmp_path: Path) -> None:
    flags = tmp_path / "kpageflags"
    flags.write_bytes(array("Q", [1 << 10] * 300_000).tobytes())
    result = subprocess.run(
        [sys.executable, "-m", "kpageflags", "breakdown", "-k", "6.18", "--kpageflags", str(flags)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stderr == ""


@pytest.mark.live
def test_reading_a_live_process_shows_its_pages() -> None:
    terminal = Terminal()
    captured = LiveSource(progress=Progress(terminal, clock=Clock(2.0))).process(os.getpid())
    shown = terminal.getvalue()
    total = sum(vma.pages(os.sysconf("SC_PAGE_SIZE")) for vma in captured.vmas if vma.captured)
    assert f"/{total:,} pages (" in shown and f"\r{total:,}/{total:,} pages (100%)" in shown
    assert shown.endswith(ERASE)


@pytest.mark.live
def test_page_types_shows_the_files_it_walks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kpageflags.output import progress
    from kpageflags.pagetypes.run import main

    monkeypatch.setattr(progress, "DELAY", 0.0)  # four small files take well under a second
    for name in ("a", "b", "c"):
        (tmp_path / name).write_bytes(b"x" * 8192)
    flags = tmp_path / "kpageflags"
    flags.write_bytes(bytes(8))
    terminal = Terminal()
    assert main(["--kernel", "6.18", "-F", str(flags), "-f", str(tmp_path)], out=io.StringIO(), err=terminal) == 0
    assert "/4 files (" in terminal.getvalue()
