"""What every page-types walk hands its pages to: the summary, the list and the writing
options, after page-types' transformation and the -b and -c filters (``frames`` for walks over
page frames, ``runsink`` for process and file walks)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..facts.bitsexpr import BitsFilter
    from .actions import Actions
    from .lists import Lister
    from .summary import Summary
    from .tool import ToolTable

FLAGS_MASK = (1 << 64) - 1


class PageSink:
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
        # (value, kept by the filters) by key: the raw flags, with any pagemap bits above them.
        self._known: dict[int, tuple[int, bool]] = {}

    def value_of(self, key: int) -> tuple[int, bool]:
        """The value page-types counts for a key (a raw kpageflags entry, with the pagemap bits
        that matter shifted above its 64 bits), and whether the filters keep it."""
        found = self._known.get(key)
        if found is None:
            value = self.tool.transform(key & FLAGS_MASK, self.raw_mode, key >> 64)
            found = self._known[key] = (value, all(f.matches(value) for f in self.filters))
        return found
