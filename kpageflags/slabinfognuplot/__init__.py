"""The kernel's tools/mm/slabinfo-gnuplot.sh (tools/vm/ before 6.0) as a drop-in: the same data
files, byte for byte, cut from files of ``slabinfo -X`` samples, and the same charts drawn
with matplotlib instead of gnuplot.

The script's data files have not changed since it appeared (read in copies of 4.4.155, 4.20,
5.19, 6.1.129, 6.18.2, 6.19 and 7.1.5, releases from their Makefiles): 4.4-4.14 start with
``#!/bin/sh`` although the script needs bash (arrays), 4.16 on with ``#!/bin/bash``; 5.2 adds
the SPDX line; 6.1 filters with ``grep -E`` where 5.19 has ``egrep`` (GNU grep 3.8 warns about
it on stderr). None of this changes a data file, so there is no ``--kernel`` to choose one.
"""

from .run import main

__all__ = ["main"]
