"""Entry point: builds the parser and turns every bad input into one line on stderr."""

from __future__ import annotations

import os
import sys

from .. import __version__
from ..errors import EnvironmentProblem, KpageflagsError, environment_problem
from ..output.notes import start_run
from .tool_commands import TOOLS, run_tool

# argparse and typing are imported only for the commands that parse with argparse: the tools'
# own command lines (slabinfo, a whole report in about the C tool's time) start without them.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

PROG = "kpageflags"
SAMPLING = ("--interval", "--count")
"""Options that make ``kpageflags slabinfo`` sample caches over time (as ``kpageflags slab``)."""
MAX_MESSAGE = 400


def _one_line_parser() -> type[argparse.ArgumentParser]:
    import argparse
    from typing import NoReturn

    class Parser(argparse.ArgumentParser):
        """argparse prints a usage block on errors; a single line is easier to read and grep."""

        def error(self, message: str) -> NoReturn:
            self.exit(2, f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")

    return Parser


def build_parser() -> argparse.ArgumentParser:
    from . import (
        breakdown_commands,
        decode_commands,
        dump_commands,
        freeblocks_command,
        layout_commands,
        map_command,
        pageowner_command,
        plot_commands,
        process_command,
        report_command,
        slab_commands,
        snapshot_commands,
        spec_commands,
        tool_commands,
    )

    parser_class = _one_line_parser()
    parser = parser_class(prog=PROG, description="Decode Linux page flags for every kernel release.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
    commands.required = True
    decode_commands.register(commands)
    spec_commands.register(commands)
    layout_commands.register(commands)
    dump_commands.register(commands)
    tool_commands.register(commands)
    pageowner_command.register(commands)
    breakdown_commands.register(commands)
    process_command.register(commands)
    freeblocks_command.register(commands)
    map_command.register(commands)
    report_command.register(commands)
    snapshot_commands.register(commands)
    plot_commands.register(commands)
    slab_commands.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    # numpy's OpenBLAS starts a thread per CPU when imported, which then spin and take CPU time
    # from the threads reading /proc; kpageflags does no linear algebra. Measured: page-types -p
    # of a 4 GiB process 0.22 s -> 0.19 s on 2 CPUs. A value the user set is kept.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if sys.stderr is None:
        # Started with standard error closed ("2>&-"): messages go nowhere, as the C tools'
        # do, not to standard output (print's fallback for None) nor into a traceback.
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - open for the rest of the process
    start_run()
    try:
        if sys.stdout is None:
            # Started with standard output closed (">&-"): Python gives None, which every
            # write would end in a traceback.
            raise EnvironmentProblem("standard output is closed: there is nowhere to write the results")
        if words[:1] == ["slabinfo"] and any(word.split("=")[0] in SAMPLING for word in words[1:]):
            # The C slabinfo samples nothing: sampling over time is kpageflags slab's, and
            # "kpageflags slabinfo --interval S" is that command by another name.
            words = ["slab", *words[1:]]
        if words[:1] and words[0] in TOOLS:
            # The kernel's tools keep their own getopt-style command lines (clustered letters,
            # options after file names), which argparse cannot express.
            return run_tool(words[0], words[1:])
        # Imported only here: the emitter pulls in dataclasses and inspect, 40 ms of page-types'
        # start-up, which prints through its own writer.
        from ..output.emit import Listing, emit

        parser = build_parser()
        args = parser.parse_args(words)
        result = args.run(args)
        if isinstance(result, Listing):
            emit(result, args.format, sys.stdout)
            return result.status()
        return int(result)
    except KpageflagsError as error:
        print(f"{PROG}: error: {one_line(str(error))}", file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # A reader such as `head` went away: not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        problem = environment_problem(f"{where}{error.strerror or error}", error.errno)
        print(f"{PROG}: error: {one_line(str(problem))}", file=sys.stderr)
        return problem.exit_code
    finally:
        _finish_background()


def _finish_background() -> None:
    """Waits for the imports a command started in the background (see plotting.backend)."""
    # Looked up, not imported: page-types and most commands never load the plotting backend,
    # whose imports would cost their start-up.
    backend = sys.modules.get("kpageflags.plotting.backend")
    if backend is None:
        return
    try:
        backend.finish_background()
    except KeyboardInterrupt:
        # The command's own outcome stands; the interpreter waits for the import as it exits.
        print(f"{PROG}: interrupted", file=sys.stderr)


def _shown(char: str) -> str:
    """A character of a message as a terminal shows it: printable ones as they are, a byte that
    was not UTF-8 in a file name or argument (decoded by Python as a lone surrogate) as
    ``\\xNN``, other control characters as Python escapes them."""
    if char.isprintable():
        return char
    if "\udc80" <= char <= "\udcff":
        return f"\\x{ord(char) - 0xDC00:02x}"
    return repr(char)[1:-1]


def one_line(message: str) -> str:
    """A message as one line, whatever it quotes (a newline in an argument, say), cut at a length
    a terminal shows whole, so no input can make the error itself long or many lines."""
    flat = "".join(map(_shown, message))
    return flat if len(flat) <= MAX_MESSAGE else flat[: MAX_MESSAGE - 3] + "..."
