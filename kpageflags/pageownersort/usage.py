"""page_owner_sort's usage text as each release prints it (on standard output), for a command
line its tool refuses under ``--kernel``."""

from __future__ import annotations

from .tool import SortTool

# tools/vm/page_owner_sort.c of 5.19 (the same text to 6.6).
_FREE_TS_TOOL = (
    "Usage: ./page_owner_sort [OPTIONS] <input> <output>\n"
    "-m\t\tSort by total memory.\n"
    "-s\t\tSort by the stack trace.\n"
    "-t\t\tSort by times (default).\n"
    "-p\t\tSort by pid.\n"
    "-P\t\tSort by tgid.\n"
    "-n\t\tSort by task command name.\n"
    "-a\t\tSort by memory allocate time.\n"
    "-r\t\tSort by memory release time.\n"
    "-f\t\tFilter out the information of blocks whose memory has been released.\n"
    "-d\t\tPrint debug information.\n"
    "--pid <pidlist>\tSelect by pid. This selects the information of blocks whose process ID numbers"
    " appear in <pidlist>.\n"
    "--tgid <tgidlist>\tSelect by tgid. This selects the information of blocks whose Thread Group ID"
    " numbers appear in <tgidlist>.\n"
    "--name <cmdlist>\n\t\tSelect by command name. This selects the information of blocks whose command"
    " name appears in <cmdlist>.\n"
    "--cull <rules>\tCull by user-defined rules.<rules> is a single argument in the form of a"
    " comma-separated list with some common fields predefined\n"
    "--sort <order>\tSpecify sort order as: [+|-]key[,[+|-]key[,...]]\n"
)

# tools/mm/page_owner_sort.c from 6.7 (read in 6.12 and in the 7.3 text).
_ONE_SORT_OPTION_TOOL = (
    "Usage: ./page_owner_sort [OPTIONS] <input> <output>\n"
    "-a\t\t\tSort by memory allocation time.\n"
    "-m\t\t\tSort by total memory.\n"
    "-n\t\t\tSort by task command name.\n"
    "-p\t\t\tSort by pid.\n"
    "-P\t\t\tSort by tgid.\n"
    "-s\t\t\tSort by the stacktrace.\n"
    "-t\t\t\tSort by number of times record is seen (default).\n\n"
    "--pid <pidlist>\t\tSelect by pid. This selects the information of\n"
    "\t\t\tblocks whose process ID numbers appear in <pidlist>.\n"
    "--tgid <tgidlist>\tSelect by tgid. This selects the information of\n"
    "\t\t\tblocks whose Thread Group ID numbers appear in <tgidlist>.\n"
    "--name <cmdlist>\tSelect by command name. This selects the information\n"
    "\t\t\tof blocks whose command name appears in <cmdlist>.\n"
    "--cull <rules>\t\tCull by user-defined rules. <rules> is a single\n"
    "\t\t\targument in the form of a comma-separated list with some\n"
    "\t\t\tcommon fields predefined (pid, tgid, comm, stacktrace, allocator)\n"
    "--sort <order>\t\tSpecify sort order as: [+|-]key[,[+|-]key[,...]]\n"
)


def c_usage(tool: SortTool) -> str | None:
    """The release's usage text; None for the tools of 5.16 to 5.18, whose text we do not hold."""
    if tool.has("one_sort_option"):
        return _ONE_SORT_OPTION_TOOL
    if tool.has("sort_option"):
        return _FREE_TS_TOOL
    return None
