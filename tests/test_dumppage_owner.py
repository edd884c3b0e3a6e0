"""The page_owner lines dump_page prints after a dump: real reports with their stacks, the
header-only ones of the dump_page corpus, and generated ones in each release's form."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from kpageflags.cli.main import main
from kpageflags.facts.gfp import format_gfp
from kpageflags.reports.dumplog import find_reports
from kpageflags.reports.dumpowner import DumpOwner
from kpageflags.reports.dumppage import analyse

OWNER_FIXTURES = REPO / "tests" / "fixtures" / "dumppage_owner"
CORPUS = REPO / "tests" / "fixtures" / "dumppage"


def owners(text: str) -> list[DumpOwner | None]:
    return [report.owner for report in find_reports(text)]


def frames_between(text: str, after: str, before: str) -> list[str]:
    """The stack lines of a fixture between two lines, counted apart from the parser."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) + 1
    end = next(i for i in range(start, len(lines)) if before in lines[i])
    return [line.strip() for line in lines[start:end] if line.strip()]


def test_a_6_8_and_later_report_gives_both_stacks_and_who_freed_the_page() -> None:
    text = (OWNER_FIXTURES / "syzbot-6.18-merge-window-x86_64.txt").read_text()
    (owner,) = owners(text)
    assert owner is not None and owner.era == "6.8" and owner.tracked == "freed"
    assert (owner.order, owner.migratetype, owner.gfp_mask) == (0, "Movable", 0x140DCA)
    assert (owner.pid, owner.tgid, owner.comm, owner.ts, owner.free_ts) == (
        5688,
        5688,
        "rm",
        112106822009,
        112155145845,
    )
    assert (owner.free_pid, owner.free_tgid) == (5688, 5688)
    assert list(owner.alloc_stack) == frames_between(text, "page last allocated", "page last free")
    assert list(owner.free_stack) == frames_between(text, "page last free", "Memory state")
    assert len(owner.alloc_stack) == 19 and len(owner.free_stack) == 22


def test_a_5_13_to_5_17_report_has_pid_and_times_but_no_tgid() -> None:
    text = (OWNER_FIXTURES / "syzbot-5.17-x86_64.txt").read_text()
    (owner,) = owners(text)
    assert owner is not None and owner.era == "5.13"
    assert (owner.pid, owner.tgid, owner.comm, owner.free_ts) == (3842, None, None, 193491488751)
    assert list(owner.alloc_stack) == frames_between(text, "page last allocated", "page last free")
    assert list(owner.free_stack) == frames_between(text, "page last free", "Memory state")
    assert (owner.free_pid, owner.messages) == (None, ())


def test_quoted_reports_with_timestamps_and_a_missing_free_stack() -> None:
    arm64, s390 = owners((OWNER_FIXTURES / "next-20200422-arm64-s390.txt").read_text())
    assert arm64 is not None and s390 is not None
    assert (arm64.era, arm64.tracked, arm64.pid, len(arm64.alloc_stack)) == ("5.4", "allocated", None, 14)
    assert arm64.alloc_stack[0] == "post_alloc_hook+0x94/0xd4" and arm64.free_stack == ()
    assert arm64.messages == ("page_owner free stack trace missing",)
    assert (s390.gfp_mask, s390.gfp_printed, len(s390.alloc_stack)) == (0, "", 4)


@pytest.mark.parametrize(
    ("name", "era", "expected"),
    [
        ("005-syzkaller-7.0-rc8-x86_64.txt", "5.18", {"tgid": 5316, "comm": "syz.0.0"}),
        ("015-6.15.0-rc3-syzkaller-00342-g5bc1018675ec-x86_64.txt", "5.18", {"order": 9, "free_ts": 0}),
        ("017-5.0.0-rc3+-arm64.txt", "4.6", {"gfp_mask": 0x62124A, "migrate_reason": "syscall_or_cpuset"}),
        ("019-5.7.0-rc2-next-20200423+-x86_64.txt", "5.4", {"order": None}),
        ("025-6.1.0-rc2-00014-g0af8489b0216-i386.txt", "5.18", {"tracked": "freed", "pid": 208}),
    ],
)
def test_the_header_lines_of_the_dump_page_corpus(name: str, era: str, expected: dict[str, object]) -> None:
    (owner, *_) = owners((CORPUS / name).read_text())
    assert owner is not None and owner.era == era
    assert {key: getattr(owner, key) for key in expected} == expected


def test_a_report_without_page_owner_has_no_owner() -> None:
    assert owners((CORPUS / "003-4.1.0-rc1-next-20150501+-x86_64.txt").read_text()) == [None]


MASK = 0x100CCA  # GFP_HIGHUSER_MOVABLE from 4.6 on


def generated(era: str, comm: str = "kworker/u8:2 (x)") -> str:
    """A dump and its page_owner lines in the form ``era``'s __dump_page_owner prints."""
    gfp = format_gfp(MASK, era)
    frames = ["get_page_from_freelist+0x1f6/0x2a0", "__alloc_pages+0xf2/0x240 [somemod]"]
    if era == "4.6":
        frames = [f"[<ffffffff8116{i}e9a>] {frame}" for i, frame in enumerate(frames)]
    lines = [
        f"CPU: 1 PID: 9 Comm: x Not tainted {era}.0 #1",
        "page:ffffea0000aa0000 count:1 mapcount:0 mapping:          (null) index:0x0",
        "flags: 0x4(referenced)",
        "page dumped because: generated",
    ]
    if era != "4.6":
        lines.append("page_owner tracks the page as allocated")
    head = "page allocated" if era == "4.6" else "page last allocated"
    allocated = f"{head} via order 2, migratetype Movable, gfp_mask {gfp}"
    tails = {
        "5.11": ", pid 77, ts 5000",
        "5.13": ", pid 77, ts 5000, free_ts 4000",
        "5.18": f", pid 77, tgid 70 ({comm}), ts 5000, free_ts 4000",
        "6.8": f", pid 77, tgid 70 ({comm}), ts 5000, free_ts 4000",
    }
    lines.append(allocated + tails.get(era, ""))
    lines += [f" {frame}" for frame in frames]
    if era != "4.6":
        lines.append("page last free pid 78 tgid 71 stack trace:" if era == "6.8" else "page last free stack trace:")
        lines += [" free_unref_page+0x10/0x20", " __free_pages+0x30/0x40"]
    lines.append("page has been migrated, last migrate reason: compaction")
    return "\n".join(lines) + "\n"


ERAS: dict[str, dict[str, object]] = {
    "4.6": {"tracked": None, "pid": None, "free_stack": ()},
    "5.4": {"tracked": "allocated", "pid": None, "free_ts": None},
    "5.11": {"pid": 77, "ts": 5000, "free_ts": None, "tgid": None},
    "5.13": {"pid": 77, "free_ts": 4000, "tgid": None},
    "5.18": {"tgid": 70, "comm": "kworker/u8:2 (x)", "free_pid": None},
    "6.8": {"free_pid": 78, "free_tgid": 71},
}
BEFORE = {"4.6": "4.5", "5.4": "5.3", "5.11": "5.10", "5.13": "5.12", "5.18": "5.17", "6.8": "6.7"}


@pytest.mark.parametrize("era", list(ERAS))
def test_each_releases_form_is_read_and_named(era: str) -> None:
    (owner,) = owners(generated(era))
    assert owner is not None and owner.era == era
    assert {key: getattr(owner, key) for key in ERAS[era]} == ERAS[era]
    assert (owner.order, owner.gfp_mask, owner.migrate_reason) == (2, MASK, "compaction")
    assert len(owner.alloc_stack) == 2 and owner.alloc_stack[1].endswith("[somemod]")
    assert len(owner.free_stack) == (0 if era == "4.6" else 2)


@pytest.mark.parametrize("era", [era for era in ERAS if era != "4.6"])
def test_a_form_newer_than_the_release_is_noted_on_its_older_side_only(era: str) -> None:
    (report,) = find_reports(generated(era))
    newer = [note for note in analyse(report, kernel=era).notes if "page_owner" in note]
    older = [note for note in analyse(report, kernel=BEFORE[era]).notes if "form of" in note]
    assert newer == []
    assert older == [f"the page_owner lines have the form of {era} and later, not of {BEFORE[era]}"]


def test_gfp_names_other_than_the_releases_are_noted() -> None:
    text = generated("5.18").replace(format_gfp(MASK, "5.18"), f"{MASK:#x}(GFP_KERNEL)")
    (report,) = find_reports(text)
    (note,) = [note for note in analyse(report, kernel="5.18").notes if "gfp_mask" in note]
    assert f"printed (GFP_KERNEL), the spec decodes ({format_gfp(MASK, '5.18')[9:-1]})" in note
    assert not [note for note in analyse(find_reports(generated("5.18"))[0], kernel="5.18").notes if "gfp" in note]


def test_a_mail_wrapped_allocation_line_is_joined() -> None:
    text = generated("5.13").replace(", gfp_mask ", ", gfp_mask\n").replace(", ts 5000,", ", ts 5000,\n")
    (owner,) = owners(text)
    assert owner is not None and (owner.gfp_mask, owner.free_ts, len(owner.alloc_stack)) == (MASK, 4000, 2)


def test_4_9_frames_split_from_their_leading_space_are_read() -> None:
    text = generated("4.6").replace("\n [<", "\n \n[<")
    (owner,) = owners(text)
    assert owner is not None and len(owner.alloc_stack) == 2


def test_lines_that_are_no_stack_end_it() -> None:
    text = generated("5.4").replace(" free_unref_page+0x10/0x20", "Memory state around the buggy address:")
    (owner,) = owners(text)
    assert owner is not None and owner.free_stack == () and owner.migrate_reason is None


def test_dump_page_shows_the_owner_in_text_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(OWNER_FIXTURES / "syzbot-5.17-x86_64.txt")
    main(["dump-page", path])
    text = capsys.readouterr().out
    assert "page_owner (line 13, form of 5.13), tracks the page as allocated" in text
    assert "    by pid 3842, ts 194269929651, free_ts 193491488751" in text
    assert "      vfs_write+0x7cd/0xae0 fs/read_write.c:590" in text
    main(["dump-page", "--json", path])
    owner = json.loads(capsys.readouterr().out)["owner"]
    assert (
        owner["gfp"]["printed"]
        == owner["gfp"]["decoded"]
        == [
            "__GFP_HIGH",
            "__GFP_ATOMIC",
            "__GFP_NOWARN",
            "__GFP_COMP",
            "__GFP_HARDWALL",
            "__GFP_THISNODE",
        ]
    )
    assert len(owner["alloc_stack"]) == 23 and owner["pid"] == 3842
    main(["dump-page", "--csv", path])
    header, row = capsys.readouterr().out.splitlines()[:2]
    assert "owner.alloc_stack" in header and "prep_new_page mm/page_alloc.c:2434 [inline];get_page_from" in row


def test_without_a_release_the_verdict_is_not_compared_rather_than_a_disagreement(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = REPO / "tests" / "fixtures" / "dumppage_owner" / "syzbot-6.18-merge-window-x86_64.txt"
    main(["dump-page", str(report)])
    out = capsys.readouterr().out
    assert "consistent with: 5.13 to " in out and "does not agree" not in out
    assert "not compared: no release to decode with (the printed word fits the releases above" in out


@pytest.mark.parametrize("kernel", [None, "6.18"])
def test_a_gfp_mask_wider_than_any_kernels_is_said_with_a_release_or_without(kernel: str | None) -> None:
    report = REPO / "tests" / "fixtures" / "dumppage_owner" / "syzbot-6.18-merge-window-x86_64.txt"
    wide = report.read_text().replace("gfp_mask 0x140dca(", f"gfp_mask {(1 << 128) - 1:#x}(")
    (found,) = find_reports(wide)
    result = analyse(found, kernel=kernel)
    assert any("is wider than any kernel's gfp_t (32 bits)" in note for note in result.notes)
