"""Checking a snapshot before trusting it: its manifest, its members, and bounded reads of them.

A snapshot may come from anywhere, so nothing in it is taken on trust: the manifest is read
with a size limit and every key the readers use is checked for its type and range when the
snapshot is opened, and every member it names must be in the archive. Members are read with
limits too: text members up to ``TEXT_LIMIT``, page files streamed and never past the entries
the manifest declares, so a member that inflates to gigabytes is refused without being held.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from collections.abc import Generator
from typing import Any, Callable

from ..errors import SnapshotError

FORMAT = "kpageflags.snapshot/1"
SLAB_MEMBERS = ("slab", "slabinfo", "meminfo")
"""The slab tree (as JSON), /proc/slabinfo and /proc/meminfo; snapshots taken before they were
recorded lack the keys, and read as before."""
MANIFEST = "manifest.json"
MANIFEST_LIMIT = 64 << 20
TEXT_LIMIT = 64 << 20
MAX_ENTRIES = 1 << 40
"""Page frames of 4 PiB of 4 KiB pages: more than any machine Linux runs on has."""
MAX_PAGE_SIZE = 1 << 20
PAGE_FILE_NAMES = ("kpageflags", "kpagecount", "kpagecgroup")
DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, gzip.BadGzipFile, OSError)


def read_limited(archive: zipfile.ZipFile, name: str, limit: int, where: str) -> bytes:
    """A member's bytes, refused if it inflates past ``limit`` (however large it says it is)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise SnapshotError(f"{where}: the archive has no member {name}") from None
    if info.file_size > limit:
        raise SnapshotError(f"{where}: {name} inflates to {info.file_size} bytes, over the limit of {limit}")
    try:
        with archive.open(info) as member:
            data = member.read(limit + 1)
    except DAMAGE as error:
        raise SnapshotError(f"{where}: {name} is damaged ({error})") from None
    if len(data) > limit:
        raise SnapshotError(f"{where}: {name} inflates past the limit of {limit} bytes")
    return data


def gunzip_limited(data: bytes, limit: int, where: str) -> bytes:
    """A gzip stream's content, refused past ``limit`` bytes."""
    try:
        content = zlib.decompressobj(wbits=31).decompress(data, limit + 1)
    except zlib.error as error:
        raise SnapshotError(f"{where} is damaged ({error})") from None
    if len(content) > limit:
        raise SnapshotError(f"{where} inflates past the limit of {limit} bytes")
    return content


def stream_entries(
    archive: zipfile.ZipFile, member: str, declared: int, where: str, window: tuple[int, int | None], chunk: int
) -> Generator[tuple[int, bytes], None, None]:
    """``(first, data)`` chunks of a gzip page-file member: entries ``start`` <= index < ``end``
    of ``window``, in chunks of ``chunk`` entries from ``start`` (a stream cannot seek, so the
    entries before ``start`` are read and dropped). The member is checked against the
    ``declared`` number of entries as it comes: one entry too many, or a member that ends
    early or in the middle of an entry, is an error."""
    start, end = window
    stop = declared if end is None else min(end, declared)
    index = 0
    try:
        with archive.open(member) as stored, gzip.GzipFile(fileobj=stored) as stream:
            while index < stop or end is None:
                first = index
                want = chunk if index >= start else min(chunk, start - index)
                data = stream.read(want * 8)
                if not data:
                    break
                if len(data) % 8:
                    raise SnapshotError(f"{where} ends in the middle of an entry")
                index += len(data) // 8
                if index > declared:
                    raise SnapshotError(f"{where} holds more than the {declared} entries the manifest declares")
                if index > start:
                    yield first, data[: (min(index, stop) - first) * 8]
    except DAMAGE as error:
        raise SnapshotError(f"{where} is damaged ({error})") from None
    if index < stop:
        raise SnapshotError(f"{where} holds {index} entries, the manifest declares {declared}")


def gunzip_member_exactly(archive: zipfile.ZipFile, member: str, size: int, where: str) -> bytes:
    """A gzip member's content, which must be ``size`` bytes: reading stops one byte past it."""
    try:
        with archive.open(member) as stored, gzip.GzipFile(fileobj=stored) as stream:
            content = stream.read(size + 1)
    except DAMAGE as error:
        raise SnapshotError(f"{where} is damaged ({error})") from None
    if len(content) != size:
        found = "more" if len(content) > size else f"{len(content)}"
        raise SnapshotError(f"{where} holds {found} bytes where its mappings need {size}")
    return content


def check_manifest(archive: zipfile.ZipFile, where: str) -> dict[str, Any]:
    """The manifest, once every key the readers use has been checked and every member it
    names has been found in the archive."""
    import json

    try:
        manifest = json.loads(read_limited(archive, MANIFEST, MANIFEST_LIMIT, where))
    except ValueError as error:
        raise SnapshotError(f"{where}: {MANIFEST} is not JSON ({error})") from None
    if not isinstance(manifest, dict):
        raise SnapshotError(f"{where}: {MANIFEST} is not a JSON object")
    checker = _Checker(manifest, where)
    if manifest.get("format") != FORMAT:
        raise SnapshotError(f"{where}: snapshot format {manifest.get('format')!r} is not {FORMAT!r}")
    checker.check()
    for member in checker.members:
        try:
            archive.getinfo(member)
        except KeyError:
            raise SnapshotError(f"{where}: the manifest names {member}, which the archive lacks") from None
    return manifest


class _Checker:
    """Checks one manifest, collecting the members it names."""

    def __init__(self, manifest: dict[str, Any], where: str) -> None:
        self.manifest, self.where = manifest, where
        self.members: list[str] = []

    def fail(self, key: str, problem: str) -> SnapshotError:
        return SnapshotError(f"{self.where}: manifest key '{key}' {problem}")

    def get(self, key: str, kind: type | tuple[type, ...], required: bool = False) -> Any:
        if key not in self.manifest:
            if required:
                raise self.fail(key, "is missing")
            return None
        value = self.manifest[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.fail(key, f"is not a {_kind_name(kind)}")
        return value

    def check(self) -> None:
        kernel = self.get("kernel", str, required=True)
        if not 0 < len(kernel) <= 200:
            raise self.fail("kernel", "is not a kernel release")
        release = self.get("release", str)
        if release is not None and not 0 < len(release) <= 200:
            raise self.fail("release", "is not a kernel release")
        self._page_size()
        self._files()
        for key in ("zoneinfo", "buddyinfo", "config", *SLAB_MEMBERS):
            member = self.get(key, str)
            if member:
                self.members.append(member)
        self.get("taken", str)
        self._mapping("missing", _is_text, _is_text)
        self._mapping("cgroups", _is_number, _is_text)
        self._mapping("btf_enums", _is_text, _is_enum)
        self._memory_blocks()
        self._processes()

    def _page_size(self) -> None:
        size = self.get("page_size", int, required=True)
        if not 0 < size <= MAX_PAGE_SIZE or size & (size - 1):
            shown = str(size) if size.bit_length() < 64 else f"a {size.bit_length()}-bit number"
            raise self.fail("page_size", f"is {shown}, not a power of two up to {MAX_PAGE_SIZE}")

    def _files(self) -> None:
        files = self.get("files", dict, required=True)
        if "kpageflags" not in files:
            raise self.fail("files", "has no kpageflags")
        for name, info in files.items():
            key = f"files.{name}"
            if name not in PAGE_FILE_NAMES:
                raise self.fail(key, f"is not one of {', '.join(PAGE_FILE_NAMES)}")
            if not isinstance(info, dict) or not isinstance(info.get("member"), str):
                raise self.fail(key, "has no member name")
            entries = info.get("entries")
            if not _is_count(entries, MAX_ENTRIES):
                raise self.fail(f"{key}.entries", f"is not a number of entries from 0 to {MAX_ENTRIES}")
            self.members.append(info["member"])

    def _mapping(self, key: str, key_ok: Callable[[Any], bool], value_ok: Callable[[Any], bool]) -> None:
        for name, value in (self.get(key, dict) or {}).items():
            if not key_ok(name) or not value_ok(value):
                raise self.fail(key, f"has a bad entry {str(name)[:40]!r}")

    def _memory_blocks(self) -> None:
        for block in self.get("memory_blocks", list) or []:
            ok = (
                isinstance(block, list)
                and len(block) == 4
                and _is_count(block[0], MAX_ENTRIES)
                and _is_count(block[1], MAX_ENTRIES)
                and block[1] > 0
                and (block[2] is None or _is_count(block[2], 1 << 16))
                and (block[3] is None or isinstance(block[3], bool))
            )
            if not ok:
                raise self.fail("memory_blocks", f"has a bad block {str(block)[:60]}")

    def _processes(self) -> None:
        for pid, info in (self.get("processes", dict) or {}).items():
            ok = (
                _is_number(pid)
                and isinstance(info, dict)
                and all(isinstance(info.get(field), str) for field in ("maps", "pagemap"))
                and isinstance(info.get("comm", ""), str)
            )
            if not ok:
                raise self.fail("processes", f"has a bad process {str(pid)[:20]!r}")
            self.members += [info["maps"], info["pagemap"]]


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {"str": "string", "int": "whole number", "dict": "JSON object", "list": "JSON list"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k.__name__, k.__name__) for k in kinds)


def _is_count(value: Any, limit: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= limit


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_number(text: Any) -> bool:
    return isinstance(text, str) and text.isdigit() and len(text) <= 20


def _is_enum(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str) and _is_count(pair[1], 1 << 64)
        for pair in value
    )
