"""page-types' walk over page frames, a chunk at a time.

Each chunk of consecutive frames is cut into runs of frames equal in every page file read,
their flags compared as page-types transforms them (outside raw mode); each run is
transformed, filtered, counted and listed once. With numpy the cutting, the
merging of runs into -l ranges and the summary counts are vectorised, and -L lines are built
as one byte matrix per chunk, so Python works once per printed range, not once per frame.
"""

from __future__ import annotations

from itertools import compress, islice, repeat
from operator import add as add_
from operator import ne, sub

from ..sources.runs import plane_runs, run_starts
from . import textmatrix
from .sink import PageSink
from .tool import UnknownFlagBit

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Any

    from ..sources.source import FrameChunk
    from .lists import Lister


class FrameSink(PageSink):
    """Where a walk over page frames hands its chunks."""

    def add(self, voffset: int, chunk: FrameChunk, np: Any | None) -> None:
        """A chunk of frames whose virtual offsets count from ``voffset``."""
        if np is not None:
            self._add_vectorised(voffset, chunk, np)
        elif chunk.cgroups is None and chunk.counts is None:
            self._add_flags_only(voffset, chunk)
        else:
            self._add_runs(voffset, chunk)

    # -- without numpy, flags only (no -c, -C, -M): runs of like transformed flags -------

    def _add_flags_only(self, voffset: int, chunk: FrameChunk) -> None:
        """Runs of frames whose flags page-types transforms alike (a large folio's head and
        tails, or pages apart only in bits that non-raw mode hides, are one run), so
        neighbouring runs differ and need no merging. Only the summary's totals take a Python
        step per run; the rest are operations mapped in C over whole lists."""
        data = chunk.flags
        entries = len(data) >> 3
        if not entries:
            return
        planes = self.tool.transformed_planes(data, self.raw_mode)
        raws = memoryview(data).cast("Q")
        if planes is not None:
            starts, lengths = plane_runs(planes, entries)
            values, keeps = self.values_of(list(map(raws.__getitem__, starts)))
        else:  # moves of overloaded bits: runs of raw flags, merged where their values are alike
            starts = run_starts([data])[:-1]
            values, keeps = self.values_of(list(map(raws.__getitem__, starts)))
            differs = [True, *map(ne, islice(values, 1, None), values)]
            if not all(differs):
                starts, values = list(compress(starts, differs)), list(compress(values, differs))
                keeps = None if keeps is None else list(compress(keeps, differs))
            ends = starts[1:]
            ends.append(entries)
            lengths = list(map(sub, ends, starts))
        if keeps is not None:
            starts, lengths, values = (list(compress(column, keeps)) for column in (starts, lengths, values))
        totals: dict[int, int] = {}
        total = totals.get
        for value, count in zip(values, lengths):
            totals[value] = total(value, 0) + count
        add = self.summary.add
        for value, count in totals.items():
            add(value, count)
        if self.lister is None and not self.actions.active:
            return
        zeros = [0] * len(values)
        self._hand_on(
            list(map(add_, starts, repeat(voffset))),
            list(map(add_, starts, repeat(chunk.first))),
            lengths,
            values,
            zeros,
            zeros,
        )

    # -- without numpy, with -c, -C or -M: run by run ------------------------------------

    def _add_runs(self, voffset: int, chunk: FrameChunk) -> None:
        flags = memoryview(chunk.flags).cast("Q")
        cgroups = memoryview(chunk.cgroups).cast("Q") if chunk.cgroups is not None else None
        counts = memoryview(chunk.counts).cast("Q") if chunk.counts is not None else None
        planes = self.tool.transformed_planes(chunk.flags, self.raw_mode)
        if planes is None:
            starts = run_starts([chunk.flags, chunk.cgroups, chunk.counts])
        elif not chunk.flags:
            return
        else:  # runs of like transformed flags, cgroups and map counts: fewer steps below
            entries = len(chunk.flags) >> 3
            others = [column for column in (chunk.cgroups, chunk.counts) if column is not None]
            starts = plane_runs([*planes, *(column[place::8] for column in others for place in range(8))], entries)[0]
            starts.append(entries)
        known, value_of, wanted_cgroup = self._known.get, self.value_of, self.wanted_cgroup
        totals: dict[int, int] = {}
        # Kept runs, those that continue one another with the same value, cgroup and map count merged.
        begins: list[int] = []
        lengths: list[int] = []
        keys: list[tuple[int, int, int]] = []
        last_key = None
        end = -1
        for start, stop in zip(starts, islice(starts, 1, None)):
            raw = flags[start]
            value, keep = known(raw) or value_of(raw)
            if not keep:
                continue
            cgroup = cgroups[start] if cgroups is not None else 0
            if wanted_cgroup is not None and cgroup != wanted_cgroup:
                continue
            key = (value, cgroup, counts[start] if counts is not None else 0)
            count = stop - start
            totals[value] = totals.get(value, 0) + count
            if start == end and key == last_key:
                lengths[-1] += count
            else:
                begins.append(start)
                lengths.append(count)
                keys.append(key)
                last_key = key
            end = stop
        add = self.summary.add
        for value, count in totals.items():
            add(value, count)
        values, run_cgroups, mapcnts = [list(column) for column in zip(*keys)] if keys else [[], [], []]
        self._hand_on(
            [voffset + start for start in begins],
            [chunk.first + start for start in begins],
            lengths,
            values,
            run_cgroups,
            mapcnts,
        )

    def _hand_on(
        self,
        voffsets: list[int],
        frames: list[int],
        lengths: list[int],
        values: list[int],
        cgroups: list[int],
        mapcnts: list[int],
    ) -> None:
        """Kept, merged runs to the writing options and the list."""
        if self.actions.active:
            for first, count in zip(frames, lengths):
                self.actions.pages(first, count)
        if self.lister is not None and frames:
            self.lister.runs(voffsets, frames, lengths, values, cgroups, mapcnts)

    # -- with numpy ------------------------------------------------------------------------

    def _add_vectorised(self, voffset: int, chunk: FrameChunk, np: Any) -> None:
        values = np.frombuffer(chunk.flags, dtype="<u8")
        if not len(values):
            return
        cgroups = np.frombuffer(chunk.cgroups, dtype="<u8") if chunk.cgroups is not None else None
        counts = np.frombuffer(chunk.counts, dtype="<u8") if chunk.counts is not None else None
        # Outside raw mode, runs of like transformed values: fewer than of like raw ones, with
        # nothing more to merge. Raw mode's moves seldom make two raw values alike.
        words = values if self.raw_mode else self.tool.transform_array(values, False, np)
        change = words[1:] != words[:-1]
        for column in (cgroups, counts):
            if column is not None:
                change |= column[1:] != column[:-1]
        starts = np.concatenate((np.zeros(1, dtype=np.int64), np.flatnonzero(change) + 1))
        lengths = np.diff(np.append(starts, len(values)))
        run_ids, run_keep = self._identify(values[starts], np)
        run_cgroups = cgroups[starts] if cgroups is not None else None
        if self.wanted_cgroup is not None and run_cgroups is not None:
            run_keep &= run_cgroups == self.wanted_cgroup
        kept = np.flatnonzero(run_keep)
        self._count(run_ids[kept], lengths[kept], np)
        lister = self.lister
        run_counts = counts[starts] if counts is not None else None
        listing_each = lister is not None and lister.mode == 2 and not lister.voffset and not self.actions.active
        if listing_each and (
            not len(kept)
            or self._list_each(chunk.first, starts, lengths, run_ids, run_keep, run_cgroups, run_counts, np)
        ):
            return
        if lister is None and not self.actions.active:
            return
        self._merge(voffset, chunk.first, starts, lengths, np.where(run_keep, run_ids, -1), run_cgroups, run_counts, np)

    def _merge(
        self,
        voffset: int,
        first: int,
        starts: Any,
        lengths: Any,
        keys: Any,
        run_cgroups: Any | None,
        run_counts: Any | None,
        np: Any,
    ) -> None:
        """Kept runs merged where they continue one another with the same value, cgroup and map
        count (runs of one chunk are consecutive), handed on."""
        boundary = np.empty(len(keys), dtype=bool)
        boundary[:1] = True
        np.not_equal(keys[1:], keys[:-1], out=boundary[1:])
        for column in (run_cgroups, run_counts):
            if column is not None:
                boundary[1:] |= column[1:] != column[:-1]
        merged = np.flatnonzero(boundary)
        merged_lengths = np.add.reduceat(lengths, merged)
        kept = keys[merged] >= 0
        merged, merged_lengths = merged[kept], merged_lengths[kept]
        values = self._values
        frames = starts[merged]
        lister = self.lister
        if lister is not None and lister.mode == 1 and not self.actions.active:
            lister.ranges_of_arrays(
                frames + voffset,
                frames + first,
                merged_lengths,
                keys[merged],
                values,
                run_cgroups[merged] if run_cgroups is not None else None,
                run_counts[merged] if run_counts is not None else None,
            )
            return
        zeros = [0] * len(merged)
        self._hand_on(
            (frames + voffset).tolist(),
            (frames + first).tolist(),
            merged_lengths.tolist(),
            list(map(values.__getitem__, keys[merged].tolist())),
            run_cgroups[merged].tolist() if run_cgroups is not None else zeros,
            run_counts[merged].tolist() if run_counts is not None else zeros,
        )

    def _list_each(
        self,
        first: int,
        starts: Any,
        lengths: Any,
        run_ids: Any,
        run_keep: Any,
        run_cgroups: Any | None,
        run_counts: Any | None,
        np: Any,
    ) -> bool:
        """-L: every kept frame's line, as rows of one byte matrix. Columns of different widths
        (cgroup inodes, map counts, a '?' for an unnamed bit) are padded with NUL bytes, taken
        out of the whole text at once. False (nothing done) when page-types would stop at one of
        the lines: then ``_merge`` hands them on, stopping where page-types does."""
        lister = self._lister()
        numbers = np.flatnonzero(np.bincount(run_ids[run_keep]))
        try:
            letters = [lister.letters(self._values[number]).encode("ascii") for number in numbers.tolist()]
        except UnknownFlagBit:
            return False
        befores: dict[bytes, int] = {}
        if lister.prefixed:
            kept = np.flatnonzero(run_keep)
            zeros = [0] * len(kept)
            pairs = zip(
                run_cgroups[kept].tolist() if run_cgroups is not None else zeros,
                run_counts[kept].tolist() if run_counts is not None else zeros,
            )
            run_befores = np.zeros(len(run_keep), dtype=np.int64)
            run_befores[kept] = [
                befores.setdefault(lister.columns(cgroup, mapcnt).encode("ascii"), len(befores))
                for cgroup, mapcnt in pairs
            ]
        padded = len({len(text) for text in letters}) > 1 or len({len(text) for text in befores}) > 1
        row_of_id = np.zeros(int(numbers.max()) + 1, dtype=np.int64)
        row_of_id[numbers] = np.arange(len(numbers))
        page_keep = np.repeat(run_keep, lengths)
        offsets = np.flatnonzero(page_keep)
        page_ids = np.repeat(run_ids, lengths)[offsets]
        page_befores = np.repeat(run_befores, lengths)[offsets] if befores else None
        letter_rows = textmatrix.table_rows(letters, np)
        before_rows = textmatrix.table_rows(list(befores), np) if befores else None
        base = 10 if lister.decimal else 16
        # A slice of the chunk at a time: the matrices of a whole chunk would take ~10 MiB.
        for low in range(0, len(offsets), textmatrix.ROWS):
            high = low + textmatrix.ROWS
            columns = [letter_rows[row_of_id[page_ids[low:high]]]]
            if page_befores is not None and before_rows is not None:
                columns.insert(0, before_rows[page_befores[low:high]])
            lines = textmatrix.ascending_lines(offsets[low:high] + first, columns, base, np)
            lister.write_bytes(lines.replace(b"\0", b"") if padded else lines)
        return True

    def _lister(self) -> Lister:
        assert self.lister is not None
        return self.lister
