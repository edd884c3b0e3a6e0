"""slabinfo's -h text, as each release prints it, and kpageflags' own options."""

from __future__ import annotations

from .tool import SlabinfoTool

_TEXT = (
    "slabinfo 4/15/2011. (c) 2007 sgi/(c) 2011 Linux Foundation.\n"
    "\n"
    "slabinfo [-aABDefhilLnoPrsStTUvXz1] [N=K] [-dafzput] [slab-regexp]\n"
    "-a|--aliases           Show aliases\n"
    "-A|--activity          Most active slabs first\n"
    "-B|--Bytes             Show size in bytes\n"
    "-D|--display-active    Switch line format to activity\n"
    "-e|--empty             Show empty slabs\n"
    "-f|--first-alias       Show first alias\n"
    "-h|--help              Show usage information\n"
    "-i|--inverted          Inverted list\n"
    "-l|--slabs             Show slabs\n"
    "-L|--Loss              Sort by loss\n"
    "-n|--numa              Show NUMA information\n"
    "-N|--lines=K           Show the first K slabs\n"
    "-o|--ops               Show kmem_cache_ops\n"
    "-P|--partial           Sort by number of partial slabs\n"
    "-r|--report            Detailed report on single slabs\n"
    "-s|--shrink            Shrink slabs\n"
    "-S|--Size              Sort by size\n"
    "-t|--tracking          Show alloc/free information\n"
    "-T|--Totals            Show summary information\n"
    "-U|--Unreclaim         Show unreclaimable slabs only\n"
    "-v|--validate          Validate slabs\n"
    "-X|--Xtotals           Show extended summary information\n"
    "-z|--zero              Include empty slabs\n"
    "-1|--1ref              Single reference\n"
    "\n"
    "-d  | --debug          Switch off all debug options\n"
    "-da | --debug=a        Switch on all debug options (--debug=FZPU)\n"
    "\n"
    "-d[afzput] | --debug=[afzput]\n"
    "    f | F              Sanity Checks (SLAB_CONSISTENCY_CHECKS)\n"
    "    z | Z              Redzoning\n"
    "    p | P              Poisoning\n"
    "    u | U              Tracking\n"
    "    t | T              Tracing\n"
    "\n"
    "Sorting options (--Loss, --Size, --Partial) are mutually exclusive\n"
)
_PARTIAL_LINE = "-P|--partial           Sort by number of partial slabs\n"
OURS = """
kpageflags:
--kernel=REL            Print what the slabinfo of that release prints (5.19 and later)
--sysfs=DIR             Read a captured /sys/kernel/slab tree (never written to)
--snapshot=FILE         Read the slab tree a kpageflags snapshot recorded
--debugfs=DIR           Read the -t call sites from DIR/slab (default /sys/kernel/debug)
--interval=S            Sample every cache each S seconds to a time series (kpageflags slab)
--count=N               With --interval: N samples (default: until interrupted)
-o FILE                 With --interval: the series file, .csv or .jsonl (else -o is --ops)
Without --kernel: the newest slabinfo with its bugs fixed (see the docs).
"""


def usage(tool: SlabinfoTool) -> str:
    if tool.has("help_partial_line_tabs"):
        return _TEXT.replace(_PARTIAL_LINE, "-P|--partial\t\tSort by number of partial slabs\n")
    return _TEXT if tool.faithful else _TEXT + OURS
