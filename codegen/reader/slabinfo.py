"""spec/slabinfo.yaml: tools/mm/slabinfo, the behaviours each release has."""

from __future__ import annotations

from kpageflags.facts.model import SlabinfoSwitch, SlabinfoSwitchName

from ..fields import Fields
from ..yamlload import LocatedMap
from .base import FileReader


class SlabinfoReader(FileReader):
    name = "slabinfo.yaml"
    list_key = "switches"

    def read(self, top: Fields) -> None:
        top.mapped("switches", self._switch)

    def _switch(self, mapping: LocatedMap) -> SlabinfoSwitch | None:
        return self._named_behaviour(
            mapping,
            "slabinfo switch",
            SlabinfoSwitchName,
            "a slabinfo behaviour kpageflags knows",
            SlabinfoSwitch,
            self.spec.slabinfo_switches,
        )
