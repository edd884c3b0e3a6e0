"""Pictures of what the analysis computed: a memory map as SVG (standard library only) or PNG
(its text rendered by matplotlib, the ``plot`` extra). The numbers are the analysis's; this part
only draws them."""

from __future__ import annotations

from ..analysis.memmap import MemoryMap
from ..output.private import private_binary
from ..plotting import picture_format

FORMATS = (".svg", ".png")


def check_output(path: str) -> str:
    """The picture format a path asks for, refused early when it is unknown or needs a missing
    extra. What a PNG needs of the extra starts loading in the background meanwhile."""
    suffix = "." + picture_format(path)
    if suffix == ".png":
        from .mpl import preload

        preload()
    return suffix


def write_map(memory_map: MemoryMap, path: str) -> None:
    """Writes the map to ``path``, readable by its owner only: where memory sits is as private as
    the physical addresses it is drawn from. (A PNG's font renderer loads here if
    ``check_output`` has not started it.)"""
    suffix = "." + picture_format(path)
    with private_binary(path) as handle:
        if suffix == ".svg":
            from .svg import map_svg

            handle.write(map_svg(memory_map).encode("utf-8"))
        else:
            from .mpl import write_png

            write_png(memory_map, handle)
