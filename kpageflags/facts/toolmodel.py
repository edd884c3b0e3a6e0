"""The kernel tools' facts: page-types' options by release, and the behaviours of page-types,
page_owner_sort and slabinfo that changed between releases.

A module of its own so that a tool's tables are made without the rest of the fact model
(``facts.model`` re-exports these).
"""

from __future__ import annotations

from .evidence import Evidence

# Not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up. The Literal
# aliases stay in facts.model, where the code generator reads their values.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple

    from .model import PageOwnerSortSwitchName, PageTypesSwitchName, SlabinfoSwitchName
else:
    from ._namedtuple import NamedTuple


class PageTypesSwitch(NamedTuple):
    """A page-types behaviour, in force in its releases ``since`` <= r < ``until``."""

    name: PageTypesSwitchName
    since: str
    until: str | None
    doc: str
    evidence: tuple[Evidence, ...]
    unverified: str | None


class PageOwnerSortSwitch(NamedTuple):
    """A page_owner_sort behaviour, in force in its releases ``since`` <= r < ``until``."""

    name: PageOwnerSortSwitchName
    since: str
    until: str | None
    doc: str
    evidence: tuple[Evidence, ...]
    unverified: str | None


class SlabinfoSwitch(NamedTuple):
    """A slabinfo behaviour, in force in its releases ``since`` <= r < ``until``."""

    name: SlabinfoSwitchName
    since: str
    until: str | None
    doc: str
    evidence: tuple[Evidence, ...]
    unverified: str | None


class PageTypesOption(NamedTuple):
    """A page-types command-line option (its short letter) and the releases that have it;
    ``long_argument_since``: the release from which its long form takes the argument the
    short one does (before it, getopt_long declared the long form without one)."""

    letter: str
    since: str
    until: str | None
    long_argument_since: str | None
    evidence: tuple[Evidence, ...]
    unverified: str | None
