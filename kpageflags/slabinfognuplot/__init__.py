"""The kernel's tools/mm/slabinfo-gnuplot.sh (tools/vm/ before 6.0) as a drop-in: the same data
files, byte for byte, cut from files of ``slabinfo -X`` samples, and the same charts drawn
with matplotlib instead of gnuplot."""

from .run import main

__all__ = ["main"]
