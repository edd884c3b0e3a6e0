"""Hostile and damaged snapshots, built with zipfile directly: each is refused with one line,
and none is read whole when it inflates past what it declares."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kpageflags.errors import BadMaps, InputError, SnapshotError
from kpageflags.sources.snapshot import Snapshot

GIB = 1 << 30
ENTRIES = 1000
ZONEINFO = "Node 0, zone   Normal\n        spanned  1000\n        present  1000\n  start_pfn:           0\n"


def manifest(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "kpageflags.snapshot/1",
        "kernel": "6.18.44",
        "page_size": 4096,
        "files": {"kpageflags": {"member": "kpageflags.gz", "entries": ENTRIES}},
        "zoneinfo": "zoneinfo.txt",
    }
    document.update(changes)
    return {key: value for key, value in document.items() if value is not None}


def write(path: Path, document: dict[str, Any] | bytes | None, members: dict[str, bytes] | None = None) -> Path:
    """A zip with ``document`` as its manifest (None: no manifest) and ``members`` (default:
    a kpageflags of ENTRIES free pages and a zoneinfo)."""
    if members is None:
        members = {"kpageflags.gz": gzip.compress(bytes(8 * ENTRIES)), "zoneinfo.txt": ZONEINFO.encode()}
    with zipfile.ZipFile(path, "w") as archive:
        if document is not None:
            body = document if isinstance(document, bytes) else json.dumps(document).encode()
            archive.writestr("manifest.json", body)
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def opened(path: Path) -> Snapshot:
    return Snapshot(str(path))


def read_all(path: Path) -> None:
    with opened(path) as snapshot:
        for _ in snapshot.read():
            pass


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kpageflags", *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_a_well_formed_snapshot_opens_and_reads(tmp_path: Path) -> None:
    # The baseline every hostile case below departs from.
    read_all(write(tmp_path / "good.kpf", manifest()))


def test_not_a_zip_and_a_bad_crc_are_snapshot_errors(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.kpf"
    garbage.write_bytes(b"PK\x03\x04 but not a zip archive at all" * 10)
    with pytest.raises(SnapshotError, match="not a kpageflags snapshot"):
        opened(garbage)
    good = write(tmp_path / "crc.kpf", manifest())
    data = good.read_bytes()
    # The manifest is stored: change one byte of it and its CRC no longer matches.
    good.write_bytes(data.replace(b'"kernel"', b'"kernal"', 1))
    with pytest.raises(SnapshotError, match=r"manifest.json is damaged \(Bad CRC"):
        opened(good)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (None, "the archive has no member manifest.json"),
        (b"{not json", "manifest.json is not JSON"),
        (b"[1, 2]", "is not a JSON object"),
        (manifest(format="other/2"), "snapshot format 'other/2'"),
        (manifest(kernel=None), "manifest key 'kernel' is missing"),
        (manifest(kernel=7), "manifest key 'kernel' is not a string"),
        (manifest(page_size=None), "manifest key 'page_size' is missing"),
        (manifest(files=None), "manifest key 'files' is missing"),
        (manifest(files={}), "manifest key 'files' has no kpageflags"),
        (manifest(files={"kpageflags": {"member": "kpageflags.gz", "entries": -1}}), "'files.kpageflags.entries'"),
        (manifest(files={"kpageflags": {"member": "kpageflags.gz", "entries": 1 << 50}}), "'files.kpageflags.entries'"),
        (manifest(files={"kpageflags": {"entries": 1}}), "'files.kpageflags' has no member name"),
        (manifest(memory_blocks=[[0, "x", 0, True]]), "manifest key 'memory_blocks' has a bad block"),
        (manifest(cgroups={"not-an-inode": "/"}), "manifest key 'cgroups' has a bad entry"),
        (manifest(processes={"1": {"maps": 3}}), "manifest key 'processes' has a bad process"),
        (manifest(config="config.gz"), "names config.gz, which the archive lacks"),
        (manifest(files={"kpageflags": {"member": "elsewhere.gz", "entries": 1}}), "names elsewhere.gz"),
    ],
)
def test_a_manifest_that_cannot_be_trusted_is_refused_when_opened(
    tmp_path: Path, document: dict[str, Any] | bytes | None, message: str
) -> None:
    with pytest.raises(SnapshotError, match=message):
        opened(write(tmp_path / "bad.kpf", document))


@pytest.mark.parametrize(
    "page_size",
    [0, -4096, 4096.0, "4096", True, 10**400, 3000, 1 << 30],
    ids=["zero", "negative", "float", "string", "bool", "huge", "not-a-power-of-two", "over-the-limit"],
)
def test_a_page_size_that_is_not_a_power_of_two_is_refused(tmp_path: Path, page_size: object) -> None:
    with pytest.raises(SnapshotError, match="manifest key 'page_size'"):
        opened(write(tmp_path / "size.kpf", manifest(page_size=page_size)))


def test_free_blocks_of_a_snapshot_with_page_size_zero_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "zero.kpf", manifest(page_size=0))
    result = cli("free-blocks", "--snapshot", str(path))
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"kpageflags: error: {path}: manifest key 'page_size' is 0, not a power of two up to 1048576"
    ]


def gigabyte_of_zeros() -> Iterator[bytes]:
    piece = bytes(1 << 20)
    for _ in range(GIB // len(piece)):
        yield piece


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """A gzip stream of 1 GiB of zeros, about 1 MB."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    return b"".join(compressor.compress(piece) for piece in gigabyte_of_zeros()) + compressor.flush()


def peak_memory(action: Any) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_manifest_that_inflates_to_a_gigabyte_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "manifest-bomb.kpf"
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("manifest.json", "w") as member,
    ):
        for piece in gigabyte_of_zeros():
            member.write(piece)
    error: list[SnapshotError] = []

    def open_it() -> None:
        with pytest.raises(SnapshotError) as caught:
            opened(path)
        error.append(caught.value)

    assert peak_memory(open_it) < 16 << 20
    assert f"inflates to {GIB} bytes, over the limit" in str(error[0])


def test_a_page_file_that_inflates_past_its_declared_entries_is_refused_unheld(
    tmp_path: Path, gzip_bomb: bytes
) -> None:
    path = write(tmp_path / "bomb.kpf", manifest(), {"kpageflags.gz": gzip_bomb, "zoneinfo.txt": ZONEINFO.encode()})
    failure: list[str] = []

    def read_it() -> None:
        with pytest.raises(SnapshotError) as caught:
            read_all(path)
        failure.append(str(caught.value))

    assert peak_memory(read_it) < 16 << 20
    assert f"holds more than the {ENTRIES} entries the manifest declares" in failure[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(8 * ENTRIES + 5), "ends in the middle of an entry"),
        (bytes(8 * (ENTRIES - 1)), f"holds {ENTRIES - 1} entries, the manifest declares {ENTRIES}"),
    ],
)
def test_a_page_file_of_the_wrong_size_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    members = {"kpageflags.gz": gzip.compress(content), "zoneinfo.txt": ZONEINFO.encode()}
    with pytest.raises(SnapshotError, match=message):
        read_all(write(tmp_path / "size.kpf", manifest(), members))


def with_process(tmp_path: Path, maps: str, pagemap: bytes) -> Path:
    members = {
        "kpageflags.gz": gzip.compress(bytes(8 * ENTRIES)),
        "zoneinfo.txt": ZONEINFO.encode(),
        "processes/7/maps.txt": maps.encode(),
        "processes/7/pagemap.gz": gzip.compress(pagemap),
    }
    document = manifest(processes={"7": {"maps": "processes/7/maps.txt", "pagemap": "processes/7/pagemap.gz"}})
    return write(tmp_path / "process.kpf", document, members)


MAPS = "00400000-00402000 r-xp 00000000 08:01 1234 /bin/true\n"


def test_a_captured_process_reads_back_when_whole(tmp_path: Path) -> None:
    with opened(with_process(tmp_path, MAPS, bytes(16))) as snapshot:
        assert len(snapshot.process(7).entries) == 16


@pytest.mark.parametrize(
    ("maps", "pagemap", "error", "message"),
    [
        (MAPS, bytes(13), SnapshotError, "holds 13 bytes where its mappings need 16"),
        (MAPS, bytes(24), SnapshotError, "holds more bytes where its mappings need 16"),
        ("00400000-00402000 r-xp zz 08:01 1234 /bin/true\n", bytes(16), BadMaps, "line 1 is not a mapping"),
        ("garbage\n", bytes(16), BadMaps, "line 1 has no address range"),
        ("00400000-00402000 r-xp\n", bytes(16), BadMaps, "line 1 is not a mapping"),
        ("00402000 r-xp 00000000 08:01 1234\n", bytes(16), BadMaps, "line 1 has no address range"),
    ],
)
def test_a_damaged_captured_process_is_refused(
    tmp_path: Path, maps: str, pagemap: bytes, error: type[InputError], message: str
) -> None:
    path = with_process(tmp_path, maps, pagemap)
    with opened(path) as snapshot, pytest.raises(error, match=message):
        snapshot.process(7)
    result = cli("process", "7", "--snapshot", str(path))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert message in result.stderr
