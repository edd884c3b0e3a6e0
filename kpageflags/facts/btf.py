"""A minimal reader of BTF type information, enough to read enums such as ``pageflags``.

The kernel publishes its own types in ``/sys/kernel/btf/vmlinux``. Only the type section
is walked; each kind's fixed trailer is skipped by its documented size.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from ..errors import BadBtf, unreadable_file

BTF_MAGIC = 0xEB9F
VMLINUX_BTF = "/sys/kernel/btf/vmlinux"

KIND_ENUM = 6
KIND_ENUM64 = 19
# Bytes that follow the 12-byte common header, per kind: (fixed, per vlen item).
_TRAILER = {
    1: (4, 0),
    2: (0, 0),
    3: (12, 0),
    4: (0, 12),
    5: (0, 12),
    6: (0, 8),
    7: (0, 0),
    8: (0, 0),
    9: (0, 0),
    10: (0, 0),
    11: (0, 0),
    12: (0, 0),
    13: (0, 8),
    14: (4, 0),
    15: (0, 12),
    16: (0, 0),
    17: (4, 0),
    18: (0, 0),
    19: (0, 12),
}


class BtfEnum(NamedTuple):
    """An enum read from BTF: its members in declaration order, with their values."""

    name: str
    members: tuple[tuple[str, int], ...]

    @property
    def values(self) -> Mapping[str, int]:
        return MappingProxyType(dict(self.members))


def _strings(data: bytes, start: int, length: int) -> bytes:
    return data[start : start + length]


def read_enums(data: bytes, wanted: Iterable[str], source: str = "BTF") -> dict[str, BtfEnum]:
    """The named enums found in raw BTF ``data`` (missing names are simply absent)."""
    if len(data) < 24:
        raise BadBtf(f"{source} is too short to be BTF")
    magic, _version, _flags, header_length = struct.unpack_from("<HBBI", data, 0)
    if magic != BTF_MAGIC:
        raise BadBtf(f"{source} is not BTF (magic {magic:#06x})")
    type_off, type_len, str_off, str_len = struct.unpack_from("<IIII", data, 8)
    types_start = header_length + type_off
    strings_start = header_length + str_off
    if types_start + type_len > len(data) or strings_start + str_len > len(data):
        raise BadBtf(f"{source} is truncated")
    strings = _strings(data, strings_start, str_len)

    def name_at(offset: int) -> str:
        end = strings.find(b"\0", offset)
        return strings[offset : end if end >= 0 else len(strings)].decode("utf-8", "replace")

    remaining = {w: w.encode() for w in wanted}
    found: dict[str, BtfEnum] = {}
    position = types_start
    end = types_start + type_len
    while position < end and remaining:
        name_off, info, _size = struct.unpack_from("<III", data, position)
        kind = (info >> 24) & 0x1F
        vlen = info & 0xFFFF
        signed = not (info >> 31)
        position += 12
        trailer = _TRAILER.get(kind)
        if trailer is None:
            raise BadBtf(f"{source} has an unknown BTF kind {kind}")
        if kind in (KIND_ENUM, KIND_ENUM64) and name_off and name_at(name_off) in remaining:
            name = name_at(name_off)
            members = []
            for index in range(vlen):
                if kind == KIND_ENUM:
                    member_name, raw = struct.unpack_from("<Ii", data, position + index * 8)
                    value = raw if signed else raw & 0xFFFFFFFF
                else:
                    member_name, low, high = struct.unpack_from("<III", data, position + index * 12)
                    value = high << 32 | low
                members.append((name_at(member_name), value))
            found[name] = BtfEnum(name, tuple(members))
            del remaining[name]
        position += trailer[0] + trailer[1] * vlen
    return found


def read_vmlinux_enums(wanted: Iterable[str], path: str = VMLINUX_BTF) -> dict[str, BtfEnum]:
    """Reads enums from the running kernel's BTF (or another BTF file).

    The kernel's own BTF that cannot be opened or read is a problem of this machine
    (``NotAvailable`` when it is missing, ``NotPermitted`` when access is denied); any other
    file that cannot be, a directory, or a file whose content is not BTF, is bad input
    (``BadBtf``)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        raise BadBtf(f"{path} is a directory, not a BTF file") from None
    except OSError as error:
        raise unreadable_file(path, error, f"cannot read BTF from {path}: {error.strerror}", BadBtf) from None
    return read_enums(data, wanted, path)
