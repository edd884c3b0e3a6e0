"""Foretelling a saved copy's walk from pieces spread over it."""

from __future__ import annotations

import io
from array import array
from pathlib import Path

import pytest

from kpageflags.pagetypes import run
from kpageflags.pagetypes.options import parse
from kpageflags.sources import counting
from kpageflags.sources.files import SavedFiles
from kpageflags.sources.sampling import spread_pieces
from kpageflags.sources.source import KPAGEFLAGS


def saved(tmp_path: Path, entries: list[int]) -> SavedFiles:
    path = tmp_path / "kpageflags"
    path.write_bytes(array("Q", entries).tobytes())
    return SavedFiles({KPAGEFLAGS: str(path)}, kernel="6.18")


def test_pieces_start_evenly_over_the_ranges_and_stay_inside_them(tmp_path: Path) -> None:
    source = saved(tmp_path, list(range(600)))
    pieces = spread_pieces(source, [(10, 100), (500, 20)], 6, 25)
    # 120 frames: pieces at the 0th, 20th, ... 100th of them; the one at the 80th (frame 90)
    # ends with its range.
    firsts = [10, 30, 50, 70, 90, 500]
    sizes = [25, 25, 25, 25, 20, 20]
    assert [list(array("Q", piece)) for piece in pieces] == [
        list(range(first, first + size)) for first, size in zip(firsts, sizes)
    ]
    assert spread_pieces(source, [(10, 0)], 4, 25) == []


@pytest.mark.parametrize("mixed", [True, False], ids=["page-by-page", "one-value"])
def test_a_saved_copys_summary_counts_with_numpy_from_the_start_when_its_pieces_foretell_it_pays(
    mixed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not counting.numpy_available():
        pytest.skip("numpy is not installed")
    chosen: list[bool | None] = []
    original = counting.FlagCounter.__init__

    def spy(self: counting.FlagCounter, use_numpy: bool | None = None, **kwargs: int | None) -> None:
        chosen.append(use_numpy)
        original(self, use_numpy, **kwargs)

    monkeypatch.setattr(counting.FlagCounter, "__init__", spy)
    monkeypatch.setattr(run, "MIXED_IN_SAVED_BEFORE_NUMPY", 1000)
    monkeypatch.setattr(counting, "numpy_imported", lambda: False)  # as in a fresh command
    # 8192 frames, flags changing page by page (all foretold mixed) or one value throughout.
    entries = [0x28 if mixed and pfn % 2 else 0x400 for pfn in range(8192)]
    options = parse(["--no-progress"])
    out = io.StringIO()
    with saved(tmp_path, entries) as source:
        assert run.run_with_readers(options, source, out, io.StringIO()) == 0
    # The sampled count without numpy first, then the summary's own.
    assert chosen[-1] == (None if mixed else False)
    assert out.getvalue().splitlines()[-1].split()[:2] == ["total", "8192"]
