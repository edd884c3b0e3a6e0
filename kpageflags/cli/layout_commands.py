"""``layout``, ``page-flags`` and ``check-kernel``: the kernel-internal page->flags word."""

from __future__ import annotations

import argparse

from ..analysis.checkkernel import check_kernel
from ..facts.kconfig import KernelConfig, read_config
from ..facts.pglayout import contexts, decode_page_flags, pg_layout, preset_config, presets
from ..facts.releases import Release, parse_release
from .decode_commands import add_kernel_option
from .output import choose_release, parse_value, print_json_lines, values_from

LAYOUT_SCHEMA = "kpageflags.layout/1"
PAGE_FLAGS_SCHEMA = "kpageflags.page-flags/1"


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--arch", metavar="PRESET", help=f"a config preset: {', '.join(presets())} (default: x86_64)")
    group.add_argument("--config", metavar="FILE", help="a kernel .config, or a gzip one like /proc/config.gz")
    group.add_argument(
        "--snapshot",
        metavar="FILE",
        help="the config and (unless --kernel is given) the release recorded in a snapshot",
    )


def _release_and_config(args: argparse.Namespace) -> tuple[Release, KernelConfig]:
    if args.snapshot:
        from ..sources.snapshot import Snapshot

        with Snapshot(args.snapshot, kernel=args.kernel) as snapshot:
            return snapshot.release, snapshot.config()
    release = choose_release(args.kernel)
    if args.config:
        return release, read_config(args.config)
    return release, preset_config(args.arch or "x86_64")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    layout = commands.add_parser(
        "layout",
        help="the PG_ bit layout of a release and config",
        description="Show which PG_ flag is on which bit of page->flags for a release and config, with "
        "the aliases each bit carries.",
    )
    add_kernel_option(layout)
    _add_config_options(layout)
    layout.add_argument("--json", action="store_true", help="one JSON object")
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
    flags.add_argument("--json", action="store_true", help="JSON Lines, one object per word")
    flags.set_defaults(run=run_page_flags)

    check = commands.add_parser(
        "check-kernel",
        help="compare the spec with the running kernel's BTF",
        description="Read the running kernel's release, config and BTF, and compare its enum pageflags "
        "with the spec's layout. Exit status 0 only when they agree.",
    )
    check.add_argument("--kernel", metavar="REL", help="the release to assume (default: uname -r)")
    check.add_argument("--config", metavar="FILE", help="the config (default: /proc/config.gz or /boot)")
    check.add_argument("--btf", metavar="FILE", default="/sys/kernel/btf/vmlinux", help="the BTF to read")
    check.set_defaults(run=run_check_kernel)


def run_layout(args: argparse.Namespace) -> int:
    layout = pg_layout(*_release_and_config(args))
    if args.json:
        print_json_lines([{"schema": LAYOUT_SCHEMA, **layout.to_dict()}])
        return 0
    print(f"# enum pageflags of {layout.kernel} with {layout.config}: __NR_PAGEFLAGS = {layout.nr_pageflags}")
    for entry in layout.bits:
        aliases = ", ".join(
            f"{a.name} ({' and '.join([*a.context, *(f'{r} set' for r in a.requires)]) or 'any page'})"
            for a in entry.aliases
        )
        print(f"{entry.bit}\t{entry.name}" + (f"\t{aliases}" if aliases else ""))
    return 0


def run_page_flags(args: argparse.Namespace) -> int:
    layout = pg_layout(*_release_and_config(args))
    context = [c for c in args.context.split(",") if c]
    for text in values_from(args.values, "page->flags word"):
        decoded = decode_page_flags(parse_value(text, "page->flags word"), layout=layout, context=context)
        if args.json:
            print_json_lines([{"schema": PAGE_FLAGS_SCHEMA, **decoded.to_dict()}])
            continue
        parts = []
        for flag in decoded.flags:
            if flag.applies:
                parts.append(f"{flag.name}={'/'.join(flag.applies)}")
            else:
                parts.append(flag.name)
        parts.extend(f"{name}={value}" for name, value in decoded.fields.items())
        line = f"0x{decoded.value:016x}\t{'|'.join(parts)}"
        if decoded.unknown_bits:
            line += f"\tunknown bits: {', '.join(str(b) for b in decoded.unknown_bits)}"
        print(line)
    return 0


def run_check_kernel(args: argparse.Namespace) -> int:
    release = parse_release(args.kernel) if args.kernel else None
    config = read_config(args.config) if args.config else None
    result = check_kernel(release, config, args.btf)
    print(f"kernel {result.kernel}, config {result.config}, BTF {result.btf or 'not read'}")
    for note in result.notes:
        print(f"note: {note}")
    for agreement in result.agreements:
        print(f"agree: {agreement}")
    for difference in result.differences:
        print(f"differs: {difference}")
    if result.agrees:
        print("the spec agrees with this kernel")
        return 0
    print("the spec does not agree with this kernel" if result.differences else "nothing could be compared")
    return 1
