"""Release names and their order, independent of which releases the spec covers.

A release is a mainline series (``6.6``, ``2.6.32``) and where in that series' life it is:
a release candidate (``6.6-rc3``), the mainline tag (``6.6``, the same as ``6.6.0``) or a
stable point release (``6.6.30``). The spec's code generator and the decoder both order
releases with these keys, so a fact can change at a release candidate or a point release.

A range in the spec starts or ends at an *endpoint*. ``"6.9"`` there is the start of the
6.9 cycle, before its first release candidate: what the merge window brought is in 6.9-rc1
already. ``"6.9-rc3"`` and ``"6.6.30"`` are those releases themselves.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing itself is not imported: it is a tenth of slabinfo's start-up
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NamedTuple
else:
    from ._namedtuple import NamedTuple

CYCLE_START = 0
"""The stage where a series' development starts: before its first release candidate."""
RELEASED = 1000
"""The stage of a tagged release, after every release candidate (no series reached -rc20)."""

# A release as the spec writes one: "6.6", "6.6.30", "6.7-rc1", "2.6.27.20", "2.6.32-rc3".
_ENDPOINT = re.compile(r"^(?P<series>2\.6\.\d{1,3}|[1-9]\d?\.\d{1,3})(?:\.(?P<point>\d{1,4})|-rc(?P<rc>[1-9]\d?))?$")


class ReleaseKey(NamedTuple):
    """Where a release lies: the series' position, then the rc stage, then the point.

    ``X.Y-rc1 < ... < X.Y-rcN < X.Y == X.Y.0 < X.Y.1 < ... < (the next series)-rc1``;
    the endpoint ``X.Y`` comes before ``X.Y-rc1``.
    """

    series: int
    stage: int
    point: int


class ReleaseName(NamedTuple):
    """A release name taken apart: ``6.7-rc1`` is series ``6.7``, rc 1, no point."""

    series: str
    rc: int | None = None
    point: int | None = None

    @property
    def text(self) -> str:
        if self.rc is not None:
            return f"{self.series}-rc{self.rc}"
        return self.series if self.point is None else f"{self.series}.{self.point}"


def split_release_name(text: str) -> ReleaseName | None:
    """``text`` taken apart if it is a release as the spec writes one, else None.

    >>> split_release_name("6.7-rc1"), split_release_name("2.6.27.20")
    (ReleaseName(series='6.7', rc=1, point=None), ReleaseName(series='2.6.27', rc=None, point=20))
    """
    match = _ENDPOINT.match(text)
    if match is None or (match["series"].startswith("2.") and not match["series"].startswith("2.6.")):
        return None
    rc, point = match["rc"], match["point"]
    return ReleaseName(match["series"], int(rc) if rc else None, int(point) if point else None)


def version(series: str) -> tuple[int, ...]:
    """A series as numbers, for comparing series that the spec may not list: (2, 6, 32), (6, 18)."""
    return tuple(int(part) for part in series.split("."))


def release_key(name: ReleaseName, series: Sequence[str]) -> ReleaseKey:
    """The key of a release of one of ``series`` (the spec's mainline releases, oldest first);
    ``6.9`` is the mainline tag."""
    position = series.index(name.series)
    if name.rc is not None:
        return ReleaseKey(position, name.rc, 0)
    return ReleaseKey(position, RELEASED, name.point or 0)


def endpoint_key(name: ReleaseName, series: Sequence[str]) -> ReleaseKey:
    """The key of a range's endpoint in the spec; ``6.9`` is the start of the 6.9 cycle.

    >>> endpoint_key(ReleaseName("6.9"), ["6.8", "6.9"]) < endpoint_key(ReleaseName("6.9", rc=1), ["6.8", "6.9"])
    True
    """
    if name.rc is None and name.point is None:
        return ReleaseKey(series.index(name.series), CYCLE_START, 0)
    return release_key(name, series)
