"""page-types' view of a flags value for one release: which bits it names, how its raw mode
expands overloaded bits, what non-raw mode hides, and the symbolic strings it prints."""

from __future__ import annotations

import functools

from .._generated.constants import PM_EXCLUSIVE, PM_FILE_OR_SHARED_ANON, PM_SOFT_DIRTY, PM_SWAPPED
from .._generated.page_types import HACKERS_BITS, OVERLOADED_BITS, PAGE_TYPES_SWITCHES
from ..facts.kpf import KpfTable, kpf_table
from ..facts.releases import Release, as_release, release_in
from .options import letters_of, require_page_types

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Any

# The pagemap bits page-types folds into its flags word, by the spec's field names.
_PAGEMAP_FIELD_MASKS = {
    "soft_dirty": PM_SOFT_DIRTY,
    "exclusive": PM_EXCLUSIVE,
    "file_or_shared_anon": PM_FILE_OR_SHARED_ANON,
    "swapped": PM_SWAPPED,
}


# Every bit of a 64-bit word.
_WORD = (1 << 64) - 1


@functools.cache
def _kept_bits_table(kept: int) -> bytes:
    """A ``bytes.translate`` table keeping the bits of ``kept`` of each byte."""
    return bytes(byte & kept for byte in range(256))


@functools.cache
def _compound_kept_table(huge_bit: int, without_huge: int) -> bytes:
    """A table from a byte of the huge bit's plane to the mask of the compound bits' plane:
    every bit where the huge bit is set, ``without_huge`` where it is clear."""
    return bytes(0xFF if byte >> huge_bit & 1 else without_huge for byte in range(256))


class UnknownFlagBit(Exception):
    """page-types stopped, as the real tool does at a set bit inside its name table that has
    no name; the message is the one it printed (it then exits with status 1)."""


class ToolTable:
    """page-types of one release.

    By default it prints as that release did: a set bit inside its name table with no name
    raises UnknownFlagBit, and one past the table's end is left out of the letters and names.
    ``tolerant`` (for kpageflags' own JSON and CSV) shows every unnamed bit as '?' and bitN
    instead, and ``unknown`` collects them so the caller can say so once."""

    def __init__(self, table: KpfTable, release: Release | None = None) -> None:
        self.label = table.label
        position = release.position_of("page_types") if release is not None else None
        self.switches = frozenset(
            s.name
            for s in PAGE_TYPES_SWITCHES
            if (position is None and s.until is None)
            or (position is not None and release_in(position, s.since, s.until))
        )
        self.options = letters_of(release)
        self.kpf = table
        self.names = table.page_types_names
        self.named = sum(1 << b for b in self.names)
        # The C table is an array indexed by bit, as long as its highest named bit.
        self.table_end = max(self.names) + 1 if "silent_past_table_end" in self.switches else 64
        self.fatal_message = (
            "unkown flag bit" if "misspelt_unknown_bit_message" in self.switches else "unknown flag bit"
        )
        self.tolerant = False
        self.unknown: dict[int, int] = {}
        bit = table.bit_of
        self._moves: list[tuple[int, int, int, int]] = []
        for rule in table.tool_overloads:
            if rule.target_bit is None:
                continue
            need_set = 1 << rule.bit
            for name in rule.when_set:
                need_set |= 1 << bit(name)
            need_clear = 0
            for name in rule.when_clear:
                need_clear |= 1 << bit(name)
            self._moves.append((need_set, need_clear, 1 << rule.bit, 1 << rule.target_bit))
        self._pagemap: list[tuple[int, int]] = [
            (_PAGEMAP_FIELD_MASKS[d.field], 1 << d.bit) for d in table.pagemap_bits if d.field in _PAGEMAP_FIELD_MASKS
        ]
        compound = 0
        huge = 0
        for flag in table.flags.values():
            if flag.name in ("compound_head", "compound_tail"):
                compound |= 1 << flag.bit
            elif flag.name == "huge":
                huge = 1 << flag.bit
        self._compound, self._huge = compound, huge

    def expand(self, flags: int, pagemap_entry: int = 0) -> int:
        """Raw mode: move overloaded bits to page-types' own bits and add pagemap-derived ones."""
        for need_set, need_clear, source, target in self._moves:
            if flags & need_set == need_set and not flags & need_clear:
                flags ^= source | target
        for pagemap_bit, tool_bit in self._pagemap:
            if pagemap_entry & pagemap_bit:
                flags |= tool_bit
        return flags

    def well_known(self, flags: int) -> int:
        """Non-raw mode: hide the kernel-hacking bits, and compound bits unless the page is HugeTLB."""
        flags &= ~HACKERS_BITS
        if flags & self._compound and not flags & self._huge:
            flags &= ~self._compound
        return flags

    def transform(self, flags: int, raw: bool, pagemap_entry: int = 0) -> int:
        if raw:
            return self.expand(flags, pagemap_entry)
        if "expand_overloads_always" in self.switches:
            return self.well_known(self.expand(flags, pagemap_entry))
        return self.well_known(flags)

    def transformed_planes(self, column: bytes, raw: bool) -> list[bytes] | None:
        """The byte planes (``column[place::8]``, place 0 the lowest byte; empty where every bit
        is hidden) of the entries of ``column`` as ``transform`` leaves them, when its work is
        done byte by byte: non-raw mode's hiding of the hacker bits is a table look-up per byte,
        and of the compound bits a look-up in the plane of the huge bit, ANDed in. None in raw
        mode (and where releases expand overloaded bits in every mode): their moves are not byte
        by byte."""
        if raw or "expand_overloads_always" in self.switches:
            return None
        # Places whose bits are all hidden are left empty: they never tell entries apart.
        planes = [column[place::8] if ~HACKERS_BITS >> 8 * place & 0xFF else b"" for place in range(8)]
        huge_bit = self._huge.bit_length() - 1
        for place in range(8):
            shown = ~HACKERS_BITS >> 8 * place & 0xFF
            compound = self._compound >> 8 * place & 0xFF
            if shown not in (0, 0xFF):
                planes[place] = planes[place].translate(_kept_bits_table(shown))
            if not compound:
                continue
            if huge_bit < 0:
                planes[place] = planes[place].translate(_kept_bits_table(~compound & 0xFF))
                continue
            huge_place, bit = divmod(huge_bit, 8)
            kept = planes[huge_place].translate(_compound_kept_table(bit, ~compound & 0xFF))
            both = int.from_bytes(planes[place], "little") & int.from_bytes(kept, "little")
            planes[place] = both.to_bytes(len(kept), "little")
        return planes

    def transform_array(self, values: Any, raw: bool, np: Any) -> Any:
        """``transform`` (without pagemap bits) of each entry of a numpy array of 64-bit entries."""
        if raw or "expand_overloads_always" in self.switches:
            for need_set, need_clear, source, target in self._moves:
                applies = (values & np.uint64(need_set)) == np.uint64(need_set)
                if need_clear:
                    applies &= (values & np.uint64(need_clear)) == 0
                values = values ^ applies.astype(np.uint64) * np.uint64(source | target)
        if raw:
            return values
        shown = ~HACKERS_BITS & _WORD
        if not self._compound or not self._huge:
            return values & np.uint64(shown & ~self._compound)
        # The compound bits kept where the huge bit is set: each entry's mask picked by its huge
        # bit from two, and ANDed in place (arithmetic on the masks took twice as long; np.where
        # 20 to 40 times).
        huge = values >> np.uint64(self._huge.bit_length() - 1)
        huge &= np.uint64(1)
        kept = np.array([shown & ~self._compound, shown], dtype=np.uint64)[huge]
        kept &= values
        return kept

    def short(self, flags: int) -> str:
        """One letter per named bit, '_' where clear. Tolerant, bits the tool cannot name follow
        as '?'; otherwise the first set bit inside the table without a name stops it."""
        letters = [entry.letter if flags >> bit & 1 else "_" for bit, entry in self.names.items()]
        if self.tolerant:
            return "".join(letters) + "?" * len(self._note_unknown(flags))
        inside = flags & ~self.named & ((1 << self.table_end) - 1)
        if inside:
            raise UnknownFlagBit(f"{self.fatal_message} {(inside & -inside).bit_length() - 1}")
        return "".join(letters)

    def long(self, flags: int) -> str:
        names = [entry.name for bit, entry in self.names.items() if flags >> bit & 1]
        if self.tolerant:
            names += [f"bit{bit}" for bit in self._note_unknown(flags)]
        return ",".join(names)

    def past_end(self, flags: int) -> list[int]:
        """The set bits past the end of the name table, which the tool prints nothing for."""
        return [bit for bit in range(self.table_end, 64) if flags >> bit & 1]

    def unnamed(self, flags: int) -> list[int]:
        """The set bits the tool has no name for, in or past its table."""
        return [bit for bit in range(64) if flags >> bit & 1 and bit not in self.names]

    def _note_unknown(self, flags: int) -> list[int]:
        found = self.unnamed(flags)
        for bit in found:
            self.unknown[bit] = self.unknown.get(bit, 0) + 1
        return found

    @staticmethod
    def kind(bit: int) -> str:
        """page-types' -h tag: (r) bits only raw mode shows, (o) bits it makes up itself."""
        if HACKERS_BITS >> bit & 1:
            return "(r)"
        if OVERLOADED_BITS >> bit & 1:
            return "(o)"
        return "   "


def tool_table(kernel: str | Release, table: KpfTable | None = None) -> ToolTable:
    """The page-types of a release (a fresh object, so its unknown-bit notes are its own).

    >>> tool_table('2.6.30')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kpageflags.errors.UnknownRelease: page-types first appeared in 2.6.31, so kernel 2.6.30 has none to emulate; ...
    """
    release = as_release(kernel)
    require_page_types(release)
    return ToolTable(table if table is not None else kpf_table(release), release)
