"""Pieces of a saved page file spread over a walk, to foretell what the whole walk holds."""

from __future__ import annotations

from .source import KPAGEFLAGS

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from collections.abc import Sequence

    from .source import PageSource


def spread_pieces(source: PageSource, ranges: Sequence[tuple[int, int]], pieces: int, entries: int) -> list[bytes]:
    """``pieces`` pieces of up to ``entries`` kpageflags entries each, starting at evenly spaced
    places among the frames of ``ranges`` ((first, count) each, already within the file), read
    from a source with random access."""
    total = sum(count for _, count in ranges)
    found: list[bytes] = []
    if not total:
        return found
    with source.page_file(KPAGEFLAGS) as flags:
        for piece in range(pieces):
            place = total * piece // pieces
            for first, count in ranges:
                if place < count:
                    found.append(flags.read(first + place, min(entries, count - place)))
                    break
                place -= count
    return found
