"""spec/releases.yaml: the mainline releases the spec covers, oldest first.

An entry is a quoted name, or a mapping for a release whose evidence is recorded here: the
``name``, the ``date`` of its tag, ``evidence`` that it exists and of what was read for it, and
``unchanged``, what was checked and found as in the release before (a release that changed
nothing else has nowhere else to keep that evidence).
"""

from __future__ import annotations

from kpageflags.facts.model import RecordedRelease

from ..diagnostics import Location
from ..fields import RELEASE_NAME, Fields
from ..yamlload import LocatedMap
from .base import DATE, FileReader


class ReleasesReader(FileReader):
    name = "releases.yaml"
    list_key = "releases"

    def read(self, top: Fields) -> None:
        names: list[str] = []
        for item, location in top.items("releases"):
            if isinstance(item, LocatedMap):
                item = self._recorded_release(item)
            name = self._release_name(item, location, names)
            if name is not None:
                names.append(name)
        if top.mapping.get("releases") == []:
            top.error("releases", "must list at least one release")
        self.spec.releases = tuple(names)

    def _recorded_release(self, mapping: LocatedMap) -> object:
        """The name of a release written as a mapping, after checking its record and keeping it."""
        f = self._fields(mapping, "releases.yaml: release")
        name = f.release_text("name", required=True)
        date = f.text("date", pattern=DATE, hint=" (YYYY-MM-DD, the day of the tag)")
        unchanged = f.text("unchanged")
        evidence, unverified = self._evidence(f)
        f.finish()
        if name is not None:
            self._place(
                self.spec.recorded_releases, mapping, RecordedRelease(name, date, unchanged, evidence, unverified)
            )
        return name

    def _release_name(self, item: object, location: Location, names: list[str]) -> str | None:
        """``item`` if it is a mainline release not in ``names``; out of order is reported but kept."""
        if item is None:
            return None
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            self.diagnostics.error(
                location,
                f"releases.yaml: release {item!r} must be quoted "
                f"(YAML read an unquoted release as the number {item!r})",
            )
            return None
        if not isinstance(item, str) or not RELEASE_NAME.match(item):
            self.diagnostics.error(location, f"releases.yaml: {item!r} is not a mainline release name")
            return None
        if item in names:
            self.diagnostics.error(location, f'releases.yaml: release "{item}" is listed twice')
            return None
        if names and _order(item) <= _order(names[-1]):
            self.diagnostics.error(location, f'releases.yaml: "{item}" is out of order; list releases oldest first')
        return item


def _order(release: str) -> tuple[int, ...]:
    return tuple(int(part) for part in release.split("."))
