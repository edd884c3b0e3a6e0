"""Where the process and file walks' runs of like pages go (``sources.pageruns``): each run is
transformed, filtered, counted and listed once, with lists, dicts and C-level string
formatting over a whole batch of runs rather than a call per page."""

from __future__ import annotations

from itertools import compress
from operator import and_

from .._generated.constants import PM_EXCLUSIVE, PM_FILE_OR_SHARED_ANON, PM_SOFT_DIRTY, PM_SWAPPED
from .sink import PageSink

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Any

    from ..sources.pageruns import PageRuns

# Every pagemap bit page-types' raw mode can fold into a page's flags (ToolTable.expand).
PAGEMAP_BITS = PM_SOFT_DIRTY | PM_EXCLUSIVE | PM_FILE_OR_SHARED_ANON | PM_SWAPPED
# Runs of one batch that pay for handling them with numpy.
VECTOR_RUNS = 64


class RunSink(PageSink):
    """Where a process or file walk hands its runs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Pagemap bits change a page's value only where the transformation reads them.
        expands = self.raw_mode or "expand_overloads_always" in self.tool.switches
        self.pagemap_bits = PAGEMAP_BITS if expands else 0
        # numpy, when the walk uses it (see run.PageTypes._numpy_for).
        self.np: Any = None

    def add(self, runs: PageRuns) -> None:
        if self.np is not None and len(runs.counts) >= VECTOR_RUNS and not self.actions.active:
            self._add_vectorised(runs, self.np)
            return
        bits = self.pagemap_bits
        keys = [(entry & bits) << 64 | raw for raw, entry in zip(runs.raws, runs.entries)] if bits else runs.raws
        values, keep = self.values_of(keys)
        if self.wanted_cgroup is not None:
            in_cgroup = list(map(self.wanted_cgroup.__eq__, runs.cgroups))
            keep = in_cgroup if keep is None else list(map(and_, keep, in_cgroup))
        columns = [runs.voffsets, runs.pfns, runs.counts, values, runs.cgroups, runs.mapcnts]
        if keep is not None and not all(keep):
            columns = [list(compress(column, keep)) for column in columns]
        if self.actions.active:
            self._page_by_page(*columns)
            return
        if self.lister is not None:
            self.lister.add_runs(*columns)
        counts = self.summary.counts
        pages = counts.get
        for value, count in zip(columns[3], columns[2]):
            counts[value] = pages(value, 0) + count
        self.summary.total += sum(columns[2])

    def _add_vectorised(self, runs: PageRuns, np: Any) -> None:
        """``add`` with numpy: values found once per distinct key, counted, filtered, and for
        -l merged where a run continues the one before it, by array operations."""
        codes = None
        if self.pagemap_bits:
            codes = np.array(runs.entries, dtype=np.uint64) & np.uint64(self.pagemap_bits)
        ids, keep = self._identify(np.array(runs.raws, dtype=np.uint64), np, codes)
        counts = np.array(runs.counts, dtype=np.uint64)
        cgroups = np.array(runs.cgroups, dtype=np.uint64)
        if self.wanted_cgroup is not None:
            keep &= cgroups == np.uint64(self.wanted_cgroup)
        kept = np.flatnonzero(keep)
        self._count(ids[kept], counts[kept], np)
        lister = self.lister
        if lister is None or not len(kept):
            return
        voffsets, pfns, mapcnts = (
            np.array(column, dtype=np.uint64)[kept] for column in (runs.voffsets, runs.pfns, runs.mapcnts)
        )
        ids, counts, cgroups = ids[kept], counts[kept], cgroups[kept]
        if lister.mode == 1:
            continues = (ids[1:] == ids[:-1]) & (cgroups[1:] == cgroups[:-1]) & (mapcnts[1:] == mapcnts[:-1])
            continues &= pfns[1:] == pfns[:-1] + counts[:-1]
            if lister.check_voffset:
                continues &= voffsets[1:] == voffsets[:-1] + counts[:-1]
            starts = np.flatnonzero(np.concatenate(([True], ~continues)))
            lister.ranges_of_arrays(
                voffsets[starts],
                pfns[starts],
                np.add.reduceat(counts, starts),
                ids[starts],
                self._values,
                cgroups[starts],
                mapcnts[starts],
            )
            return
        lister.runs(
            voffsets.tolist(),
            pfns.tolist(),
            counts.tolist(),
            list(map(self._values.__getitem__, ids.tolist())),
            cgroups.tolist(),
            mapcnts.tolist(),
        )

    def _page_by_page(
        self,
        voffsets: list[int],
        pfns: list[int],
        counts: list[int],
        values: list[int],
        cgroups: list[int],
        mapcnts: list[int],
    ) -> None:
        """With -i, -X or -x each page is acted on before it is listed, as page-types does,
        so that a list that stops at a bit it cannot name has acted on the same pages."""
        lister, add = self.lister, self.summary.add
        for voffset, pfn, count, value, cgroup, mapcnt in zip(voffsets, pfns, counts, values, cgroups, mapcnts):
            for page in range(count):
                self.actions.pages(pfn + page, 1)
                if lister is not None:
                    lister.run(voffset + page, pfn + page, 1, value, cgroup, mapcnt)
                add(value)
