"""A snapshot's slab tree written out as a directory laid out as /sys/kernel/slab, for readers
that take only a directory (the slabinfo drop-in reads a snapshot this way): a private
temporary directory, removed when the reader is done."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator

from ..errors import SnapshotError
from ..sources.slabfiles import slab_files_from_json

MEMORY_BACKED = "/dev/shm"


@contextlib.contextmanager
def unpacked_snapshot_tree(snapshot_path: str) -> Iterator[str]:
    """The directory holding the snapshot's slab tree while the ``with`` block runs."""
    from ..sources.snapshot import Snapshot

    where = f"{snapshot_path}:slab.json"
    with Snapshot(snapshot_path) as snapshot:
        files = slab_files_from_json(snapshot.recorded_text("slab"), where)
    with tempfile.TemporaryDirectory(prefix="kpageflags-slab-", dir=_memory_backed()) as directory:
        for cache, texts in files.caches.items():
            cache_directory = os.path.join(directory, _file_name(cache, where))
            os.mkdir(cache_directory, 0o700)
            for attribute, text in texts.items():
                _write(os.path.join(cache_directory, _file_name(attribute, where)), text)
        for alias, cache in files.aliases.items():
            os.symlink(_file_name(cache, where), os.path.join(directory, _file_name(alias, where)))
        yield directory


def _memory_backed() -> str | None:
    """/dev/shm, unless TMPDIR names where temporary files go: some six thousand small files are
    made and removed, which took 5 s on a disk (ext4 on a VM's disk, a creation 0.5 ms) and
    0.1 s in memory."""
    if os.environ.get("TMPDIR") or not os.access(MEMORY_BACKED, os.W_OK | os.X_OK):
        return None
    return MEMORY_BACKED


def _file_name(name: str, where: str) -> str:
    """A name from the record as one file name: a damaged record must not reach outside the
    directory it is written to."""
    if name in ("", ".", "..") or "/" in name or "\0" in name:
        raise SnapshotError(f"{where}: the slab tree names {name[:40]!r}, which is no file name")
    return name


def _write(path: str, text: str) -> None:
    """One attribute file as sysfs shows it: the recorded text and its newline."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(descriptor, "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(text + "\n")
