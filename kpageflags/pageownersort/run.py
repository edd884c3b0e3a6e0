"""``kpageflags page-owner-sort [OPTIONS] INPUT OUTPUT``."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator

from ..errors import BadPageOwnerDump, InputError, UsageError
from ..pageowner.reading import DEBUGFS, open_dump, open_error
from . import options as opts
from . import sorting
from .debug import DebugTrace
from .reading import ReadReport, read_blocks
from .sorting import Grouper, Loader, ToolStops, cull_names, sorted_groups, write_output
from .tool import SortTool, newest_fixed, tool_for
from .usage import c_usage

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import BinaryIO, TextIO

    from ..pageowner.reading import Readable
    from .sorting import Group

USAGE = """Usage: kpageflags page-owner-sort [OPTIONS] <input> <output>
Groups and sorts the records of /sys/kernel/debug/page_owner, as the kernel's page_owner_sort.
-a\t\t\tSort by memory allocation time.
-m\t\t\tSort by total memory.
-n\t\t\tSort by task command name.
-p\t\t\tSort by pid.
-P\t\t\tSort by tgid.
-s\t\t\tSort by the stacktrace.
-t\t\t\tSort by number of times record is seen (default).
-r, -f\t\t\tSort by free time, keep unfreed blocks (--kernel 5.18 to 6.6 only).
-d\t\t\tWith --kernel: that release's debug messages on stderr.
--pid <pidlist>\t\tSelect by pid (comma-separated).
--tgid <tgidlist>\tSelect by tgid (comma-separated).
--name <cmdlist>\tSelect by command name (comma-separated).
--cull <rules>\t\tGroup by pid, tgid, name, stacktrace, allocator (free: 5.18 to 6.6).
--sort <order>\t\t[+|-]key[,...] with keys pid, tgid, name, stacktrace, txt, alloc_ts,
\t\t\tallocator (free_ts: 5.19 to 6.6).
--kernel <release>\tWrite what that release's tool writes, byte for byte (5.16 and
\t\t\tlater; 5.16 and 5.17 take -m alone, 5.18 has no --sort or -d).
\t\t\tA command line that tool refuses ends as there (its usage,
\t\t\texit status 1). Without it: the newest tool with its bugs
\t\t\tfixed (see the docs).
"""


def main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    options = opts.split_argv(argv)
    kernels = [value for name, value in options.steps if name == "kernel"]
    tool = tool_for(kernels[-1]) if kernels else newest_fixed()
    try:
        opts.apply(options, tool)
        if options.help:
            out.write(c_usage(tool) or USAGE if tool.faithful else USAGE)
            return 0
        if len(options.files) < 2:
            raise opts.NeedsUsage("page-owner-sort needs an INPUT and an OUTPUT file (see --help)")
        order = opts.final_order(options, tool)
    except UsageError as error:
        if not tool.faithful:
            raise
        return _refused_as_the_c_tool(error, tool, out, err)
    return Run(options, tool, order, out, err).run(options.files[0], options.files[1])


# The name the C tool's usage text gives it, and so its getopt messages here.
C_PROGRAM = "./page_owner_sort"


def _refused_as_the_c_tool(error: UsageError, tool: SortTool, out: TextIO, err: TextIO) -> int:
    """What the release's tool does with a command line it refuses: getopt's words or its own
    on standard error, its usage text on standard output (not after a refused argument), exit 1."""
    if isinstance(error, opts.RefusedArgument):
        err.write(f"{error}\n")
        return 1
    if isinstance(error, opts.GetoptError):
        err.write(f"{C_PROGRAM}: {error.words}\n")
    usage = c_usage(tool)
    if usage is None:
        err.write(f"kpageflags: {error} (the usage text of the {tool.label} tool is not reproduced)\n")
    else:
        out.write(usage)
    return 1


class Run:
    def __init__(self, options: opts.Options, tool: SortTool, order: list[tuple[str, int]], out: TextIO, err: TextIO):
        self.options = options
        self.tool = tool
        self.order = order
        self.out = out
        self.err = err
        self.report = ReadReport()

    def run(self, input_path: str, output_path: str) -> int:
        _refuse_one_file_for_both(input_path, output_path)
        # Groups are tuples and lists without cycles: the collector's passes over
        # the many thousands held cost time and free nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._sort(input_path, output_path)
        finally:
            if collecting:
                gc.enable()

    def _sort(self, input_path: str, output_path: str) -> int:
        if not self.tool.faithful:
            # The fixed tool reads what the library reads (a file, "-", a .gz, the debugfs
            # file, checked once when opened), and writes OUTPUT only once it has read it all.
            _refuse_a_directory_as_output(output_path)
            with open_dump(input_path) as dump:
                entries = self._load(dump.raw(), None)
            with _open_output(output_path) as output:
                write_output(output, entries, self.options, self.tool)
            if self.report.cut_short:
                raise BadPageOwnerDump(_cut_short(dump.name, self.report))
            return 0
        stream = _open_input(input_path, output_path)
        with stream, _open_output(output_path) as output:
            try:
                # The C tool sizes its array from the input's size; a pipe or debugfs file says 0.
                entries = self._load(stream, os.fstat(stream.fileno()).st_size // 100)
            except ToolStops as stop:
                self.err.write(f"{stop}\n")
                if stop.note is not None:
                    self.err.write(f"kpageflags: note: {stop.note}\n")
                return 1 if self.tool.has("free_ts_options") or self.tool.has("memory_sort_only") else 0
            write_output(output, entries, self.options, self.tool)
        return 0

    def _load(self, stream: Readable, max_size: int | None) -> Iterator[Group]:
        """The input's blocks, kept, grouped and sorted as the tool does; the groups come out
        as the output is written (from temporary files when there are many)."""
        strip = self.tool.has("strip_ts_digits") and (not self.order or self.order[0][0] != "alloc_ts")
        bound = sorting.SPILL_BOUND
        leading = sorting.final_order_of_group(self.order, self.tool, cull_names(self.options.cull), strip)
        grouper = Grouper(self.options.cull, self.tool.faithful, bound, leading)
        loader = Loader(self.options, self.tool, strip, max_size, self.order, grouper)
        loader.progress = self._progress
        if self.options.debug and self.tool.faithful:
            loader.trace = DebugTrace(self.options, self.tool, self.err).block
        report = self.report
        loader.add_all(read_blocks(stream, self.tool.faithful, report))
        self._tell(report, loader.kept)
        if not loader.kept and not loader.passed_over and self.tool.faithful:
            # The C tool writes an empty output for any input; without --kernel a file that is
            # no dump is refused before this.
            self.err.write("kpageflags: note: no page_owner record was read: is the input a page_owner dump?\n")
        self.out.write(f"loaded {loader.kept}\nsorting ....\n")
        self.out.write("culling\n")
        if leading is not None:
            return grouper.culled()  # in the final order already
        return sorted_groups(grouper.culled(), self.order, self.tool, bound)

    def _progress(self, count: int) -> None:
        self.out.write(f"loaded {count}\r")

    def _tell(self, report: ReadReport, kept: int) -> None:
        if report.cut_short and not self.tool.faithful:
            return  # the error once OUTPUT is written says what became of the last record
        if report.stopped_at_full_buffer:
            self.err.write(
                "kpageflags: note: as the C tool, reading stopped at a record of 128 KiB or more;"
                " the rest of the input is left out (drop --kernel to keep it)\n"
            )
        if report.cut_header is not None:
            self.err.write(
                f"kpageflags: note: the input ends in a record cut short in its header line ({report.cut_header!r});"
                " it is left out\n"
            )
        if report.unterminated_last_block:
            if self.tool.faithful:
                self.err.write(
                    "kpageflags: note: as the C tool, the text after the last empty line (a last record"
                    " without one, or text that is no record) is left out (drop --kernel to keep it)\n"
                )
            else:
                self.err.write("kpageflags: note: the last record has no empty line after it; it is kept\n")


def _cut_short(name: str, report: ReadReport) -> str:
    """The one line for a dump cut short, as page-owner says it, with what OUTPUT holds."""
    if report.cut_header is not None:
        last = f"the header line it ends in ({report.cut_header!r}) is left out"
    else:
        last = "its last record is kept as far as it goes"
    return f"{name} is cut short: its last line ends without a newline; OUTPUT is written, {last}"


OUTPUT_BUFFER = 1 << 20


def _open_input(path: str, output_path: str | None) -> BinaryIO:
    try:
        if os.path.isdir(path):
            raise IsADirectoryError(21, "Is a directory")
        return open(path, "rb")
    except OSError as error:
        if output_path is not None:
            # The C tool opens (and so empties) the output before it learns the input failed.
            import contextlib  # here, on a failure: it is a fiftieth of a small sort's start-up

            with contextlib.suppress(OSError):
                open(output_path, "wb").close()
        if path.startswith(DEBUGFS):
            raise open_error(path, error) from None  # says how to get page_owner
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None


def _refuse_one_file_for_both(input_path: str, output_path: str) -> None:
    """Writing OUTPUT over INPUT would destroy the dump (the C tool does it without a word)."""
    try:
        same = input_path != "-" and os.path.samefile(input_path, output_path)
    except OSError:
        return  # one of them does not exist yet, or cannot be looked at: the open says why
    if same:
        raise UsageError(f"INPUT and OUTPUT are the same file, {input_path}: writing OUTPUT would destroy the dump")


def _refuse_a_directory_as_output(path: str) -> None:
    """An OUTPUT that names a directory, or a file in a directory that does not exist, can be
    refused before the dump is read and sorted."""
    if os.path.isdir(path):
        raise InputError(f"cannot write {path}: Is a directory")
    parent = os.path.dirname(path) or "."
    if not os.path.isdir(parent):
        raise InputError(f"cannot write {path}: no directory {parent}")


def _open_output(path: str) -> BinaryIO:
    try:
        # Groups are written one by one, most of a kilobyte each: a large buffer makes few writes.
        return open(path, "wb", buffering=OUTPUT_BUFFER)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None
