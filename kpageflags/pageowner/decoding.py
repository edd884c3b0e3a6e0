"""What the numbers of a page_owner dump mean for the kernel that printed it.

A ``Decoder`` holds one release's layouts (page->flags for an arch preset or a config, the
``___GFP_`` bits, the migratetypes) and reads each record through them: the Flags word as
names, checked against the names the kernel printed by dump-page's comparison
(``reports.dumppage``, since ``%pGp`` prints the same table for both); a 3.19-4.5 mask, printed
in hex only, as its ``__GFP_`` bits; a 3.19-4.5 migratetype number as its name.

``choose_decoder(head, ...)`` picks the release: the one given, or else the newest release
whose page_owner format is the dump's and whose layout decodes the first records' printed flag
(and GFP) names as printed, as dump-page narrows the releases of a report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import NamedTuple

from ..facts.gfp import decode_gfp, decode_gfp_bits, migratetype_names
from ..facts.kconfig import KernelConfig
from ..facts.pglayout import decode_page_flags, pg_layout, preset_config
from ..facts.releases import Release, parse_release
from ..reports.dumplog import DumpReport
from ..reports.dumppage import LogChecker, flags_report, releases_decoding
from .grouping import stack_allocator
from .records import ERAS, OLD_FLAG_COLUMNS, OLD_FLAG_NAMES, PageOwnerRecord, StrayText
from .synthetic import era_of_release

HEAD_ITEMS = 4096
"""Items read ahead to choose the release when none is given."""
SAMPLE = 32
"""Distinct printed flag words, and GFP masks, tried against each release."""
WORD_BITS = 64
"""page->flags is an unsigned long: a wider word is a damaged line, kept as its hex."""
CACHE_LIMIT = 1 << 16
"""Distinct words (and stacks) remembered before a cache starts over."""

# The page kinds whose aliases change a bit's name: an owner bit means anon_exclusive on an
# anonymous page (5.19+) and mappedtodisk on a file page (6.12+, where it is printed owner_2).
_CONTEXTS = ("anon", "file")


class FlagsCheck(NamedTuple):
    """A record's page flags as the release means them (names joined by ``|``, set bits below
    the fields that no flag has as hex; None when the record prints no flags) and what the
    kernel printed that its word does not decode to (empty when they agree)."""

    names: str | None
    differences: tuple[str, ...]


_NO_FLAGS = FlagsCheck(None, ())


class Decoder:
    """One release's reading of records; ``described`` says which layout and why."""

    def __init__(self, release: Release, arch: str, config: KernelConfig | None, why: str) -> None:
        self.release = release
        self.arch = arch
        self.config = config if config is not None else preset_config(arch)
        self._preset = config is None
        self.layout = pg_layout(release, self.config)
        self.why = why
        self._checker = LogChecker(release.name, arch, config)
        self._migratetypes = migratetype_names(release, self.config)
        self._flags: dict[tuple[int, str, tuple[str, ...]], FlagsCheck] = {}
        self._allocators: dict[int, tuple[object, str]] = {}
        self._context_bits = sum(
            1 << entry.bit
            for entry in self.layout.bits
            if any(set(alias.context) & set(_CONTEXTS) for alias in entry.aliases)
        )
        # Set bits of no flag are shown up to the fields: a word whose kernel has flags ours
        # does not (a vendor's) sets them there, while above lie fields of other configs.
        self._below_fields = (1 << min((field.shift for field in self.layout.fields), default=64)) - 1
        self._swapbacked = 1 << self.layout.bit_of("swapbacked")
        # Grouping by flags and the check both ask for each record in turn.
        self._last: tuple[PageOwnerRecord | None, FlagsCheck] = (None, _NO_FLAGS)
        self._gfp_checks: dict[tuple[int, str], str | None] = {}
        self.gfp_decoded = 0
        """Records whose GFP mask was printed in hex only and is named here."""

    @property
    def facts_name(self) -> str:
        """The release whose facts decode: for one newer than the spec knows, the newest it
        knows (as the note of ``Release.note`` says), not the one asked for."""
        return self.release.series if self.release.asked is not None else self.release.name

    @property
    def described(self) -> str:
        """'6.18 (x86_64 preset)' or '6.18 (config FILE)'."""
        kind = f"{self.arch} preset" if self._preset else f"config {self.config.label}"
        return f"{self.facts_name} ({kind})"

    def flags(self, record: PageOwnerRecord) -> FlagsCheck:
        if self._last[0] is record:
            return self._last[1]
        found = self._flags_of(record)
        self._last = (record, found)
        return found

    def _flags_of(self, record: PageOwnerRecord) -> FlagsCheck:
        word, text = record.flags_word, record.flags_text
        if text is None:
            return _NO_FLAGS
        if word is None:
            return FlagsCheck(_column_names(text), ())
        context = self._context(record, word)
        key = (word, text, context)
        found = self._flags.get(key)
        if found is None:
            if len(self._flags) >= CACHE_LIMIT:
                self._flags.clear()
            found = self._flags[key] = self._check(record.line, word, text, context)
        return found

    def _check(self, line: int, word: int, text: str, context: tuple[str, ...]) -> FlagsCheck:
        if word >> WORD_BITS:
            return FlagsCheck(f"{word:#x}", (f"the Flags word {word:#x} is wider than page->flags can be",))
        analysis = self._checker(flags_report(line, word, text))
        decoded = decode_page_flags(word, layout=self.layout, context=context)
        names = list(decoded.meanings)
        unnamed = sum(1 << bit for bit in decoded.unknown_bits) & self._below_fields
        if unnamed:
            names.append(f"{unnamed:#x}")
        return FlagsCheck("|".join(names), analysis.differences)

    def _context(self, record: PageOwnerRecord, word: int) -> tuple[str, ...]:
        """What kind of page the record is, where its word has a bit whose name depends on it:
        anonymous when swap-backed (anonymous and shmem pages, and shmem never sets an owner
        bit) or allocated by an anonymous fault, a file page when allocated for the page cache."""
        if not word & self._context_bits:
            return ()
        if word & self._swapbacked:
            return ("anon",)
        label = self._stack_allocator(record)
        return ("anon",) if label == "anonymous" else ("file",) if label == "page cache" else ()

    def _stack_allocator(self, record: PageOwnerRecord) -> str:
        # Records of one stack share its tuple, so its identity keys the label; the tuple is
        # kept with it so that the identity is not reused.
        found = self._allocators.get(id(record.stack))
        if found is None:
            if len(self._allocators) >= CACHE_LIMIT:
                self._allocators.clear()
            found = self._allocators[id(record.stack)] = (record.stack, stack_allocator(record.stack))
        return found[1]

    def gfp(self, record: PageOwnerRecord) -> str:
        """The names as printed; for a mask printed in hex only, its ``__GFP_`` bits."""
        if record.gfp_text is not None or not record.gfp_mask:
            return record.gfp_text or hex(record.gfp_mask)
        self.gfp_decoded += 1
        return decode_gfp_bits(record.gfp_mask, self.release, self.config).pgg()

    def gfp_difference(self, record: PageOwnerRecord) -> str | None:
        """How the GFP names the kernel printed differ from the record's mask as this release
        names it (``%pGg``); None where they agree, or where only hex was printed."""
        text = record.gfp_text
        if text is None:
            return None
        key = (record.gfp_mask, text)
        if key not in self._gfp_checks:
            if len(self._gfp_checks) >= CACHE_LIMIT:
                self._gfp_checks.clear()
            named = decode_gfp(record.gfp_mask, self.release, self.config).pgg()
            self._gfp_checks[key] = (
                None
                if named == text
                else f"mask {record.gfp_mask:#x} decodes to {named or 'no name'}; the kernel printed {text or 'none'}"
            )
        return self._gfp_checks[key]

    def migratetype(self, record: PageOwnerRecord) -> str | None:
        """The page's migratetype as printed; a number (3.19-4.5) as the release names it, or
        as the number where it names none."""
        value = record.page_migratetype or record.block_migratetype
        if value is None or not value.lstrip("-").isdigit():
            return value
        number = int(value)
        return self._migratetypes[number] if 0 <= number < len(self._migratetypes) else value


def _column_names(columns: str) -> str:
    """The names of the 3.19-4.5 one-letter columns set; a column holding another character
    than its letter is kept as ``column N 'c'``."""
    names = []
    for index, (letter, name, shown) in enumerate(zip(OLD_FLAG_COLUMNS, OLD_FLAG_NAMES, columns), 1):
        if shown == letter:
            names.append(name)
        elif shown != " ":
            names.append(f"column {index} {shown!r}")
    return "|".join(names)


def prints_gfp_in_hex(era: str | None) -> bool:
    """Whether the era prints GFP masks in hex only (3.19-4.5)."""
    return era == ERAS[0][0]


def era_span(era: str) -> tuple[str, str | None]:
    """The releases that print an era's format: its first, and the next era's first (None for
    the newest era)."""
    names = [name for name, _ in ERAS]
    index = names.index(era)
    return era, names[index + 1] if index + 1 < len(names) else None


def _format_span(era: str) -> str:
    since, until = era_span(era)
    return f"{since} to before {until}" if until else f"{since} onwards"


def choose_decoder(
    head: Sequence[PageOwnerRecord | StrayText],
    kernel: str | None = None,
    arch: str | None = None,
    config: KernelConfig | None = None,
) -> Decoder:
    """The decoder for the release given, or the one the first records point to."""
    records = [item for item in head if isinstance(item, PageOwnerRecord)]
    era = next((record.era for record in records if record.era is not None), None)
    if kernel is not None:
        return _given(parse_release(kernel), era, arch, config)
    since, until = era_span(era or ERAS[-1][0])
    reports = [flags_report(0, word, text) for word, text in _distinct_words(records)]
    found_arch, found = releases_decoding(reports, since, until, arch, config)
    format_span = _format_span(since)
    misfits = 0
    if not found and len(reports) > 1:
        found, misfits = _decoding_most(reports, since, until, found_arch, config)
    if not found:
        _, every = releases_decoding([], since, until, found_arch, config)
        return Decoder(
            every[-1],
            found_arch,
            config,
            f"the dump has the format of {format_span}, but no release of it decodes every printed "
            f"flag name as printed; decoded with the newest, {every[-1].name} (give --kernel)",
        )
    layout_config = config if config is not None else preset_config(found_arch)
    by_gfp = _fitting_gfp(records, found, layout_config)
    chosen = by_gfp or found
    span = chosen[0].name if len(chosen) == 1 else f"{chosen[0].name} to {chosen[-1].name}"
    if not reports:
        why = f"the dump's format fits {span} and prints no flag word; decoded with the newest (give --kernel)"
    else:
        names = "flag and GFP names" if by_gfp else "flag names"
        why = f"the dump's format ({format_span}) and its printed {names} fit {span}; decoded with the newest"
        if misfits:
            why += (
                f" ({misfits} of the {len(reports)} distinct printed flag words read fit no release with the "
                "rest: their records are counted as mismatches)"
            )
    return Decoder(chosen[-1], found_arch, config, why)


def _decoding_most(
    reports: Sequence[DumpReport], since: str, until: str | None, arch: str, config: KernelConfig | None
) -> tuple[tuple[Release, ...], int]:
    """The releases that decode the most of the reports as printed, when that is more than half
    of them (a few damaged or odd records must not outvote the rest), with how many they do
    not decode; none otherwise."""
    fitting = Counter(
        release for report in reports for release in releases_decoding([report], since, until, arch, config)[1]
    )
    most = max(fitting.values(), default=0)
    if 2 * most <= len(reports):
        return (), 0
    best = sorted((release for release, fits in fitting.items() if fits == most), key=lambda r: r.position)
    return tuple(best), len(reports) - most


def _given(release: Release, era: str | None, arch: str | None, config: KernelConfig | None) -> Decoder:
    why = "the release given" if arch or config else "the release given; no arch given, so x86_64's"
    if era is not None and era_of_release(release.name) != era:
        why += f"; but the dump has the format of {_format_span(era)}"
    return Decoder(release, arch or "x86_64", config, why)


def decoded_records(
    items: Iterable[PageOwnerRecord | StrayText],
    kernel: str | None = None,
    arch: str | None = None,
    config: KernelConfig | None = None,
) -> tuple[Decoder, Iterator[PageOwnerRecord | StrayText]]:
    """The decoder for a dump's items (``choose_decoder`` on the first ``HEAD_ITEMS``), and the
    items, all of them, still to be read past those."""
    stream = iter(items)
    head = list(islice(stream, HEAD_ITEMS))
    return choose_decoder(head, kernel, arch, config), chain(head, stream)


def _distinct_words(records: Iterable[PageOwnerRecord]) -> list[tuple[int, str]]:
    found: dict[tuple[int, str], None] = {}
    for record in records:
        word = record.flags_word
        if word is not None and not word >> WORD_BITS and record.flags_text is not None:
            found.setdefault((word, record.flags_text))
            if len(found) >= SAMPLE:
                break
    return list(found)


def _fitting_gfp(
    records: Iterable[PageOwnerRecord], releases: Sequence[Release], config: KernelConfig
) -> tuple[Release, ...]:
    """The releases whose ``%pGg`` prints the first records' masks as printed (none when they
    print no names)."""
    masks = dict.fromkeys((r.gfp_mask, r.gfp_text) for r in records if r.gfp_text is not None)
    sample = list(islice(masks, SAMPLE))
    if not sample:
        return ()
    return tuple(
        release for release in releases if all(decode_gfp(mask, release, config).pgg() == text for mask, text in sample)
    )
