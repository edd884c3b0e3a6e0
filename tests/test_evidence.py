"""Evidence is cited upstream first: the kernel.org tag or commit, then the copy it was read in."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

import pytest
from conftest import REPO

from codegen.reader import read_spec
from kpageflags.facts.model import Evidence

TORVALDS_TREE = "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/"
STABLE_TREE = "https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/tree/"


@pytest.mark.parametrize(
    ("release", "url"),
    [
        ("4.0", TORVALDS_TREE + "mm/filemap.c?h=v4.0"),
        ("4.0.0", TORVALDS_TREE + "mm/filemap.c?h=v4.0"),
        ("2.6.25", TORVALDS_TREE + "mm/filemap.c?h=v2.6.25"),
        ("6.18.2", STABLE_TREE + "mm/filemap.c?h=v6.18.2"),
        ("2.6.27.20", STABLE_TREE + "mm/filemap.c?h=v2.6.27.20"),
        ("6.1.0-rc3", None),
        ("5.14.0-570.32.1.el9_6", None),
        ("6.12.117+deb12", None),
    ],
)
def test_a_release_maps_to_its_mainline_or_stable_tag(release: str, url: str | None) -> None:
    assert Evidence("source", release=release, path="mm/filemap.c").upstream_url == url
    assert Evidence("doc", release=release, path="mm/filemap.c").upstream_url == url


def test_a_file_read_in_a_fork_is_cited_at_its_tag_first() -> None:
    mainline = Evidence(
        "source", release="4.0.0", path="include/linux/page-flags.h", tree="AndrewGBelcher/4kopen-linux-4.0"
    )
    assert str(mainline) == (
        "mainline v4.0 include/linux/page-flags.h (read in a copy of that release: AndrewGBelcher/4kopen-linux-4.0)"
    )
    stable = Evidence(
        "source", release="6.18.2", path="fs/proc/page.c", tree="gfunkmonk/linux-6.18.2", note="the same test"
    )
    assert str(stable) == (
        "stable v6.18.2 fs/proc/page.c (read in a copy of that release: gfunkmonk/linux-6.18.2): the same test"
    )
    assert Evidence("source", release="4.1.3", path="fs/proc/task_mmu.c").parts() == (
        "stable v4.1.3 fs/proc/task_mmu.c",
        "",
    )


def test_a_release_without_an_upstream_tag_is_shown_as_read_and_says_so() -> None:
    rc = Evidence("source", release="6.1.0-rc3", path="include/linux/kernel-page-flags.h", tree="Rtoax/linux-5.10.13")
    assert str(rc) == (
        "6.1.0-rc3 include/linux/kernel-page-flags.h "
        "(no upstream tag: not a mainline or stable release; read in Rtoax/linux-5.10.13)"
    )
    config = Evidence(
        "doc", release="6.12.117+deb12", path="config.amd64_none_amd64", note="Debian's linux-config-6.12 package"
    )
    assert str(config) == (
        "6.12.117+deb12 config.amd64_none_amd64 "
        "(no upstream tag: not a mainline or stable release): Debian's linux-config-6.12 package"
    )


def test_commits_link_to_the_tree_they_are_in() -> None:
    mainline = Evidence("commit", release="2.6.32", commit="9a840895147b", subject="ksm: identify PageKsm pages")
    assert mainline.upstream_url == "https://git.kernel.org/torvalds/c/9a840895147b"
    assert str(mainline) == 'commit 9a840895147b ("ksm: identify PageKsm pages"), in 2.6.32'
    assert (
        Evidence("commit", commit="9a840895147b", subject="s").upstream_url
        == "https://git.kernel.org/torvalds/c/9a840895147b"
    )
    backport = Evidence(
        "commit",
        release="2.6.27.20",
        commit="def2e1479712",
        subject="proc: fix",
        tree="caglar10ur/linux-2.6.27.y",
        note="the stable backport",
    )
    assert backport.upstream_url == "https://git.kernel.org/stable/c/def2e1479712"
    assert str(backport) == (
        'commit def2e1479712 ("proc: fix"), in 2.6.27.20 '
        "(read in a copy of that release: caglar10ur/linux-2.6.27.y): the stable backport"
    )
    vendor = Evidence("commit", release="5.14.0-570.32.1.el9_6", commit="a29d65115b42", subject="s")
    assert vendor.upstream_url is None


def _all_evidence(value: object, found: list[Evidence]) -> None:
    if isinstance(value, Evidence):
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _all_evidence(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _all_evidence(item, found)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            _all_evidence(getattr(value, name), found)


def test_every_copy_in_the_spec_comes_after_an_upstream_citation_or_is_marked() -> None:
    found: list[Evidence] = []
    _all_evidence(read_spec(REPO / "spec", display_root=REPO), found)
    read_in_copies = [e for e in found if e.tree]
    assert read_in_copies
    for evidence in read_in_copies:
        text = str(evidence)
        if evidence.upstream_url is None:
            assert f"(no upstream tag: not a mainline or stable release; read in {evidence.tree})" in text
            continue
        cited, _ = evidence.parts()
        assert text.startswith(cited)
        assert cited.startswith(("mainline v", "stable v", "commit "))
        assert f"read in a copy of that release: {evidence.tree}" in text
        # A note that calls the copy an -rc of the very release that was mapped to its final tag
        # means the release was written without its -rc suffix.
        for rc in re.finditer(r"\b(\d+\.\d+)(?:\.0)?-rc\d+", evidence.note or ""):
            assert not evidence.upstream_url.endswith(f"?h=v{rc.group(1)}"), text


def test_kpageflags_flag_shows_the_upstream_citation_first() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kpageflags", "flag", "ksm"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        "    evidence: mainline v2.6.32 fs/proc/page.c (read in a copy of that release: dandel/linux-2.6.32.y)" in lines
    )
    assert '    evidence: commit 9a840895147b ("ksm: identify PageKsm pages"), in 2.6.32' in lines


def test_the_docs_link_the_upstream_citation(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sphinx", reason="the docs extension needs the docs extra")
    monkeypatch.syspath_prepend(str(REPO / "docs" / "_ext"))
    docs = importlib.import_module("kpageflags_docs")
    env = docs._environment()
    env.filters.update(rst=docs._rst, evidence=docs._evidence)
    items = [
        Evidence(
            "source", release="6.18.2", path="fs/proc/task_mmu.c", tree="gfunkmonk/linux-6.18.2", note="swp_offset_pfn"
        ),
        Evidence("commit", release="2.6.32", commit="9a840895147b", subject="ksm: identify PageKsm pages"),
        Evidence("source", release="6.1.0-rc3", path="include/linux/kernel-page-flags.h", tree="Rtoax/linux-5.10.13"),
    ]
    page = env.from_string('{% from "_evidence.j2" import evidence %}{{ evidence(items, none) }}').render(items=items)
    assert [line for line in page.splitlines() if line] == [
        f"- `stable v6.18.2 fs/proc/task_mmu.c <{STABLE_TREE}fs/proc/task_mmu.c?h=v6.18.2>`__ "
        "(read in a copy of that release: gfunkmonk/linux-6.18.2): swp_offset_pfn",
        '- `commit 9a840895147b <https://git.kernel.org/torvalds/c/9a840895147b>`__ ("ksm: identify PageKsm pages"), '
        "in 2.6.32",
        "- 6.1.0-rc3 include/linux/kernel-page-flags.h "
        "(no upstream tag: not a mainline or stable release; read in Rtoax/linux-5.10.13)",
    ]
