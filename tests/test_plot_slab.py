"""kpageflags plot slab: a slab-sample/1 time series read into each large cache's history, and
drawn with its names, units and caption (tests/fixtures/slab_samples/README.md describes the
series)."""

from __future__ import annotations

import contextlib
import json
import re
import struct
import sys
from pathlib import Path

import pytest
from conftest import REPO, needs_matplotlib

from kpageflags.cli.main import main
from kpageflags.slab.samplefile import COLUMNS, OTHER, history

SERIES = REPO / "tests" / "fixtures" / "slab_samples"
CSV = str(SERIES / "series.csv")
JSONL = str(SERIES / "series.jsonl")
MIB = 2**20


def svg_texts(path: Path) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text())


def test_csv_and_json_lines_give_the_same_history() -> None:
    assert history(CSV, "memory", 3) == history(JSONL, "memory", 3)


def test_the_largest_caches_of_the_last_sample_are_named_and_the_rest_summed() -> None:
    found = history(CSV, "memory", 3)
    assert [cache for cache, _ in found.caches] == ["kmalloc-64", "ext4_inode_cache", "dentry"]
    kmalloc = dict(found.caches)["kmalloc-64"]
    assert kmalloc == [slabs * 4096.0 for slabs in (50, 150, 250, 350, 450)]
    # The rest: kmalloc-512, inode_cache, radix_tree_node, buffer_head always; task_struct from
    # sample 2 (order 3), fuse_request until sample 3.
    rest = [60 * 8192 + 30 * 16384 + slabs * 16384 + 20 * 4096 for slabs in (40, 41, 42, 43, 44)]
    rest = [
        memory + tasks * 32768 + fuse * 4096 for memory, tasks, fuse in zip(rest, (0, 0, 10, 12, 14), (5, 5, 5, 5, 0))
    ]
    assert found.other == rest
    assert [f"{time:%H:%M:%S.%f}" for time in found.times][::4] == ["09:00:00.000123", "09:04:00.004123"]


def test_a_top_as_large_as_the_caches_leaves_no_other() -> None:
    found = history(CSV, "memory", 50)
    assert len(found.caches) == 8 and found.other is not None  # fuse_request, gone by the last sample
    assert dict(found.caches)["task_struct"][:2] == [0.0, 0.0]


def test_a_cache_with_two_rows_in_a_sample_counts_as_their_sum(tmp_path: Path) -> None:
    rows = [
        f"2026-12-05T09:00:0{sample}Z,{sample},{cache},1,1,1,1,1,0,0,0,{memory},0,0\n"
        for sample, cache, memory in ((0, "a", 100), (0, "b", 150), (1, "a", 100), (1, "a", 100), (1, "b", 150))
    ]
    samples = tmp_path / "twice.csv"
    samples.write_text(HEADER + "".join(rows))
    found = history(samples, "memory", 1)
    assert found.caches == [("a", [100.0, 200.0])] and found.other == [150.0, 150.0]


def test_loss_picks_the_largest_by_loss() -> None:
    found = history(CSV, "loss", 2)
    last = {cache: values[-1] for cache, values in history(CSV, "loss", 50).caches}
    assert [cache for cache, _ in found.caches] == sorted(last, key=lambda cache: -last[cache])[:2]


@needs_matplotlib
def test_the_memory_chart_has_the_caches_units_and_caption(tmp_path: Path) -> None:
    chart = tmp_path / "slab.svg"
    assert main(["plot", "slab", CSV, "-o", str(chart), "--top", "3", "--release", "6.18"]) == 0
    texts = svg_texts(chart)
    assert {"kmalloc-64", "ext4_inode_cache", "dentry", OTHER, "time (UTC)", "memory (MiB)"} <= set(texts)
    assert "inode_cache" not in texts
    assert "Linux 6.18 · data of 2026-12-05 09:00:00Z to 2026-12-05 09:04:00Z" in texts


@needs_matplotlib
def test_the_caption_names_the_release_the_series_records(tmp_path: Path) -> None:
    lines = Path(CSV).read_text().splitlines()
    recorded = tmp_path / "recorded.csv"
    recorded.write_text("\n".join([lines[0] + ",release", *(line + ",6.18.44" for line in lines[1:])]) + "\n")
    chart = tmp_path / "slab.svg"
    assert main(["plot", "slab", str(recorded), "-o", str(chart)]) == 0
    assert any(text.startswith("Linux 6.18.44 · data of 2026-12-05") for text in svg_texts(chart))
    # A series records the whole uname release; the caption names the release, like the others.
    recorded.write_text("\n".join([lines[0] + ",release", *(line + ",6.18.44-fc-v1272" for line in lines[1:])]) + "\n")
    assert main(["plot", "slab", str(recorded), "-o", str(chart)]) == 0
    assert any(text.startswith("Linux 6.18.44 · data of 2026-12-05") for text in svg_texts(chart))
    assert main(["plot", "slab", str(recorded), "-o", str(chart), "--release", "6.1"]) == 0
    assert any(text.startswith("Linux 6.1 · data of") for text in svg_texts(chart))


@needs_matplotlib
def test_the_loss_chart_names_its_unit(tmp_path: Path) -> None:
    chart = tmp_path / "loss.svg"
    assert main(["plot", "slab", JSONL, "-o", str(chart), "--kind", "loss", "--top", "2"]) == 0
    texts = svg_texts(chart)
    assert "wasted in slabs (KiB)" in texts
    assert any(text.startswith("Linux release not recorded · data of 2026-12-05") for text in texts)


@needs_matplotlib
def test_the_stacked_chart_is_a_png_of_the_size_asked(tmp_path: Path) -> None:
    chart = tmp_path / "stacked.png"
    assert main(["plot", "slab", CSV, "-o", str(chart), "--kind", "stacked", "--size", "800,450"]) == 0
    assert struct.unpack(">II", chart.read_bytes()[16:24]) == (800, 450)


def test_without_matplotlib_one_line_names_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["plot", "slab", CSV, "-o", str(tmp_path / "x.png")]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'kpageflags[plot]'" in err


HEADER = ",".join(COLUMNS) + "\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a,b\n1,2\n", "its header is not time,sample,cache"),
        (HEADER, "no sample in it"),
        ("", "its header is not"),
        (
            HEADER + "2026-12-05T09:00:00Z,0,x,1,1,1,1,1,0,0,0,-4096,0,0\n",
            "line 2: not a slab-sample/1 row ('-4096' is not",
        ),
        (HEADER + "yesterday,0,x,1,1,1,1,1,0,0,0,4096,0,0\n", "time 'yesterday' is not ISO 8601"),
        (HEADER + "2026-12-05T09:00:00Z,0,x\n", "no 'memory_bytes' column"),
        ('{"schema": "page-owner/1"}\n', "line 1: schema 'page-owner/1', not slab-sample/1"),
        ('{"schema": "slab-sample/1", "time": "2026-12-05T09:00:00Z", "sample": 0}\n', "no 'cache' column"),
        ("{not json\n", "line 1: not JSON"),
        ("\udcff", "not text"),
        (HEADER + "2026-12-05T09:00:00Z,0,x,1,1,1,1,1,0,0,0,4096,0,0\n", "one sample only: a chart over time needs"),
    ],
)
def test_bad_samples_are_one_line_and_exit_2(
    content: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    samples = tmp_path / "samples"
    samples.write_bytes(content.encode(errors="surrogateescape"))
    assert main(["plot", "slab", str(samples), "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert str(samples) in err  # the message names the file
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["-o", "chart.jpg"], "a picture is written as .png or .svg, not .jpg"),
        (["-o", "x.png", "--top", "0"], "--top"),
        (["-o", "x.png", "--size", "10,10"], "picture size 10x10"),
        (["-o", "x.png", "--release", "4.21"], "4.21"),
        pytest.param(["-o", "/nonexistent/x.png"], "cannot write /nonexistent/x.png", marks=needs_matplotlib),
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    words: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with contextlib.suppress(SystemExit):  # argparse's own errors end in SystemExit(2)
        assert main(["plot", "slab", CSV, *words]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert list(tmp_path.iterdir()) == []


def test_json_lines_fixture_carries_the_schema_on_every_row() -> None:
    assert {json.loads(line)["schema"] for line in Path(JSONL).read_text().splitlines()} == {"slab-sample/1"}


@needs_matplotlib
def test_a_home_matplotlib_cannot_write_to_leaves_stderr_empty(tmp_path: Path) -> None:
    import os
    import subprocess

    home = tmp_path / "home"
    home.write_text("")  # a file: no directory can be made under it, even by root
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {name: value for name, value in os.environ.items() if not name.startswith(("MPL", "XDG_"))}
    environment.update(HOME=str(home), TMPDIR=str(temporary))
    done = subprocess.run(
        [sys.executable, "-m", "kpageflags", "plot", "slab", CSV, "-o", str(tmp_path / "x.png")],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert list(temporary.iterdir()) == []  # the private configuration directory is removed


@needs_matplotlib
def test_names_the_font_cannot_draw_give_no_warnings_and_control_characters_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import warnings

    lines = Path(CSV).read_text().splitlines()
    samples = tmp_path / "glyphs.csv"
    # A character matplotlib's own font has no glyph for: drawn as a box, with no warning shown.
    samples.write_text("\n".join([lines[0], *(line.replace("dentry", "den\U0001f9eatry") for line in lines[1:])]))
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        assert main(["plot", "slab", str(samples), "-o", str(tmp_path / "x.png")]) == 0
    assert [str(warning.message) for warning in shown] == []
    samples.write_text("\n".join([lines[0], *(line.replace("dentry", "den\x00try") for line in lines[1:])]))
    capsys.readouterr()
    assert main(["plot", "slab", str(samples), "-o", str(tmp_path / "y.png")]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1 and not (tmp_path / "y.png").exists()


def test_a_cache_keeps_its_colour_from_one_kind_of_chart_to_the_next() -> None:
    from kpageflags.cli.plot_commands import slab_chart

    styles: dict[str, set[object]] = {}
    for kind in ("memory", "stacked", "loss"):
        chart = slab_chart(CSV, kind, 3, (800, 400), None)
        named = [series for series in chart.series if not series.remainder]
        assert len({series.style for series in named}) == len(named), kind  # apart within a chart
        for series in named:
            styles.setdefault(series.label, set()).add(series.style)
    # ext4_inode_cache is second by memory and first by loss; dentry third in both.
    assert set(styles) == {"kmalloc-64", "ext4_inode_cache", "dentry", "task_struct"}
    assert all(len(found) == 1 and None not in found for found in styles.values())


def test_plot_slab_prints_the_numbers_it_draws(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import importlib.util

    status = main(["plot", "slab", CSV, "-o", str(tmp_path / "x.svg"), "--top", "3", "--json"])
    # Drawn, or where matplotlib is missing not drawn (exit 4): the numbers print either way.
    assert status == (0 if importlib.util.find_spec("matplotlib") else 4)
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    found = history(CSV, "memory", 3)
    assert found.other is not None
    drawn = [*found.caches, (OTHER, found.other)]
    assert [(row["cache"], row["bytes"]) for row in rows] == [
        (cache, int(values[index])) for index in range(len(found.times)) for cache, values in drawn
    ]
    assert rows[0]["time"] == "2026-12-05T09:00:00.000123Z"
