"""spec/pagemap.yaml: the encodings of /proc/PID/pagemap entries and the fields in them."""

from __future__ import annotations

from kpageflags.facts.model import PagemapApplies, PagemapField, PagemapLayout

from ..fields import Fields
from ..yamlload import LocatedMap
from .base import FileReader


class PagemapReader(FileReader):
    name = "pagemap.yaml"
    list_key = "fields"

    def read(self, top: Fields) -> None:
        top.mapped("layouts", self._layout)
        top.mapped("fields", self._field)

    def _layout(self, mapping: LocatedMap) -> PagemapLayout | None:
        f = self._fields(mapping, "pagemap layout")
        name = f.identifier("name")
        since, until = self._range(f)
        doc = f.text("doc")
        evidence, unverified = self._evidence(f)
        f.finish()
        if not name or not since or not doc:
            return None
        return self._place(
            self.spec.pagemap_layouts, mapping, PagemapLayout(name, since, until, doc, evidence, unverified)
        )

    def _field(self, mapping: LocatedMap) -> PagemapField | None:
        f = self._fields(mapping, "pagemap field")
        name = f.identifier("name")
        low = f.integer("low", 0, 63)
        high = f.integer("high", 0, 63)
        layouts = f.names("layouts", required=True)
        applies = f.choice("applies", PagemapApplies, quote=True)
        since, until = self._range(f)
        doc = f.text("doc")
        evidence, unverified = self._evidence(f)
        f.finish()
        if low is not None and high is not None and low > high:
            f.error("high", f"must not be below 'low' ({low})")
            return None
        if not name or low is None or high is None or not applies or not since or not doc:
            return None
        field = PagemapField(name, low, high, layouts, applies, since, until, doc, evidence, unverified)
        return self._place(self.spec.pagemap_fields, mapping, field)
