"""Which slabinfo behaviours a release has, from spec/slabinfo.yaml."""

from __future__ import annotations

from .._generated.slabinfo import SLABINFO_SWITCHES
from ..errors import UnknownRelease

# The oldest release whose tool this package reproduces.
FIRST_EMULATED = "5.19"


class SlabinfoTool:
    """slabinfo of one release (``faithful``), or the newest one with its bugs fixed. A plain
    class: a NamedTuple would import typing, a tenth of the command's start-up."""

    __slots__ = ("faithful", "label", "switches")

    def __init__(self, switches: frozenset[str], faithful: bool, label: str) -> None:
        self.switches = switches
        self.faithful = faithful
        self.label = label

    def has(self, switch: str) -> bool:
        return switch in self.switches


def newest_fixed() -> SlabinfoTool:
    """The newest tool's options and output, without the bugs listed in the docs."""
    switches = frozenset(name for name, _, until in SLABINFO_SWITCHES if until is None)
    return SlabinfoTool(switches, faithful=False, label="newest, fixed")


def tool_for(kernel: str) -> SlabinfoTool:
    # The release machinery loads only for --kernel: the fixed tool starts without it.
    from ..facts.releases import endpoint_key, parse_release, release_in

    position = parse_release(kernel).position
    if position < endpoint_key(FIRST_EMULATED):
        raise UnknownRelease(f"slabinfo reproduces the tool of {FIRST_EMULATED} and later, not {kernel}")
    switches = frozenset(name for name, since, until in SLABINFO_SWITCHES if release_in(position, since, until))
    return SlabinfoTool(switches, faithful=True, label=kernel)
