"""``kpageflags page-owner-sort``: the kernel's page_owner_sort, parsed as it parses its options."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "page-owner-sort",
        help="the kernel's page_owner_sort, byte for byte for a release (--kernel) or with its bugs fixed",
        add_help=False,
        description="Groups and sorts a saved /sys/kernel/debug/page_owner as tools/mm/page_owner_sort "
        "does (run 'kpageflags page-owner-sort --help' for its options).",
    )
    command.add_argument("arguments", nargs=argparse.REMAINDER)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..pageownersort import main

    return main(list(args.arguments))
