"""``kpageflags page-types``: every page-types option, parsed as page-types parses them."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    command = commands.add_parser(
        "page-types",
        help="the kernel's page-types, for any release",
        add_help=False,
        description="Everything tools/mm/page-types does, with its options and output (run "
        "'kpageflags page-types --help' for them and kpageflags' own), for any release (-k/--kernel).",
    )
    command.add_argument("arguments", nargs=argparse.REMAINDER)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..pagetypes.run import main

    return main(list(args.arguments))
