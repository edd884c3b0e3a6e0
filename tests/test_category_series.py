"""Memory categories over time: the sampler's category-sample/1 rows, reading them back, and
the stacked-area chart of them with its table."""

from __future__ import annotations

import json
import os
import re
import sys
from array import array
from pathlib import Path

import pytest
from conftest import needs_matplotlib

from kpageflags.analysis.breakdown import breakdown
from kpageflags.analysis.categoryseries import COLUMNS, read_history
from kpageflags.cli.main import main
from kpageflags.errors import BadValue
from kpageflags.facts.categories import categories
from kpageflags.sources.files import SavedFiles

BUDDY, SLAB, LRU = 1 << 10, 1 << 7, 1 << 5
FLAGS = [BUDDY] * 60 + [SLAB] * 25 + [LRU] * 15


def saved_flags(tmp_path: Path) -> Path:
    path = tmp_path / "kpageflags"
    path.write_bytes(array("Q", FLAGS).tobytes())
    return path


def sample(tmp_path: Path, name: str, *extra: str) -> Path:
    output = tmp_path / name
    flags = saved_flags(tmp_path)
    argv = ["breakdown", "--kpageflags", str(flags), "-k", "6.18.44", "--interval", "0.01", "--count", "3"]
    assert main([*argv, "-o", str(output), *extra]) == 0
    return output


def test_the_sampler_writes_every_category_of_every_sample(tmp_path: Path) -> None:
    series = sample(tmp_path, "series.csv")
    header, *lines = series.read_text().splitlines()
    assert tuple(header.split(",")) == COLUMNS
    rows = [dict(zip(COLUMNS, line.split(","))) for line in lines]
    ids = [c.id for c in categories() if c.id != "no_page"]  # holes are no memory
    assert [(row["sample"], row["category"]) for row in rows] == [(str(n), name) for n in range(3) for name in ids]
    expected = breakdown(SavedFiles({"kpageflags": str(tmp_path / "kpageflags")}, kernel="6.18.44")).total()
    for row in rows:
        assert int(row["pages"]) == expected[row["category"]]
        assert int(row["bytes"]) == int(row["pages"]) * 4096
        assert (row["release"], row["page_size"]) == ("6.18.44", "4096")
    times = [row["time"] for row in rows[:: len(ids)]]
    assert times == sorted(times) and len(set(times)) == 3 and all(re.fullmatch(r"[0-9T:.-]+Z", t) for t in times)
    assert os.stat(series).st_mode & 0o777 == 0o600


def test_json_lines_carry_the_schema_on_every_row(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in sample(tmp_path, "series.jsonl").read_text().splitlines()]
    assert len(rows) == 3 * (len(categories()) - 1)  # every category but no_page: holes are no memory
    assert {row["schema"] for row in rows} == {"category-sample/1"}
    assert {row["category"]: row["pages"] for row in rows if row["pages"]} == {"free": 60, "slab": 25, "page_cache": 15}


def test_both_forms_read_back_as_the_same_history(tmp_path: Path) -> None:
    as_csv, as_json = read_history(sample(tmp_path, "s.csv")), read_history(sample(tmp_path, "s.jsonl"))
    assert as_csv.pages == as_json.pages
    assert as_csv.pages["free"] == [60.0] * 3 and as_csv.pages["hugetlb"] == [0.0] * 3
    assert (as_csv.release, as_csv.page_size, len(as_csv.times)) == ("6.18.44", 4096, 3)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--count", "2"], "--count goes with --interval"),
        (["--interval", "1", "--by", "node"], "it takes no --by, --top or --all"),
        (["--interval", "1", "--snapshot", "x.kpf"], "a snapshot is one moment"),
    ],
)
def test_sampling_options_out_of_place_are_one_line(
    options: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["breakdown", *options]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


HEADER = ",".join(COLUMNS) + "\n"
ROW = "2026-12-05T09:00:00Z,0,6.18,4096,free,2,8192\n"


def series_file(tmp_path: Path, rows: list[tuple[str, int, str, int]]) -> Path:
    """Rows of (time, sample, category, pages), of 6.18 with 4 KiB pages."""
    path = tmp_path / "series.csv"
    path.write_text(HEADER + "".join(f"{t},{n},6.18,4096,{c},{p},{p * 4096}\n" for t, n, c, p in rows))
    return path


def two_samples(tmp_path: Path) -> Path:
    return series_file(
        tmp_path,
        [
            ("2026-12-05T09:00:00.5Z", 0, "free", 100),
            ("2026-12-05T09:00:00.5Z", 0, "slab", 10),
            ("2026-12-05T09:00:00.5Z", 0, "a_category_yet_to_come", 3),
            ("2026-12-05T09:01:00.5Z", 1, "free", 80),
            ("2026-12-05T09:01:00.5Z", 1, "slab", 30),
            ("2026-12-05T09:01:00.5Z", 1, "a_category_yet_to_come", 0),
        ],
    )


def test_plot_categories_prints_what_it_draws_unknown_categories_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plot", "categories", str(two_samples(tmp_path)), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["time"], row["category"], row["pages"]) for row in rows] == [
        ("2026-12-05T09:00:00Z", "free", 100),
        ("2026-12-05T09:00:00Z", "slab", 10),
        ("2026-12-05T09:00:00Z", "a_category_yet_to_come", 3),
        ("2026-12-05T09:01:00Z", "free", 80),
        ("2026-12-05T09:01:00Z", "slab", 30),
        ("2026-12-05T09:01:00Z", "a_category_yet_to_come", 0),
    ]


@needs_matplotlib
def test_plot_categories_svg_has_legend_units_and_the_datas_times(tmp_path: Path) -> None:
    chart = tmp_path / "categories.svg"
    assert main(["plot", "categories", str(two_samples(tmp_path)), "-o", str(chart), "--size", "800,400"]) == 0
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", chart.read_text())
    assert {"free", "slab", "a_category_yet_to_come", "memory (KiB)", "time (UTC)"} <= set(texts)
    assert "Linux 6.18 · data of 2026-12-05 09:00:00Z to 2026-12-05 09:01:00Z" in texts


def test_without_matplotlib_the_categories_table_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["plot", "categories", str(two_samples(tmp_path)), "-o", str(tmp_path / "c.png")]) == 4
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "pip install 'kpageflags[plot]'" in captured.err
    assert "2026-12-05T09:01:00Z" in captured.out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "its header is not time,sample"),
        (HEADER, "no sample in it"),
        (HEADER + ROW, "one sample only"),
        (HEADER + ROW.replace(",8192", ",8193"), "2 pages of 4096 bytes are not 8193 bytes"),
        (HEADER + ROW.replace("09:00:00Z", "nine"), "time '2026-12-05Tnine' is not ISO 8601"),
        (HEADER + ROW.replace(",2,", ",-2,"), "'-2' is not a whole number"),
        (HEADER + ROW + ROW.replace(",0,6.18,", ",1,6.12,"), "not one machine's series"),
        (HEADER + ROW.replace("free", "fr\x1bee"), "has a control character"),
        ('{"schema": "slab-sample/1"}\n', "schema 'slab-sample/1', not category-sample/1"),
        ("{not json\n", "line 1: not JSON"),
        ('{"schema": "category-sample/1", "time": "2026-12-05T09:00:00Z"}\n', "no 'sample' column"),
    ],
)
def test_a_bad_series_is_one_line_and_exit_2(
    content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert main(["plot", "categories", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_file_naming_too_many_categories_is_refused(tmp_path: Path) -> None:
    path = series_file(tmp_path, [("2026-12-05T09:00:00Z", 0, f"c{n}", 1) for n in range(1001)])
    with pytest.raises(BadValue, match="more than 1000 categories"):
        read_history(path)


@pytest.mark.parametrize("command", [["breakdown"], ["slab"], ["slabinfo"]])
@pytest.mark.parametrize("name", ["series.txt", "series", "series.csv.gz"])
def test_a_series_file_neither_csv_nor_json_lines_is_refused_before_sampling(
    command: list[str], name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # Nothing here can be read: the name is refused before the first sample.
    source = ["--kpageflags", "missing"] if command == ["breakdown"] else ["--sysfs", "missing"]
    argv = [*command, *source, "--interval", "1", "--count", "2", "-o", name]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == (
        f"kpageflags: error: {name}: a time series is written as .csv, .jsonl or .json (or - for stdout), "
        f"not {Path(name).suffix or 'a file with no suffix'}\n"
    )
    assert not (tmp_path / name).exists()
