"""The same situation reads the same way in every command: a file that is missing, an output
that cannot be written, a picture without matplotlib. One line, ``kpageflags: error: ...``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kpageflags.cli.main import main

MISSING = "/nonexistent/input"
READERS = [
    ["breakdown", "--snapshot", MISSING],
    ["map", "--snapshot", MISSING, "-o", "{tmp}/m.svg"],
    ["report", "--snapshot", MISSING, "-o", "{tmp}/r.html"],
    ["plot", "composition", "--snapshot", MISSING],
    ["plot", "diff", MISSING, MISSING],
    ["plot", "categories", MISSING],
    ["plot", "slab", MISSING, "-o", "{tmp}/s.svg"],
    ["diff", MISSING, MISSING],
    ["slab-diff", MISSING, MISSING],
    ["slab", "--sysfs", MISSING],
    ["slabinfo", "--sysfs", MISSING],
    ["page-owner", MISSING],
    ["dump-page", MISSING],
    ["breakdown", "--kpageflags", MISSING],
    ["page-types", "--snapshot", MISSING],
]
WRITERS = [
    ["map", "--snapshot", "{snapshot}", "-o", "{out}.svg"],
    ["report", "--snapshot", "{snapshot}", "-o", "{out}.html"],
    ["plot", "composition", "--snapshot", "{snapshot}", "-o", "{out}.svg"],
    ["plot", "diff", "{snapshot}", "{snapshot}", "-o", "{out}.svg"],
    ["snapshot", "--kpageflags", "{flags}", "-o", "{out}.kpf"],
    ["breakdown", "--kpageflags", "{flags}", "--interval", "1", "--count", "1", "-o", "{out}.csv"],
    ["slab", "--sysfs", "{tmp}", "--interval", "1", "--count", "1", "-o", "{out}.csv"],
    ["page-owner-sort", "{flags}", "{out}"],
]
NEEDS_MATPLOTLIB = "needs matplotlib, which is not installed: pip install 'kpageflags[plot]'"


def words(argv: list[str], **names: str) -> list[str]:
    return [word.format(**names) for word in argv]


@pytest.mark.parametrize("argv", READERS, ids=lambda argv: " ".join(argv[:2]))
def test_a_missing_input_file_reads_the_same_in_every_command(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(words(argv, tmp=str(tmp_path))) == 2
    assert capsys.readouterr().err == f"kpageflags: error: cannot read {MISSING}: No such file or directory\n"


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    from conftest import snapshot_of_files

    flags = tmp_path / "kpageflags"
    flags.write_bytes(bytes(8 * 64))
    return snapshot_of_files(tmp_path / "s.kpf", kpageflags=flags)


@pytest.mark.parametrize("argv", WRITERS, ids=lambda argv: " ".join(argv[:2]))
def test_an_output_in_a_missing_directory_reads_the_same_in_every_command(
    argv: list[str], tmp_path: Path, snapshot: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "missing" / "out")
    argv = words(argv, tmp=str(tmp_path), snapshot=str(snapshot), flags=str(tmp_path / "kpageflags"), out=out)
    assert main(argv) == 2
    written = argv[argv.index("-o") + 1] if "-o" in argv else out
    assert (
        capsys.readouterr().err == f"kpageflags: error: cannot write {written}: no directory {tmp_path / 'missing'}\n"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["map", "--snapshot", "{snapshot}", "-o", "{tmp}/m.png"],
        ["plot", "composition", "--by", "total", "--snapshot", "{snapshot}", "-o", "{tmp}/c.png"],
        ["report", "--snapshot", "{snapshot}", "-o", "{tmp}/r.html"],
    ],
    ids=lambda argv: argv[0],
)
def test_a_picture_without_matplotlib_reads_the_same_in_every_command(
    argv: list[str],
    tmp_path: Path,
    snapshot: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    main(words(argv, tmp=str(tmp_path), snapshot=str(snapshot)))
    (line,) = [line for line in capsys.readouterr().err.splitlines() if "matplotlib" in line]
    assert line.startswith("kpageflags: ") and NEEDS_MATPLOTLIB in line, line
