"""spec/bugs.yaml: kernel bugs that make /proc/kpageflags report wrong flags, and their fixes."""

from __future__ import annotations

from kpageflags.facts.model import BugTrigger, KnownBug

from ..fields import POINT_RELEASE, Fields
from ..yamlload import LocatedMap
from .base import FileReader


class BugsReader(FileReader):
    name = "bugs.yaml"
    list_key = "bugs"

    def read(self, top: Fields) -> None:
        top.mapped("bugs", self._bug)

    def _bug(self, mapping: LocatedMap) -> KnownBug | None:
        f = self._fields(mapping, "bug")
        bug_id = f.identifier("id")
        title = f.text("title")
        flags = f.names("flags")
        pagemap_fields = f.names("pagemap_fields")
        if bool(flags) == bool(pagemap_fields):
            self.diagnostics.error(
                f.location, "bug: give either 'flags' (kpageflags flags) or 'pagemap_fields' (pagemap fields)"
            )
        since, until = self._range(f)
        fixed_in = self._fixed_in(f)
        trigger = f.choice("trigger", BugTrigger, quote=True)
        doc = f.text("doc")
        evidence, unverified = self._evidence(f)
        f.finish()
        if not bug_id or not title or not since or not trigger or not doc:
            return None
        bug = KnownBug(bug_id, title, flags, pagemap_fields, since, until, fixed_in, trigger, doc, evidence, unverified)
        return self._place(self.spec.bugs, mapping, bug)

    def _fixed_in(self, f: Fields) -> tuple[str, ...]:
        """The stable point releases that carry the fix, each of a release the spec lists."""
        fixed_in: list[str] = []
        for item, location in f.items("fixed_in", required=False):
            point = POINT_RELEASE.match(item) if isinstance(item, str) else None
            if isinstance(item, str) and point is not None and point.group(1) in self.release_set:
                fixed_in.append(item)
            else:
                self.diagnostics.error(
                    location,
                    f"bug: 'fixed_in' item {item!r} must be a quoted "
                    'point release of a listed release, like "6.18.44"',
                )
        return tuple(fixed_in)
