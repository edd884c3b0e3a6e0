"""``layout``, ``page-flags`` and ``check-kernel``: the kernel-internal page->flags word."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..analysis.checkkernel import KernelCheck, check_kernel
from ..errors import UnknownRelease
from ..facts.kconfig import KernelConfig, read_config
from ..facts.pglayout import (
    DecodedPageFlags,
    PgLayout,
    contexts,
    decode_page_flags,
    known_arches,
    pg_layout,
    preset_config,
    running_config_or_preset,
)
from ..facts.releases import Release, parse_release
from ..output.emit import Listing
from . import arguments
from .decode_commands import add_kernel_option
from .main import PROG
from .output import add_format_options, announce, choose_release, values_in

if TYPE_CHECKING:
    from ..analysis.specdraft import SpecDraft

LAYOUT_SCHEMA = "kpageflags.layout/1"
PAGE_FLAGS_SCHEMA = "kpageflags.page-flags/1"
CHECK_SCHEMA = "kpageflags.check-kernel/1"
DRAFT_SCHEMA = "kpageflags.check-kernel-draft/2"


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--arch",
        metavar="ARCH",
        help=f"a config preset by its arch, as uname -m or a distribution spells it: {known_arches()} "
        "(default: the running kernel's config, or x86_64 with --kernel)",
    )
    group.add_argument(
        "--config", type=arguments.path, metavar="FILE", help="a kernel .config, or a gzip one like /proc/config.gz"
    )
    group.add_argument(
        "--snapshot",
        type=arguments.path,
        metavar="FILE",
        help="the config and (unless --kernel is given) the release recorded in a snapshot",
    )


def _release_and_config(args: argparse.Namespace) -> tuple[Release, KernelConfig]:
    if args.snapshot:
        from ..sources.snapshot import Snapshot

        with Snapshot(args.snapshot, kernel=args.kernel) as snapshot:
            return announce(snapshot.release), snapshot.config()
    release = choose_release(args.kernel)
    if args.config:
        return release, read_config(args.config)
    if args.arch is not None:
        return release, preset_config(args.arch)
    if args.kernel:
        return release, preset_config("x86_64")
    # The running kernel, as check-kernel reads it: its own config decides which bits exist.
    config, note = running_config_or_preset()
    print(f"{PROG}: {note or f'config: {config.label}, the running kernel'}", file=sys.stderr)
    return release, config


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    layout = commands.add_parser(
        "layout",
        help="the PG_ bit layout of a release and config",
        description="Show which PG_ flag is on which bit of page->flags for a release and config, with "
        "the aliases each bit carries.",
    )
    add_kernel_option(layout)
    _add_config_options(layout)
    add_format_options(layout, "one object: the bits, their aliases, the fields and page types")
    layout.set_defaults(run=run_layout)

    flags = commands.add_parser(
        "page-flags",
        help="decode raw page->flags words",
        description="Decode page->flags words (as printed by dump_page) for a release and config. "
        "With none given, they are read from stdin.",
    )
    flags.add_argument("values", nargs="*", metavar="WORD", help="page->flags words, hex (0x...) or decimal")
    add_kernel_option(flags)
    _add_config_options(flags)
    flags.add_argument(
        "--context",
        default="",
        metavar="KINDS",
        help=f"comma-separated kinds of page, for aliases: {', '.join(contexts())}",
    )
    add_format_options(flags, "one object per word", "one row per word")
    flags.set_defaults(run=run_page_flags)

    check = commands.add_parser(
        "check-kernel",
        help="compare the spec with the running kernel's BTF",
        description="Read the running kernel's release, config and BTF, and compare its enum pageflags "
        "with the spec's layout. Exit status 0 only when they agree.",
    )
    check.add_argument("--kernel", metavar="REL", help="the release to assume (default: uname -r)")
    check.add_argument(
        "--config", type=arguments.path, metavar="FILE", help="the config (default: /proc/config.gz or /boot)"
    )
    check.add_argument(
        "--btf", type=arguments.path, metavar="FILE", default="/sys/kernel/btf/vmlinux", help="the BTF to read"
    )
    check.add_argument(
        "--draft",
        action="store_true",
        help="print the spec change (YAML) this kernel's BTF implies against the spec's facts at its release "
        "(the newest release's, for a release newer than the spec)",
    )
    add_format_options(check, "one object: what was compared, agreements, differences and notes (or the draft)")
    check.set_defaults(run=run_check_kernel)


def run_layout(args: argparse.Namespace) -> Listing:
    return Listing(LAYOUT_SCHEMA, [pg_layout(*_release_and_config(args))], _layout_lines)


def _layout_lines(layouts: Iterable[PgLayout]) -> Iterator[str]:
    for layout in layouts:
        yield f"# enum pageflags of {layout.kernel} with {layout.config}: __NR_PAGEFLAGS = {layout.nr_pageflags}"
        for entry in layout.bits:
            aliases = ", ".join(
                f"{a.name} ({' and '.join([*a.context, *(f'{r} set' for r in a.requires)]) or 'any page'})"
                for a in entry.aliases
            )
            yield f"{entry.bit}\t{entry.name}" + (f"\t{aliases}" if aliases else "")
        yield from _layout_summary(layout)


def _layout_summary(layout: PgLayout) -> Iterator[str]:
    """The rest of the layout, as comments after the bits: the upper fields, zones, page types."""
    fields = ", ".join(
        f"{f.name} (bit {f.shift})" if f.width == 1 else f"{f.name} (bits {f.shift}-{f.shift + f.width - 1})"
        for f in layout.fields
    )
    yield f"# fields: {fields or 'none'}"
    yield f"# zones: {' '.join(layout.zones)}"
    scheme = layout.page_type
    if scheme.kind == "flag":
        yield "# page types: none (buddy is a PG_ flag)"
    else:
        width = 2 if scheme.kind == "top_byte" else 0
        types = ", ".join(
            f"{name} {mark}" if scheme.kind == "mapcount" else f"{name} 0x{mark:0{width}x}"
            for name, mark in scheme.types
        )
        base = f", base 0x{scheme.base:x}" if scheme.base is not None else ""
        yield f"# page types ({scheme.kind}{base}): {types}"
    yield from (f"# note: {note}" for note in layout.notes)


def run_page_flags(args: argparse.Namespace) -> Listing:
    layout = pg_layout(*_release_and_config(args))
    context = [c for c in args.context.split(",") if c]
    words = (
        decode_page_flags(word, layout=layout, context=context) for word in values_in(args.values, "page->flags word")
    )
    return Listing(PAGE_FLAGS_SCHEMA, words, _page_flags_lines)


def _page_flags_lines(words: Iterable[DecodedPageFlags]) -> Iterator[str]:
    for decoded in words:
        parts = [f"{flag.name}={'/'.join(flag.applies)}" if flag.applies else flag.name for flag in decoded.flags]
        parts.extend(f"{name}={value}" for name, value in decoded.fields.items())
        line = f"0x{decoded.value:016x}\t{'|'.join(parts)}"
        if decoded.unknown_bits:
            line += f"\tunknown bits: {', '.join(str(b) for b in decoded.unknown_bits)}"
        yield line


def run_check_kernel(args: argparse.Namespace) -> Listing:
    if args.draft:
        return _run_draft(args)
    release = choose_release(args.kernel)
    config = read_config(args.config) if args.config else None
    result = check_kernel(release, config, args.btf)
    # The status answers the command's question: 0 only when the spec and the kernel agree.
    return Listing(CHECK_SCHEMA, [result], _check_lines, exit_code=0 if result.agrees else 1)


def _check_lines(results: Iterable[KernelCheck]) -> Iterator[str]:
    for result in results:
        yield f"kernel {result.kernel}, config {result.config}, BTF {result.btf}"
        yield from (f"note: {note}" for note in result.notes)
        yield from (f"agree: {agreement}" for agreement in result.agreements)
        yield from (f"differs: {difference}" for difference in result.differences)
        yield "the spec agrees with this kernel" if result.agrees else "the spec does not agree with this kernel"


def _run_draft(args: argparse.Namespace) -> Listing:
    from ..analysis.specdraft import draft_spec_change  # only --draft needs it: not at start-up

    config = read_config(args.config) if args.config else None
    draft = draft_spec_change(args.kernel, config, args.btf)
    with contextlib.suppress(UnknownRelease):
        # A kernel not even named as a release (a custom build) is drafted all the same.
        announce(parse_release(draft.kernel))
    # As for the check: 0 only when the kernel needs no change to the spec.
    return Listing(DRAFT_SCHEMA, [draft], _draft_lines, exit_code=0 if draft.unchanged else 1)


def _draft_lines(drafts: Iterable[SpecDraft]) -> Iterator[str]:
    for draft in drafts:
        yield from draft.lines()
