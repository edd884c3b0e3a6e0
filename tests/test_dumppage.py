"""dump_page reports: a corpus of real reports from many releases and arches, and bad input."""

from __future__ import annotations

import csv

import pytest
from conftest import NEWEST, REPO

from kpageflags.reports.dumppage import analyse, clean_line, find_reports

CORPUS = REPO / "tests" / "fixtures" / "dumppage"
INDEX = list(csv.DictReader((CORPUS / "index.tsv").open(), delimiter="\t"))
WITH_RELEASE = [row for row in INDEX if not row["file"].startswith("005-")]


def test_corpus_spans_releases_and_arches() -> None:
    mainline = {row["mainline"].split()[0] for row in WITH_RELEASE}
    arches = {row["arch"].split()[0] for row in INDEX}
    assert len(mainline) >= 20
    assert {m.split(".")[0] for m in mainline} >= {"3", "4", "5", "6"}
    assert len(arches) >= 3


@pytest.mark.parametrize("row", WITH_RELEASE, ids=[r["file"][:40] for r in WITH_RELEASE])
def test_our_decoding_matches_the_names_the_kernel_printed(row: dict[str, str]) -> None:
    reports = find_reports((CORPUS / row["file"]).read_text(errors="replace"))
    assert reports, "no report found"
    for report in reports:
        result = analyse(report)
        assert result.kernel is not None, row["release_as_printed"]
        assert result.differences == (), result.differences
        assert result.agrees
        assert set(report.printed) <= set(result.decoded) | {
            n for n in report.printed if "cut short" in " ".join(result.notes)
        }


def test_release_is_read_from_the_report() -> None:
    (report,) = find_reports((CORPUS / "026-6.10.11-x86_64.txt").read_text())
    assert report.release_text == "6.10.11"
    assert dict(report.printed_fields) == {"node": 1, "zone": 2, "lastcpupid": 0x1FFFF}
    result = analyse(report)
    assert "NODES_SHIFT=6" in (result.config or "")


@pytest.mark.slow
def test_report_without_release_lists_consistent_releases() -> None:
    (report,) = find_reports((CORPUS / "005-syzkaller-7.0-rc8-x86_64.txt").read_text())
    result = analyse(report)
    assert not result.agrees
    assert any(f"to {NEWEST} (x86_64)" in span for span in result.consistent)
    assert not any(span.startswith("4.") for span in result.consistent)


def test_given_release_overrides_the_printed_one() -> None:
    text = "flags: 0x100(slab)\nCPU: 1 PID: 1 Comm: x Not tainted 4.19.0 #1\n"  # slab is bit 8 in 4.19
    (report,) = find_reports(text)
    assert analyse(report).agrees
    assert not analyse(report, kernel="6.12").agrees  # bit 8 is active in 6.12; slab is a page type


@pytest.mark.parametrize(
    "line",
    [
        "[  12.345678] flags: 0x200(slab)",
        "[  12.345678][ T123] flags: 0x200(slab)",
        "Nov 25 10:00:00 host kernel: flags: 0x200(slab)",
        "<4>[  1.0] flags: 0x200(slab)",
        "> > flags: 0x200(slab)",
        "kernel: flags: 0x200(slab)",
    ],
)
def test_console_prefixes_are_stripped(line: str) -> None:
    assert clean_line(line) == "flags: 0x200(slab)"


def test_wrapped_flags_line_is_joined() -> None:
    text = "page flags: 0x2fffff00020000(mapped\ntodisk)\nCPU: 3 PID: 1 Comm: x Not tainted 3.10.0 #1\n"
    (report,) = find_reports(text)
    assert report.printed == ("mappedtodisk",)


def test_text_without_reports_finds_nothing() -> None:
    assert find_reports("just a log line\nanother one\n") == []
    assert find_reports("flags: nothing hex here") == []
