"""Reading a /sys/kernel/slab tree as slabinfo reads it: the entries in directory order, each
alias link and each cache's attributes, parsed with the C tool's atol/strtoul and its types."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable

from ..errors import EnvironmentProblem, InputError, NotAvailable, NotPermitted, ToolStopped
from .cnum import U32, U64, atol, signed, strtoul
from .tool import SlabinfoTool

LIVE_SYSFS = "/sys/kernel/slab"
# Where SLUB's caches were before commit 081248de0a02 ("kset: move /sys/slab to
# /sys/kernel/slab"); slabinfo falls back to it (read_slab_dir: chdir to one, else the other).
OLD_SYSFS = "/sys/slab"
# The nodes slabinfo has room for per cache (MAX_NODES).
MAX_NODES = 1024
# The caches and aliases slabinfo has room for (MAX_SLABS, MAX_ALIASES) where it checks each
# entry as it reads the directory (cache_limit_checked in spec/slabinfo.yaml).
CHECKED_CACHE_ROOM = 2000
ALIAS_ROOM = 500
# The room for caches and for aliases before it checked as it read (caches_past_limit_corrupt).
UNCHECKED_ROOM = 500
# fgets into a 4 KiB buffer: at most this much of an attribute's first line.
LINE_LIMIT = 4095
# Cache directories kept open to open their files by name: well below the usual limit of
# 1024 descriptors a process, and more than most kernels have caches.
OPEN_DIRECTORIES = 256
# A descriptor only to open files under: O_PATH spares the kernel opening the directory itself.
_DIRECTORY_FLAGS = getattr(os, "O_PATH", os.O_RDONLY) | os.O_DIRECTORY

# Each attribute slabinfo reads, in its order, with the C type it lands in.
INT, UINT, ULONG = "int", "unsigned int", "unsigned long"
GEOMETRY: tuple[tuple[str, str], ...] = (
    ("aliases", INT),
    ("align", INT),
    ("cache_dma", INT),
    ("cpu_slabs", INT),
    ("destroy_by_rcu", INT),
    ("hwcache_align", UINT),
    ("object_size", UINT),
    ("objects", ULONG),
    ("objects_partial", ULONG),
    ("total_objects", ULONG),
    ("objs_per_slab", UINT),
    ("order", INT),
    ("partial", ULONG),
    ("poison", INT),
    ("reclaim_account", INT),
    ("red_zone", INT),
    ("sanity_checks", UINT),
    ("slab_size", UINT),
    ("slabs", ULONG),
    ("store_user", UINT),
    ("trace", UINT),
)
# The CONFIG_SLUB_STATS counters it reads (all unsigned long); absent files read as 0.
STATS = [
    "alloc_fastpath",
    "alloc_slowpath",
    "free_fastpath",
    "free_slowpath",
    "free_frozen",
    "free_add_partial",
    "free_remove_partial",
    "alloc_from_partial",
    "alloc_slab",
    "alloc_refill",
    "free_slab",
    "cpuslab_flush",
    "deactivate_full",
    "deactivate_empty",
    "deactivate_to_head",
    "deactivate_to_tail",
    "deactivate_remote_frees",
    "order_fallback",
    "cmpxchg_double_cpu_fail",
    "cmpxchg_double_fail",
    "cpu_partial_alloc",
    "cpu_partial_free",
    "alloc_node_mismatch",
    "deactivate_bypass",
]
# Attributes whose value is followed by per-node counts ("12 N0=5 N1=7").
PER_NODE = {"partial": "numa_partial", "slabs": "numa"}
_MASKS = {UINT: U32, ULONG: U64}
_INT_MAX = (1 << 31) - 1


class Cache:
    """One cache directory: its name (later the alias slabinfo shows it as), the directory it
    was read from, its numbers as the C tool holds them, and its per-node slab counts.

    An attribute is read when the output first asks for it: the C tool reads all 45 files of
    every cache, most of which no report prints, and opening a sysfs file is the bulk of the
    time a report takes."""

    __slots__ = ("directory", "name", "numa", "numa_partial", "numbers", "reader", "refs")

    def __init__(self, name: str, directory: str, reader: _Reader | None = None) -> None:
        self.name = name
        self.directory = directory
        self.numbers: dict[str, int] = {}
        self.numa: dict[int, int] = {}
        self.numa_partial: dict[int, int] = {}
        self.refs = 0
        self.reader = reader

    def number(self, attribute: str) -> int:
        """The attribute's value, read from its file the first time it is asked for."""
        value = self.numbers.get(attribute)
        if value is None:
            value = self.numbers[attribute] = self.reader.number(self, attribute) if self.reader else 0
        return value

    __getitem__ = number

    def load(self, attributes: tuple[str, ...]) -> None:
        """Reads those of ``attributes`` not read yet in one pass: for an output that prints
        them all (a report), where asking one at a time costs more than reading the files."""
        if self.reader is not None:
            self.reader.load(self, attributes)


class Alias:
    """An alias link: its name, the cache directory it names, and that cache once linked."""

    __slots__ = ("cache", "name", "ref")

    def __init__(self, name: str, ref: str) -> None:
        self.name = name
        self.ref = ref
        self.cache: Cache | None = None


class SlabTree:
    """What slabinfo read: caches and aliases in directory order, the merged caches (":"
    names), and notes for the user."""

    def __init__(self) -> None:
        self.caches: list[Cache] = []
        self.aliases: list[Alias] = []
        self.alias_targets = 0
        self.notes: list[str] = []
        # Raised as per-node counts are parsed; complete once every cache's are (see highest_node).
        self.highest_node_read = 0
        self._nodes_complete = False
        self._listings: dict[str, frozenset[str] | None] = {}
        self._directories: dict[str, int | None] = {}

    def highest_node(self) -> int:
        """The highest node any cache counts slabs or partial slabs on (slabinfo's highest_node,
        which only the NUMA tables print): those two files of every cache are read when first
        asked for this, not for the outputs that never print it."""
        if not self._nodes_complete:
            for cache in self.caches:
                for attribute in PER_NODE:
                    cache.number(attribute)
            self._nodes_complete = True
        return self.highest_node_read

    def may_have(self, directory: str, name: str) -> bool:
        """False when ``directory`` has no ``name``, from one listing of it. For the files a
        cache directory often lacks (the SLUB_STATS counters; ops, alloc_calls and free_calls,
        gone from every kernel slabinfo still tries) and the debugfs directory of each cache:
        each absent file is a failed open for the C tool, which costs more than the listing.
        A missing directory has nothing; one that cannot be listed may have anything (opening
        the file then tells)."""
        if directory not in self._listings:
            self._listings[directory] = _listing(directory)
        names = self._listings[directory]
        return names is None or name in names

    def directory_descriptor(self, directory: str) -> int | None:
        """A descriptor of ``directory`` to open its files by name (None when it cannot be
        opened: the caller opens the whole path and sees why). The kernel then looks up one
        name instead of the whole path, as for the C tool, which changes into each cache's
        directory: a tenth less time for each file opened. The outputs come back to a cache
        (its slab count, the highest node, its line), so up to OPEN_DIRECTORIES stay open, the
        oldest closed first."""
        if directory in self._directories:
            return self._directories[directory]
        if len(self._directories) >= OPEN_DIRECTORIES:
            oldest = self._directories.pop(next(iter(self._directories)))
            if oldest is not None:
                os.close(oldest)
        try:
            descriptor: int | None = os.open(directory, _DIRECTORY_FLAGS)
        except OSError:
            descriptor = None
        self._directories[directory] = descriptor
        return descriptor

    def close(self) -> None:
        """Closes the directories kept open for reading their files."""
        for descriptor in self._directories.values():
            if descriptor is not None:
                os.close(descriptor)
        self._directories.clear()


def _listing(directory: str) -> frozenset[str] | None:
    try:
        return frozenset(os.listdir(directory))
    except (FileNotFoundError, NotADirectoryError):
        return frozenset()
    except OSError:
        return None


def attribute_names(tool: SlabinfoTool) -> list[str]:
    """The files the tool opens in each cache directory, in order."""
    total = "objects_total" if tool.has("objects_total_attribute") else "total_objects"
    return [total if name == "total_objects" else name for name, _ in GEOMETRY] + STATS


def read_tree(root: str, matches: Callable[[str], bool], tool: SlabinfoTool) -> SlabTree:
    """The caches and aliases of ``root`` that slabinfo reads with this name filter."""
    tree = SlabTree()
    entries = _entries(root)
    try:
        _read_entries(root, entries, matches, tree, _Reader(tool, tree, root in (LIVE_SYSFS, OLD_SYSFS)))
    except BaseException:
        tree.close()  # the caller gets no tree to close
        raise
    if not _has_caches(entries):
        raise InputError(f"{root} is not a /sys/kernel/slab tree: no cache directory with an object_size file")
    return tree


def _read_entries(
    root: str, entries: list[os.DirEntry[str]], matches: Callable[[str], bool], tree: SlabTree, reader: _Reader
) -> None:
    checked = reader.tool.faithful and reader.tool.has("cache_limit_checked")
    for entry in entries:
        if entry.name.startswith(".") or (not entry.name.startswith(":") and not matches(entry.name)):
            continue
        if entry.is_symlink():
            if checked and len(tree.aliases) == ALIAS_ROOM:
                raise ToolStopped("Too many aliases")
            tree.aliases.append(Alias(entry.name, os.path.basename(os.readlink(entry.path))))
        elif entry.is_dir():
            if checked and len(tree.caches) == CHECKED_CACHE_ROOM:
                raise ToolStopped("Too many slabs")
            cache = _read_cache(entry.path, entry.name, reader)
            if cache is not None:
                tree.caches.append(cache)
                tree.alias_targets += entry.name.startswith(":")
        else:
            raise InputError(
                f"{root} is not a /sys/kernel/slab tree: {entry.name} is neither a cache directory nor a link"
            )


def live_sysfs() -> str:
    """The live tree slabinfo reads: /sys/kernel/slab, or /sys/slab where only that exists."""
    if not os.path.isdir(LIVE_SYSFS) and os.path.isdir(OLD_SYSFS):
        return OLD_SYSFS
    return LIVE_SYSFS


def _entries(root: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(root) as listing:
            entries = {entry.name: entry for entry in listing}
    except FileNotFoundError:
        if root == LIVE_SYSFS:
            missing = f"neither {LIVE_SYSFS} nor {OLD_SYSFS} exists"
            raise NotAvailable(f"SYSFS support for SLUB not active: {missing}") from None
        raise InputError(f"cannot read {root}: {os.strerror(errno.ENOENT)}") from None
    except NotADirectoryError:
        raise InputError(f"{root} is not a /sys/kernel/slab tree: not a directory") from None
    except PermissionError:
        raise NotPermitted(f"listing {root} needs more privileges (permission denied)") from None
    if root in (LIVE_SYSFS, OLD_SYSFS):
        return list(entries.values())  # readdir of sysfs itself: already in kernfs order
    from ..slab.order import kernfs_order  # only for a captured tree

    return [entries[name] for name in kernfs_order(entries)]


def _has_caches(entries: list[os.DirEntry[str]]) -> bool:
    """Whether any directory of the tree has an object_size file (a foreign tree has none); in
    a slab tree the first one does."""
    return any(os.path.isfile(os.path.join(entry.path, "object_size")) for entry in entries if entry.is_dir())


_TYPES = dict(GEOMETRY)
_STATS = frozenset(STATS)


def _read_cache(path: str, name: str, reader: _Reader) -> Cache | None:
    """A cache, with its slab count read: the one file nearly every output needs (whether the
    cache is empty), and the one that tells whether the cache went away since it was listed."""
    cache = Cache(name, path, reader)
    text = reader.text(cache, "slabs")
    if text is None and not os.path.isdir(path):
        if reader.tool.faithful:
            raise EnvironmentProblem(f"cache {name} went away while slabinfo read it (the C tool stops here)") from None
        reader.tree.notes.append(f"cache {name} went away while it was read; left out")
        return None
    cache.numbers["slabs"] = reader.parse(cache, "slabs", text or b"")
    return cache


class _Reader:
    """Reads a cache's attribute as slabinfo does (its file name in this release, its C type),
    when the output first asks for it. ``live``: the tree is the kernel's own, whose files only
    root may read."""

    def __init__(self, tool: SlabinfoTool, tree: SlabTree, live: bool) -> None:
        self.tool = tool
        self.tree = tree
        self.live = live
        self.files = dict(zip((name for name, _ in GEOMETRY), attribute_names(tool)))

    def number(self, cache: Cache, attribute: str) -> int:
        file = self.files.get(attribute)
        if file is not None:
            return self.parse(cache, attribute, self.text(cache, file) or b"")
        if attribute in _STATS:
            present = self.tree.may_have(cache.directory, attribute)
            return atol(self.text(cache, attribute) or b"") if present else 0
        return 0

    def load(self, cache: Cache, attributes: tuple[str, ...]) -> None:
        """``number`` for each of ``attributes`` (geometry ones) not read yet, with a plain count
        taken as it is (below 10 digits every C type holds it unchanged): a report reads some 20
        files per cache, and the calls per file were a quarter of its time. Anything else, or a
        file that cannot be opened or read, goes through ``number``, which says why."""
        directory = self.tree.directory_descriptor(cache.directory)
        numbers, files = cache.numbers, self.files
        for attribute in attributes:
            if attribute in numbers:
                continue
            data = None
            if directory is not None:
                try:
                    descriptor = os.open(files[attribute], os.O_RDONLY, dir_fd=directory)
                except OSError:
                    pass
                else:
                    try:
                        data = os.read(descriptor, LINE_LIMIT)
                    except OSError:
                        pass
                    finally:
                        os.close(descriptor)
            if data is None:
                numbers[attribute] = self.number(cache, attribute)
                continue
            line = data.partition(b"\n")[0]
            if line.isdigit() and len(line) < 10:
                numbers[attribute] = int(line)
            else:
                numbers[attribute] = self.parse(cache, attribute, line.partition(b"\0")[0])

    def parse(self, cache: Cache, attribute: str, text: bytes) -> int:
        if attribute in PER_NODE:
            value, rest = strtoul(text)
            setattr(cache, PER_NODE[attribute], _per_node(rest.lstrip(b" "), self.tree, cache.name))
        elif text.isdigit() and len(text) < 19:  # a plain number below LONG_MAX, the common case
            value = int(text)
        else:
            number, _, nodes = text.partition(b" ")
            if number.isdigit() and len(number) < 19 and (self.tool.faithful or _are_node_counts(nodes)):
                value = int(number)  # a count with per-node parts ("12 N0=5 N1=7"), as objects reads
            else:
                value = atol(text)
                if text and not self.tool.faithful:
                    _note_garbage(self.tree, cache.name, attribute, text)
        if value <= _INT_MAX:  # every C type holds it as it is (the values read are never negative)
            return value
        ctype = _TYPES[attribute]
        return signed(value, 32) if ctype == INT else value & _MASKS[ctype]

    def text(self, cache: Cache, file: str) -> bytes | None:
        """What fgets leaves of the file (its first line, cut at a NUL byte); None if there is
        no such file, b"" if it cannot be read."""
        directory = self.tree.directory_descriptor(cache.directory)
        path = file if directory is not None else f"{cache.directory}/{file}"
        try:
            descriptor = os.open(path, os.O_RDONLY, dir_fd=directory)
        except FileNotFoundError:
            return None
        except PermissionError:
            return self.unreadable(cache.directory, file)
        except OSError:
            return b""
        try:
            data = os.read(descriptor, LINE_LIMIT)
        except OSError as error:
            if error.errno == errno.EACCES:
                return self.unreadable(cache.directory, file)
            return b""
        finally:
            os.close(descriptor)
        return data.partition(b"\n")[0].partition(b"\0")[0]

    def unreadable(self, directory: str, attribute: str) -> bytes:
        """An attribute refused for lack of permission: what the release's tool does, or (fixed)
        one line with the cause: root's to read on the kernel's tree; the file's mode or owner on
        a copy, which root would read."""
        if self.tool.faithful:
            if self.tool.has("permission_error_fatal"):
                raise NotPermitted("Permission denied, Try using superuser", errno.EACCES)
            return b""
        path = f"{directory}/{attribute}"
        if self.live and os.geteuid() != 0:
            raise NotPermitted(f"reading {path} needs root (permission denied)", errno.EACCES)
        raise NotPermitted(f"{path}: not readable: permission denied", errno.EACCES)


def _note_garbage(tree: SlabTree, name: str, attribute: str, text: bytes) -> None:
    if not _is_count(text):
        tree.notes.append(f"{name}/{attribute}: {text[:40]!r} is not a number; read as slabinfo does ({atol(text)})")


def _is_count(text: bytes) -> bool:
    """Whether ``text`` is a number, perhaps with per-node parts ("12 N0=5 N1=7"), as sysfs
    prints counts (by hand: the re module would be a tenth of the command's start-up)."""
    first, *nodes = text.split() or [b""]
    digits = first[1:] if first.startswith(b"-") else first
    return digits.isdigit() and all(_is_node_count(node) for node in nodes)


def _are_node_counts(text: bytes) -> bool:
    return all(_is_node_count(part) for part in text.split())


def _is_node_count(part: bytes) -> bool:
    node, equals, count = part[1:].partition(b"=")
    return part.startswith(b"N") and node.isdigit() and bool(equals) and count.isdigit()


def _per_node(text: bytes, tree: SlabTree, name: str) -> dict[int, int]:
    """decode_numa_list: "N0=5 N1=7" pairs, raising slabinfo's highest node as it goes."""
    nodes: dict[int, int] = {}
    while text.startswith(b"N"):
        node, text = strtoul(text[1:])
        if text.startswith(b"="):
            count, text = strtoul(text[1:])
            if node >= MAX_NODES:
                raise InputError(f"cache {name} counts slabs on node {node}; slabinfo has room for {MAX_NODES} nodes")
            nodes[node] = signed(count, 32)
            tree.highest_node_read = max(tree.highest_node_read, node)
        text = text.lstrip(b" ")
    return nodes
