"""/sys/kernel/slab trees for the slabinfo tests: a copy of this machine's, and synthetic ones
(several NUMA nodes, debug flags, SLUB_STATS counters, hundreds of caches, aliases).

Entries are created in the reverse of sysfs' order: tmpfs lists a directory newest first, so
the C tool, bind-mounted over such a tree on tmpfs, reads it in the order sysfs would give."""

from __future__ import annotations

import os
import random
import tarfile
from pathlib import Path

from kpageflags.slab.order import kernfs_order
from kpageflags.slabinfo.reading import STATS

# Attributes a cache's directory has on 6.18 besides the ones a tree sets.
WRITE_ONLY = {"shrink", "validate"}


def capture(destination: Path, source: Path = Path("/sys/kernel/slab")) -> Path:
    """A copy of ``source``: every readable attribute's text, every alias link."""
    destination.mkdir(parents=True)
    for name in reversed(kernfs_order(os.listdir(source))):
        entry = source / name
        if entry.is_symlink():
            (destination / name).symlink_to(os.readlink(entry))
            continue
        files = {}
        for attribute in os.listdir(entry):
            if attribute in WRITE_ONLY:
                continue
            try:
                files[attribute] = (entry / attribute).read_bytes()
            except OSError:
                continue
        write_cache(destination / name, files)
    return destination


def write_cache(directory: Path, files: dict[str, bytes]) -> None:
    directory.mkdir()
    for attribute in reversed(kernfs_order(files)):
        (directory / attribute).write_bytes(files[attribute])
        os.chmod(directory / attribute, 0o400)


def synthetic(destination: Path, caches: int, nodes: int = 4, seed: int = 14, stats: bool = True) -> Path:
    """``caches`` caches with made-up but consistent numbers, some merged (":" names with one
    or several alias links), some empty, some reclaimable, some with debug flags."""
    rng = random.Random(seed)
    entries: dict[str, dict[str, bytes] | str] = {}
    for index in range(caches):
        merged = index % 3 == 0
        size = rng.choice([8, 16, 24, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192])
        name = (
            f":{'a' if index % 5 == 0 else ''}-{size + index:07d}"
            if merged
            else f"cache-{index:04d}_{rng.choice('abcxyz')}"
        )
        entries[name] = _cache_files(rng, size, nodes, stats)
        if merged:
            for alias in range(index % 4):
                entries[f"alias-{index}-{alias}{'x' * alias}"] = name
    return write_tree(destination, entries)


def wide(destination: Path, caches: int, aliases: int) -> Path:
    """``caches`` small caches (a size, an order, a slab count) and ``aliases`` links to them:
    a tree past slabinfo's room for caches or aliases, in few files."""
    entries: dict[str, dict[str, bytes] | str] = {}
    for index in range(caches):
        entries[f"w{index:04d}"] = {
            "object_size": b"%d\n" % (8 << index % 6),
            "order": b"0\n",
            "slabs": b"%d\n" % (index % 7),
        }
    for index in range(aliases):
        entries[f"link{index:04d}"] = f"w{index % caches:04d}"
    return write_tree(destination, entries)


def _cache_files(rng: random.Random, size: int, nodes: int, stats: bool) -> dict[str, bytes]:
    order = rng.choice([0, 0, 1, 2, 3])
    per_slab = max((4096 << order) // (size + 8), 1)
    per_node = [rng.choice([0, 0, 1, 3, 40, 1000]) for _ in range(nodes)]
    slabs = sum(per_node)
    partial_per_node = [rng.randint(0, count) for count in per_node]
    objects = max(slabs * per_slab - rng.randint(0, per_slab * 2), 0)
    debug = rng.random() < 0.2

    def counts(values: list[int]) -> bytes:
        tail = " ".join(f"N{node}={value}" for node, value in enumerate(values) if value)
        return f"{sum(values)}{' ' + tail if tail else ''}\n".encode()

    files = {
        "aliases": b"%d\n" % rng.choice([0, 0, 1, 2]),
        "align": b"%d\n" % rng.choice([8, 64]),
        "cache_dma": b"%d\n" % (rng.random() < 0.05),
        "cpu_slabs": counts([min(count, 2) for count in per_node]),
        "destroy_by_rcu": b"%d\n" % (rng.random() < 0.1),
        "hwcache_align": b"%d\n" % (rng.random() < 0.3),
        "object_size": b"%d\n" % size,
        "objects": counts([objects]),
        "objects_partial": counts([sum(partial_per_node) * per_slab // 2]),
        "total_objects": counts([slabs * per_slab]),
        "objs_per_slab": b"%d\n" % per_slab,
        "order": b"%d\n" % order,
        "partial": counts(partial_per_node),
        "poison": b"%d\n" % debug,
        "reclaim_account": b"%d\n" % (rng.random() < 0.25),
        "red_zone": b"%d\n" % debug,
        "sanity_checks": b"%d\n" % (debug and rng.random() < 0.5),
        "slab_size": b"%d\n" % (size + 8),
        "slabs": counts(per_node),
        "store_user": b"%d\n" % debug,
        "trace": b"0\n",
        "ctor": b"",
        "slabs_cpu_partial": b"0(0)\n",
    }
    if stats:
        for counter in STATS:
            per_cpu = [rng.choice([0, 5, 700, 123456]) for _ in range(2)]
            files[counter] = f"{sum(per_cpu)} C0={per_cpu[0]} C1={per_cpu[1]}\n".encode()
    return files


def traces(debugfs: Path, caches: list[str]) -> Path:
    """A debugfs with alloc_traces and free_traces for ``caches``, as 6.0+ kernels with
    slub_debug=U write them (one with more than the 4 KiB slabinfo prints)."""
    for index, name in enumerate(caches):
        directory = debugfs / "slab" / name
        directory.mkdir(parents=True)
        lines = 300 if index == 0 else 2
        for kind in ("alloc", "free"):
            text = "".join(
                f"{10 + line:>7} {kind}_site_{line}+0x{line:x}/0x200 age=1/2/3 pid=1-{line} cpus=0\n"
                for line in range(lines)
            )
            (directory / f"{kind}_traces").write_text(text)
    return debugfs


def unpack(archive: Path, destination: Path) -> Path:
    """A tree stored with ``tar czf``, unpacked (in whatever order: the tool orders it)."""
    with tarfile.open(archive) as stored:
        stored.extractall(destination, filter="tar") if hasattr(tarfile, "data_filter") else stored.extractall(
            destination
        )
    return destination


def standard_trees(root: Path) -> Path:
    """The trees the slabinfo tests and their stored C outputs use, made under ``root``: a copy
    of this machine's tree (``live``, from the fixture archive), ``numa4`` (4 nodes, SLUB_STATS,
    debug flags, aliases), ``many`` (640 caches) and the ``debugfs`` call sites, then the
    trees of the second round of stored outputs (``new_trees``)."""
    unpack(Path(__file__).parent / "fixtures" / "slabinfo" / "live-6.18.tar.gz", root)
    synthetic(root / "numa4", 120)
    synthetic(root / "many", 640, nodes=2, seed=5, stats=False)
    traces(root / "debugfs", ["cache-0001_c", ":-0000020", "alias-105-0"])
    unpack(Path(__file__).parent / "fixtures" / "slabinfo" / "live-6.18-b.tar.gz", root)
    return new_trees(root)


def new_trees(root: Path) -> Path:
    """``numa8`` (8 nodes, SLUB_STATS, debug flags), ``flat1`` (one node, no counters), ``wide``
    (2001 caches and 501 aliases: past the room of slabinfo from 6.13) and their call sites in
    ``debugfs-b`` (the first one, over 4 KiB, for a cache no stored case reports)."""
    numa8 = synthetic(root / "numa8", 150, nodes=8, seed=71)
    synthetic(root / "flat1", 60, nodes=1, seed=5, stats=False)
    wide(root / "wide", caches=2001, aliases=501)
    named = sorted(name for name in os.listdir(numa8) if name.startswith("cache-000"))
    traces(root / "debugfs-b", ["no-such-cache", *named[:2], "alias-3-0", "alias-6-0", "kmalloc-64", "dentry"])
    return root


def write_tree(destination: Path, entries: dict[str, dict[str, bytes] | str]) -> Path:
    """``entries`` (a cache's files, or the cache an alias links to) written in reverse kernfs
    order, so that a filesystem that lists the newest first lists them as sysfs does."""
    destination.mkdir(parents=True)
    for name in reversed(kernfs_order(entries)):
        value = entries[name]
        if isinstance(value, str):
            (destination / name).symlink_to(value)
        else:
            write_cache(destination / name, value)
    return destination
