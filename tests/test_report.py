"""kpageflags report: the page's content read back from its HTML (tables, the embedded map,
captions, known-bug notes), the page being self-contained, and the command's behaviour with and
without matplotlib. The page in a real browser is tested in test_report_browser.py."""

from __future__ import annotations

import base64
import contextlib
import gzip
import html
import io
import json
import os
import re
import stat
import struct
import sys
import zipfile
from array import array
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import needs_kpageflags, needs_matplotlib, save_kpageflags, snapshot_of_files
from test_memmap import FRAMES, LRU, USER, ZONEINFO

from kpageflags.analysis.breakdown import breakdown, process_breakdown
from kpageflags.cli.main import main
from kpageflags.drawing.style import legend
from kpageflags.htmlreport import gather, render
from kpageflags.htmlreport.charts import CHARTS_NEED
from kpageflags.htmlreport.content import regroup
from kpageflags.sources.files import SavedFiles
from kpageflags.sources.snapshot import Snapshot

# The frames and zones of the memory map's tests: node 0 has DMA (frames 0-15) and Normal (16-31),
# node 1 Normal (32-63).
# The user pages are charged to cgroup 100, the page cache of node 1 to cgroup 200.
CGROUPS = [100 if value == USER else 200 if value == LRU and pfn >= 48 else 0 for pfn, value in enumerate(FRAMES)]
BUDDYINFO = "Node 0, zone      DMA      0      0      0      1\nNode 0, zone   Normal      0      0      1      0\n"
CONFIG = "CONFIG_64BIT=y\nCONFIG_NUMA=y\nCONFIG_NODES_SHIFT=6\n# CONFIG_KSM is not set\n"
PROCESS_PID = 7
PROCESS_FRAMES = (11, 12, 13, 48)  # three user pages and one page of page cache
PRESENT = 1 << 63


def saved_files(directory: Path) -> dict[str, Path]:
    files = {
        "kpageflags": array("Q", FRAMES).tobytes(),
        "kpagecgroup": array("Q", CGROUPS).tobytes(),
        "zoneinfo": ZONEINFO.encode(),
        "buddyinfo": BUDDYINFO.encode(),
        "config": CONFIG.encode(),
    }
    for name, data in files.items():
        (directory / name).write_bytes(data)
    return {name: directory / name for name in files}


def fixture_snapshot(directory: Path, kernel: str = "6.18.44") -> Path:
    return snapshot_of_files(directory / f"{kernel}.kpf", kernel=kernel, **saved_files(directory))


def with_process(source: Path, output: Path) -> Path:
    """A copy of a snapshot holding one process, as ``snapshot -p`` records it: one anonymous
    mapping of four pages, each present on a frame of ``PROCESS_FRAMES``."""
    maps = "7f0000000000-7f0000004000 rw-p 00000000 00:00 0 \n"
    pagemap = struct.pack("<4Q", *(PRESENT | pfn for pfn in PROCESS_FRAMES))
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(output, "w") as new:
        manifest = json.loads(old.read("manifest.json"))
        for item in old.infolist():
            if item.filename != "manifest.json":
                new.writestr(item, old.read(item.filename))
        new.writestr(f"processes/{PROCESS_PID}/maps.txt", maps)
        new.writestr(f"processes/{PROCESS_PID}/pagemap.gz", gzip.compress(pagemap))
        manifest["processes"] = {
            str(PROCESS_PID): {
                "maps": f"processes/{PROCESS_PID}/maps.txt",
                "pagemap": f"processes/{PROCESS_PID}/pagemap.gz",
                "comm": "worker",
            }
        }
        new.writestr("manifest.json", json.dumps(manifest))
    return output


class Page(HTMLParser):
    """The parts of a report the tests read: tables (caption and cell texts), pictures (src, alt,
    the caption of their figure) and every attribute value."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.pictures: list[dict[str, str]] = []
        self.attributes: list[str] = []
        self._caption: list[str] | None = None
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._figcaption: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.attributes += values.values()
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "img":
            self.pictures.append({**values, "caption": ""})
        elif tag == "figcaption":
            self._figcaption = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self._title = "".join(self._caption).strip()
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self.tables[self._title] = self._rows
        elif tag == "figcaption" and self._figcaption is not None:
            self.pictures[-1]["caption"] = "".join(self._figcaption)
            self._figcaption = None

    def handle_data(self, data: str) -> None:
        for collecting in (self._caption, self._cell, self._figcaption):
            if collecting is not None:
                collecting.append(data)

    def table(self, starts: str) -> list[list[str]]:
        (title,) = [title for title in self.tables if title.startswith(starts)]
        return self.tables[title]


def number(text: str) -> int:
    return int(text.replace(",", ""))


def report_of(path: Path, charts: bool = False) -> tuple[str, Page]:
    with Snapshot(str(path)) as snapshot:
        text = render(gather(snapshot), charts=charts)
    return text, Page(text)


def test_the_tables_are_the_breakdowns_figures(tmp_path: Path) -> None:
    snapshot = fixture_snapshot(tmp_path)
    _, page = report_of(snapshot)
    with Snapshot(str(snapshot)) as source:
        total, by_node, by_zone = (breakdown(source, by) for by in ("total", "node", "zone"))
    categories = {row[1]: number(row[3]) for row in page.table("Pages per memory category")[1:]}
    holes = categories.pop("(holes)")
    assert categories == {k: v for k, v in total.total().items() if v}
    # The holes the composition counts are the holes the map draws, and no memory.
    drawn = {row[1]: number(row[3]) for row in page.table("The map's colours")[1:]}
    assert holes == total.holes() == drawn["no_page"] == 8
    assert {k: v for k, v in drawn.items() if k in categories} == categories
    for title, expected in (("Pages per category and node", by_node), ("Pages per category and zone", by_zone)):
        header, *rows = page.table(title)
        assert [row[0] for row in rows] == [group.name for group in expected.groups]
        for row, group in zip(rows, expected.groups):
            assert number(row[1]) == group.pages
            assert {name: number(cell) for name, cell in zip(header[3:], row[3:])} == {
                **{name: pages for name, pages in group.categories.items() if name in header[3:]},
                "holes": group.holes,
            }
    assert by_node.groups[1].categories["page_cache"] == 7 + 16  # node 1: after its page table, and after its hole


def test_one_read_by_zone_sums_to_the_node_and_total_breakdowns(tmp_path: Path) -> None:
    with Snapshot(str(fixture_snapshot(tmp_path))) as source:
        by_zone = breakdown(source, "zone")
        assert regroup(by_zone, "node", lambda label: label.split("/")[0]) == breakdown(source, "node")
        assert regroup(by_zone, "total", lambda _: "total") == breakdown(source, "total")


def test_the_map_is_embedded_with_its_legend_and_its_numbers_beside_it(tmp_path: Path) -> None:
    snapshot = fixture_snapshot(tmp_path)
    _, page = report_of(snapshot)
    (picture,) = [p for p in page.pictures if "physical memory" in p["alt"]]
    assert picture["src"].startswith("data:image/svg+xml;base64,")
    svg = ElementTree.fromstring(base64.b64decode(picture["src"].split(",", 1)[1]))
    texts = ["".join(g.itertext()) for g in svg.iter("{http://www.w3.org/2000/svg}g")]
    with Snapshot(str(snapshot)) as source:
        from kpageflags.analysis.memmap import memory_map

        expected = legend(memory_map(source, 1))
    assert texts == [entry.text for entry in expected]
    colours = page.table("The map's colours")
    assert {row[1]: number(row[3]) for row in colours[1:]}["free"] == 12


def test_the_page_refers_to_nothing_outside_itself(tmp_path: Path) -> None:
    text, page = report_of(fixture_snapshot(tmp_path))
    assert not re.search(r"https?://", text)
    assert "<script" not in text and "<link" not in text and "@import" not in text and "url(" not in text
    for picture in page.pictures:
        assert picture["src"].startswith("data:")
    assert all(not value.startswith(("http", "//", "file:")) for value in page.attributes)


def test_every_figure_and_table_names_the_release_and_time_of_the_data(tmp_path: Path) -> None:
    snapshot = fixture_snapshot(tmp_path)
    with Snapshot(str(snapshot)) as source:
        taken = source.manifest["taken"]
    _, page = report_of(snapshot)
    stamp = f"Linux 6.18.44 · data of snapshot taken {taken}"
    assert page.pictures and all(stamp in picture["caption"] for picture in page.pictures)
    stamped = [title for title in page.tables if stamp in title]
    assert len(stamped) >= 7, page.tables.keys()


@pytest.mark.parametrize(
    ("kernel", "shown", "not_shown"),
    [
        ("6.12", "ksm_on_every_anonymous_page", "slab_pages_report_anon"),
        ("6.18.44", "slab_pages_report_anon", "ksm_on_every_anonymous_page"),
        ("6.18.39", "ksm_on_every_anonymous_page", "pmd_mapped_file_thp_not_file"),
        ("6.18.40", "slab_pages_report_anon", "ksm_on_every_anonymous_page"),
    ],
)
def test_known_bug_notes_are_those_of_the_datas_release(
    tmp_path: Path, kernel: str, shown: str, not_shown: str
) -> None:
    text, _ = report_of(fixture_snapshot(tmp_path, kernel))
    assert f'id="bug-{shown}"' in text
    assert f'id="bug-{not_shown}"' not in text


def test_a_report_of_this_machine_says_its_sections_are_different_moments(tmp_path: Path) -> None:
    with Snapshot(str(fixture_snapshot(tmp_path))) as snapshot:
        report = gather(snapshot)
    assert not report.read_per_section and 'id="moving-data"' not in render(report, charts=False)
    assert 'id="moving-data"' in render(report._replace(read_per_section=True), charts=False)


def test_processes_cgroups_and_slab_caches_of_a_snapshot(tmp_path: Path) -> None:
    from slabtrees import synthetic
    from test_slab import add_slab_to_snapshot

    plain = fixture_snapshot(tmp_path)
    snapshot = add_slab_to_snapshot(
        with_process(plain, tmp_path / "p.kpf"), tmp_path / "ps.kpf", synthetic(tmp_path / "tree", 30, nodes=2)
    )
    _, page = report_of(snapshot)
    with Snapshot(str(snapshot)) as source:
        (process,) = process_breakdown(source).groups
        cgroups = breakdown(source, "cgroup")
    header, row = page.table("Top processes")
    assert row[0] == "7 worker" and number(row[1]) == process.pages == 4
    assert dict(zip(header[3:], map(number, row[3:]))) == {k: v for k, v in process.categories.items() if v}
    rows = page.table("Top memory cgroups")[1:]
    assert {row[0]: number(row[1]) for row in rows} == {group.name: group.pages for group in cgroups.groups}
    slab = page.table("Slab caches") if "Slab caches" in page.tables else page.table("The 10 largest of 30 caches")
    memory = [number(row[3]) for row in slab[1:]]
    assert len(memory) == 10 and memory == sorted(memory, reverse=True) and memory[0] > 0


def test_what_a_source_lacks_is_said_not_left_out(tmp_path: Path) -> None:
    files = saved_files(tmp_path)
    source = SavedFiles({"kpageflags": str(files["kpageflags"])}, kernel="6.18.44", page_size=4096)
    text = render(gather(source), charts=False)
    missing = re.findall(r'<p class="missing">Not in this data: ([^<]*)</p>', text)
    assert any("--zoneinfo" in why for why in missing), missing
    assert any("--kpagecgroup" in why for why in missing), missing
    assert any("--slab-tree" in why for why in missing), missing
    assert any("no processes" in why for why in missing), missing
    # and the config, the node and zone tables and the free blocks (cut by zone): eight in all
    assert len(missing) == 8
    assert "Pages per memory category" in text


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_the_command_writes_a_private_page_and_says_what_it_wrote(tmp_path: Path) -> None:
    snapshot = fixture_snapshot(tmp_path)
    output = tmp_path / "report.html"
    code, out, err = run("report", "--snapshot", str(snapshot), "-o", str(output), "--json")
    assert code == 0, err
    assert stat.S_IMODE(os.stat(output).st_mode) == 0o600
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["path"] == str(output) and record["bytes"] == os.path.getsize(output)
    assert record["kernel"] == "6.18.44" and "processes" in record["missing_sections"]


@pytest.mark.parametrize("name", ["report.txt", "report"])
def test_a_page_not_named_html_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    code, _, err = run("report", "--snapshot", str(fixture_snapshot(tmp_path)), "-o", str(tmp_path / name))
    assert code == 2 and err.count("\n") == 1 and "a report is written as .html, not" in err
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (["-o", "{tmp}/missing/report.html"], "cannot write {tmp}/missing/report.html: no directory"),
        (["-o", "{tmp}"], "a report is written as .html, not a file with no suffix"),
        (["-o", "{tmp}/r.html", "--slab-tree", "{tmp}/none"], "cannot read {tmp}/none: No such file or directory"),
    ],
)
def test_bad_output_or_slab_tree_is_refused_before_reading(tmp_path: Path, options: list[str], error: str) -> None:
    argv = ["report", "--snapshot", str(fixture_snapshot(tmp_path)), *(o.format(tmp=tmp_path) for o in options)]
    code, _, err = run(*argv)
    assert code == 2 and err.count("\n") == 1 and error.format(tmp=tmp_path) in err, err
    assert not (tmp_path / "r.html").exists()


def test_without_matplotlib_the_page_has_tables_and_map_and_says_why_no_charts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    output = tmp_path / "report.html"
    code, _, err = run("report", "--snapshot", str(fixture_snapshot(tmp_path)), "-o", str(output))
    assert code == 0
    assert err.count(CHARTS_NEED) == 1
    text = output.read_text()
    assert html.unescape(text).count("D" + CHARTS_NEED[1:] + ".") == 1  # as a sentence
    page = Page(text)
    assert [p["alt"].split(":")[0] for p in page.pictures] == ["A map of physical memory"]
    assert "Pages per category and zone" in "".join(page.tables)


@needs_matplotlib
def test_with_matplotlib_every_chart_is_drawn_beside_its_table(tmp_path: Path) -> None:
    from slabtrees import synthetic
    from test_slab import add_slab_to_snapshot

    snapshot = add_slab_to_snapshot(fixture_snapshot(tmp_path), tmp_path / "s.kpf", synthetic(tmp_path / "t", 12))
    text, page = report_of(snapshot, charts=True)
    assert CHARTS_NEED not in text
    titles = [picture["alt"].split(":")[0] for picture in page.pictures]
    assert titles == [
        "Memory by category, per NUMA node",
        "Memory by category, per zone",
        "A map of physical memory",
        "Free memory by the size of the block it is in",
        "Memory by category, per memory cgroup",
        "The largest slab caches",
    ]
    with Snapshot(str(snapshot)) as source:
        taken = source.manifest["taken"]
    for picture in page.pictures:
        svg = base64.b64decode(picture["src"].split(",", 1)[1]).decode()
        assert "6.18.44" in svg and taken in svg  # the picture carries its caption too


def test_the_free_block_chart_names_each_whole_order_under_its_bar() -> None:
    from kpageflags.analysis.freeblocks import FreeMemory
    from kpageflags.htmlreport.charts import free_chart

    # With few orders in use, matplotlib's own ticks fell on halves: order 0.5 does not exist.
    free = FreeMemory({"node0/DMA": [0, 0, 1, 2]}, {}, 3, 4096)
    assert list(free_chart(free, "now").x_tick_labels) == ["0", "1", "2", "3"]


def test_user_nobody_writes_a_report_of_a_snapshot(tmp_path: Path) -> None:
    import shutil
    import subprocess

    from conftest import readable_by_everyone
    from test_snapshot import AS_NOBODY, python_for_nobody

    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("running as user nobody needs root and setpriv")
    python = python_for_nobody()
    if python is None:
        pytest.skip("no Python 3.9+ that user nobody can run (this one lives in a root-only directory)")
    snapshot = fixture_snapshot(tmp_path)
    with readable_by_everyone(snapshot) as shared:
        (shared / "out").mkdir()
        os.chmod(shared / "out", 0o777)
        command = (
            "import sys; sys.path.insert(0, sys.argv[1]); from kpageflags.cli.main import main; "
            "sys.exit(main(sys.argv[2:]))"
        )
        output = shared / "out" / "report.html"
        argv = [str(shared), "report", "--snapshot", str(shared / snapshot.name), "-o", str(output)]
        done = subprocess.run(
            [*AS_NOBODY, python, "-I", "-c", command, *argv], capture_output=True, text=True, timeout=300, check=False
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        rows = Page(output.read_text()).table("Pages per memory category")[1:]
        assert {row[1]: number(row[3]) for row in rows}["free"] == 12


@needs_kpageflags
@pytest.mark.live
@pytest.mark.slow
def test_a_report_of_this_machine_counts_what_its_frozen_read_counts(tmp_path: Path) -> None:
    frozen = save_kpageflags(tmp_path / "kpageflags")
    source = SavedFiles({"kpageflags": str(frozen), "zoneinfo": "/proc/zoneinfo"})
    report = gather(source)
    assert not report.read_per_section  # a frozen copy is one moment
    page = Page(render(report, charts=False))
    expected = breakdown(source, "zone")
    header, *rows = page.table("Pages per category and zone")
    assert {row[0]: number(row[1]) for row in rows} == {group.name: group.pages for group in expected.groups}
    for row, group in zip(rows, expected.groups):
        assert {name: number(cell) for name, cell in zip(header[3:], row[3:]) if number(cell)} == {
            name: pages for name, pages in group.categories.items() if pages
        }
    assert sum(number(row[1]) for row in rows) == os.path.getsize(frozen) // 8
    assert page.table("Nodes and zones")[1][0] == "node0"
