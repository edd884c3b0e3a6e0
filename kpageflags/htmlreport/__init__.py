"""A one-file HTML report of a page source: the machine's facts, its memory's composition, the
memory map, free-block contiguity, top processes, cgroups and slab caches, and the known
kernel bugs that affect the figures.

The page needs nothing beside itself: styles are inline, pictures are data: URIs, there is no
script, so it opens from a file and works offline. :mod:`.content` gathers the figures from the
analysis; :mod:`.page` writes them as HTML with the standard library only.
"""

from .content import Report, gather
from .page import render, write_report

__all__ = ["Report", "gather", "render", "write_report"]
