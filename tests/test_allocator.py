"""A long walk's allocator set-up: on glibc, buffers freed and made again reuse pages already
faulted in rather than fresh ones (counted as page faults, which do not depend on timing)."""

from __future__ import annotations

import ctypes
import platform
import subprocess
import sys

import pytest

from kpageflags.sources import allocator

# Buffers of 4 to 10 MiB made and freed in turn, as a walk's batches are; prints the page
# faults they took.
BATCHES = """
import resource, sys
if sys.argv[1] == "kept":
    from kpageflags.sources.allocator import keep_freed_memory
    keep_freed_memory()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for batch in range(40):
    buffer = bytearray((4 + batch % 7) << 20)
    buffer[::4096] = bytes(len(buffer[::4096]))
    del buffer
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def page_faults(setting: str) -> int:
    done = subprocess.run([sys.executable, "-c", BATCHES, setting], capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's; elsewhere nothing is changed")
def test_freed_buffers_are_reused_instead_of_faulted_in_afresh() -> None:
    fresh, kept = page_faults("fresh"), page_faults("kept")
    # 40 buffers of 7 MiB on average are some 70,000 pages; kept, about one buffer's worth.
    assert kept * 3 < fresh, (kept, fresh)


def test_without_mallopt_nothing_is_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_library(name: object) -> None:
        raise OSError("no such library")

    monkeypatch.setattr(ctypes, "CDLL", no_library)
    allocator.keep_freed_memory()  # must not raise


def test_only_a_long_walk_sets_it_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from kpageflags.pagetypes import run as page_types_run

    calls: list[int] = []
    monkeypatch.setattr(page_types_run, "keep_freed_memory", lambda: calls.append(1))
    walk = page_types_run.PageTypes.__new__(page_types_run.PageTypes)
    walk.lister = None
    walk._numpy_for(1000, 1000)
    assert calls == []
    walk._numpy_for(1001, 1000)
    assert calls == [1]
