"""spec/releases.yaml: the mainline releases the spec covers, oldest first."""

from __future__ import annotations

from ..diagnostics import Location
from ..fields import RELEASE_NAME, Fields
from .base import FileReader


class ReleasesReader(FileReader):
    name = "releases.yaml"
    list_key = "releases"

    def read(self, top: Fields) -> None:
        names: list[str] = []
        for item, location in top.items("releases"):
            name = self._release_name(item, location, names)
            if name is not None:
                names.append(name)
        if top.mapping.get("releases") == []:
            top.error("releases", "must list at least one release")
        self.spec.releases = tuple(names)

    def _release_name(self, item: object, location: Location, names: list[str]) -> str | None:
        """``item`` if it is a mainline release not in ``names``; out of order is reported but kept."""
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
