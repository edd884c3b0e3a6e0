"""The script's command line (bash getopts "tlr::s::h": options before the files, clustered
letters allowed), with kpageflags' own long options."""

from __future__ import annotations

import enum
import getopt
import re
from dataclasses import dataclass, field

from ..errors import BadValue, UsageError
from ..plotting import check_size

SHORT = "tlr:s:h"
LONG = ("svg", "release=", "help")
_PAIR = re.compile(r"\s*([0-9]{1,9})\s*[,\s]\s*([0-9]{1,9})\s*")


class Mode(enum.Enum):
    PREPROCESS = "preprocess"  # sample files in: data files and their charts out
    TOTALS = "totals"  # -t: FILE-totals files, drawn together on one chart
    SLABS = "slabs"  # -l: FILE-slabs-by-* files, one chart each


@dataclass
class Options:
    mode: Mode = Mode.PREPROCESS
    width: int = 1500
    height: int = 700
    first_sample: int = 0
    # The last sample drawn; 0 draws to the end, as the script's -r MIN,0 does.
    last_sample: int = 0
    svg: bool = False
    release: str | None = None
    help: bool = False
    files: list[str] = field(default_factory=list)


def parse(argv: list[str]) -> Options:
    try:
        pairs, files = getopt.getopt(argv, SHORT, list(LONG))
    except getopt.GetoptError as error:
        raise UsageError(f"slabinfo-gnuplot: {error} (see --help)") from None
    options = Options(files=files)
    for name, value in pairs:
        _apply(options, name, value)
    return options


def _apply(options: Options, name: str, value: str) -> None:
    if name == "-t":
        options.mode = Mode.TOTALS
    elif name == "-l":
        options.mode = Mode.SLABS
    elif name == "-s":
        options.width, options.height = _pair("-s", value, "W,H: the picture's width and height in pixels")
        check_size((options.width, options.height))
    elif name == "-r":
        options.first_sample, options.last_sample = _pair("-r", value, "MIN,MAX: the first and last sample drawn")
        if options.last_sample and options.last_sample < options.first_sample:
            raise BadValue(f"-r {value}: MAX comes before MIN (MAX 0 draws to the last sample)")
    elif name == "--svg":
        options.svg = True
    elif name == "--release":
        options.release = value
    else:
        options.help = True


def _pair(option: str, value: str, meaning: str) -> tuple[int, int]:
    match = _PAIR.fullmatch(value)
    if not match:
        raise BadValue(f"{option} {value!r}: expected {meaning}")
    return int(match.group(1)), int(match.group(2))
