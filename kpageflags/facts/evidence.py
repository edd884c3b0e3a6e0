"""Where a fact of the spec was seen: the ``Evidence`` every generated table's records cite.

A module of its own so that the tables a command needs are made without the whole fact model
(``facts.model`` re-exports it with the rest).
"""

from __future__ import annotations

# Not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal, NamedTuple
else:
    from ._namedtuple import NamedTuple


_KERNEL_ORG = "https://git.kernel.org"

# A mainline release ("6.12", "2.6.25", or "4.0.0" as a Makefile says it) or a stable point
# release ("6.18.2", "2.6.27.20"). Anything longer, such as "6.1.0-rc3" or
# "5.14.0-570.32.1.el9_6", is an -rc or a vendor's build that no kernel.org tag is.
_UPSTREAM_RELEASE = r"^(2\.6\.\d+|[3-9]\.\d+)(?:\.(\d+))?$"


def _upstream_tag(release: str | None) -> tuple[str, str] | None:
    """The kernel.org tree ('torvalds' or 'stable') and tag of a release, if it has one."""
    import re  # here: decoding flags reads no citation, and re is a tenth of a tool's start-up

    match = re.match(_UPSTREAM_RELEASE, release or "")
    if match is None:
        return None
    base, point = match.groups()
    if point is None or int(point) == 0:
        return "torvalds", f"v{base}"
    return "stable", f"v{base}.{point}"


class Evidence(NamedTuple):
    """Where a fact was seen: a source file at a release, a commit, a patch or this machine.

    ``kind`` is ``source`` (``path`` read at ``release`` in ``tree``), ``commit``
    (``commit`` with ``subject``, landed in ``release``), ``patch`` (a mailing-list copy
    with ``subject`` and ``date``), ``machine`` (observed on a running kernel
    ``release``) or ``doc`` (documentation ``path`` at ``release``).

    ``tree`` names the copy (often a personal fork) the file or commit was read in. The
    citation shown first is upstream: the file at the release's mainline or stable tag, or
    the commit, on git.kernel.org (``upstream_url``); the copy comes after it.

    >>> from kpageflags import flag_history
    >>> str(flag_history('ksm').names[0].evidence[1])
    'commit 9a840895147b ("ksm: identify PageKsm pages"), in 2.6.32'
    >>> source = flag_history('ksm').names[0].evidence[0]
    >>> str(source)
    'mainline v2.6.32 fs/proc/page.c (read in a copy of that release: dandel/linux-2.6.32.y)'
    >>> source.upstream_url
    'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/fs/proc/page.c?h=v2.6.32'
    """

    kind: Literal["source", "commit", "patch", "machine", "doc"]
    release: str | None = None
    path: str | None = None
    tree: str | None = None
    commit: str | None = None
    subject: str | None = None
    date: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The fields, the upstream link and the citation as text, as JSON output shows evidence."""
        return {**self._asdict(), "upstream_url": self.upstream_url, "text": str(self)}

    @property
    def upstream_url(self) -> str | None:
        """The file at its release's upstream tag, or the commit, on git.kernel.org; None if neither."""
        upstream = _upstream_tag(self.release)
        if self.kind == "commit":
            # A commit with no release is taken as a mainline one; a stable point release
            # means the stable tree's backport of it, whose id is its own.
            repo = "torvalds" if self.release is None else upstream[0] if upstream else None
            return f"{_KERNEL_ORG}/{repo}/c/{self.commit}" if repo else None
        if self.kind in ("source", "doc") and upstream:
            repo, tag = upstream
            return f"{_KERNEL_ORG}/pub/scm/linux/kernel/git/{repo}/linux.git/tree/{self.path}?h={tag}"
        return None

    def parts(self) -> tuple[str, str]:
        """What is cited, then what follows it; ``str()`` joins them and the docs link the first."""
        upstream = _upstream_tag(self.release)
        copy = f" (read in a copy of that release: {self.tree})" if self.tree else ""
        if self.kind == "commit":
            cited = f"commit {self.commit}"
            rest = f' ("{self.subject}")' + (f", in {self.release}" if self.release else "") + copy
        elif self.kind == "patch":
            cited = f'patch "{self.subject}"'
            rest = f", posted {self.date}" if self.date else ""
        elif self.kind == "machine":
            cited, rest = f"observed on a running {self.release} kernel", ""
        elif upstream:
            cited = f"{'mainline' if upstream[0] == 'torvalds' else 'stable'} {upstream[1]} {self.path}"
            rest = copy
        else:
            cited = f"{self.release} {self.path}"
            rest = " (no upstream tag: not a mainline or stable release" + (
                f"; read in {self.tree})" if self.tree else ")"
            )
        return cited, rest + (f": {self.note}" if self.note else "")

    def __str__(self) -> str:
        return "".join(self.parts())
