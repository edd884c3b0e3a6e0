"""``kpageflags changes``: what changed between two releases, rc and stable point releases included."""

from __future__ import annotations

import json

import pytest

from kpageflags import changes
from kpageflags.cli.main import main
from kpageflags.errors import UnknownRelease

HUGETLB_BECOMES_A_PAGE_TYPE = {("pg-alias-removed", "hugetlb"), ("page-type-added", "hugetlb")}


def found(since: str | None, until: str) -> set[tuple[str, str, str]]:
    return {(c.release, c.kind, c.subject) for c in changes(since, until)}


@pytest.mark.parametrize(("since", "until"), [("6.6.29", "6.6.30"), ("6.8.8", "6.8.9"), ("6.8", "6.9")])
def test_hugetlb_moves_from_an_alias_to_a_page_type(since: str, until: str) -> None:
    assert {(until, kind, subject) for kind, subject in HUGETLB_BECOMES_A_PAGE_TYPE} <= found(since, until)


@pytest.mark.parametrize(
    ("since", "until"), [("6.6.28", "6.6.29"), ("6.6.30", "6.6.31"), ("6.6", "6.7"), ("6.9", "6.10")]
)
def test_hugetlb_does_not_move_on_either_side(since: str, until: str) -> None:
    assert not {(kind, subject) for _, kind, subject in found(since, until)} & HUGETLB_BECOMES_A_PAGE_TYPE


def test_a_stable_point_release_is_not_in_the_mainline_range_around_it() -> None:
    assert {release for release, _, _ in found("6.5", "6.6")} == {"6.6"}
    assert "6.6.30" in {release for release, _, _ in found("6.5", "6.6.30")}
    assert not [release for release, _, _ in found("6.6", "6.9") if release in ("6.6.30", "6.8.9")]


def test_one_rc_to_the_next_shows_the_ksm_fix() -> None:
    assert found("7.2-rc2", "7.2-rc3") == {("7.2-rc3", "bug-fixed", "ksm_on_every_anonymous_page")}
    assert found("7.2-rc1", "7.2-rc2") == set()


def test_one_release_alone_is_what_it_changed_since_the_one_before() -> None:
    assert found(None, "6.6.30") == found("6.6.29", "6.6.30")
    assert found(None, "7.2-rc3") == found("7.2-rc2", "7.2-rc3")
    assert found(None, "6.9") == found("6.8", "6.9")


def test_page_type_encodings_and_types_are_changes() -> None:
    assert ("6.11", "page-type-encoding", "inverted") in found("6.10", "6.11")
    assert ("6.12", "page-type-encoding", "top_byte") in found("6.11", "6.12")
    assert ("6.15", "page-type-added", "large_kmalloc") in found("6.14", "6.15")
    assert {("7.1", "page-type-added", "netpp"), ("7.1-rc6", "page-type-removed", "netpp")} <= found("7.0", "7.1")
    assert found("6.15", "6.16") & {("6.16", "page-type-added", "large_kmalloc")} == set()


def test_an_alias_that_moves_to_another_bit_is_one_change() -> None:
    assert ("6.12", "pg-alias-moved", "has_hwpoisoned") in found("6.11", "6.12")
    assert {kind for _, kind, subject in found("6.11", "6.12") if subject == "has_hwpoisoned"} == {"pg-alias-moved"}


def test_fields_eras_and_zones_are_changes() -> None:
    assert ("6.6.30", "fields-era", "page->flags fields") in found("6.6.29", "6.6.30")
    assert ("4.3", "zone-added", "Device") in found("4.2", "4.3")


@pytest.mark.parametrize(("since", "until"), [("6.6.30", "6.6.29"), ("7.2-rc3", "7.2-rc3"), ("6.6.30", "6.6")])
def test_a_range_must_go_forward(since: str, until: str) -> None:
    with pytest.raises(UnknownRelease, match="must be an earlier release"):
        changes(since, until)


def test_the_command_takes_point_releases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["changes", "6.6.29", "6.6.30", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {record["schema"] for record in records} == {"kpageflags.changes/1"}
    assert {(r["release"], r["kind"], r["subject"]) for r in records} >= {
        ("6.6.30", kind, subject) for kind, subject in HUGETLB_BECOMES_A_PAGE_TYPE
    }
