"""``kpageflags page-types``, ``page-owner-sort``, ``slabinfo`` and ``slabinfo-gnuplot``: the
kernel's tools, each with a command line of its own (getopt-style, which argparse cannot
express), handed over whole.

``cli.main`` runs them before argparse; the entries here list them in ``kpageflags --help``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # argparse and typing only for ``kpageflags --help``: not for a tool's start-up
if TYPE_CHECKING:
    import argparse

# Each tool: the module whose main(argv) runs it (in the kpageflags package, imported only when
# it runs), its summary and its description.
TOOLS = {
    "page-types": (
        "pagetypes.run",
        "the kernel's page-types, for any release",
        "Everything tools/mm/page-types does, with its options and output (run "
        "'kpageflags page-types --help' for them and kpageflags' own), for any release (-k/--kernel).",
    ),
    "page-owner-sort": (
        "pageownersort",
        "the kernel's page_owner_sort, byte for byte for a release (--kernel) or with its bugs fixed",
        "Groups and sorts a saved /sys/kernel/debug/page_owner as tools/mm/page_owner_sort "
        "does (run 'kpageflags page-owner-sort --help' for its options).",
    ),
    "slabinfo-gnuplot": (
        "slabinfognuplot",
        "the kernel's slabinfo-gnuplot.sh: its data files byte for byte, its charts with matplotlib",
        "Cuts the data files tools/mm/slabinfo-gnuplot.sh cuts from 'slabinfo -X' samples and draws "
        "its charts as PNG or SVG (run 'kpageflags slabinfo-gnuplot --help' for its options).",
    ),
    "slabinfo": (
        "slabinfo",
        "the kernel's slabinfo, byte for byte for a release (--kernel) or with its bugs fixed",
        "Reports the SLUB caches of /sys/kernel/slab (or a captured tree, --sysfs) as "
        "tools/mm/slabinfo does (run 'kpageflags slabinfo --help' for its options).",
    ),
}


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    import argparse
    import functools

    for name, (_, summary, description) in TOOLS.items():
        command = commands.add_parser(name, help=summary, add_help=False, description=description)
        command.add_argument("arguments", nargs=argparse.REMAINDER)
        command.set_defaults(run=functools.partial(_run, name))


def run_tool(name: str, arguments: list[str]) -> int:
    """Runs the tool ``name`` on its own command line, importing only its package (by
    __import__: importlib, with the warnings module it imports, is a hundredth of slabinfo)."""
    module = __import__(TOOLS[name][0], globals(), None, ["main"], 2)
    return int(module.main(arguments))


def _run(name: str, args: argparse.Namespace) -> int:
    return run_tool(name, list(args.arguments))
