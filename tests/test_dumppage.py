"""dump_page reports: a corpus of real reports from many releases and arches, and bad input."""

from __future__ import annotations

import csv
import random
import re
import time

import pytest
from conftest import NEWEST, REPO

from kpageflags.reports.dumppage import DumpAnalysis, DumpReport, analyse, clean_line, find_reports

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


def test_json_names_each_field_once_whatever_the_kernel_printed() -> None:
    report = (REPO / "tests" / "fixtures" / "dumppage").glob("002-*.txt")
    result = analyse(find_reports(next(report).read_text())[0])
    fields = result.to_dict()["fields"]
    assert "lastcpupid" not in fields  # type: ignore[operator]
    assert fields["last_cpupid"]["printed"] is not None  # type: ignore[index]


def _corpus_texts() -> list[str]:
    return [(CORPUS / row["file"]).read_text(errors="replace").rstrip("\n") + "\n" for row in INDEX]


def _judged_alone(text: str) -> list[dict[str, object]]:
    judged = []
    for report in find_reports(text):
        result = analyse(report).to_dict()
        del result["line"]
        owner = result["owner"]
        if isinstance(owner, dict):
            del owner["line"]  # a line number, as the report's own
        judged.append(result)
    return judged


@pytest.mark.parametrize("order", ["as listed", "reversed", "shuffled"])
def test_each_report_of_a_long_log_is_judged_as_when_alone(order: str) -> None:
    texts = _corpus_texts()
    if order == "reversed":
        texts.reverse()
    elif order == "shuffled":
        random.Random(1).shuffle(texts)
    alone = [result for text in texts for result in _judged_alone(text)]
    together = _judged_alone("".join(texts))
    assert len(together) == len(alone) == len(texts)
    for mine, expected in zip(together, alone):
        assert mine == expected
    assert sum(not result["agrees"] for result in together) == 1  # 005 names no release


def test_a_report_printed_after_its_cpu_line_does_not_take_the_one_before() -> None:
    # 005 prints a CPU line without a release; 006, a KASAN report, prints its CPU line first.
    no_release, header_first = _corpus_texts()[4:6]
    first, second = find_reports(no_release + header_first)
    assert first.release_text is None
    assert second.release_text == "6.16.0-rc1-syzkaller-g39dfc971e42d"
    assert second.page_type == (0xF5, "slab")


def _cpu_seconds(text: str) -> tuple[float, float]:
    """CPU seconds for finding the reports of ``text``, and for checking them."""
    start = time.process_time()
    reports = find_reports(text)
    found = time.process_time()
    for report in reports:
        analyse(report)
    return found - start, time.process_time() - found


def _long_log(reports: int) -> str:
    """``reports`` corpus reports back to back, each with a PID of its own, as in a real log."""
    texts = _corpus_texts()
    return "".join(re.sub(r"PID: \d+", f"PID: {n}", texts[n % len(texts)]) for n in range(reports))


def test_work_grows_in_proportion_to_the_log() -> None:
    once = _long_log(420)
    _cpu_seconds(once)  # fills the caches of layouts and configs, which do not grow with the log
    small = [min(times) for times in zip(*(_cpu_seconds(once) for _ in range(3)))]
    large = _cpu_seconds(_long_log(4200))
    for step, small_seconds, large_seconds in zip(("finding", "checking"), small, large):
        assert large_seconds < 30 * small_seconds, (step, small_seconds, large_seconds)


# __dump_folio's first two lines as 6.19 prints them (d245f9b4ab80): "device " before pfn: for a
# device-private folio, and no " CMA" after the flags for one; 6.18 prints neither marker.
DEVICE_DUMP = """page: refcount:1 mapcount:0 mapping:0000000000000000 index:0x7 {marker}pfn:0x120000
flags: 0x17ffffc0000000(node=0|zone=2|lastcpupid=0x1fffff){cma}
raw: 0017ffffc0000000 0000000000000000 dead000000000122 0000000000000000
page dumped because: test
CPU: 1 UID: 0 PID: 7 Comm: x Not tainted {release} #1 PREEMPT(voluntary)
Hardware name: QEMU Standard PC (Q35 + ICH9, 2009)
"""


def device_report(release: str, marker: str = "", cma: str = "") -> DumpAnalysis:
    (report,) = find_reports(DEVICE_DUMP.format(marker=marker, cma=cma, release=release))
    return analyse(report)


@pytest.mark.parametrize("release", ["6.18.5", "6.19.2", "7.1.0"])
def test_reports_without_the_device_marker_agree_on_both_sides_of_6_19(release: str) -> None:
    assert device_report(release).agrees
    assert device_report(release, cma=" CMA").agrees


@pytest.mark.parametrize("release", ["6.19.2", "7.3.0-rc6"])
def test_device_marker_is_read_and_agrees_from_6_19(release: str) -> None:
    result = device_report(release, marker="device ")
    assert result.report.device_private and not result.report.cma
    assert result.agrees, result.differences


def test_device_marker_before_6_19_is_a_difference() -> None:
    result = device_report("6.18.5", marker="device ")
    assert result.differences == (
        "the page line says 'device pfn:', which dump_page prints only from 6.19, not in 6.18.5",
    )


def test_the_releases_of_the_device_marker_come_from_the_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    from kpageflags.facts import pglayout

    marker = pglayout.dump_page_feature("device_marker")
    assert (marker.since, marker.until) == ("6.19", None)
    assert any(e.commit == "d245f9b4ab80" and e.release == "6.19" for e in marker.evidence)
    monkeypatch.setattr(pglayout, "DUMP_PAGE_FEATURES", (marker._replace(since="6.16", until="6.18"),))
    assert device_report("6.16.1", marker="device ").agrees
    assert device_report("6.19.2", marker="device ").differences == (
        "the page line says 'device pfn:', which dump_page prints only from 6.16 until 6.18, not in 6.19.2",
    )


def test_cma_suffix_on_a_device_private_folio_is_a_difference() -> None:
    result = device_report("6.19.2", marker="device ", cma=" CMA")
    assert result.report.cma
    assert any("CMA for a device-private folio" in d for d in result.differences)


def test_device_marker_narrows_the_consistent_releases_to_6_19_on() -> None:
    def spans(marker: str) -> tuple[str, ...]:
        (report,) = find_reports(DEVICE_DUMP.format(marker=marker, cma="", release="").replace("Not tainted  #1", ""))
        return analyse(report).consistent

    assert spans("") == (f"5.13 to {NEWEST} (x86_64)",)
    assert spans("device ") == (f"6.19 to {NEWEST} (x86_64)",)


HUGETLB_FOLIO = "flags: 0x48(uptodate|head)\npage_type: 0xfffff7ff(hugetlb)\n"


def test_a_hugetlb_page_type_is_consistent_only_with_the_point_releases_that_have_it() -> None:
    # "mm: turn folio_test_hugetlb into a PageType" reached 6.6.30 and 6.8.9 (spec/pageflags.yaml).
    (report,) = find_reports(HUGETLB_FOLIO)
    assert analyse(report, arch="x86_64").consistent == (
        "6.6.30 and later 6.6.y (x86_64)",
        "6.8.9 to 6.10 (x86_64)",
    )
    agrees = {kernel: analyse(report, kernel, "x86_64").agrees for kernel in ("6.6", "6.6.29", "6.6.30", "6.8.8")}
    assert agrees == {"6.6": False, "6.6.29": False, "6.6.30": True, "6.8.8": False}


def test_a_report_that_fits_either_side_of_a_point_release_is_one_range() -> None:
    (report,) = find_reports("flags: 0x48(uptodate|head)\n")
    assert analyse(report, arch="x86_64").consistent == (f"6.6 to {NEWEST} (x86_64)",)


@pytest.mark.parametrize(
    ("run", "after", "span"),
    [
        (("6.1", "6.5", "6.6"), "6.6.30", "6.1 to 6.6.29"),
        (("6.6",), "6.6.30", "6.6 to 6.6.29"),
        (("6.6.30",), "6.7", "6.6.30 and later 6.6.y"),
        (("6.6.30", "6.7", "6.8"), "6.8.9", "6.6.30 to 6.8.8"),
        (("6.8.9", "6.9"), None, "6.8.9 to 6.9"),
        (("6.9-rc1",), "6.9-rc3", "6.9-rc1 to 6.9-rc2"),
        (("6.7",), "6.8", "6.7"),
    ],
)
def test_a_run_of_consistent_releases_is_named_by_its_first_and_last_release(
    run: tuple[str, ...], after: str | None, span: str
) -> None:
    from kpageflags.facts.releases import parse_release
    from kpageflags.reports.dumppage import _span

    assert _span([parse_release(name) for name in run], None if after is None else parse_release(after)) == span


def test_the_point_releases_tried_are_those_where_the_spec_changes_the_layout() -> None:
    import yaml

    from kpageflags.reports.dumppage import _layout_releases

    spec = yaml.safe_load((REPO / "spec" / "pageflags.yaml").read_text())
    endpoints = {
        entry.get(key)
        for part in ("enums", "aliases", "zones", "fields_eras", "page_types")
        for entry in spec.get(part, [])
        for key in ("since", "until")
    }
    points = {e for e in endpoints if e and e.count(".") == (3 if e.startswith("2.6.") else 2)}
    assert {"6.6.30", "6.8.9"} <= points
    tried = {release.name for release in _layout_releases() if release.point}
    assert tried == points


def test_a_log_checker_checks_a_report_printed_again_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from kpageflags.reports import dumppage

    calls: list[int] = []

    def counted(report: DumpReport, kernel: str | None, arch: str | None, config: None) -> DumpAnalysis:
        calls.append(report.line)
        return analyse(report, kernel, arch, config)

    monkeypatch.setattr(dumppage, "analyse", counted)
    first, again, other = find_reports("flags: 0x100(slab)\n" * 2 + "flags: 0x4(referenced)\n")
    check = dumppage.LogChecker(kernel="4.19", arch="x86_64")
    results = [check(report) for report in (first, again, other)]
    assert calls == [1, 3]
    assert [result.report.line for result in results] == [1, 2, 3]
    assert results[1]._replace(report=first) == results[0]
