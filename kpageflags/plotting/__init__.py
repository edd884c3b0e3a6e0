"""Charts as data, drawn with matplotlib (the optional ``plot`` extra) only when saved.

A chart says what to show: series of numbers over shared x positions (sample numbers or
times), how to lay them out (lines, stacked areas, bars), the axes' names and units, and a
caption naming the kernel release and the time of the data, which every picture carries.
``save`` draws it as PNG or SVG by the file's suffix. Colours come from a palette readers
with any colour vision can tell apart (Okabe and Ito's); a series marked as the remainder
("other") is grey.

>>> chart = Chart(
...     layout=Layout.LINES,
...     x=(0, 1, 2),
...     series=(Series("kmalloc-64", (4096.0, 8192.0, 12288.0)),),
...     x_axis=Axis("sample"),
...     y_axis=Axis("memory", unit=BYTES),
...     caption=caption("6.18", "2026-12-05 09:00:00Z"),
... )
>>> chart.caption
'Linux 6.18 · data of 2026-12-05 09:00:00Z'
"""

from .charts import BYTES, Axis, Chart, Layout, Series, caption, check_size, scaled
from .drawing import save
from .palette import PALETTE, REMAINDER_COLOUR

__all__ = [
    "BYTES",
    "PALETTE",
    "REMAINDER_COLOUR",
    "Axis",
    "Chart",
    "Layout",
    "Series",
    "caption",
    "check_size",
    "save",
    "scaled",
]
