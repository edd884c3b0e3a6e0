"""/proc/PID/pagemap entries across the four layouts."""

from __future__ import annotations

import json

import pytest

from kpageflags import PagemapFormatError, decode, decode_pagemap, layouts_at
from kpageflags.cli.main import main

PRESENT, SWAPPED, FILE = 1 << 63, 1 << 62, 1 << 61
SHIFT_12 = 12 << 55
ANON_MMAP = 1 << 12 | 1 << 11


def test_layouts_by_release() -> None:
    assert [x.name for x in layouts_at("3.10")] == ["page_shift"]
    assert [x.name for x in layouts_at("3.11")] == ["v1", "v2"]
    assert [x.name for x in layouts_at("4.2")] == ["v1", "v2"]
    assert [x.name for x in layouts_at("4.3")] == ["fixed"]


def test_present_page_today() -> None:
    entry = decode_pagemap(PRESENT | 1 << 56 | 0x12345, "6.18")
    assert (entry.present, entry.pfn, entry.exclusive, entry.soft_dirty) == (True, 0x12345, True, False)
    assert entry.swap_type is None and entry.guard is None and entry.page_shift is None


def test_guard_marker_as_seen_on_this_machine() -> None:
    entry = decode_pagemap(0x440000000000009F, "6.18")
    assert (entry.swapped, entry.guard, entry.swap_type, entry.swap_offset) == (True, True, 31, 4)
    assert entry.pfn is None


def test_fields_appear_with_their_release() -> None:
    assert decode_pagemap(PRESENT, "5.13").uffd_wp is None
    assert decode_pagemap(PRESENT, "5.14").uffd_wp is False
    assert decode_pagemap(SWAPPED, "6.14").guard is None
    assert decode_pagemap(SWAPPED | 1 << 58, "6.14").unknown_bits == (58,)
    assert decode_pagemap(PRESENT | SHIFT_12, "3.4").file_or_shared_anon is None
    assert decode_pagemap(PRESENT | SHIFT_12 | FILE, "3.5").file_or_shared_anon is True


def test_old_page_shift_encoding() -> None:
    entry = decode_pagemap(PRESENT | SHIFT_12 | 0x55, "2.6.32")
    assert (entry.layout, entry.page_shift, entry.pfn) == ("page_shift", 12, 0x55)
    assert decode_pagemap(SHIFT_12, "3.0").present is False


def test_old_encoding_refuses_entries_without_a_page_shift() -> None:
    with pytest.raises(PagemapFormatError, match=r"no page shift in bits 55-60"):
        decode_pagemap(PRESENT | 0x55, "3.0")


def test_transition_releases_tell_v1_from_v2_by_the_entry() -> None:
    assert decode_pagemap(PRESENT | SHIFT_12, "4.0").layout == "v1"
    entry = decode_pagemap(PRESENT | 1 << 55, "4.0")
    assert (entry.layout, entry.soft_dirty) == ("v2", True)
    forced = decode_pagemap(PRESENT | SHIFT_12, "4.0", layout="v2")
    assert forced.unknown_bits == (57, 58)


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(PagemapFormatError, match=r"was not used by 6\.18"):
        decode_pagemap(PRESENT, "6.18", layout="v1")


def test_each_field_says_when_it_appeared() -> None:
    entry = decode_pagemap(PRESENT | 1 << 57, "6.18")
    assert entry.since["uffd_wp"] == "5.14"
    assert entry.since["exclusive"] == "4.3"
    assert entry.since["file_or_shared_anon"] == "3.5"
    assert set(entry.since) == set(entry.fields)


# "fs/proc/task_mmu: indicate PM_FILE for PMD-mapped file THP" (6.11-rc1, Fixes a 4.8 commit)
# reached 6.1.103 and 6.6.44 (release announcements) and 6.10.3 (review mail); before it, a page
# of a PMD-mapped file THP read as present without the file bit.
@pytest.mark.parametrize(
    ("kernel", "warned"),
    [
        ("4.7", False),
        ("4.8", True),
        ("6.1.102", True),
        ("6.1.103", False),
        ("6.6.43", True),
        ("6.6.44", False),
        ("6.10.2", True),
        ("6.10.3", False),
        ("6.10", True),
        ("6.11-rc1", False),
        ("6.18", False),
    ],
)
def test_pmd_mapped_file_thp_bug_warns_on_present_entries_without_the_file_bit(kernel: str, warned: bool) -> None:
    def warnings(value: int) -> tuple[str, ...]:
        return tuple(w for w in decode_pagemap(value, kernel).warnings if "file_or_shared_anon" in w)

    assert bool(warnings(PRESENT | 0x12345)) is warned
    assert warnings(PRESENT | FILE | 0x12345) == ()


def test_pmd_mapped_file_thp_bug_may_affect_a_series_with_a_fix() -> None:
    (warning,) = (w for w in decode_pagemap(PRESENT | 0x12345, "6.6").warnings if "file_or_shared_anon" in w)
    assert warning.startswith("may be affected: ")


# "properly detect PM_MMAP_EXCLUSIVE per page of PMD-mapped THPs" (6.11-rc1, Fixes a 4.5 commit)
# reached 6.6.44; the exclusive bit of such a page may be wrong either way before it.
@pytest.mark.parametrize(
    ("kernel", "warned"),
    [("4.4", False), ("4.5", True), ("6.1.120", True), ("6.6.43", True), ("6.6.44", False), ("6.11", False)],
)
def test_exclusive_bit_of_pmd_mapped_thp_bug(kernel: str, warned: bool) -> None:
    for value in (PRESENT | 0x12345, PRESENT | 1 << 56 | 0x12345):
        assert any("exclusive" in w for w in decode_pagemap(value, kernel).warnings) is warned


def test_pagemap_bugs_leave_entries_that_are_not_present_alone() -> None:
    assert decode_pagemap(0, "6.6.43").warnings == ()
    assert decode_pagemap(SWAPPED | 0x1F | 4 << 5, "6.6.43").warnings == ()


def test_pagemap_bugs_do_not_warn_on_kpageflags_values() -> None:
    assert all("pagemap" not in w for w in decode(ANON_MMAP, "6.6.43").warnings)


def test_pagemap_command_shows_bug_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pagemap", hex(PRESENT | 0x12345), "-k", "6.6.43"]) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  warning\t")]
    assert len(warnings) == 2
    assert main(["pagemap", hex(PRESENT | 0x12345), "-k", "6.6.44", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []
