"""``kpageflags page-types``: page-types' behaviour, on kpageflags' decoder and readers."""

from __future__ import annotations

import os
import stat
import sys
import time

from ..errors import KpageflagsError
from ..output.notes import note_once
from ..output.progress import Progress
from ..sources.allocator import keep_freed_memory
from ..sources.source import KPAGECGROUP, KPAGECOUNT, KPAGEFLAGS
from .options import MAX_THREADS, ULONG_MAX, Options, parse

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NamedTuple, TextIO

    from ..facts.bitsexpr import BitsFilter
    from ..output.emit import Listing
    from ..sources.counting import FlagCounter
    from ..sources.pageruns import PageRuns
    from ..sources.processwalk import ProcessSummary
    from ..sources.source import FrameReader, PageSource
    from ..sources.walk import PfnSource
    from .lists import Lister
    from .runsink import RunSink
    from .tool import ToolTable
else:
    from ..facts._namedtuple import NamedTuple

SCHEMA = "kpageflags.page-types/2"
DESCRIBE_SCHEMA = "kpageflags.page-types-describe/1"
# Entries counted one by one (and over MIXED_SHARE of all) before a summary switches to numpy.
MIXED_BEFORE_NUMPY = 1 << 19
# For a saved copy, the entries a piece's share of them foretells among the entries to come
# (see FlagCounter), or pieces spread over the walk foretell before the count starts. Of the
# first 2, 3, 4 and 6.5 million frames of a saved copy of this machine, 0.59, 0.94, 1.30 and
# 2.29 million were counted one by one (16 pieces of 4096 foretold 0.55, 0.97, 1.34 and 1.92).
# Switching by pieces at 2**19, the first switched at its 9th piece of 16 and took 143 ms of
# CPU against 118 without numpy, the whole copy at its 4th piece, 171 ms; at 2**20 the first
# does not switch and the others do at the 9th piece or sooner: 153, 150 and 180 ms against
# 157, 198 and 306 ms without numpy (least of 5, load 2-2.5). Foretold, at 2**20 too, the 4
# and 6.5 million count with numpy from the start (126 and 136 ms against 180 and 279 without
# numpy); the 3 million, foretold just under, switch at their 9th piece (138 against 145 ms).
MIXED_IN_SAVED_BEFORE_NUMPY = 1 << 20
# Pieces of a saved copy read before its summary's count to foretell that (see _foretold_mixed).
SAMPLED_PIECES = 16
SAMPLED_ENTRIES = 1 << 12
# Pages a walk must cover before importing numpy pays, by kind of walk; -L (a line per page,
# which numpy builds in bulk) pays sooner. Measured as whole processes, numpy imported or not
# (the thresholds 0 or 2**62), 5 alternating pairs of each at sizes doubling from 2**16 (2**15
# for -p), least CPU time, on the 2-vCPU, 6.5M-frame machine at load 2-5: each value is about
# the size past which numpy's run was no slower (its import costs about 0.1 s of CPU).
# Frames of -a ranges, the whole machine or a saved file, with a list, filters or -c: -l
# +83 ms with numpy at 2**18, +49 at 2**20, -8 at 2**21, -103 at 2**22 at load 5; at load
# 1.5, +85 at 2**20, +42 at 2**21, +23 at 3 * 2**20, -45 at 2**22 (-l -M, -l -C and -r -l
# paid from 2**20 to 2**21, -c from 2**21 to 2**22, at load 5).
NUMPY_AFTER_FRAMES = 3 << 20
# -L over frames: +42 ms at 2**17, +7 at 2**18, -70 at 2**19 at load 5; at load 1.5, +68 at
# 2**18, -19 at 2**19.
NUMPY_AFTER_FRAMES_EACH = 3 << 17
# Virtual pages of -p, measured on processes holding 128 MiB to 4 GiB of touched anonymous
# memory at load 2-4.5. Where numpy pays depends on the memory: in a bytearray it paid from
# about 70,000 pages in every mode; in an mmap, as below. The values follow the later of the
# two, as did whole-process runs of the 1 GiB process of benchmarks/ (numpy +27, -5 ms).
# Nothing but a summary (counted in bulk by numpy): +36 ms at 1 GiB, -46 at 2 GiB.
NUMPY_AFTER_PROCESS_SUMMARY_PAGES = 1 << 19
# -l or filters: +13 ms at 512 MiB, -8 at 1 GiB.
NUMPY_AFTER_PROCESS_PAGES = 1 << 18
# -L: +88 ms at 256 MiB, -9 at 512 MiB.
NUMPY_AFTER_PROCESS_PAGES_EACH = 1 << 17
# Pages of the one file of -f (a directory's files are walked without numpy), at load 2-3.5:
# without -L it did not pay up to 4 GiB (+74 ms there), so it switches where frames do.
NUMPY_AFTER_FILE_PAGES = NUMPY_AFTER_FRAMES
# -f with -L: +50 ms at 1 GiB, +10 at 2 GiB, -100 at 4 GiB.
NUMPY_AFTER_FILE_PAGES_EACH = 1 << 19


def described_value(tool: ToolTable, text: str) -> int:
    """The value page-types -d describes: comma-separated names and numbers, up to any '='."""
    from ..facts.bitsexpr import _names_mask

    return _names_mask(text.split("=", 1)[0], tool.kpf, text, False) if text else 0


def describe(tool: ToolTable, text: str, out: TextIO) -> int:
    """page-types -d: the value's line, as page-types prints it; the value is returned."""
    flags = described_value(tool, text)
    out.write(f"0x{flags:016x}\t{tool.short(flags)}\t{tool.long(flags)}\n")
    return flags


USAGE = """page-types [options]
            -r|--raw                   Raw mode, for kernel developers
            -d|--describe flags        Describe flags
            -a|--addr    addr-spec     Walk a range of pages
            -b|--bits    bits-spec     Walk pages with specified bits
            -c|--cgroup  path|@inode   Walk pages within memory cgroup
            -p|--pid     pid           Walk process address space
            -f|--file    filename      Walk file address space
            -i|--mark-idle             Mark pages idle
            -l|--list                  Show page details in ranges
            -L|--list-each             Show page details one by one
            -C|--list-cgroup           Show cgroup inode for pages
            -M|--list-mapcnt           Show page map count
            -N|--no-summary            Don't show summary info
            -X|--hwpoison              hwpoison pages
            -x|--unpoison              unpoison pages
            -F|--kpageflags filename   kpageflags file to parse
            -h|--help                  Show this usage message
flags:
            0x10                       bitfield format, e.g.
            anon                       bit-name, e.g.
            0x10,anon                  comma-separated list, e.g.
addr-spec:
            N                          one page at offset N (unit: pages)
            N+M                        pages range from N to N+M-1
            N,M                        pages range from N to M-1
            N,                         pages range from N to end
            ,M                         pages range from 0 to M-1
bits-spec:
            bit1,bit2                  (flags & (bit1|bit2)) != 0
            bit1,bit2=bit1             (flags & (bit1|bit2)) == bit1
            bit1,~bit2                 (flags & (bit1|bit2)) == bit1
            =bit1,bit2                 flags == (bit1|bit2)
bit-names:
"""

OWN_USAGE = f"""kpageflags options (the kernel's page-types has none of these):
            -k|--kernel  release       Behave as the page-types of this release (default: running)
            --snapshot   filename      Read a snapshot (kpageflags snapshot) instead of this machine
            --format     text|json|csv The summary or -d as text, JSON Lines or CSV (--json, --csv: one)
            --sort       pages|flags   Order of the summary rows (default: page-types' own)
            --human                    Sizes in human units, in a column headed "size"
            --progress | --no-progress Progress on stderr (default: when stderr is a terminal)
            --threads    N             Threads reading /proc/kpageflags, 1 to {MAX_THREADS} (default 2)
            --help                     This usage message (-h leaves out this section)
"""


def usage(tool: ToolTable, out: TextIO, err: TextIO, own_options: bool) -> None:
    """page-types -h as the release printed it: only the options it had. kpageflags' own
    options follow in a section of their own with --help, and go to a terminal's stderr with -h."""
    for line in USAGE.splitlines(keepends=True):
        stripped = line.lstrip()
        if stripped.startswith("-") and len(stripped) > 1 and stripped[1] not in tool.options:
            continue
        out.write(line)
    column = 0
    for bit, entry in tool.names.items():
        out.write(f"{entry.name:>16}{tool.kind(bit)}")
        column += 1
        if column > 3:
            column = 0
            out.write("\n")
    out.write("\n                                   (r) raw mode bits  (o) overloaded bits\n")
    if own_options:
        out.write("\n" + OWN_USAGE)
    elif err.isatty():
        err.write(OWN_USAGE)


class PageTypes:
    """One page-types run."""

    def __init__(
        self,
        options: Options,
        source: PageSource,
        out: TextIO,
        err: TextIO,
        started: list[FrameReader] | None = None,
        process: ProcessSummary | None = None,
    ) -> None:
        # Imported here, once any readers are already at work.
        from .actions import Actions
        from .summary import Summary
        from .tool import tool_table

        self.options = options
        self.source = source
        self.started = started or []
        self.process = process
        self.out = out
        self.err = err
        self.release = source.release
        self.tool = tool_table(self.release)
        # The tool's stop at a bit it cannot name is mimicked only when --kernel asks for that
        # release's tool; otherwise nothing is lost: the bit is shown as '?' and bitN.
        self.tool.tolerant = options.output != "text" or options.kernel is None
        self.filters: list[BitsFilter] = []
        if options.bits:
            from ..facts.bitsexpr import parse_bits

            self.filters = [parse_bits(b, table=self.tool.kpf) for b in options.bits]
        self.summary = Summary()
        self.page_size = source.page_size
        self.lister: Lister | None = None
        self.actions = Actions(options)
        self._process_warning: str | None = None
        # From 5.16, without -a: the whole pages of the first file -f walks (see _file_ranges).
        self._first_file_ranges: list[tuple[int, int]] | None = None

    # -- swapped pages ---------------------------------------------------------------

    def add_swap(self, voffset: int, entry: int) -> None:
        from ..sources.walk import swap_offset

        flags = self.tool.transform(0, self.options.raw, entry)
        if self.filters and not all(f.matches(flags) for f in self.filters):
            return
        if self.options.cgroup is not None:
            return
        if self.lister is not None:
            self.lister.run(voffset, swap_offset(entry), 1, flags)
        self.summary.add(flags)

    # -- walks ---------------------------------------------------------------------------

    def _fast_summary(self) -> None:
        """Summary only: count the distinct raw values (fast), then transform each once."""
        readers = self.started or start_readers(self.source, self.options)
        from ..sources.counting import FlagCounter, numpy_imported

        # A fresh command-line process would spend longer importing numpy than numpy saves
        # here (measured: 1.01x the floor with it, 0.87x without, on 2 CPUs) unless the flags
        # change page by page (then 1.70x without it, measured with 16 GiB of long-lived
        # anonymous memory), so it switches when they do. A program that already imported
        # numpy gets the vectorised count at once.
        use_numpy = None if numpy_imported() else False
        # A saved copy's size is known, and reading it costs little beside counting it: the
        # switch can come as soon as a piece's share of mixed entries shows it pays, or before
        # the first when pieces spread over the walk foretell that.
        saved = self.source.entries(KPAGEFLAGS) is not None
        expected = self._frames_to_walk(0) if saved else None  # a saved copy knows its size
        threshold = MIXED_IN_SAVED_BEFORE_NUMPY
        if (
            expected is not None
            and expected > threshold
            and use_numpy is False
            and self._foretold_mixed(expected) > threshold
        ):
            use_numpy = None
        counter = FlagCounter(
            use_numpy,
            numpy_after_mixed=MIXED_IN_SAVED_BEFORE_NUMPY if saved else MIXED_BEFORE_NUMPY,
            entries_expected=expected,
        )
        for reader in readers:
            for chunk in reader:
                counter.add(chunk.flags)
        self._summarise(counter)

    def _summarise(self, counter: FlagCounter) -> None:
        """Adds the counted raw values to the summary, each transformed once."""
        for raw, pages in counter.items().items():
            flags = self.tool.transform(raw, self.options.raw)
            if not self.filters or all(f.matches(flags) for f in self.filters):
                self.summary.add(flags, pages)

    def _file_summary_fast(self) -> bool:
        """-f with nothing but a summary: the flags of the files' cached pages counted as the
        frames' are (``_fast_summary``), without building runs; not where page-types counts
        pagemap bits with them (-r, and releases that expand overloaded bits in every mode)."""
        options = self.options
        if not options.file_summary_only or options.raw or "expand_overloads_always" in self.tool.switches:
            return False
        from ..sources.counting import FlagCounter, numpy_imported
        from ..sources.filewalk import count_file
        from ..sources.walk import PfnSource

        assert options.file is not None
        counter = FlagCounter(None if numpy_imported() else False, numpy_after_mixed=MIXED_BEFORE_NUMPY)
        frames = PfnSource.of(self.source, cgroups=False, counts=False)
        try:
            self._walk_files(
                options.file,
                lambda name: count_file(
                    name, frames, self._file_ranges(name), counter.add, noatime_only=self._mimicked
                ),
            )
        finally:
            frames.close()
        self._summarise(counter)
        return True

    def _foretold_mixed(self, frames: int) -> float:
        """How many of the ``frames`` a saved copy's walk covers a count without numpy would
        take one by one, foretold from SAMPLED_PIECES pieces spread over them."""
        if not self.source.random_access:
            return 0.0
        from ..sources.counting import mixed_share
        from ..sources.sampling import spread_pieces

        end = self.source.frame_total() or 0
        ranges = [(start, max(0, min(start + size, end) - start)) for start, size in self.options.ranges or [(0, end)]]
        return mixed_share(spread_pieces(self.source, ranges, SAMPLED_PIECES, SAMPLED_ENTRIES)) * frames

    def _process_summary_fast(self) -> bool:
        """-p with nothing but a summary, when ``counted_in_bulk`` chose numpy's bulk count."""
        process = self.process
        if process is None:
            return False
        from ..sources.counting import FlagCounter
        from ..sources.processwalk import WideFlags, decode_key

        counter = FlagCounter()
        raw_mode = self.options.raw
        meter = self.source.progress.meter("pages", process.pages)
        try:
            self._process_warning = process.count(raw_mode, counter.add, True, meter.update)
        except WideFlags:
            return False
        finally:
            meter.close()
            process.close()
        for key, pages in counter.items().items():
            flags, entry, swap_only = decode_key(key)
            value = self.tool.transform(0 if swap_only else flags, raw_mode, entry)
            if self.filters and not all(f.matches(value) for f in self.filters):
                continue
            self.summary.add(value, pages)
        return True

    def walk(self) -> str | None:
        options = self.options
        try:
            if options.summary_only:
                self._fast_summary()
                return None
            if self._process_summary_fast():
                return self._process_warning
            if self._file_summary_fast():
                return None
            wanted = self._page_files_beside_flags()
            cgroups, counts = KPAGECGROUP in wanted, KPAGECOUNT in wanted
            if options.file is not None or options.pid is not None:
                return self._walk_frames_of(cgroups, counts)
            self._walk_frames(cgroups, counts)
            return None
        finally:
            self.actions.finish()

    def _numpy_for(self, pages: int, numpy_after: int) -> Any | None:
        """numpy for a walk of this many pages, when installed and worth its import (the walk
        is longer than ``numpy_after``, one of the NUMPY_AFTER_ constants); the list then builds
        its lines with it too. A walk that long also has the allocator keep the memory it
        frees, for the next batch's buffers."""
        np = None
        if pages > numpy_after:
            from ..sources.counting import numpy_module

            keep_freed_memory()
            np = numpy_module()
        if self.lister is not None:
            self.lister.np = np
        return np

    def _each_or(self, numpy_after: int, numpy_after_each: int) -> int:
        """The threshold of this walk's kind: ``numpy_after_each`` for -L."""
        return numpy_after_each if self.options.list_mode == 2 else numpy_after

    def _walk_frames(self, cgroups: bool, counts: bool) -> None:
        """page-types' walk_pfn over each -a range, run by run: the virtual offset of a frame
        counts from the range's start afresh in each batch of CHUNK_PAGES frames."""
        from ..sources.procfs import CHUNK_PAGES
        from .frames import FrameSink

        parts = [KPAGEFLAGS] + [KPAGECGROUP] * cgroups + [KPAGECOUNT] * counts
        options = self.options
        numpy_after = self._each_or(NUMPY_AFTER_FRAMES, NUMPY_AFTER_FRAMES_EACH)
        np = self._numpy_for(self._frames_to_walk(numpy_after), numpy_after)
        sink = FrameSink(self.tool, options.raw, self.filters, options.cgroup, self.summary, self.lister, self.actions)
        for start, size in options.ranges or [(0, ULONG_MAX)]:
            end = start + min(size, ULONG_MAX - start)
            reader = self.source.read(parts, start, end, chunk=CHUNK_PAGES, threads=options.threads)
            with reader:
                for chunk in reader:
                    sink.add(start, chunk, np)

    def _page_files_beside_flags(self) -> list[str]:
        """kpagecgroup for -c and -C, kpagecount for a list with -M."""
        options = self.options
        cgroups = options.cgroup is not None or options.list_cgroup
        counts = bool(options.list_mode and options.list_mapcnt)
        return [KPAGECGROUP] * cgroups + [KPAGECOUNT] * counts

    def _frames_to_walk(self, numpy_after: int) -> int:
        """How many frames the -a ranges cover (all of them without -a), as far as is known, or
        as many as they ask for when that is no more than ``numpy_after``: how many the machine
        has (its zones, on a live one) is then not worth reading."""
        asked = sum(size for _, size in self.options.ranges or [(0, ULONG_MAX)])
        if asked <= numpy_after:
            return asked
        known = self.source.frame_total()
        end = ULONG_MAX if known is None else known
        return sum(max(0, min(start + size, end) - start) for start, size in self.options.ranges or [(0, ULONG_MAX)])

    def _walk_frames_of(self, cgroups: bool, counts: bool) -> str | None:
        """-f and -p: the frames of a file's cached pages or of a process, run by run. Given
        both, page-types walks the file (its pid only adds a column to the lists)."""
        from ..sources.walk import PfnSource, walk_process
        from .runsink import RunSink

        options = self.options
        sink = RunSink(self.tool, options.raw, self.filters, options.cgroup, self.summary, self.lister, self.actions)

        def frames() -> PfnSource:
            return PfnSource.of(self.source, cgroups=cgroups, counts=counts)

        if options.file is None:
            assert options.pid is not None
            # A summary reaches this walk when it is not counted in bulk: short, or with flags
            # too wide for the bulk count's keys.
            summary = options.process_summary_only
            listed = self._each_or(NUMPY_AFTER_PROCESS_PAGES, NUMPY_AFTER_PROCESS_PAGES_EACH)
            numpy_after = NUMPY_AFTER_PROCESS_SUMMARY_PAGES if summary else listed

            def numpy_for(pages: int) -> Any | None:
                sink.np = self._numpy_for(pages, numpy_after)
                return sink.np

            return walk_process(
                options.pid, frames, options.ranges, sink.add, self.add_swap, self.source.progress, numpy_for
            )
        from ..sources.filewalk import walk_file

        top = options.file
        # A directory's files are mostly small: numpy's work on a few pages costs more than it saves.
        pages = os.path.getsize(top) // self.page_size if os.path.isfile(top) else 0
        np = sink.np = self._numpy_for(pages, self._each_or(NUMPY_AFTER_FILE_PAGES, NUMPY_AFTER_FILE_PAGES_EACH))
        opened = frames()
        try:
            self._walk_files(top, lambda name: self._walk_file(walk_file, name, opened, sink, np))
        finally:
            opened.close()
        return None

    @property
    def _mimicked(self) -> bool:
        """Whether the named release's page-types is mimicked slip for slip (--kernel, text)."""
        return not self.tool.tolerant

    def _file_ranges(self, name: str) -> list[tuple[int, int]]:
        """The ranges of pages page-types walks in ``name``, a file of -f (none: its whole
        pages). Before 5.16 it ignores -a there and walks every page a file reaches, its partly
        filled last page included. From 5.16 it walks the -a ranges, whose byte offsets wrap
        past 2**64; without them it makes the first file's whole pages the range, and keeps
        it for every later file of a directory (so a longer file is walked only that far, and
        none at all after a first file under a page). Those two slips are copied where the
        named release is mimicked (--kernel, text); otherwise each file is walked whole."""
        if "file_walk_honours_ranges" not in self.tool.switches:
            return [(0, ULONG_MAX)]
        mimicked = self._mimicked
        if self.options.ranges:
            return _wrapped(self.options.ranges, self.page_size) if mimicked else self.options.ranges
        if not mimicked:
            return []
        if self._first_file_ranges is None:
            self._first_file_ranges = [(0, os.stat(name).st_size // self.page_size)]
        return self._first_file_ranges

    def _walk_files(self, top: str, walk_one: Callable[[str], None]) -> None:
        """``walk_one`` of -f's file, or of each file under its directory."""
        from ..sources.filewalk import files_under

        names = [top] if os.path.isfile(top) else list(files_under(top))
        meter = self.source.progress.meter("files", len(names))
        try:
            for done, name in enumerate(names):
                meter.update(done)
                walk_one(name)
        finally:
            meter.close()

    def _walk_file(
        self, walk_file: Callable[..., None], name: str, frames: PfnSource, sink: RunSink, np: Any | None
    ) -> None:
        """One file of -f (``walk_file`` is filewalk's, imported once for all the files). At
        the first cached page of each range it walks, page-types ends the -l range it holds (so
        none continues into another file or range), and before 5.16 prints the file's header."""
        lister = self.lister
        if lister is None:
            walk_file(name, frames, self._file_ranges(name), sink.add, np, noatime_only=self._mimicked)
            return
        header = "file_header_before_summary_only" not in self.tool.switches
        # Each range alone (none: the whole pages), for page-types' step at its first page.
        for walked in [[piece] for piece in self._file_ranges(name)] or [[]]:
            first = True

            def visit(runs: PageRuns) -> None:
                nonlocal first
                if first:
                    first = False
                    if header:
                        lister.flush()
                        self._show_file(name, blank=False)
                    else:
                        lister.end_range()
                sink.add(runs)

            walk_file(name, frames, walked, visit, np, noatime_only=self._mimicked)

    # -- the whole run -------------------------------------------------------------------

    def run(self) -> int:
        from .tool import UnknownFlagBit

        try:
            return self._run()
        except UnknownFlagBit as stop:
            # What page-types printed until then stays; so do its message and exit status.
            if self.lister is not None:
                self.lister.drain()
            self.err.write(f"{stop}\n")
            return 1
        except KpageflagsError:
            # So do the lines listed before a walk fails (a later file that cannot be read).
            if self.lister is not None:
                import contextlib  # here: only a failed walk needs it

                # The output failing too: the walk's error is the one to tell.
                with contextlib.suppress(OSError):
                    self.lister.keep_listed()
            raise

    def _run(self) -> int:
        options = self.options
        for action, argument in options.actions:
            if action == "d" and options.output != "text":
                from ..output.emit import emit

                emit(self._description(described_value(self.tool, argument)), options.output, self.out)
            elif action == "d":
                self._report_past_end({describe(self.tool, argument, self.out): 0})
            else:
                usage(self.tool, self.out, self.err, own_options=action == "help")
            return 0
        if options.output != "text" and options.list_mode:
            raise KpageflagsError("--json and --csv give the summary; they cannot be combined with -l or -L")
        if options.file is not None:
            _check_walkable(options.file)
        if options.file is not None and options.pid is not None:
            # page-types walks the file, having opened the process's pagemap and maps for -p;
            # maps first, whose refusal says that the process is another user's.
            from ..sources.processes import maps_text, open_pagemap

            maps_text(options.pid)
            open_pagemap(options.pid).close()
        # Before anything is printed: a list with map counts or cgroups from a source without them.
        self.source.require(*self._page_files_beside_flags())
        self.actions.prepare()
        if options.list_mode:
            from .lists import Lister

            self.lister = Lister(
                self.out,
                self.tool,
                options.list_mode,
                pid=options.pid is not None,
                file=options.file is not None,
                cgroup=options.list_cgroup,
                mapcnt=options.list_mapcnt,
            )
            self.lister.header()
        warning = self.walk()
        if self.lister is not None:
            self.lister.flush()
        if warning:
            self.err.write(f"kpageflags: warning: {warning}\n")
        try:
            code = self._write_report()
        finally:
            self._report_unknown()
        self._report_past_end(self.summary.counts)
        return code

    def _write_report(self) -> int:
        options = self.options
        if options.no_summary:
            return 0
        if options.output != "text":
            from ..output.emit import emit

            emit(self._listing(), options.output, self.out)
            return 0
        if options.list_mode:
            self.out.write("\n\n")
        if options.file is not None and "file_header_before_summary_only" in self.tool.switches:
            self._show_file(options.file)
        from .summary import write_summary

        write_summary(self.out, self.summary, self.tool, self.page_size, options.sort, options.human)
        return 0

    def _report_unknown(self) -> None:
        if self.tool.unknown:
            bits = ", ".join(str(b) for b in sorted(self.tool.unknown))
            self.err.write(
                f"kpageflags: note: page-types of {self.tool.label} has no name for bit(s) {bits}; "
                "they are shown as '?' and bitN (the tool itself stops there: --kernel mimics it)\n"
            )

    def _report_past_end(self, pages_by_value: dict[int, int]) -> None:
        """Bits the old tool printed nothing for (past its table's end), so that none goes unsaid."""
        if self.tool.tolerant:
            return
        pages_by_bit: dict[int, int] = {}
        for value, pages in pages_by_value.items():
            for bit in self.tool.past_end(value):
                pages_by_bit[bit] = pages_by_bit.get(bit, 0) + pages
        if pages_by_bit:
            bits = ", ".join(
                f"bit {bit} on {pages} pages" if pages else f"bit {bit}" for bit, pages in sorted(pages_by_bit.items())
            )
            self.err.write(
                f"kpageflags: note: page-types of {self.tool.label} prints no letter or name for a bit past the "
                f"end of its name table (bit {self.tool.table_end - 1}): {bits}\n"
            )

    def _show_file(self, name: str, blank: bool = True) -> None:
        from ..output.streams import write_with_name

        info = os.stat(name)
        pages = (info.st_size + self.page_size - 1) // self.page_size
        now = int(time.time())
        modify = time.strftime("%c", time.localtime(info.st_mtime))
        access = time.strftime("%c", time.localtime(info.st_atime))
        write_with_name(self.out, name, f"\tInode: {info.st_ino & 0xFFFFFFFF}\tSize: {info.st_size} ({pages} pages)\n")
        self.out.write(
            f"Modify: {modify} ({now - int(info.st_mtime)} seconds ago)\n"
            f"Access: {access} ({now - int(info.st_atime)} seconds ago)\n" + ("\n" if blank else "")
        )

    def _listing(self) -> Listing:
        from ..output.emit import Listing
        from ..output.units import human, megabytes

        rows = [
            FlagsValueCount(
                kernel=self.release.name,
                page_size=self.page_size,
                raw=self.options.raw,
                flags=f"0x{value:016x}",
                pages=pages,
                bytes=pages * self.page_size,
                mb=megabytes(pages, self.page_size),
                size=human(pages * self.page_size),
                short=self.tool.short(value),
                long=tuple(self.tool.long(value).split(",")) if value else (),
                unknown_bits=tuple(self.tool.unnamed(value)),
            )
            for value, pages in self.summary.rows(self.options.sort)
        ]
        return Listing(SCHEMA, rows)

    def _description(self, value: int) -> Listing:
        from ..output.emit import Listing

        tool = self.tool
        names = tuple(tool.long(value).split(",")) if value else ()
        described = FlagsDescription(
            self.release.name, f"0x{value:016x}", tool.short(value), names, tuple(tool.unnamed(value))
        )
        return Listing(DESCRIBE_SCHEMA, [described])


class FlagsDescription(NamedTuple):
    """What page-types -d says of a value: its names, in the release's page-types."""

    kernel: str
    flags: str
    short: str
    long: tuple[str, ...]
    unknown_bits: tuple[int, ...]


class FlagsValueCount(NamedTuple):
    """One row of the summary: a flags value as page-types counts it (after ``-r`` expansion or
    normal mode's masking), how many pages have it, and page-types' names for it."""

    kernel: str
    page_size: int
    raw: bool
    flags: str
    pages: int
    bytes: int
    mb: int
    size: str
    short: str
    long: tuple[str, ...]
    unknown_bits: tuple[int, ...]


def _wrapped(ranges: list[tuple[int, int]], page_size: int) -> list[tuple[int, int]]:
    """-a ranges of a file's pages as page-types walks them from 5.16: from and to the byte
    offsets it works out in an unsigned long, which wrap past 2**64 bytes."""
    pages = (ULONG_MAX + 1) // page_size
    wrapped = []
    for start, count in ranges:
        first, end = start % pages, (start + count) % pages
        wrapped.append((first, max(0, end - first)))
    return wrapped


def _check_walkable(name: str) -> None:
    """-f's file, stat'ed as page-types does before its walk: the system's reason when that fails."""
    try:
        mode = os.stat(name).st_mode
    except OSError as error:
        raise KpageflagsError(f"stat failed: {name}: {error.strerror}") from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise KpageflagsError(f"unhandled file type: {name}: -f takes a regular file or a directory")


def start_readers(source: PageSource, options: Options) -> list[FrameReader]:
    """For a summary-only run, the readers of every -a range, already reading."""
    readers = []
    for start, size in options.ranges or [(0, ULONG_MAX)]:
        end = None if size >= ULONG_MAX - start else start + size
        readers.append(source.read([KPAGEFLAGS], start, end, chunk=1 << 17, threads=options.threads))
    return readers


LIVE_ONLY = (("-p", "pid"), ("-f", "file"), ("-i", "mark_idle"), ("-X", "hwpoison"), ("-x", "unpoison"))
SAVED_FILE_OPTIONS = {
    part: "a snapshot of the files (kpageflags snapshot --kpageflags F --kpagecount F --kpagecgroup F) with --snapshot"
    for part in (KPAGECOUNT, KPAGECGROUP)
}


def source_for(options: Options, err: TextIO) -> PageSource:
    """Where the pages come from: a snapshot (--snapshot), a saved kpageflags (-F) or this machine."""
    progress = Progress(err, enabled=options.progress)
    if options.snapshot:
        from ..sources.snapshot import Snapshot

        if options.kpageflags is not None:
            raise KpageflagsError("-F cannot be combined with --snapshot: each gives the page flags to read")
        given = [flag for flag, name in LIVE_ONLY if getattr(options, name) not in (None, False)]
        if given:
            raise KpageflagsError(f"{', '.join(given)} cannot be combined with --snapshot: they need the live system")
        return Snapshot(options.snapshot, kernel=options.kernel, progress=progress)
    if options.kpageflags is not None:
        from ..sources.files import SavedFiles

        return SavedFiles(
            {KPAGEFLAGS: options.kpageflags}, kernel=options.kernel, options=SAVED_FILE_OPTIONS, progress=progress
        )
    from ..sources.files import LiveSource

    return LiveSource(kernel=options.kernel, progress=progress)


def main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    # The streams are looked up when called, so a caller that replaced sys.stdout is heard.
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    options = parse(argv)
    # The notes are of what a walk reads; -d and -h read nothing.
    for note in options.notes if not options.actions else []:
        err.write(f"kpageflags: note: {note}\n")
    source = source_for(options, err)
    source.when_release_chosen(lambda release: note_once(release.note, err))
    try:
        return run_with_readers(options, source, out, err)
    finally:
        source.close()


def counted_in_bulk(options: Options, source: PageSource) -> ProcessSummary | None:
    """The -p walk with nothing but a summary, counted in bulk by numpy, when numpy is installed
    and the walk is long enough to pay for its import; otherwise None, and the run walk counts
    it: without numpy, per-page dicts make the bulk count slower (measured on 1 GiB touched:
    0.97 s of CPU against 0.64 s by runs)."""
    if not options.process_summary_only:
        return None
    from ..sources.counting import numpy_available
    from ..sources.processwalk import ProcessSummary, walked_pages

    assert options.pid is not None
    if walked_pages(options.pid, options.ranges) <= NUMPY_AFTER_PROCESS_SUMMARY_PAGES:
        return None
    # Reading starts before numpy's import, which it overlaps.
    process = ProcessSummary(options.pid, source, options.ranges, options.threads)
    if numpy_available():
        return process
    process.close()
    return None


def run_with_readers(options: Options, source: PageSource, out: TextIO, err: TextIO) -> int:
    # The kernel's work of filling /proc/kpageflags or the pagemap dominates: start it before
    # anything else is imported.
    started = start_readers(source, options) if options.summary_only and not options.bits else []
    process = None
    try:
        process = counted_in_bulk(options, source)
        return PageTypes(options, source, out, err, started, process).run()
    finally:
        for reader in started:
            reader.close()
        if process is not None:
            process.close()
