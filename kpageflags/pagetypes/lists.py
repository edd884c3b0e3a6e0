"""page-types' page lists: -L (a line per page) and -l (a line per range of like pages).

Walks hand over runs of consecutive pages that share their flags, cgroup and map count, so
a line's text is worked out once per run, not once per page: -L writes a long run from a
cached block of lines in which only the high digits of the page number change, and -l
extends the pending range by a whole run at a time. Lines are built as ASCII bytes, not str:
bytes' ``%`` formats a line in a little over half the time of str's (measured: 68 against
122 ns a -L line, 77 against 164 ns a -l line), and bytes go to the binary stream beneath a
text output without an encode. They are written in large pieces.
"""

from __future__ import annotations

from itertools import accumulate, chain, compress, repeat
from operator import add, eq, mul, sub

from ..output.streams import ascii_beneath
from . import textmatrix
from .learned import Learned
from .tool import ToolTable, UnknownFlagBit

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Any, TextIO, TypeVar, Union

    Looked = TypeVar("Looked")

    # A column of lines built with numpy: the numbers of each line in a base, or text every line has.
    MatrixColumn = Union[tuple[Any, int], bytes]

# Bytes gathered before one write to the output.
WRITE_SIZE = 1 << 18
# Runs shorter than this are formatted line by line, not cut from a cached block.
SHORT_RUN = 24
# A block of lines costs as much to build as about this many of its lines cost to format one
# by one: a run this many blocks long pays for building one (measured: 760 ns a line to
# build it, 70-100 ns to format a line by ``%``, a few to cut it from a block).
BLOCKS_THAT_PAY = 8
# Cached blocks of lines (each ~200 KB), most recently used kept.
CACHED_BLOCKS = 16
# Lines of one call that pay for building them as a byte matrix, when numpy is in use.
MATRIX_LINES = 256


def literal(text: str) -> bytes:
    """ASCII text as it stands in a ``%`` format."""
    return text.replace("%", "%%").encode("ascii")


class EachLines:
    """-L lines of runs, gathered and formatted together by one C-level ``%`` operation: each
    run's line format (``{before}%x{after}``) repeated once per page, and its page numbers.
    Measured against mapping ``hex`` and joining: a third to a half of the time per line."""

    def __init__(self, decimal: bool) -> None:
        self.number = b"%d" if decimal else b"%x"
        self.pages = 0
        self._formats: list[bytes] = []
        self._numbers: list[range] = []
        self._line_formats: dict[tuple[str, str], bytes] = {}

    def line_format(self, before: str, after: str) -> bytes:
        """The ``%`` format of a line with this text before and after its number."""
        line = self._line_formats.get((before, after))
        if line is None:
            line = literal(before) + self.number + literal(after)
            self._line_formats[before, after] = line
        return line

    def add(self, before: str, after: str, first: int, count: int) -> None:
        self._formats.append(self.line_format(before, after) * count)
        self._numbers.append(range(first, first + count))
        self.pages += count

    def add_runs(self, formats: list[bytes], firsts: list[int], counts: list[int]) -> None:
        """Runs of ``counts[k]`` pages from ``firsts[k]`` on, each with its line format."""
        self._formats += map(mul, formats, counts)
        self._numbers += map(range, firsts, map(add, firsts, counts))
        self.pages += sum(counts)

    def text(self) -> bytes:
        text = b"".join(self._formats) % tuple(chain.from_iterable(self._numbers))
        self._formats.clear()
        self._numbers.clear()
        self.pages = 0
        return text


class NumberedLines:
    """The lines ``{before}{n}{after}`` for consecutive numbers ``n``, in hexadecimal or decimal.

    A block holds one line for each value of the low three digits, with a NUL where the high
    digits go; a run's lines are a slice of it with the NUL replaced, all in C.

    >>> b"".join(NumberedLines(decimal=False).lines("", "\\tx\\n", 0xFFE, 3))
    b'ffe\\tx\\nfff\\tx\\n1000\\tx\\n'
    """

    def __init__(self, decimal: bool) -> None:
        self.base = 10 if decimal else 16
        self.block = self.base**3
        self.low = b"%03d" if decimal else b"%03x"
        self.number = b"%d" if decimal else b"%x"
        self._blocks: dict[tuple[str, str], bytes] = {}

    def pays(self, before: str, after: str, count: int) -> bool:
        """Whether a run's lines are best cut from a block: one already built, or a run long
        enough to pay for building it."""
        if count < SHORT_RUN:
            return False
        return count >= BLOCKS_THAT_PAY * self.block or (before, after) in self._blocks

    def lines(self, before: str, after: str, first: int, count: int) -> list[bytes]:
        line = literal(before) + self.number + literal(after)
        if count < SHORT_RUN or first + count <= self.block:
            return [(line * count) % tuple(range(first, first + count))]
        width = len(before) + 4 + len(after)
        block = self._block(before, after)
        pieces = []
        end = first + count
        while first < end:
            high, low = divmod(first, self.block)
            stop = min(end - high * self.block, self.block)
            if high:
                pieces.append(block[low * width : stop * width].replace(b"\0", self.number % high))
            else:
                pieces.append((line * (stop - low)) % tuple(range(low, stop)))
            first = high * self.block + stop
        return pieces

    def _block(self, before: str, after: str) -> bytes:
        key = (before, after)
        block = self._blocks.pop(key, None)
        if block is None:
            line = literal(before) + b"\0" + self.low + literal(after)
            block = (line * self.block) % tuple(range(self.block))
            if len(self._blocks) >= CACHED_BLOCKS:
                del self._blocks[next(iter(self._blocks))]
        self._blocks[key] = block
        return block


def _until_unnamed(table: Learned[int, Looked], values: list[int]) -> tuple[list[Looked], UnknownFlagBit | None]:
    """What ``table`` holds for each value up to the first that page-types stops at, and its
    error (None when it names them all). New values are named in the order they first appear,
    so the stop comes after every line before that value's first page, as page-types'."""
    try:
        return list(map(table.__getitem__, values)), None
    except UnknownFlagBit as unnamed:
        stop = list(map(table.__contains__, values)).index(False)
        return list(map(table.__getitem__, values[:stop])), unnamed


class Lister:
    """-l (ranges) and -L (each page), with the optional leading columns."""

    def __init__(
        self, out: TextIO, tool: ToolTable, mode: int, pid: bool, file: bool, cgroup: bool, mapcnt: bool
    ) -> None:
        self.out = out
        self.tool = tool
        self.mode = mode
        self.pid, self.file = pid, file
        # The virtual offset's columns: a process walk's (voffset), a file walk's (foffset).
        # page-types prints both, of the same offset, when given -p and -f together.
        self.voffset_formats = [b"%x\t"] * pid + [
            b"%d\t" if "decimal_file_offsets" in tool.switches else b"%x\t"
        ] * file
        self.voffset = pid or file
        self.cgroup = cgroup
        self.mapcnt = mapcnt
        self.decimal = "decimal_lists" in tool.switches
        # Before 3.15 only a process walk compared virtual offsets when merging ranges.
        self.check_voffset = pid or "list_ranges_break_at_batches" in tool.switches
        self._numbers = NumberedLines(self.decimal)
        self._short = EachLines(self.decimal)
        # -L's line formats without leading columns, by letters.
        self._plain_formats: Learned[str, bytes] = Learned(lambda text: self._short.line_format("", f"\t{text}\n"))
        # Line formats with leading columns, by letters (see _formats_with_letters).
        self._line_formats: dict[str, bytes] = {}
        # -l's line formats, by value (see _range_formats_of).
        self._range_formats: Learned[int, bytes] = Learned(self._range_format)
        self._letters: Learned[int, str] = Learned(self.tool.short)
        self._pending: list[int] | None = None
        self._pieces: list[bytes] = []
        self._written = False
        self._size = 0
        self._binary = ascii_beneath(out)
        # numpy, when the walk uses it: then -L lines of runs are built as byte matrices.
        self.np: Any = None

    def header(self) -> None:
        parts = []
        if self.pid:
            parts.append("voffset\t")
        if self.file:
            parts.append("foffset\t")
        if self.cgroup:
            parts.append("cgroup\t")
        if self.mapcnt:
            parts.append("map-cnt\t")
        if self.mode == 1:
            parts.append("offset\tcount\tflags\n" if self.decimal else "offset\tlen\tflags\n")
        else:
            parts.append("offset\tflags\n")
        self._write("".join(parts).encode("ascii"))

    @property
    def prefixed(self) -> bool:
        """Whether lines start with columns before the page number."""
        return self.voffset or self.cgroup or self.mapcnt

    def letters(self, flags: int) -> str:
        """page-types' letters for a value, worked out once."""
        return self._letters[flags]

    def _number(self, value: int) -> str:
        return f"{value}" if self.decimal else f"{value:x}"

    def columns(self, cgroup: int, mapcnt: int) -> str:
        """The cgroup and map-count columns (-C, -M) of a line, as far as asked for."""
        text = f"@{cgroup}\t" if self.cgroup else ""
        if self.mapcnt:
            text += f"{mapcnt}\t"
        return text

    def _voffset(self, voffset: int) -> str:
        return "".join(column.decode("ascii") % voffset for column in self.voffset_formats)

    def run(self, voffset: int, offset: int, count: int, flags: int, cgroup: int = 0, mapcnt: int = 0) -> None:
        """``count`` pages from frame (or swap slot) ``offset`` and virtual page ``voffset`` on,
        all with these flags, cgroup and map count."""
        if self.mode == 2:
            self._each(voffset, offset, count, flags, cgroup, mapcnt)
            return
        pending = self._pending
        if pending is not None:
            if (
                flags == pending[0]
                and cgroup == pending[1]
                and mapcnt == pending[2]
                and offset == pending[3] + pending[5]
                and (not self.check_voffset or voffset == pending[4] + pending[5])
            ):
                pending[5] += count
                return
            self._emit()
        self._pending = [flags, cgroup, mapcnt, offset, voffset, count]

    def add_runs(
        self,
        voffsets: list[int],
        offsets: list[int],
        counts: list[int],
        values: list[int],
        cgroups: list[int],
        mapcnts: list[int],
    ) -> None:
        """Runs in order, any of which may continue the one before it (as ``run`` merges them)."""
        if self.mode == 2:
            self.runs(voffsets, offsets, counts, values, cgroups, mapcnts)
            return
        # Only a run that starts at the frame where the one before ends can continue it: few do
        # (5 of a file's 117,439 scattered runs), so the other columns are compared for those alone.
        ends = map(add, offsets, counts)
        joined = [
            k
            for k in compress(range(1, len(offsets)), map(eq, offsets[1:], ends))
            if values[k] == values[k - 1]
            and cgroups[k] == cgroups[k - 1]
            and mapcnts[k] == mapcnts[k - 1]
            and (not self.check_voffset or voffsets[k] == voffsets[k - 1] + counts[k - 1])
        ]
        if joined:
            starts = sorted(set(range(len(offsets))).difference(joined))
            firsts = list(accumulate(counts, initial=0))
            counts = list(
                map(sub, map(firsts.__getitem__, [*starts[1:], len(offsets)]), map(firsts.__getitem__, starts))
            )
            voffsets, offsets, values, cgroups, mapcnts = (
                list(map(column.__getitem__, starts)) for column in (voffsets, offsets, values, cgroups, mapcnts)
            )
        self.runs(voffsets, offsets, counts, values, cgroups, mapcnts)

    def runs(
        self,
        voffsets: list[int],
        offsets: list[int],
        counts: list[int],
        values: list[int],
        cgroups: list[int],
        mapcnts: list[int],
    ) -> None:
        """Many runs, in order, none continuing the one before it: -l's lines between the first
        (which may continue the pending range) and the last (which the next may continue) are
        formatted together."""
        if self.mode == 2:
            if self.prefixed:
                self._each_of_runs(voffsets, offsets, counts, values, cgroups, mapcnts)
            else:
                self._each_of_plain_runs(offsets, counts, values)
            return
        last = len(offsets) - 1
        if last < 2:
            for item in zip(voffsets, offsets, counts, values, cgroups, mapcnts):
                self.run(*item)
            return
        self.run(voffsets[0], offsets[0], counts[0], values[0], cgroups[0], mapcnts[0])
        self._emit()
        formats, unnamed = self._range_formats_of(values[1:last])
        self._write(self._ranges_text(voffsets, offsets, counts, formats, cgroups, mapcnts))
        if unnamed is not None:
            stop = 1 + len(formats)
            raise self._stopped(unnamed, voffsets[stop], cgroups[stop], mapcnts[stop])
        self.run(voffsets[last], offsets[last], counts[last], values[last], cgroups[last], mapcnts[last])

    def ranges_of_arrays(
        self,
        voffsets: Any,
        offsets: Any,
        counts: Any,
        ids: Any,
        values_of_ids: list[int],
        cgroups: Any | None,
        mapcnts: Any | None,
    ) -> None:
        """-l's ``runs`` given as numpy arrays, each run's value ``values_of_ids[ids[k]]``: the
        lines between the first and the last are built as byte matrices, their letters worked
        out once per distinct value, so that no Python step is taken per line (measured on a
        saved 6.5M-frame copy's 687,143 lines: the whole run 25% shorter than formatting them
        by ``%``, which took a list of every column first)."""
        last = len(ids) - 1

        def run_at(k: int) -> None:
            cgroup = int(cgroups[k]) if cgroups is not None else 0
            mapcnt = int(mapcnts[k]) if mapcnts is not None else 0
            self.run(int(voffsets[k]), int(offsets[k]), int(counts[k]), values_of_ids[int(ids[k])], cgroup, mapcnt)

        if last < 2:
            for k in range(last + 1):
                run_at(k)
            return
        run_at(0)
        self._emit()
        middle = ids[1:last]
        letters, lines, unnamed = self._letters_of_ids(middle, values_of_ids)
        end = 1 + lines
        columns = self._leading_columns(
            voffsets[1:end],
            cgroups[1:end] if cgroups is not None else None,
            mapcnts[1:end] if mapcnts is not None else None,
        )
        base = 10 if self.decimal else 16
        columns += [(offsets[1:end], base), b"\t", (counts[1:end], base), b"\t"]
        self._write_matrix(columns, letters, middle[:lines])
        if unnamed is not None:
            cgroup = int(cgroups[end]) if cgroups is not None else 0
            mapcnt = int(mapcnts[end]) if mapcnts is not None else 0
            raise self._stopped(unnamed, int(voffsets[end]), cgroup, mapcnt)
        run_at(last)

    def _letters_of_ids(self, ids: Any, values_of_ids: list[int]) -> tuple[list[str], int, UnknownFlagBit | None]:
        """The letters of each value numbered in ``ids`` (indexed by number; "" for numbers
        absent or unnamed), how many of ``ids`` come before the first that page-types stops
        at, and its error (None when it names them all)."""
        np = self.np
        letters = [""] * len(values_of_ids)
        errors: dict[int, UnknownFlagBit] = {}
        for number in np.flatnonzero(np.bincount(ids, minlength=len(values_of_ids))).tolist():
            try:
                letters[number] = self._letters[values_of_ids[number]]
            except UnknownFlagBit as unnamed:
                errors[number] = unnamed
        if not errors:
            return letters, len(ids), None
        stops = np.zeros(len(values_of_ids), dtype=bool)
        stops[list(errors)] = True
        lines = int(np.argmax(stops[ids]))
        return letters, lines, errors[int(ids[lines])]

    def _ranges_text(
        self,
        voffsets: list[int],
        offsets: list[int],
        counts: list[int],
        formats: list[bytes],
        cgroups: list[int],
        mapcnts: list[int],
    ) -> bytes:
        """The lines of ranges 1 to ``len(formats)``, from their % formats by one
        C-level % operation."""
        end = len(formats) + 1
        lines = b"".join(formats)
        columns = [offsets[1:end], counts[1:end]]
        if self.mapcnt:
            columns.insert(0, mapcnts[1:end])
        if self.cgroup:
            columns.insert(0, cgroups[1:end])
        columns[:0] = [voffsets[1:end]] * len(self.voffset_formats)
        # Interleaved by slice assignments: a fifth of the time of chaining zipped columns.
        numbers: list[int] = [0] * (len(columns) * (end - 1))
        for place, column in enumerate(columns):
            numbers[place :: len(columns)] = column
        return lines % tuple(numbers)

    def _range_formats_of(self, values: list[int]) -> tuple[list[bytes], UnknownFlagBit | None]:
        """The % format of each value's -l line, up to the first value page-types stops at
        (see ``_letters_until_unnamed``), and its error: one look-up per range, a value met
        for the first time given its format as it is looked up."""
        return _until_unnamed(self._range_formats, values)

    def _range_format(self, value: int) -> bytes:
        number = b"%d" if self.decimal else b"%x"
        return self._formats_with_letters([self.letters(value)], number + b"\t" + number)[0]

    def _formats_with_letters(self, letters: list[str], numbers: bytes) -> list[bytes]:
        """Each line's % format: the leading columns', ``numbers``, and its letters in place, so
        that the % operation takes numbers alone (measured on the 117,439 runs of a scattered
        file: -l's lines 14% faster, -L's 15%). Kept by letters: a list has one kind of line."""
        formats = self._line_formats
        try:
            return list(map(formats.__getitem__, letters))
        except KeyError:
            for text in set(letters).difference(formats):
                formats[text] = self._prefix_format() + numbers + literal(f"\t{text}\n")
            return list(map(formats.__getitem__, letters))

    def _prefix_format(self) -> bytes:
        """The % format of the columns before the page number, without the voffset's value."""
        text = b"".join(self.voffset_formats)
        if self.cgroup:
            text += b"@%d\t"
        if self.mapcnt:
            text += b"%d\t"
        return text

    def _each_of_plain_runs(self, offsets: list[int], counts: list[int], values: list[int]) -> None:
        """-L without leading columns: ``_each`` for many runs, with a Python step per run only
        for the few long enough to be cut from a block of lines."""
        letters, unnamed = self._letters_until_unnamed(values)
        formats = list(map(self._plain_formats.__getitem__, letters))
        pays, short = self._numbers.pays, self._short
        done = 0
        for k in [k for k, count in enumerate(counts[: len(formats)]) if count >= SHORT_RUN]:
            after = f"\t{letters[k]}\n"
            if pays("", after, counts[k]):
                short.add_runs(formats[done:k], offsets[done:k], counts[done:k])
                if short.pages:
                    self._write(short.text())
                self._extend(self._numbers.lines("", after, offsets[k], counts[k]))
                done = k + 1
        short.add_runs(formats[done:], offsets[done : len(formats)], counts[done : len(formats)])
        if short.pages >= WRITE_SIZE // 64:
            self._write(short.text())
        if unnamed is not None:
            raise unnamed

    def _each_page(self, before: str, after: str, offset: int, count: int) -> None:
        """The lines of a run of ``count`` pages from ``offset`` on: gathered for one ``%``
        operation, or cut from a block of lines when that pays."""
        short = self._short
        if self._numbers.pays(before, after, count):
            if short.pages:
                self._write(short.text())
            self._extend(self._numbers.lines(before, after, offset, count))
            return
        short.add(before, after, offset, count)
        if short.pages >= WRITE_SIZE // 64:
            self._write(short.text())

    def _each_of_runs(
        self,
        voffsets: list[int],
        offsets: list[int],
        counts: list[int],
        values: list[int],
        cgroups: list[int],
        mapcnts: list[int],
    ) -> None:
        """-L with leading columns: with the voffset column, every page's line up to any value
        page-types stops at, formatted by one C-level % operation; else run by run."""
        if not self.voffset:
            for item in zip(voffsets, offsets, counts, values, cgroups, mapcnts):
                self._each(*item)
            return
        letters, unnamed = self._letters_until_unnamed(values)
        runs = len(letters)
        # The columns of the line page-types stops at, written after the lines before it.
        stop = None if unnamed is None else (unnamed, voffsets[runs], cgroups[runs], mapcnts[runs])
        if self.np is not None and sum(counts[:runs]) >= MATRIX_LINES:
            self._each_as_matrix(voffsets, offsets, counts, letters, cgroups, mapcnts)
            if stop is not None:
                raise self._stopped(*stop)
            return
        # Up to the last run with letters, at any value page-types stops at.
        voffsets, offsets, counts = voffsets[:runs], offsets[:runs], counts[:runs]
        lines = b"".join(map(mul, self._formats_with_letters(letters, b"%d" if self.decimal else b"%x"), counts))
        columns = [chain.from_iterable(map(range, voffsets, map(add, voffsets, counts))) for _ in self.voffset_formats]
        if self.cgroup:
            columns.append(chain.from_iterable(map(repeat, cgroups[:runs], counts)))
        if self.mapcnt:
            columns.append(chain.from_iterable(map(repeat, mapcnts[:runs], counts)))
        columns.append(chain.from_iterable(map(range, offsets, map(add, offsets, counts))))
        self._write(lines % tuple(chain.from_iterable(zip(*columns))))
        if stop is not None:
            raise self._stopped(*stop)

    def _each_as_matrix(
        self,
        voffsets: list[int],
        offsets: list[int],
        counts: list[int],
        letters: list[str],
        cgroups: list[int],
        mapcnts: list[int],
    ) -> None:
        """``_each_of_runs`` for the runs up to the last with letters, with numpy."""
        np = self.np
        runs = len(letters)
        lengths = np.array(counts[:runs], dtype=np.int64)
        run_of_page = np.repeat(np.arange(runs), lengths)
        # Each page's place in its run.
        within = (np.arange(len(run_of_page)) - (np.cumsum(lengths) - lengths)[run_of_page]).astype(np.uint64)

        def each_page(column: list[int]) -> Any:
            return np.array(column[:runs], dtype=np.uint64)[run_of_page]

        columns = self._leading_columns(each_page(voffsets) + within, each_page(cgroups), each_page(mapcnts))
        columns += [(each_page(offsets) + within, 10 if self.decimal else 16), b"\t"]
        self._write_matrix(columns, letters, run_of_page)

    def _leading_columns(self, voffsets: Any, cgroups: Any, mapcnts: Any) -> list[MatrixColumn]:
        """The columns before the page number, as far as asked for, from numbers (arrays or lists)."""
        np = self.np
        columns: list[MatrixColumn] = []
        for column in self.voffset_formats:
            columns += [(np.asarray(voffsets, dtype=np.uint64), 10 if column == b"%d\t" else 16), b"\t"]
        if self.cgroup:
            columns += [b"@", (np.asarray(cgroups, dtype=np.uint64), 10), b"\t"]
        if self.mapcnt:
            columns += [(np.asarray(mapcnts, dtype=np.uint64), 10), b"\t"]
        return columns

    def _write_matrix(self, columns: list[MatrixColumn], letters: list[str], line_of_letters: Any = None) -> None:
        """Lines of ``columns`` and then letters (``letters[line_of_letters[k]]`` on line k, or
        ``letters[k]``), built as byte matrices a slice at a time."""
        np = self.np
        table = list(dict.fromkeys(letters))
        place = {text: number for number, text in enumerate(table)}
        ids = np.fromiter(map(place.__getitem__, letters), dtype=np.int64, count=len(letters))
        if line_of_letters is not None:
            ids = ids[line_of_letters]
        rows = textmatrix.table_rows([text.encode("ascii") for text in table], np)
        for low in range(0, len(ids), textmatrix.ROWS):
            high = min(low + textmatrix.ROWS, len(ids))
            fields = [
                column if isinstance(column, bytes) else textmatrix.numbers(column[0][low:high], column[1], np)
                for column in columns
            ]
            fields += [rows[ids[low:high]], b"\n"]
            self.write_bytes(textmatrix.lines(fields, high - low, np))

    def _letters_until_unnamed(self, values: list[int]) -> tuple[list[str], UnknownFlagBit | None]:
        """The letters of each value up to the first that page-types stops at, and its error
        (None when it prints them all)."""
        return _until_unnamed(self._letters, values)

    def _each(self, voffset: int, offset: int, count: int, flags: int, cgroup: int, mapcnt: int) -> None:
        try:
            after = f"\t{self.letters(flags)}\n"
        except UnknownFlagBit as unnamed:
            raise self._stopped(unnamed, voffset, cgroup, mapcnt) from None
        before = self.columns(cgroup, mapcnt)
        if self.voffset:
            number = b"%d" if self.decimal else b"%x"
            line = b"".join(self.voffset_formats) + literal(before) + number + literal(after)
            voffsets = [range(voffset, voffset + count)] * len(self.voffset_formats)
            numbers = zip(*voffsets, range(offset, offset + count))
            self._write((line * count) % tuple(chain.from_iterable(numbers)))
        else:
            self._each_page(before, after, offset, count)

    def _emit(self) -> None:
        if self._pending is None:
            return
        flags, cgroup, mapcnt, index, voff, count = self._pending
        self._pending = None
        try:
            letters = self.letters(flags)
        except UnknownFlagBit as unnamed:
            raise self._stopped(unnamed, voff, cgroup, mapcnt) from None
        numbers = f"{self._number(index)}\t{self._number(count)}\t"
        self._write(f"{self._voffset(voff)}{self.columns(cgroup, mapcnt)}{numbers}{letters}\n".encode("ascii"))

    def _stopped(self, unnamed: UnknownFlagBit, voffset: int, cgroup: int, mapcnt: int) -> UnknownFlagBit:
        """page-types' stop at a line whose value has a bit it cannot name, which it finds
        while printing that line: the columns before the page number, each printed by a call of
        its own before the name is looked up, are left on the output without an end of line."""
        columns = f"{self._voffset(voffset)}{self.columns(cgroup, mapcnt)}"
        if columns:
            if self._short.pages:  # the lines gathered before it come first
                self._write(self._short.text())
            self._write(columns.encode("ascii"))
        return unnamed

    def write_bytes(self, data: bytes) -> None:
        """ASCII lines made elsewhere, in list order."""
        self._write(data)

    def _write(self, data: bytes) -> None:
        self._pieces.append(data)
        self._size += len(data)
        if self._size >= WRITE_SIZE:
            self.drain()

    def _extend(self, pieces: list[bytes]) -> None:
        self._pieces.extend(pieces)
        self._size += sum(map(len, pieces))
        if self._size >= WRITE_SIZE:
            self.drain()

    def drain(self) -> None:
        """Writes out the lines gathered so far: to the binary stream beneath the text output
        when it has one that ASCII passes through unchanged (after the text written to it
        before), else as text."""
        if self._short.pages:
            self._pieces.append(self._short.text())
        if self._pieces:
            data = b"".join(self._pieces)
            self._pieces.clear()
            if self._binary is None:
                self.out.write(data.decode("ascii"))
            else:
                self.out.flush()
                self._binary.write(data)
            self._written = True
        self._size = 0

    def keep_listed(self) -> None:
        """After a walk that failed: the lines listed so far written out, as page-types' exit
        leaves them (not the range held open); nothing where no page was listed, not even
        the heading, as for an error found before the walk."""
        if self._written or self._short.pages or self._pieces[1:]:
            self.drain()

    def end_range(self) -> None:
        """Ends the pending range (-l): the next page starts a line of its own."""
        if self.mode == 1:
            self._emit()

    def flush(self) -> None:
        """Ends the pending range (-l), and writes everything out."""
        self.end_range()
        self.drain()
