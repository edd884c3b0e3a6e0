"""spec/page_owner_sort.yaml: tools/mm/page_owner_sort, the behaviours each release has."""

from __future__ import annotations

from kpageflags.facts.model import PageOwnerSortSwitch, PageOwnerSortSwitchName

from ..fields import Fields
from ..yamlload import LocatedMap
from .base import FileReader


class PageOwnerSortReader(FileReader):
    name = "page_owner_sort.yaml"
    list_key = "switches"

    def read(self, top: Fields) -> None:
        top.mapped("switches", self._switch)

    def _switch(self, mapping: LocatedMap) -> PageOwnerSortSwitch | None:
        return self._named_behaviour(
            mapping,
            "page_owner_sort switch",
            PageOwnerSortSwitchName,
            "a page_owner_sort behaviour kpageflags knows",
            PageOwnerSortSwitch,
            self.spec.page_owner_sort_switches,
        )
