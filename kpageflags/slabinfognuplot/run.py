"""``kpageflags slabinfo-gnuplot [-s W,H] [-r MIN,MAX] [-t | -l] FILE...``."""

from __future__ import annotations

import math
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from ..errors import UnreadableFile, UsageError
from ..facts.releases import parse_release
from ..plotting import Chart, save
from . import charts
from .datafiles import BadSampleFile, DataFiles, data_files
from .options import Mode, Options, parse

USAGE = """Usage: kpageflags slabinfo-gnuplot [-s W,H] [-r MIN,MAX] [-t|-l] FILE1 [FILE2 ..]
FILEs must contain 'slabinfo -X' samples
-t\t\t\t- plot totals for FILE(s)
-l\t\t\t- plot slabs stats for FILE(s)
-s %d,%d\t\t- set image width and height
-r %d,%d\t\t- use data samples from a given range
--svg\t\t\t- draw each chart as SVG too
--release REL\t\t- name the kernel release the samples came from in the captions
Without -t or -l, each FILE's data files FILE-slabs-by-loss, FILE-slabs-by-size and
FILE-totals are written to the current directory, as tools/mm/slabinfo-gnuplot.sh writes
them, and drawn. Drawing needs matplotlib: pip install 'kpageflags[plot]'.
"""
# The columns of the data files -l and -t draw: name, memory and loss; memory and loss.
SLABS_COLUMNS, TOTALS_COLUMNS = 3, 2


def main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    options = parse(argv)
    run = Run(options, sys.stdout if out is None else out, sys.stderr if err is None else err)
    if options.help:
        run.out.write(USAGE)
        return 0
    return run.run()


class Run:
    def __init__(self, options: Options, out: TextIO, err: TextIO) -> None:
        self.options = options
        self.out = out
        self.err = err
        self.failed = False

    def run(self) -> int:
        options = self.options
        if not options.files:
            raise UsageError("slabinfo-gnuplot needs FILEs of 'slabinfo -X' samples (see --help)")
        if options.release is not None:
            options.release = parse_release(options.release).name
        for name in options.files:
            if not os.path.isfile(name):
                raise UnreadableFile(_not_a_file(name))
        if options.mode is Mode.PREPROCESS:
            pictures = self.preprocess()
        elif options.mode is Mode.SLABS:
            pictures = [self.slabs_picture(name) for name in options.files]
        else:
            pictures = [self.totals_picture()]
        for chart, stem in pictures:
            self.draw(chart, stem)
        return 2 if self.failed else 0

    def preprocess(self) -> list[tuple[Chart, str]]:
        """Writes every input's data files before drawing any, so they are there even when
        drawing is not possible."""
        pictures: list[tuple[Chart, str]] = []
        for name in self.options.files:
            written = _data_time(name)
            files = _data_files(name)
            base = os.path.basename(name)
            for suffix, content in files.by_suffix().items():
                Path(base + suffix).write_bytes(content)
            if not any(files.by_suffix().values()):
                self.fail(f"{name}: no 'slabinfo -X' sample in it; its data files are empty")
                continue
            for stem, content in ((base + "-slabs-by-loss", files.by_loss), (base + "-slabs-by-size", files.by_size)):
                pictures.append((charts.slabs(content, written, self.options), stem))
            pictures.append(
                (charts.totals([(base + "-totals", files.totals)], written, self.options), base + "-totals")
            )
        return pictures

    def slabs_picture(self, name: str) -> tuple[Chart, str]:
        content = _read_data_file(name, SLABS_COLUMNS, "-slabs-by-loss or -slabs-by-size")
        return charts.slabs(content, _data_time(name), self.options), os.path.basename(name)

    def totals_picture(self) -> tuple[Chart, str]:
        names = self.options.files
        latest = max(names, key=os.path.getmtime)
        # The script names the chart after its files' names run together, as this does.
        stem = "".join(os.path.basename(name) for name in names)
        contents = [(name, _read_data_file(name, TOTALS_COLUMNS, "-totals")) for name in names]
        return charts.totals(contents, _data_time(latest), self.options), stem

    def draw(self, chart: Chart, stem: str) -> None:
        """The script draws nothing from a file with no points (gnuplot stops there, saying "all
        points y value undefined!"); nor do we, and we say why."""
        if not chart.x:
            first, last = self.options.first_sample, self.options.last_sample
            self.fail(f"{stem}: no sample to draw from sample {first} to {last or 'the last'}")
            return
        if not any(math.isfinite(value) for series in chart.series for value in series.values):
            self.fail(f"{stem}: no number to draw in its columns")
            return
        for name in [stem + ".png"] + ([stem + ".svg"] if self.options.svg else []):
            save(chart, name)
            print(name, file=self.out)

    def fail(self, message: str) -> None:
        print(f"kpageflags: error: {message}", file=self.err)
        self.failed = True


def _not_a_file(name: str) -> str:
    """The script says any FILE that is not a regular file "does not exist"; this says what it is."""
    if os.path.isdir(name):
        return f"File '{name}' is a directory"
    if os.path.exists(name):
        return f"File '{name}' is not a regular file"
    return f"File '{name}' does not exist"


def _data_time(name: str) -> str:
    """``slabinfo -X`` prints no time, nor do the data files cut from it: the caption gives the
    file's modification time and says that it is that, not when the samples were taken."""
    stamp = datetime.fromtimestamp(os.path.getmtime(name), tz=timezone.utc)
    return f"{os.path.basename(name)}, file modified {stamp:%Y-%m-%d %H:%M:%S}Z"


def _data_files(name: str) -> DataFiles:
    try:
        with open(name, "rb") as samples:
            return data_files(samples)
    except OSError as error:
        raise UnreadableFile(f"{name}: {error.strerror}") from None
    except BadSampleFile as error:
        raise BadSampleFile(f"{name}: {error}") from None


def _read_data_file(name: str, columns: int, kind: str) -> bytes:
    """A data file -t or -l draws, refused when a line has more columns than its kind writes (a
    file of 'slabinfo -X' samples, say), which would draw a chart of nothing in particular."""
    content = _read(name)
    if b"\0" in content:
        raise BadSampleFile(f"{name}: it holds NUL bytes: not a FILE{kind} data file")
    for number, line in enumerate(content.splitlines(), 1):
        if len(line.split()) > columns:
            raise BadSampleFile(
                f"{name}: line {number} has more than {columns} columns: not a FILE{kind} data file "
                "(slabinfo-gnuplot without -t or -l writes those)"
            )
    return content


def _read(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise UnreadableFile(f"{name}: {error.strerror}") from None
