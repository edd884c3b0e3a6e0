"""Release names: the covered list and the many spellings of a release."""

from __future__ import annotations

import pytest
from conftest import NEWEST, UNCOVERED_NEXT

from kpageflags import Release, UnknownRelease, parse_release, releases

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
    ("text", "series", "point"),
    [
        ("6.18", "6.18", None),
        ("6.18.44", "6.18", 44),
        ("6.18.44-fc-v769", "6.18", 44),
        ("6.1.0-18-amd64", "6.1", 0),
        ("5.10", "5.10", None),
        ("2.6.32", "2.6.32", None),
        ("2.6.32.71", "2.6.32", 71),
        ("v4.19", "4.19", None),
        ("5.19.0-rc3", "5.19", 0),
    ],
)
def test_spellings(text: str, series: str, point: int | None) -> None:
    assert parse_release(text) == Release(series, point)


@pytest.mark.parametrize("text", [UNCOVERED_NEXT, "2.6.24", "2.6", "banana", "", "6.18.1.2"])
def test_unknown_releases(text: str) -> None:
    with pytest.raises(UnknownRelease):
        parse_release(text)


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
    assert ("pg-alias-added", "anon_exclusive") in found
    assert ("renamed", "owner_2") in found
    moved = [c for c in changes("6.5", "6.6") if c.kind == "pg-members-moved"]
    assert moved and "writeback" in moved[0].summary
