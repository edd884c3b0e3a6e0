"""Which page_owner_sort behaviours a release has, from spec/page_owner_sort.yaml."""

from __future__ import annotations

from .._generated.page_owner_sort import PAGE_OWNER_SORT_SWITCHES
from ..errors import UnknownRelease
from ..facts.releases import Release, endpoint_key, parse_release, release_in

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ..facts._namedtuple import NamedTuple

# The oldest release whose tool this package reproduces; older ones are only recorded.
FIRST_EMULATED = "5.16"


class SortTool(NamedTuple):
    """page_owner_sort of one release (``faithful``), or the newest one with its bugs fixed."""

    switches: frozenset[str]
    faithful: bool
    label: str

    def has(self, switch: str) -> bool:
        return switch in self.switches


def newest_fixed() -> SortTool:
    """The newest tool's options and output, without the bugs listed in the docs."""
    switches = frozenset(s.name for s in PAGE_OWNER_SORT_SWITCHES if s.until is None)
    return SortTool(switches, faithful=False, label="newest, fixed")


def tool_for(kernel: str) -> SortTool:
    release: Release = parse_release(kernel)
    position = release.position_of("page_owner_sort")
    if position < endpoint_key(FIRST_EMULATED):
        raise UnknownRelease(
            f"page-owner-sort reproduces the tool of {FIRST_EMULATED} and later, not {kernel}"
            " (spec/page_owner_sort.yaml records the older ones)"
        )
    switches = frozenset(s.name for s in PAGE_OWNER_SORT_SWITCHES if release_in(position, s.since, s.until))
    return SortTool(switches, faithful=True, label=kernel)
