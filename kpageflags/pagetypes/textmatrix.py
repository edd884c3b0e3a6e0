"""page-types' list lines built with numpy, many at a time, as the rows of one byte matrix.

Each field of a line takes a block of columns as wide as its widest value; narrower values
are padded in front with NUL bytes, which come out of the finished text in one pass (no
line holds a NUL of its own). Python then works once per block of lines, not once per line.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Any, Union

    # A field: a matrix with a row per line, or bytes that every line has there.
    Field = Union[Any, bytes]


DIGITS = b"0123456789abcdef"
# Lines built as one matrix at a time: bounds the memory of the matrices (~1 MiB each).
ROWS = 1 << 14


def numbers(values: Any, base: int, np: Any) -> Any:
    """The digits of non-negative ``values`` in ``base`` (10 or 16), a row each, without leading zeros."""
    values = values.astype(np.uint64, copy=False)
    top = int(values.max()) if len(values) else 0
    width = len(f"{top:x}" if base == 16 else f"{top}")
    table = np.frombuffer(DIGITS[:base], dtype=np.uint8)
    matrix = np.empty((len(values), width), dtype=np.uint8)
    for place in range(width):
        # Shifts for hexadecimal: numpy's integer division is several times slower.
        if base == 16:
            digit = (values >> np.uint64(4 * place)) & np.uint64(15)
        else:
            digit = (values // np.uint64(base**place)) % np.uint64(base)
        # Bytes taken from the table and zeroed by a product: a fifth faster than indexing
        # the table and assigning through a mask.
        column = np.take(table, digit.astype(np.uint8))
        if place:
            column *= values >= np.uint64(base**place)
        matrix[:, width - 1 - place] = column
    return matrix


def table_rows(table: list[bytes], np: Any) -> Any:
    """The texts as the rows of a byte matrix, the shorter ones padded in front."""
    width = max(map(len, table))
    rows = np.frombuffer(b"".join(text.rjust(width, b"\0") for text in table), dtype=np.uint8)
    return rows.reshape(len(table), width)


def lines(fields: list[Field], count: int, np: Any) -> bytes:
    """``count`` lines, each the concatenation of its row of every field."""
    widths = [len(field) if isinstance(field, bytes) else field.shape[1] for field in fields]
    matrix = np.empty((count, sum(widths)), dtype=np.uint8)
    left = 0
    for field, width in zip(fields, widths):
        if isinstance(field, bytes):
            matrix[:, left : left + width] = np.frombuffer(field, dtype=np.uint8)
        else:
            matrix[:, left : left + width] = field
        left += width
    return bytes(matrix.tobytes().replace(b"\0", b""))


def ascending_lines(frames: Any, columns: list[Any], base: int, np: Any) -> bytes:
    """Lines ``{before}{frame}\\t{letters}\\n`` for ascending frame numbers in ``base``, from the
    rows of ``columns``: the letters, after the rows of any leading columns (one row a frame).
    The numbers of one width are written together, so that no padding needs taking out."""
    *leading, letters = columns
    before = leading[0].shape[1] if leading else 0
    pieces = []
    digits = np.frombuffer(DIGITS[:base], dtype=np.uint8)
    width = 1
    low = 0
    while low < len(frames):
        limit = base**width
        high = int(np.searchsorted(frames, limit)) if limit < 1 << 63 else len(frames)
        if high > low:
            part = frames[low:high]
            matrix = np.empty((high - low, before + width + 2 + letters.shape[1]), dtype=np.uint8)
            if leading:
                matrix[:, :before] = leading[0][low:high]
            for column in range(width):
                place = width - 1 - column
                # Shifts for hexadecimal: numpy's integer division is several times slower.
                digit = (part >> (4 * place)) & 15 if base == 16 else (part // base**place) % base
                matrix[:, before + column] = digits[digit]
            matrix[:, before + width] = ord("\t")
            matrix[:, before + width + 1 : -1] = letters[low:high]
            matrix[:, -1] = ord("\n")
            pieces.append(matrix.tobytes())
        low = high
        width += 1
    return b"".join(pieces)
