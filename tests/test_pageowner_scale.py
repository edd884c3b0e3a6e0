"""page_owner dumps of millions of records: memory follows the distinct stacks, not the records."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from kpageflags.pageowner.grouping import fold_stacks, group_records
from kpageflags.pageowner.reading import read_records
from kpageflags.pageowner.synthetic import write_dump


def _peak(run: object) -> int:
    tracemalloc.start()
    try:
        assert callable(run)
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_grouping_ten_times_the_records_takes_no_more_memory(tmp_path: Path) -> None:
    paths = []
    for count in (20_000, 200_000):
        path = tmp_path / f"page_owner-{count}"
        with path.open("w") as out:
            write_dump(out, "6.18", count, seed=9)
        paths.append(str(path))
    tallies = []
    peaks = [_peak(lambda path=path: tallies.append(group_records(read_records(path), ["stack"]))) for path in paths]
    folded = [_peak(lambda path=path: fold_stacks(read_records(path))) for path in paths]
    small, large = tallies
    assert (small.records, large.records) == (20_000, 200_000)
    # The keys are nearly all seen in the small dump already: the tally holds one entry a key.
    assert len(large.groups) < 1.2 * len(small.groups)
    assert peaks[1] < 1.3 * peaks[0] and folded[1] < 1.3 * folded[0]
