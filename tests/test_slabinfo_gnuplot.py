"""kpageflags slabinfo-gnuplot: the data files equal those tools/mm/slabinfo-gnuplot.sh wrote
from the same samples (tests/fixtures/slabinfo_gnuplot/README.md says how they were made), and
the charts show what the script's gnuplot charts show."""

from __future__ import annotations

import os
import re
import shutil
import struct
import sys
from pathlib import Path

import pytest
from conftest import REPO, needs_matplotlib

from kpageflags.cli.main import main
from kpageflags.slabinfognuplot import run

FIXTURES = REPO / "tests" / "fixtures" / "slabinfo_gnuplot"
SAMPLES = sorted(path.name for path in (FIXTURES / "samples").iterdir())
SUFFIXES = ("-slabs-by-loss", "-slabs-by-size", "-totals")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The script writes into the current directory; so do we."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sample(name: str) -> str:
    return str(FIXTURES / "samples" / name)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def svg_texts(path: Path) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text())


@pytest.mark.parametrize("name", SAMPLES)
def test_the_data_files_are_the_scripts_byte_for_byte(name: str, in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Drawing is checked below; here it would only take time.
    monkeypatch.setattr(run, "save", lambda chart, path: None)
    main(["slabinfo-gnuplot", sample(name)])
    for suffix in SUFFIXES:
        assert (in_tmp / (name + suffix)).read_bytes() == (FIXTURES / "expected" / (name + suffix)).read_bytes()


@needs_matplotlib
def test_each_data_file_gets_its_chart_of_the_requested_size(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["slabinfo-gnuplot", "-s", "900,400", sample("stats-7.1.5")]) == 0
    pictures = [f"stats-7.1.5{suffix}.png" for suffix in SUFFIXES]
    assert capsys.readouterr().out.split() == pictures
    assert [png_size(in_tmp / picture) for picture in pictures] == [(900, 400)] * 3


@needs_matplotlib
def test_the_slabs_chart_names_its_boxes_axes_caches_and_data(in_tmp: Path) -> None:
    # slabinfo -X prints no time: the caption says the time it gives is the file's, not the data's.
    samples = in_tmp / "stats-7.1.5"
    shutil.copyfile(sample("stats-7.1.5"), samples)
    os.utime(samples, (0, 1796461200))
    main(["slabinfo-gnuplot", "--svg", "--release", "6.18.44", str(samples)])
    texts = svg_texts(in_tmp / "stats-7.1.5-slabs-by-loss.svg")
    assert {"SIZE", "LOSS", "samples", "memory (MiB)"} <= set(texts)
    # One label per sample: the top cache of each.
    assert texts.count("ext4_inode_cache") == 6
    (caption,) = [text for text in texts if text.startswith("Linux")]
    assert caption == "Linux 6.18.44 · data of stats-7.1.5, file modified 2026-12-05 09:00:00Z"


@needs_matplotlib
def test_cache_names_are_left_out_where_the_plot_gives_them_no_room(in_tmp: Path) -> None:
    # The script's rule (over 11 pixels a name) is kept, counted on the plot's width, not the
    # picture's: the legend beside the plot and the y axis take the rest. At 240 pixels the
    # plot is about 120 wide, 6 pixels a name, where the names overlapped one another.
    data = in_tmp / "many"
    data.write_text("".join(f"cache{index} 4096 64\n" for index in range(20)))
    main(["slabinfo-gnuplot", "-l", "--svg", "-s", "800,300", str(data)])
    assert "cache3" in svg_texts(in_tmp / "many.svg")
    main(["slabinfo-gnuplot", "-l", "--svg", "-s", "240,300", str(data)])
    assert "cache3" not in svg_texts(in_tmp / "many.svg")


@needs_matplotlib
def test_a_range_draws_those_samples_only(in_tmp: Path) -> None:
    shutil.copy(FIXTURES / "expected" / "odd-numbers-slabs-by-loss", in_tmp / "losses")
    main(["slabinfo-gnuplot", "-l", "--svg", "-r", "4,5", "losses"])
    names = {"a", "b", "c", "g", "h", "i"} & set(svg_texts(in_tmp / "losses.svg"))
    assert names == {"h", "i"}


@needs_matplotlib
def test_totals_of_several_files_share_one_chart_named_after_them_all(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("stats-5.19", "stats-7.1.5"):
        shutil.copy(FIXTURES / "expected" / f"{name}-totals", in_tmp)
    assert main(["slabinfo-gnuplot", "-t", "--svg", "stats-5.19-totals", "stats-7.1.5-totals"]) == 0
    stem = "stats-5.19-totalsstats-7.1.5-totals"
    assert capsys.readouterr().out.split() == [f"{stem}.png", f"{stem}.svg"]
    legend = {text for text in svg_texts(in_tmp / f"{stem}.svg") if text.endswith(("usage", "Loss"))}
    assert legend == {
        f"{name}-totals {what}" for name in ("stats-5.19", "stats-7.1.5") for what in ("Memory usage", "Loss")
    }
    assert "memory (GiB)" in svg_texts(in_tmp / f"{stem}.svg")


def test_without_matplotlib_the_data_files_are_written_and_one_line_names_the_extra(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["slabinfo-gnuplot", sample("one-sample"), sample("ties")]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'kpageflags[plot]'" in err
    assert sorted(path.name for path in in_tmp.iterdir()) == sorted(
        name + suffix for name in ("one-sample", "ties") for suffix in SUFFIXES
    )


@needs_matplotlib
def test_a_file_with_no_samples_gets_its_empty_data_files_and_an_error(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["slabinfo-gnuplot", sample("not-samples"), sample("one-sample")]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"kpageflags: error: {sample('not-samples')}: no 'slabinfo -X' sample in it; its data files are empty\n"
    )
    assert (in_tmp / "not-samples-totals").read_bytes() == b""
    assert "one-sample-totals.png" in captured.out.split()


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["/nonexistent/stats"], "File '/nonexistent/stats' does not exist"),
        (["/tmp"], "File '/tmp' is a directory"),
        (["/dev/null"], "File '/dev/null' is not a regular file"),
        (["-t", sample("one-sample")], "line 3 has more than 2 columns: not a FILE-totals data file"),
        (["-l", sample("one-sample")], "has more than 3 columns: not a FILE-slabs-by-loss or -slabs-by-size data"),
        (["-s", "wide", "x"], "-s 'wide': expected W,H"),
        (["-s", "50,50", "x"], "picture size 50x50"),
        (["-r", "5,2", "x"], "-r 5,2: MAX comes before MIN"),
        (["-q", "x"], "option -q not recognized"),
        (["--release", "2.4.37", "x"], "older than 2.6.25"),
        ([], "needs FILEs"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    words: list[str], message: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["slabinfo-gnuplot", *words]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize(
    ("words", "content", "message"),
    [
        (["-l"], b"garbage\n\x00\x01binary\n", "it holds NUL bytes: not a FILE-slabs-by-loss or -slabs-by-size"),
        (["-l"], b"garbage\nmore words\n", "data: no number to draw in its columns"),
        (["-t"], b"Memory used\n", "data: no number to draw in its columns"),
        (["-r", "10,20", "-l"], b"kmalloc-512 35274752 -24576\n", "data: no sample to draw from sample 10 to 20"),
    ],
)
def test_a_data_file_with_nothing_to_draw_is_one_line_and_exit_2(
    words: list[str],
    content: bytes,
    message: str,
    tmp_path_factory: pytest.TempPathFactory,
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # gnuplot stops with "all points y value undefined!" and draws nothing: neither a blank
    # chart nor silence will do.
    data = tmp_path_factory.mktemp("input") / "data"
    data.write_bytes(content)
    assert main(["slabinfo-gnuplot", *words, str(data)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert list(in_tmp.iterdir()) == []


def test_binary_data_is_refused_before_anything_is_written(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "core").write_bytes(b"Slabs sorted by loss\n\x00\x01" * 10)
    assert main(["slabinfo-gnuplot", "core"]) == 2
    assert "kpageflags: error: core: it holds NUL bytes" in capsys.readouterr().err
    assert [path.name for path in in_tmp.iterdir()] == ["core"]


def test_help_lists_the_scripts_options_and_ours(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["slabinfo-gnuplot", "-h"]) == 0
    out = capsys.readouterr().out
    assert all(option in out for option in ("-t", "-l", "-s %d,%d", "-r %d,%d", "--svg", "--release"))
