"""The page source of a command, built once from its options.

``--snapshot FILE`` reads a snapshot; ``--kpageflags FILE`` (with any of the other saved-file
options) reads saved copies and nothing else; with neither, the command reads this machine,
where ``--zoneinfo`` and the like replace single files.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..output.progress import Progress
from . import arguments
from .output import announce

if TYPE_CHECKING:
    from ..facts.releases import Release
    from ..sources.files import FileSource
    from ..sources.source import PageSource

SAVED_FILE_OPTIONS = {
    "kpageflags": ("--kpageflags", "FILE", "a saved copy of /proc/kpageflags to read instead of this machine"),
    "kpagecount": ("--kpagecount", "FILE", "a saved copy of /proc/kpagecount (with --kpageflags)"),
    "kpagecgroup": ("--kpagecgroup", "FILE", "a saved copy of /proc/kpagecgroup (with --kpageflags), for cgroups"),
    "zoneinfo": ("--zoneinfo", "FILE", "a saved /proc/zoneinfo, for zones and nodes"),
    "memory_blocks": ("--memory-blocks", "DIR", "a copy of /sys/devices/system/memory, for memory blocks"),
    "buddyinfo": ("--buddyinfo", "FILE", "a saved /proc/buddyinfo, to compare free blocks with"),
    "config": ("--config", "FILE", "a kernel .config, or a gzip one like /proc/config.gz"),
    "cgroup_names": ("--cgroup-root", "DIR", "the memory cgroup hierarchy to name cgroups from"),
    "btf": ("--btf", "FILE", "a copy of /sys/kernel/btf/vmlinux, for the page-flag enums"),
}
PAGE_FILES_ONLY_WITH_KPAGEFLAGS = ("kpagecount", "kpagecgroup")


def add_snapshot_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--snapshot",
        type=arguments.path,
        metavar="FILE",
        default=None,
        help="read a snapshot (kpageflags snapshot) instead of this machine",
    )


def add_saved_file_options(parser: argparse.ArgumentParser, parts: tuple[str, ...] = tuple(SAVED_FILE_OPTIONS)) -> None:
    """Options naming saved copies of a machine's files; a part a source needs and was not
    given is an error that names its option (this machine's copy is never used for them)."""
    group = parser.add_argument_group(
        "saved files", "read copies taken on another machine or earlier; with --kpageflags, only what is given is used"
    )
    for part in parts:
        option, metavar, help_text = SAVED_FILE_OPTIONS[part]
        group.add_argument(option, dest=part, type=arguments.path, metavar=metavar, default=None, help=help_text)
    group.add_argument(
        "--page-size",
        type=arguments.page_size,
        default=None,
        metavar="BYTES",
        help="page size of the machine the files came from, a power of two from 1 KiB to 1 MiB "
        "(default: this machine's)",
    )


def add_source_options(parser: argparse.ArgumentParser, *parts: str) -> None:
    """--snapshot, and the saved-file options of ``parts`` (kpageflags always among them)."""
    add_snapshot_option(parser)
    add_saved_file_options(parser, ("kpageflags", *parts))


def source_from_args(args: argparse.Namespace) -> PageSource:
    """The one source a command's options describe."""
    snapshot = getattr(args, "snapshot", None)
    if snapshot:
        given = [SAVED_FILE_OPTIONS[part][0] for part in _saved_files(args)]
        given += ["--page-size"] if getattr(args, "page_size", None) else []
        if given:
            raise UsageError(f"--snapshot cannot be combined with {', '.join(given)}: the snapshot holds them")
        from ..sources.snapshot import Snapshot

        source: PageSource = Snapshot(snapshot, kernel=getattr(args, "kernel", None), progress=Progress(sys.stderr))
        source.when_release_chosen(announce)
        return source
    return files_from_args(args)


def files_from_args(args: argparse.Namespace) -> FileSource:
    """This machine, or the saved files the options name."""
    progress = Progress(sys.stderr)
    kernel = getattr(args, "kernel", None)
    given = _saved_files(args)
    page_size = getattr(args, "page_size", None)
    if "kpageflags" in given:
        from ..sources.files import SavedFiles

        saved = SavedFiles(given, kernel=kernel, page_size=page_size, progress=progress)
        saved.when_release_chosen(announce)
        return saved
    orphans = [SAVED_FILE_OPTIONS[part][0] for part in PAGE_FILES_ONLY_WITH_KPAGEFLAGS if part in given]
    if orphans:
        raise UsageError(f"{', '.join(orphans)} needs --kpageflags: saved page files are read together")
    from ..sources.files import LiveSource

    live = LiveSource(kernel=kernel, page_size=page_size, overrides=given, progress=progress)
    live.when_release_chosen(announce)
    return live


def choose_release_now(source: PageSource) -> Release:
    """The source's release, for a command whose analysis reads only bits every release has
    (free blocks, a process's memory): choosing it all the same makes a wrong --kernel an error
    and notes a release newer than the spec's, as every other command does."""
    return announce(source.release)


def _saved_files(args: argparse.Namespace) -> dict[str, str]:
    page_size = getattr(args, "page_size", None)
    if page_size is not None and page_size <= 0:
        raise UsageError(f"--page-size must be a positive number of bytes, not {page_size}")
    return {part: getattr(args, part) for part in SAVED_FILE_OPTIONS if getattr(args, part, None)}
