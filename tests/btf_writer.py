"""Writing small BTF files holding only enums, as the kernel's BTF would carry them."""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence
from pathlib import Path

BTF_KIND_ENUM = 6


def btf_of_enums(enums: Mapping[str, Sequence[tuple[str, int]]]) -> bytes:
    """BTF (version 1) whose type section holds one 4-byte enum per entry, members in order
    (non-negative values, as enum pageflags, pagetype and zone_type have)."""
    strings = bytearray(b"\0")

    def offset_of(name: str) -> int:
        offset = len(strings)
        strings.extend(name.encode() + b"\0")
        return offset

    types = bytearray()
    for name, members in enums.items():
        types += struct.pack("<III", offset_of(name), BTF_KIND_ENUM << 24 | len(members), 4)
        for member, value in members:
            types += struct.pack("<II", offset_of(member), value)
    header = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(types), len(types), len(strings))
    return header + bytes(types) + bytes(strings)


def write_btf(path: Path, enums: Mapping[str, Sequence[tuple[str, int]]]) -> Path:
    path.write_bytes(btf_of_enums(enums))
    return path
