"""The facts of /proc/kpageflags decoding: each bit's names by release, page-types' names and
raw-mode rules for them, and the kernel's known reporting bugs.

These are the records ``kpageflags.decode`` and page-types read, in a module of their own so
that decoding makes them without the rest of the fact model (``facts.model`` re-exports them).
"""

from __future__ import annotations

from .evidence import Evidence

# Not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up. The Literal
# aliases stay in facts.model, where the code generator reads their values.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple

    from .model import AbiStability, BugTrigger
else:
    from ._namedtuple import NamedTuple


class KpfFlag(NamedTuple):
    """One /proc/kpageflags bit under one name, for the releases ``since`` <= r < ``until``.

    A bit that the kernel renamed (23: balloon then offline; 34: mappedtodisk then
    owner_2) is two ``KpfFlag`` entries with adjoining ranges.

    >>> from kpageflags import flags_at
    >>> flag = flags_at('6.18')[23]
    >>> flag.name, flag.symbol, flag.since, flag.renamed_from
    ('offline', 'KPF_OFFLINE', '5.1', 'balloon')
    """

    name: str
    symbol: str
    bit: int
    since: str
    until: str | None
    abi: AbiStability
    doc: str
    renamed_from: str | None
    renamed_to: str | None
    evidence: tuple[Evidence, ...]
    unverified: str | None


class PageTypesName(NamedTuple):
    """An entry of page-types' own flag-name table: its letter and long name for a bit.

    >>> from kpageflags import kpf_table
    >>> entry = kpf_table('6.18').page_types_names[12]
    >>> entry.letter, entry.name
    ('a', 'anonymous')
    """

    bit: int
    letter: str
    name: str
    since: str
    until: str | None
    evidence: tuple[Evidence, ...]
    unverified: str | None


class OverloadRule(NamedTuple):
    """A bit that means something else in context.

    When ``bit`` is set with every flag of ``when_set`` and none of ``when_clear``, the
    bit means ``name``. kpageflags names it so where the kernel really meant it
    (``kernel_since``..``kernel_until``; None: never). page-types' raw mode, in its
    releases ``tool_since``..``tool_until``, moves the bit to ``target_bit``; rules
    page-types does not know have no tool range.

    >>> from kpageflags import flag_history
    >>> rule = flag_history('slub_frozen').overloads[0]
    >>> rule.name, rule.kernel_since, rule.kernel_until, rule.target_bit
    ('slub_frozen', '2.6.25', '3.1', 50)
    """

    name: str
    bit: int
    when_set: tuple[str, ...]
    when_clear: tuple[str, ...]
    target_bit: int | None
    tool_since: str | None
    tool_until: str | None
    kernel_since: str | None
    kernel_until: str | None
    doc: str
    evidence: tuple[Evidence, ...]
    unverified: str | None


class PagemapDerivedBit(NamedTuple):
    """A page-types pseudo bit (47..63 or 40) set from a /proc/PID/pagemap field in raw mode.

    >>> from kpageflags import kpf_table
    >>> [(d.bit, d.field) for d in kpf_table('6.18').pagemap_bits][:2]
    [(40, 'soft_dirty'), (61, 'file_or_shared_anon')]
    """

    bit: int
    field: str
    since: str
    until: str | None
    evidence: tuple[Evidence, ...]
    unverified: str | None


class KnownBug(NamedTuple):
    """A kernel reporting bug: ``flags`` (of /proc/kpageflags) or ``pagemap_fields`` (of
    /proc/PID/pagemap entries) are wrong in releases ``since`` <= r < ``until``. A bug names
    one kind or the other; pagemap bugs concern mapped pages, so only present entries warn.

    ``fixed_in`` lists stable point releases (``6.18.40``) that carry the fix before
    the mainline release ``until``; a point release at or after one of them is fixed.

    >>> from kpageflags import bugs_at
    >>> bug = bugs_at('6.12')[0]
    >>> bug.since, bug.fixed_in
    ('6.10', ('6.18.40', '7.1.5'))
    """

    id: str
    title: str
    flags: tuple[str, ...]
    pagemap_fields: tuple[str, ...]
    since: str
    until: str | None
    fixed_in: tuple[str, ...]
    trigger: BugTrigger
    doc: str
    evidence: tuple[Evidence, ...]
    unverified: str | None
