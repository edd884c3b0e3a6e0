"""The three data files tools/mm/slabinfo-gnuplot.sh cuts from a file of ``slabinfo -X`` samples,
byte for byte as its grep and awk pipelines write them.

The script keeps only the top cache of each sample (``grep -A 3`` after each heading), drops
every line naming "--", "name" or "slabs" in any case (so a top cache called ``names_cache`` is
lost, as in the script), and lets awk do the sums: a field is read as C's strtod reads its
longest numeric prefix, and a computed number is written as mawk 1.3.4 (Debian's awk) writes
it: as an integer within +-2147483647, else with "%.6g". gawk would write integers up to 2^63
whole, so on a system whose awk is gawk the script's files differ for a cache over 2 GiB.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Callable

from ..errors import InputError

# The suffix of each data file, in the order the script writes them.
BY_LOSS = "-slabs-by-loss"
BY_SIZE = "-slabs-by-size"
TOTALS = "-totals"

_TOP_LINES = 3  # grep -A 3: the heading's dashes, the column names and the top cache
_DROPPED = re.compile(rb"--|name|slabs", re.IGNORECASE)
# awk splits records on runs of blanks; mawk's blanks are space, tab and newline.
_FIELD_SEPARATOR = re.compile(rb"[ \t\n]+")
_STRTOD = re.compile(
    rb"[ \t\n\v\f\r]*([+-]?)(?:"
    rb"(0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?)"
    rb"|((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
    rb"|(inf(?:inity)?)"
    rb"|(nan(?:\([0-9A-Za-z_]*\))?)"
    rb")",
    re.IGNORECASE,
)
_MAWK_MAX_INT = 2147483647


class BadSampleFile(InputError):
    """A file that cannot hold ``slabinfo -X`` samples (binary data)."""


@dataclass(frozen=True)
class DataFiles:
    """The bytes the script writes to FILE-slabs-by-loss, FILE-slabs-by-size and FILE-totals."""

    by_loss: bytes
    by_size: bytes
    totals: bytes

    def by_suffix(self) -> dict[str, bytes]:
        return {BY_LOSS: self.by_loss, BY_SIZE: self.by_size, TOTALS: self.totals}


def data_files(lines: Iterable[bytes]) -> DataFiles:
    """The data files of a sample file read as lines (each with its newline, the last maybe
    without), in one pass."""
    by_loss = _TopCache(b"Slabs sorted by loss")
    by_size = _TopCache(b"Slabs sorted by size")
    totals: list[bytes] = []
    for line in lines:
        if b"\0" in line:
            raise BadSampleFile("it holds NUL bytes: not a file of 'slabinfo -X' samples")
        text = line[:-1] if line.endswith(b"\n") else line
        by_loss.read(text)
        by_size.read(text)
        if b"Memory used" in text:
            totals.append(text)
    return DataFiles(
        by_loss=_awk(by_loss.kept, _by_loss_row),
        by_size=_awk(by_size.kept, _by_size_row),
        totals=_awk(totals, _totals_row),
    )


class _TopCache:
    """What ``grep -A 3 HEADING | grep -E -iv '\\-\\-|Name|Slabs'`` keeps: every line that
    matches or follows a match within three lines, each once, less the dropped ones."""

    def __init__(self, heading: bytes) -> None:
        self.heading = heading
        self.kept: list[bytes] = []
        self._after = 0

    def read(self, line: bytes) -> None:
        if self.heading in line:
            self._after = _TOP_LINES
        elif self._after > 0:
            self._after -= 1
        else:
            return
        if not _DROPPED.search(line):
            self.kept.append(line)


def _awk(lines: list[bytes], row: Callable[[list[bytes]], bytes]) -> bytes:
    return b"".join(row(_fields(line)) + b"\n" for line in lines)


def _fields(line: bytes) -> list[bytes]:
    return [field for field in _FIELD_SEPARATOR.split(line) if field]


def _field(fields: list[bytes], number: int) -> bytes:
    return fields[number - 1] if len(fields) >= number else b""


def _by_loss_row(fields: list[bytes]) -> bytes:
    """``$1" "$4+$2*$3" "$4``: name, memory (loss plus objects times object size), loss."""
    objects, size, loss = (_field(fields, n) for n in (2, 3, 4))
    memory = awk_number(loss) + awk_number(objects) * awk_number(size)
    return b" ".join((_field(fields, 1), awk_string(memory), loss))


def _by_size_row(fields: list[bytes]) -> bytes:
    """``$1" "$4" "$4-$2*$3``: name, memory, loss (memory less objects times object size)."""
    objects, size, memory = (_field(fields, n) for n in (2, 3, 4))
    loss = awk_number(memory) - awk_number(objects) * awk_number(size)
    return b" ".join((_field(fields, 1), memory, awk_string(loss)))


def _totals_row(fields: list[bytes]) -> bytes:
    """``$3" "$7`` of "Memory used: M # Loss : L": memory and loss, as written."""
    return _field(fields, 3) + b" " + _field(fields, 7)


def awk_number(field: bytes) -> float:
    """A field's value in an awk sum: the longest prefix C's strtod reads, else 0.

    >>> awk_number(b"12abc"), awk_number(b"0x10"), awk_number(b"-.5e1"), awk_number(b"Loss")
    (12.0, 16.0, -5.0, 0.0)
    """
    match = _STRTOD.match(field)
    if not match:
        return 0.0
    sign, hexadecimal, decimal, infinite, _ = match.groups()
    if hexadecimal:
        value = _hex_float(hexadecimal.decode())
    elif decimal:
        value = float(decimal)
    else:
        value = math.inf if infinite else math.nan
    return -value if sign == b"-" else value


def _hex_float(text: str) -> float:
    digits = text[2:]
    if "p" not in digits.lower():
        digits += "p0"
    if digits.startswith("."):
        digits = "0" + digits
    try:
        return float.fromhex(digits)
    except OverflowError:
        return math.inf


def awk_string(value: float) -> bytes:
    """A computed number as mawk turns it into text (CONVFMT "%.6g", integers whole).

    >>> awk_string(2147483647.0), awk_string(2147483648.0), awk_string(-0.0), awk_string(0.5)
    (b'2147483647', b'2.14748e+09', b'0', b'0.5')
    """
    if math.isnan(value):
        return b"-nan" if math.copysign(1.0, value) < 0 else b"nan"
    if math.isinf(value):
        return b"-inf" if value < 0 else b"inf"
    if -_MAWK_MAX_INT <= value <= _MAWK_MAX_INT and value == int(value):
        return b"%d" % int(value)
    return b"%.6g" % value
