"""Release names: the covered list and the many spellings of a release."""

from __future__ import annotations

import re

import pytest
from conftest import NEWEST, UNCOVERED_NEXT

from kpageflags import UnknownRelease, decode, parse_release, releases
from kpageflags.facts.releases import release_in, release_of_running_kernel

# The last release of each series; the next series starts at .0 (Linux 6.19 was followed by 7.0).
SERIES_ENDS = {"2.6": 39, "3": 19, "4": 20, "5": 19, "6": 19}


def mainline_after(release: str) -> str:
    series, number = release.rsplit(".", 1)
    if SERIES_ENDS.get(series) == int(number):
        return f"{int(series.split('.')[0]) + 1}.0"
    return f"{series}.{int(number) + 1}"


def test_every_mainline_release_from_2_6_25_to_the_newest() -> None:
    covered = releases()
    expected = ["2.6.25"]
    while expected[-1] != NEWEST and len(expected) <= len(covered):
        expected.append(mainline_after(expected[-1]))
    assert covered == tuple(expected)


@pytest.mark.parametrize(
    ("text", "series", "point", "rc"),
    [
        ("6.18", "6.18", None, None),
        ("6.18.44", "6.18", 44, None),
        ("6.18.44-fc-v769", "6.18", 44, None),
        ("6.1.0-18-amd64", "6.1", 0, None),
        ("5.10", "5.10", None, None),
        ("2.6.32", "2.6.32", None, None),
        ("2.6.32.71", "2.6.32", 71, None),
        ("2.6.32-rc3", "2.6.32", None, 3),
        ("v4.19", "4.19", None, None),
        ("v6.6.30", "6.6", 30, None),
        ("6.7-rc1", "6.7", None, 1),
        ("5.19.0-rc3", "5.19", None, 3),
        ("6.10.0-rc5+", "6.10", None, 5),
        # Fedora's rawhide names an -rc build this way.
        ("6.10.0-0.rc5.20240625git55027e689933.fc41.x86_64", "6.10", None, 5),
        # A stable review build already carries the point release's patches.
        ("6.6.30-rc1", "6.6", 30, None),
        # Ubuntu's mainline builds name the upstream tag in digit pairs: 6.11.0-061100rc7-generic
        # is v6.11-rc7 (arighi/virtme-ng pull 158), 6.1.0-060100rc5-generic ran as 6.1-rc5
        # (bkw777/mainline issue 175), 2.6.36-020636rc3-generic and 2.6.39-02063903-generic
        # (2.6.39.3) were posted in Ubuntu forum threads.
        ("7.0.0-070000rc1-generic", "7.0", None, 1),
        ("6.9.0-060900rc3-generic", "6.9", None, 3),
        ("6.11.0-061100rc7-generic", "6.11", None, 7),
        ("6.1.0-060100rc5-generic", "6.1", None, 5),
        ("2.6.36-020636rc3-generic", "2.6.36", None, 3),
        ("7.0.0-070000-generic", "7.0", 0, None),
        ("6.8.9-060809-generic", "6.8", 9, None),
        ("2.6.39-02063903-generic", "2.6.39", 3, None),
        ("2.6.35-020635-generic", "2.6.35", None, None),
        # Six digits that are not the version's own pairs are no mainline tag.
        ("6.8.0-070000rc1-generic", "6.8", 0, None),
    ],
)
def test_spellings(text: str, series: str, point: int | None, rc: int | None) -> None:
    assert parse_release(text)[:4] == (series, point, None, rc)


# Upstream point releases: Ubuntu's 6.8.0-45 is 6.8.12 (the example), Debian's
# 6.1.0-13 is 6.1.55 (its /proc/version reads "Debian 6.1.55-1").
@pytest.mark.parametrize(
    ("text", "changes_at"),
    [
        ("6.8.0-45-generic", "6.8.3 and 6.8.9"),
        ("6.1.0-13-amd64", "6.1.84, 6.1.90 and 6.1.103"),
        ("6.6.0-1-amd64", "6.6.24, 6.6.30 and 6.6.44"),
        ("6.18.0-1-generic", "6.18.40"),
        ("5.14.0-16.el9.x86_64", "5.14.16"),
    ],
)
def test_a_distribution_build_that_hides_its_point_release_is_noted(text: str, changes_at: str) -> None:
    release = parse_release(text)
    assert (release.point, release.distribution_build) == (0, text)
    assert release.note == (
        f"kernel {text} does not name its upstream point release; decoding with {release.series}.0's facts, "
        f"but facts change at {changes_at}: give --kernel {release.series}.N, the upstream release it is built on"
    )


@pytest.mark.parametrize(
    "text",
    [
        "6.12.0-1-amd64",  # nothing in 6.12 changes at a point release
        "4.18.0-147.el8.aarch64",
        "6.8.12",  # named
        "6.8.0",  # the tag itself
        "6.8.12-arch1-1",
        "6.8.0-060800-generic",  # Ubuntu's mainline build of the tag
        "6.8.0-00020-g3dbd5e3",  # commits past the tag, not a stable release
        "6.8.0+",
        "6.10.0-0.rc5.20240625git55027e689933.fc41.x86_64",
    ],
)
def test_a_release_string_that_names_its_point_or_needs_none_gets_no_note(text: str) -> None:
    assert parse_release(text).note is None


def test_the_running_kernel_s_upstream_release_needs_no_note() -> None:
    signature = "Ubuntu 6.8.0-45.45-generic 6.8.12"
    assert release_of_running_kernel("6.8.0-45-generic", "", signature).note is None
    assert release_of_running_kernel("6.8.0-45-generic").note is not None


def test_point_releases_with_changes_come_from_every_kind_of_range() -> None:
    from kpageflags._generated.bugs import KNOWN_BUGS
    from kpageflags._generated.kpf import KPF_FLAGS
    from kpageflags._generated.pageflags import FIELDS_ERAS, PAGE_TYPE_SCHEMES, PG_ALIASES
    from kpageflags.facts.point_releases import point_releases_with_changes

    endpoints = [
        e
        for t in (KPF_FLAGS, PG_ALIASES, FIELDS_ERAS, PAGE_TYPE_SCHEMES, KNOWN_BUGS)
        for x in t
        for e in (x.since, x.until)
    ]
    endpoints += [point for bug in KNOWN_BUGS for point in bug.fixed_in]
    points = {e for e in endpoints if e is not None and e.count(".") == (3 if e.startswith("2.6.") else 2)}
    assert points and all(p in point_releases_with_changes(p.rsplit(".", 1)[0]) for p in points)
    assert {"6.6.30", "6.8.9", "6.18.40"} <= points


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2.6.10", "kernel release '2.6.10' is not covered: it is older than 2.6.25"),
        ("2.6.24", "kernel release '2.6.24' is not covered: it is older than 2.6.25"),
        ("2.4.37", "kernel release '2.4.37' is not covered: it is older than 2.6.25"),
        ("4.21", "kernel release '4.21' is not covered: there is no Linux 4.21"),
        ("3.25", "there is no Linux 3.25"),
        ("abc", "'abc' is not a kernel release"),
        ("", "'' is not a kernel release"),
        ("2.6", "'2.6' is not a kernel release"),
        ("6.18.1.2", "'6.18.1.2' is not a kernel release"),
    ],
)
def test_unknown_releases(text: str, message: str) -> None:
    with pytest.raises(UnknownRelease, match=re.escape(message)):
        parse_release(text)


def test_releases_are_ordered_by_series_then_rc_then_point() -> None:
    order = ["2.6.27", "2.6.27.20", "2.6.28-rc1", "6.6-rc1", "6.6-rc7", "6.6", "6.6.1", "6.6.30", "6.7-rc1", "6.7"]
    positions = [parse_release(text).position for text in order]
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)
    assert parse_release("6.6").position == parse_release("6.6.0").position
    assert parse_release("6.7-rc1").name == "6.7-rc1"
    assert parse_release("2.6.27.20").name == "2.6.27.20"


@pytest.mark.parametrize(
    ("release", "since", "until", "holds"),
    [
        # A range's "6.9" is where the 6.9 cycle starts, so its release candidates are in it.
        ("6.9-rc1", "6.9", None, True),
        ("6.8.12", "6.9", None, False),
        ("6.8.12", "6.7", "6.9", True),
        ("6.9-rc1", "6.7", "6.9", False),
        ("6.6.29", "6.6", "6.6.30", True),
        ("6.6.30", "6.6", "6.6.30", False),
        ("6.6.54", "6.6.30", "6.7", True),
        ("6.7-rc3", "6.6.30", "6.7", False),
        ("6.9-rc2", "6.9-rc3", None, False),
        ("6.9-rc3", "6.9-rc3", None, True),
    ],
)
def test_a_range_holds_from_since_up_to_until(release: str, since: str, until: str | None, holds: bool) -> None:
    assert release_in(parse_release(release).position, since, until) is holds


@pytest.mark.parametrize("text", ["7.4-rc5", "7.5", "8.0.3", "7.4.0-rc5-custom+", UNCOVERED_NEXT])
def test_a_release_newer_than_the_spec_is_decoded_with_the_newest_facts(text: str) -> None:
    release = parse_release(text)
    asked = text.replace(".0-rc5-custom+", "-rc5")
    assert (release.series, release.asked, release.name) == (NEWEST, asked, asked)
    assert release.note == (
        f"kernel {asked} is newer than the newest release kpageflags knows ({NEWEST}); decoding with {NEWEST}'s facts"
    )
    # Past every point release of the newest series, so a fact that ends at one does not hold.
    assert release_in(release.position, NEWEST, f"{NEWEST}.9999") is False
    assert release_in(release.position, f"{NEWEST}.9999", None) is True
    assert decode(0x1, kernel=text).names == decode(0x1, kernel=NEWEST).names


def test_a_covered_release_has_no_note() -> None:
    assert parse_release("6.6.54").note is None
    assert parse_release("6.18-rc2").asked is None


# Real texts: Debian's from SaschaWillems/glCapsViewer issue 29 (uname -r 5.6.0-1-amd64) and
# YunoHost/issues issue 2803 (uname -a of 6.1.0-48-amd64); Ubuntu's version_signature from
# libuv/libuv pull 4131 and DE-IBH/apt-dater-host pull 1.
DEBIAN_5_6 = (
    "Linux version 5.6.0-1-amd64 (debian-kernel@lists.debian.org) (gcc version 9.3.0 (Debian 9.3.0-11)) "
    "#1 SMP Debian 5.6.7-1 (2020-04-29)"
)
DEBIAN_6_1 = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.172-1 (2026-05-15)"


@pytest.mark.parametrize(
    ("uname", "proc_version", "signature", "name"),
    [
        ("5.6.0-1-amd64", DEBIAN_5_6, "", "5.6.7"),
        ("6.1.0-48-amd64", DEBIAN_6_1, "", "6.1.172"),
        ("5.15.0-79-generic", "", "Ubuntu 5.15.0-79.86-generic 5.15.111", "5.15.111"),
        ("3.2.0-31-generic", "", "Ubuntu 3.2.0-31.50-generic 3.2.28\n", "3.2.28"),
        # Nothing states another point: uname's stands.
        ("6.1.0-48-amd64", "Linux version 6.1.0-48-amd64 (gcc (Debian 12.2.0-14) 12.2.0)", "", "6.1.0"),
        ("6.18.44-fc-v1252", DEBIAN_6_1, "", "6.18.44"),
        # A version of another series (the compiler's, a mismatched file) is not the kernel's.
        ("6.6.0-1-amd64", DEBIAN_6_1, "Ubuntu 5.15.0-79.86-generic 5.15.111", "6.6.0"),
        ("rhel-9.6", "", "", "rhel-9.6 (5.14)"),
        ("5.14.0-570.32.1.el9_6.x86_64", DEBIAN_5_6, "", "rhel-9.6 (5.14.0)"),
    ],
)
def test_the_running_kernel_s_upstream_point_release(uname: str, proc_version: str, signature: str, name: str) -> None:
    assert release_of_running_kernel(uname, proc_version, signature).name == name


def test_every_public_name_resolves() -> None:
    import kpageflags

    for name in kpageflags.__all__:
        assert getattr(kpageflags, name) is not None, name


def test_every_public_name_has_a_docstring_with_an_example() -> None:
    import inspect

    import kpageflags

    for name in kpageflags.__all__:
        if name == "ALL_BITS":
            continue
        doc = inspect.getdoc(getattr(kpageflags, name)) or ""
        assert doc, f"{name} has no docstring"
        assert ">>>" in doc, f"{name}'s docstring has no example"


def test_changes_include_the_kernel_internal_flags() -> None:
    from kpageflags import changes

    found = {(c.kind, c.subject) for c in changes("6.11", "6.12")}
    assert ("pg-member-removed", "error") in found
    assert ("pg-alias-moved", "anon_exclusive") in found
    assert ("renamed", "owner_2") in found
    moved = [c for c in changes("6.5", "6.6") if c.kind == "pg-members-moved"]
    assert moved and "writeback" in moved[0].summary
