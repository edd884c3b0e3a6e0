"""Decoding /proc/kpageflags values as a given kernel release reports them."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

from .._generated.bugs import KNOWN_BUGS
from .._generated.kpf import KPF_FLAGS
from .._generated.page_types import OVERLOAD_RULES, PAGE_TYPES_NAMES, PAGEMAP_DERIVED_BITS
from ..errors import BadValue, UnknownFlag
from .releases import Release, endpoint_key, release_in, release_or_running

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import NamedTuple, SupportsIndex

    from .flagmodel import KnownBug, KpfFlag, OverloadRule, PagemapDerivedBit, PageTypesName
else:
    from ._namedtuple import NamedTuple

U64 = (1 << 64) - 1


def as_u64(value: SupportsIndex, what: str = "value") -> int:
    """``value`` as an int: any integer type is taken (numpy's too, through ``__index__``) but a
    bool, which is far more likely a mistake than the value 0 or 1; anything else, and a number
    outside 0..2**64-1, is ``BadValue``.

    >>> from array import array
    >>> as_u64(0x1800), as_u64(array("Q", [7])[0])
    (6144, 7)
    >>> as_u64(True)
    Traceback (most recent call last):
    ...
    kpageflags.errors.BadValue: True is a bool, not a value
    """
    if isinstance(value, bool):
        raise BadValue(f"{value!r} is a bool, not a {what}")
    try:
        number = operator.index(value)
    except TypeError:
        raise BadValue(f"{value!r} is not a {what}: give a whole number (int, numpy integer)") from None
    if not 0 <= number <= U64:
        raise BadValue(f"{number} is not a 64-bit unsigned {what}")
    return number


class FlagBit(NamedTuple):
    """One set bit of a decoded value.

    ``name`` is what the bit means on this page: the flag's name, or an overload's name
    where the context calls for it (bit 34 on an anonymous page in 5.19+ is
    ``anon_exclusive``). ``flag`` is the name the release gives the bit itself.
    ``letter`` and ``long_name`` are page-types' for the bit (None where page-types
    of that release has no name for it); ``symbol`` is the kernel's ``KPF_`` constant
    (None for the bits page-types makes up itself).

    Each name stands for one bit, so ``encode`` gives back the bits a name came from. The
    kernel's names come first: where page-types gives one of its own bits (47-51, where it
    moves an overloaded bit) a name the kernel uses for a meaning of another bit, ``name``
    is page-types' name with its bit, ``anon_exclusive@47``, and ``anon_exclusive`` is the
    kernel's bit 34 on an anonymous page.

    >>> bit = decode(0x400001000, kernel='6.18').flags[1]
    >>> bit.bit, bit.name, bit.flag, bit.symbol
    (34, 'anon_exclusive', 'owner_2', 'KPF_OWNER_2')
    """

    bit: int
    name: str
    flag: str
    symbol: str | None
    letter: str | None
    long_name: str | None
    overload: str | None


class Decoded(NamedTuple):
    """A /proc/kpageflags value decoded for one release. Nothing is dropped: every set
    bit is either in ``flags`` or in ``unknown_bits``.

    ``name in decoded`` asks whether a set bit is called ``name`` (as ``has`` does); the
    other tuple operations (iteration, ``len``, indexing) are those of the named tuple.

    >>> page = decode(0x868, kernel='6.18')
    >>> page.names, page.hex, page.page_types_long
    (('uptodate', 'lru', 'active', 'mmap'), '0x0000000000000868', 'uptodate,lru,active,mmap')
    >>> 'mmap' in page, 'anon' in page
    (True, False)
    """

    value: int
    kernel: str
    flags: tuple[FlagBit, ...]
    unknown_bits: tuple[int, ...]
    warnings: tuple[str, ...]
    page_types_short: str
    page_types_long: str

    @property
    def names(self) -> tuple[str, ...]:
        """The meaning of each set bit, in bit order."""
        return tuple(f.name for f in self.flags)

    @property
    def hex(self) -> str:
        return f"0x{self.value:016x}"

    def has(self, name: str) -> bool:
        """Whether a set bit is named ``name``, as its meaning or as its flag."""
        return any(name in (f.name, f.flag) for f in self.flags)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.has(name)

    def to_dict(self) -> dict[str, object]:
        """The JSON object of ``kpageflags decode --json`` (schema in docs/json.md)."""
        return {
            "value": self.hex,
            "kernel": self.kernel,
            "flags": list(self.names),
            "unknown_bits": list(self.unknown_bits),
            "warnings": list(self.warnings),
            "page_types": {"short": self.page_types_short, "long": self.page_types_long},
            "bits": [
                {
                    "bit": f.bit,
                    "name": f.name,
                    "flag": f.flag,
                    "symbol": f.symbol,
                    "letter": f.letter,
                    "long_name": f.long_name,
                    "overload": f.overload,
                }
                for f in self.flags
            ],
        }


class KpfTable:
    """Everything needed to decode /proc/kpageflags for one kernel: a layout, not a cage.

    ``kpf_table("6.18")`` gives mainline's; a vendor kernel that backported a change can
    be described by building a ``KpfTable`` from its own lists, and every function that
    takes a release also takes a table.

    >>> table = kpf_table('4.19')
    >>> table.flags[23].name, table.page_types_names[23].letter
    ('balloon', 'o')
    """

    def __init__(
        self,
        label: str,
        flags: Iterable[KpfFlag],
        page_types_names: Iterable[PageTypesName],
        overloads: Iterable[OverloadRule] = (),
        bugs: Iterable[tuple[KnownBug, bool]] = (),
        tool_overloads: Iterable[OverloadRule] = (),
        pagemap_bits: Iterable[PagemapDerivedBit] = (),
    ) -> None:
        self.label = label
        self.flags: Mapping[int, KpfFlag] = MappingProxyType({f.bit: f for f in flags})
        self.page_types_names: Mapping[int, PageTypesName] = MappingProxyType(
            dict(sorted((n.bit, n) for n in page_types_names))
        )
        self.overloads: tuple[OverloadRule, ...] = tuple(overloads)
        self.tool_overloads: tuple[OverloadRule, ...] = tuple(tool_overloads)
        self.pagemap_bits: tuple[PagemapDerivedBit, ...] = tuple(pagemap_bits)
        self.bugs: tuple[tuple[KnownBug, bool], ...] = tuple(bugs)
        self._by_name: dict[str, int] = {f.name: f.bit for f in self.flags.values()}
        self._conditions = tuple(
            (rule, self._mask(rule.when_set), self._mask(rule.when_clear)) for rule in self.overloads
        )
        self._meaning_bits = {rule.name: rule.bit for rule in self.overloads}
        self._tool_names = self._names_of_tool_bits()

    def _names_of_tool_bits(self) -> dict[int, str]:
        """The name of each bit only page-types names: its own, or with ``@bit`` added where the
        kernel means something else by that name."""
        taken = set(self._by_name) | set(self._meaning_bits)
        return {
            bit: f"{entry.name}@{bit}" if entry.name in taken else entry.name
            for bit, entry in self.page_types_names.items()
            if bit not in self.flags
        }

    def _mask(self, names: Sequence[str]) -> int:
        mask = 0
        for name in names:
            bit = self._by_name.get(name)
            if bit is not None:
                mask |= 1 << bit
        return mask

    def __repr__(self) -> str:
        return f"KpfTable({self.label!r})"

    @property
    def known_mask(self) -> int:
        """Every bit this table can name (kernel bits and page-types' own)."""
        mask = 0
        for bit in (*self.flags, *self.page_types_names):
            mask |= 1 << bit
        return mask

    def bit_of(self, name: str) -> int:
        """The bit ``decode`` calls ``name``: a flag's, an overload's (the bit it gives a meaning
        to), or one that only page-types names (``anon_exclusive@47`` where the kernel has its
        own ``anon_exclusive``); failing those, the bit page-types gives that long name
        (``anonymous``).

        >>> table = kpf_table('6.18')
        >>> table.bit_of('anon_exclusive'), table.bit_of('anon_exclusive@47'), table.bit_of('anonymous')
        (34, 47, 12)
        """
        if name in self._by_name:
            return self._by_name[name]
        if name in self._meaning_bits:
            return self._meaning_bits[name]
        for bit, tool_name in self._tool_names.items():
            if tool_name == name:
                return bit
        for bit, entry in self.page_types_names.items():
            if entry.name == name:
                return bit
        raise UnknownFlag(f"'{name}' is not a flag in {self.label}")

    def decode(self, value: SupportsIndex) -> Decoded:
        value = as_u64(value)
        flags: list[FlagBit] = []
        unknown: list[int] = []
        remaining = value
        while remaining:
            low = remaining & -remaining
            bit = low.bit_length() - 1
            remaining ^= low
            kpf = self.flags.get(bit)
            tool = self.page_types_names.get(bit)
            if kpf is None and tool is None:
                unknown.append(bit)
                continue
            flag_name = kpf.name if kpf else tool.name  # type: ignore[union-attr]
            overload = None
            for rule, need_set, need_clear in self._conditions:
                if rule.bit == bit and value & need_set == need_set and not value & need_clear:
                    overload = rule.name
                    break
            flags.append(
                FlagBit(
                    bit=bit,
                    name=overload or (kpf.name if kpf else self._tool_names[bit]),
                    flag=flag_name,
                    symbol=kpf.symbol if kpf else None,
                    letter=tool.letter if tool else None,
                    long_name=tool.name if tool else None,
                    overload=overload,
                )
            )
        short = "".join(n.letter if value >> bit & 1 else "_" for bit, n in self.page_types_names.items())
        long = ",".join(n.name for bit, n in self.page_types_names.items() if value >> bit & 1)
        return Decoded(value, self.label, tuple(flags), tuple(unknown), self._warnings(value), short, long)

    def _warnings(self, value: int) -> tuple[str, ...]:
        found = []
        for bug, certain in self.bugs:
            states = [
                bool(value >> bit & 1) for bit in (self._by_name.get(name) for name in bug.flags) if bit is not None
            ]
            warning = bug_warning(bug, certain, states)
            if warning is not None:
                found.append(warning)
        return tuple(found)

    def encode(self, names: Decoded | Iterable[str], unknown_bits: Iterable[int] = ()) -> int:
        """The value with the named bits set: the inverse of ``decode``.

        >>> hex(kpf_table('6.18').encode(['anon', 'mmap']))
        '0x1800'
        """
        if isinstance(names, Decoded):
            return _recompose(names)
        value = 0
        for name in names:
            value |= 1 << self.bit_of(name)
        for bit in unknown_bits:
            if not 0 <= bit <= 63:
                raise BadValue(f"bit {bit} is outside 0..63")
            value |= 1 << bit
        return value


def _recompose(decoded: Decoded) -> int:
    value = 0
    for flag in decoded.flags:
        value |= 1 << flag.bit
    for bit in decoded.unknown_bits:
        value |= 1 << bit
    return value


def bug_warning(bug: KnownBug, certain: bool, states: Sequence[bool]) -> str | None:
    """The warning a bug gives for a value whose named flags or fields are set as ``states``
    says, or None when its trigger does not fire."""
    if bug.trigger == "any_set" and not any(states):
        return None
    if bug.trigger == "all_set" and not all(states):
        return None
    if bug.trigger == "none_set" and any(states):
        return None
    fixes = f" (fixed in {', '.join(bug.fixed_in)})" if bug.fixed_in else ""
    prefix = "" if certain else "may be affected: "
    return f"{prefix}{bug.title}{fixes}"


def affecting_bugs(release: Release, part: str) -> list[tuple[KnownBug, bool]]:
    """The bugs of ``part`` (``kpageflags`` or ``pagemap``) a release may have, each with
    whether it certainly has it (False: only some point releases of its series do)."""
    found = []
    for bug in KNOWN_BUGS:
        if bool(bug.pagemap_fields) != (part == "pagemap"):
            continue
        applies = _bug_applies(bug, release, part)
        if applies is not False:
            found.append((bug, applies is True))
    return found


def _bug_applies(bug: KnownBug, release: Release, part: str) -> bool | None:
    """True: the release has the bug; None: only some point releases of its series do."""
    position = release.position_of(part)
    if not release_in(position, bug.since, bug.until):
        return False
    if release.overlay is not None:
        return True
    for fix in bug.fixed_in:
        fixed = endpoint_key(fix)
        if fixed.series == position.series:
            if release.point is None and release.rc is None and release.asked is None:
                return None
            return position < fixed
    return True


@lru_cache(maxsize=512)
def _table(release: Release) -> KpfTable:
    index = release.position_of("kpageflags")
    tool_index = release.position_of("page_types")
    return KpfTable(
        label=release.name,
        flags=(f for f in KPF_FLAGS if release_in(index, f.since, f.until)),
        page_types_names=(n for n in PAGE_TYPES_NAMES if release_in(tool_index, n.since, n.until)),
        overloads=(r for r in OVERLOAD_RULES if release_in(index, r.kernel_since, r.kernel_until)),
        tool_overloads=(r for r in OVERLOAD_RULES if release_in(tool_index, r.tool_since, r.tool_until)),
        pagemap_bits=(d for d in PAGEMAP_DERIVED_BITS if release_in(tool_index, d.since, d.until)),
        bugs=affecting_bugs(release, "kpageflags"),
    )


def kpf_table(kernel: str | Release | None = None) -> KpfTable:
    """The mainline table of a release such as ``"6.18"`` or ``"5.10.200"`` (default: the
    running kernel's).

    >>> kpf_table('6.18.44').label
    '6.18.44'
    """
    if isinstance(kernel, KpfTable):
        raise TypeError(f"{kernel!r} is already a table")
    return _table(release_or_running(kernel))


def decode(value: SupportsIndex, kernel: str | Release | None = None, *, table: KpfTable | None = None) -> Decoded:
    """Decodes one /proc/kpageflags value as ``kernel`` reports it (default: the running
    kernel), or with an explicit ``table=``. ``value`` is any integer but a bool (see ``as_u64``).

    >>> decode(0x40000086c, kernel="6.18").names
    ('referenced', 'uptodate', 'lru', 'active', 'mmap', 'owner_2')
    """
    return table_for(kernel, table).decode(value)


def encode(
    names: Decoded | Iterable[str],
    kernel: str | Release | None = None,
    *,
    table: KpfTable | None = None,
    unknown_bits: Iterable[int] = (),
) -> int:
    """The value whose bits are ``names`` at a release (default: the running kernel), or with
    an explicit ``table=``; ``encode(decode(v, k).names, k) == v`` (see ``FlagBit``).

    A ``Decoded`` carries its bits, so it needs no release.

    >>> hex(encode(['anon', 'mmap'], kernel='6.18'))
    '0x1800'
    >>> encode(decode(0x40000086c, kernel='6.18'))
    17179871340
    """
    if isinstance(names, Decoded):
        return _recompose(names)
    return table_for(kernel, table).encode(names, unknown_bits)


def table_for(kernel: str | Release | None, table: KpfTable | None) -> KpfTable:
    """The table the functions that take ``kernel`` or ``table=`` use: ``table`` if given, else the
    release's, else the running kernel's.

    >>> decode(0x1000, kpf_table('6.18'))
    Traceback (most recent call last):
    ...
    TypeError: KpfTable('6.18') was given where a kernel release goes; pass a table as table=KpfTable('6.18')
    """
    if isinstance(kernel, KpfTable):
        raise TypeError(f"{kernel!r} was given where a kernel release goes; pass a table as table={kernel!r}")
    if table is None:
        return kpf_table(kernel)
    if not isinstance(table, KpfTable):
        raise TypeError(f"table= takes a KpfTable, not {type(table).__name__}; a release goes in kernel=")
    if kernel is not None:
        raise TypeError(f"give a kernel release or a table, not both (kernel={kernel!r}, table={table!r})")
    return table
