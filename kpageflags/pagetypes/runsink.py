"""Where the process and file walks' runs of like pages go (``sources.pageruns``): each run is
transformed, filtered, counted and listed once, with lists, dicts and C-level string
formatting over a whole batch of runs rather than a call per page."""

from __future__ import annotations

from itertools import compress
from typing import TYPE_CHECKING

from .._generated.constants import PM_EXCLUSIVE, PM_FILE_OR_SHARED_ANON, PM_SOFT_DIRTY, PM_SWAPPED

if TYPE_CHECKING:
    from ..facts.bitsexpr import BitsFilter
    from ..sources.pageruns import PageRuns
    from .actions import Actions
    from .lists import Lister
    from .summary import Summary
    from .tool import ToolTable

# Every pagemap bit page-types' raw mode can fold into a page's flags (ToolTable.expand).
PAGEMAP_BITS = PM_SOFT_DIRTY | PM_EXCLUSIVE | PM_FILE_OR_SHARED_ANON | PM_SWAPPED


class RunSink:
    """The summary, the list and the writing options of a process or file walk, after
    page-types' transformation and the -b and -c filters."""

    def __init__(
        self,
        tool: ToolTable,
        raw_mode: bool,
        filters: list[BitsFilter],
        wanted_cgroup: int | None,
        summary: Summary,
        lister: Lister | None,
        actions: Actions,
    ) -> None:
        self.tool, self.raw_mode, self.filters, self.wanted_cgroup = tool, raw_mode, filters, wanted_cgroup
        self.summary, self.lister, self.actions = summary, lister, actions
        # Pagemap bits change a page's value only where the transformation reads them.
        expands = raw_mode or "expand_overloads_always" in tool.switches
        self.pagemap_bits = PAGEMAP_BITS if expands else 0
        # (value, kept by the filters) by raw flags, with the pagemap bits above them.
        self._known: dict[int, tuple[int, bool]] = {}

    def _learn(self, key: int) -> tuple[int, bool]:
        value = self.tool.transform(key & ((1 << 64) - 1), self.raw_mode, key >> 64)
        found = self._known[key] = (value, all(f.matches(value) for f in self.filters))
        return found

    def add(self, runs: PageRuns) -> None:
        bits = self.pagemap_bits
        keys = [(entry & bits) << 64 | raw for raw, entry in zip(runs.raws, runs.entries)] if bits else runs.raws
        get, learn = self._known.get, self._learn
        found = [get(key) or learn(key) for key in keys]
        values = [value for value, _ in found]
        keep = [kept for _, kept in found]
        if self.wanted_cgroup is not None:
            wanted = self.wanted_cgroup
            keep = [kept and cgroup == wanted for kept, cgroup in zip(keep, runs.cgroups)]
        columns = [runs.voffsets, runs.pfns, runs.counts, values, runs.cgroups, runs.mapcnts]
        if not all(keep):
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
