"""spec/categories.yaml: kinds of memory, each a rule on the flags a page shows, tried in order."""

from __future__ import annotations

from kpageflags.facts.model import MemoryCategory

from ..fields import Fields
from ..yamlload import LocatedMap
from .base import FileReader


class CategoriesReader(FileReader):
    name = "categories.yaml"
    list_key = "categories"

    def read(self, top: Fields) -> None:
        top.mapped("categories", self._category)

    def _category(self, mapping: LocatedMap) -> MemoryCategory | None:
        f = self._fields(mapping, "category")
        category_id = f.identifier("id")
        title = f.text("title")
        all_set = f.names("all_set")
        any_set = f.names("any_set")
        none_set = f.names("none_set")
        since, until = self._range(f, since_required=False)
        skip_when_bug = f.identifier("skip_when_bug", required=False)
        doc = f.text("doc")
        # A category is a definition of ours; evidence is needed only where a rule leans on
        # a kernel fact, so neither 'evidence' nor 'unverified' is required here.
        evidence = tuple(f.mapped("evidence", self._evidence_item, required=False))
        unverified = f.text("unverified", required=False)
        f.finish()
        if not category_id or not title or not doc:
            return None
        category = MemoryCategory(
            category_id, title, all_set, any_set, none_set, since, until, skip_when_bug, doc, evidence, unverified
        )
        return self._place(self.spec.categories, mapping, category)
