"""kpageflags slabinfo: each release behaviour on both sides of its release, the fixed tool's
differences from the C tool, writes, and bad input (one line, never a traceback)."""

from __future__ import annotations

import errno
import io
import os
import re
from pathlib import Path

import pytest
import slabtrees
from conftest import REPO, modules_imported_by

from kpageflags.cli.main import SAMPLING
from kpageflags.cli.main import main as cli_main
from kpageflags.errors import EnvironmentProblem, InputError, KpageflagsError, NotPermitted, ToolStopped, UsageError
from kpageflags.slab.order import kernfs_order
from kpageflags.slabinfo import main, reading
from kpageflags.slabinfo.numbers import Figures
from kpageflags.slabinfo.options import parse
from kpageflags.slabinfo.reading import Cache, attribute_names, read_tree
from kpageflags.slabinfo.report import REPORTED, Context
from kpageflags.slabinfo.tool import newest_fixed, tool_for
from kpageflags.slabinfo.writes import Writer

FIXTURES = REPO / "tests" / "fixtures" / "slabinfo"


@pytest.fixture
def trees(slab_trees: Path) -> Path:
    return slab_trees


def run(*argv: str) -> bytes:
    out = io.BytesIO()
    assert main(list(argv), out, io.StringIO()) == 0
    return out.getvalue()


def expected(name: str) -> bytes:
    return (FIXTURES / "expected" / name).read_bytes()


def on(trees: Path, tree: str, *argv: str) -> list[str]:
    return ["--sysfs", str(trees / tree), "--debugfs", str(trees / "debugfs"), *argv]


# A release on each side of every behaviour of spec/slabinfo.yaml, and the C tool's output
# (5.19 or 7.3) each side must give.
@pytest.mark.parametrize(
    ("kernel", "options", "fixture"),
    [
        ("5.19.17", ("-P",), "5.19--live-6.18--P.out"),  # ties in directory order until 6.0
        ("6.0", ("-P",), "7.3--live-6.18--P.out"),
        ("5.19", ("-h",), "5.19--live-6.18--h.out"),  # -P help line with tabs until 6.0
        ("6.0", ("-h",), "7.3--live-6.18--h.out"),
        ("5.19", ("-t", "cache-00"), "5.19--numa4--t_cache_00.out"),  # debugfs traces from 6.0
        ("6.0", ("-t", "cache-00"), "7.3--numa4--t_cache_00.out"),
        ("7.1", ("--partial",), "7.3--live-6.18--P.out"),  # --partial works from 7.1
    ],
)
def test_each_release_prints_its_tools_output(trees: Path, kernel: str, options: tuple[str, ...], fixture: str) -> None:
    tree = fixture.split("--")[1]
    assert run("--kernel", kernel, *on(trees, tree, *options)) == expected(fixture)


def test_partial_long_option_stops_the_tool_before_7_1(trees: Path) -> None:
    with pytest.raises(ToolStopped, match="rejects --partial") as stopped:
        run("--kernel", "7.0.9", *on(trees, "live-6.18", "--partial"))
    assert stopped.value.exit_code == 1


def test_more_than_500_caches_is_refused_where_the_tool_corrupts_memory(trees: Path) -> None:
    with pytest.raises(InputError, match="room for 500 caches"):
        run("--kernel", "6.12", *on(trees, "many"))
    assert run("--kernel", "6.13", *on(trees, "many", "-S", "-N", "10")) == expected("7.3--many--S_N_10.out")


def test_more_than_2000_caches_stop_the_tool_of_6_13_on_but_not_the_fixed_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for index in range(2001):
        (tmp_path / f"c{index}").mkdir()
        (tmp_path / f"c{index}" / "object_size").write_text("8\n")
    # As the C tool: its message, and its exit status 1 (fatal()).
    assert cli_main(["slabinfo", "--kernel", "7.3", "--sysfs", str(tmp_path), "-T"]) == 1
    assert capsys.readouterr().err == "kpageflags: error: Too many slabs\n"
    assert run("--sysfs", str(tmp_path), "-T") == b"No objects\n"


def test_the_first_room_to_overflow_in_directory_order_names_the_stop(tmp_path: Path) -> None:
    wide = slabtrees.wide(tmp_path / "wide", caches=2001, aliases=501)
    order = [name for name in kernfs_order(os.listdir(wide))]
    links = [index for index, name in enumerate(order) if (wide / name).is_symlink()]
    directories = [index for index, name in enumerate(order) if not (wide / name).is_symlink()]
    first = "Too many aliases" if links[500] < directories[2000] else "Too many slabs"
    with pytest.raises(ToolStopped, match=f"^{first}$"):
        run("--kernel", "7.3", "--sysfs", str(wide), "-l")


def test_the_misnamed_total_objects_attribute_is_read_until_7_1_4() -> None:
    assert "objects_total" in attribute_names(tool_for("7.1.3"))
    assert "total_objects" in attribute_names(tool_for("7.1.4"))
    assert "total_objects" in attribute_names(newest_fixed())


def test_releases_before_5_19_are_refused() -> None:
    with pytest.raises(KpageflagsError, match=r"5\.19 and later"):
        run("--kernel", "5.18", "-T")


def permission_denied(monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if os.path.basename(path) == "objects":
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)


def test_an_unreadable_attribute_reads_0_before_6_2_and_stops_the_tool_from_6_2(
    trees: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    permission_denied(monkeypatch)
    assert run("--kernel", "6.1", *on(trees, "numa4", "-T")) == b"No objects\n"
    with pytest.raises(NotPermitted, match=r"^Permission denied, Try using superuser$"):
        run("--kernel", "6.2", *on(trees, "numa4", "-T"))


def test_an_unreadable_file_of_a_copied_tree_is_said_to_be_unreadable_not_to_need_root(
    trees: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    permission_denied(monkeypatch)
    monkeypatch.setattr(os, "geteuid", lambda: 65534)
    assert cli_main(["slabinfo", *on(trees, "numa4")]) == NotPermitted.exit_code
    (line,) = capsys.readouterr().err.splitlines()
    assert re.fullmatch(r"kpageflags: error: .*/numa4/[^/]+/objects: not readable: permission denied", line)


@pytest.mark.skipif(not os.path.isdir(reading.LIVE_SYSFS), reason="no /sys/kernel/slab here")
def test_without_root_the_fixed_tool_says_what_needs_root(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    permission_denied(monkeypatch)
    monkeypatch.setattr(os, "geteuid", lambda: 65534)
    assert cli_main(["slabinfo"]) == NotPermitted.exit_code
    (line,) = capsys.readouterr().err.splitlines()
    assert re.fullmatch(
        r"kpageflags: error: reading /sys/kernel/slab/.*/objects needs root \(permission denied\)", line
    )


def test_fixed_lines_count_the_caches_shown(trees: Path) -> None:
    faithful = run("--kernel", "7.3", *on(trees, "numa4", "-U", "-N", "6")).splitlines()
    fixed = run(*on(trees, "numa4", "-U", "-N", "6")).splitlines()
    assert len(fixed) == 1 + 6
    assert len(faithful) < len(fixed)


def test_fixed_inverted_sorts_numbers_ascending(trees: Path) -> None:
    faithful = run("--kernel", "7.3", *on(trees, "live-6.18", "-B", "-S", "-i")).splitlines()[1:]
    fixed = run(*on(trees, "live-6.18", "-B", "-S", "-i")).splitlines()[1:]
    sizes = [int(row.split()[3]) for row in fixed]
    assert sizes == sorted(sizes)
    assert [int(row.split()[3]) for row in faithful] != sorted(sizes)


def test_fixed_renaming_takes_a_kmalloc_or_the_shortest_alias(trees: Path) -> None:
    faithful = {row.split()[0].decode() for row in run("--kernel", "7.3", *on(trees, "numa4", "-f", "-z")).splitlines()}
    fixed = {row.split()[0].decode() for row in run(*on(trees, "numa4", "-f", "-z")).splitlines()}
    assert "alias-102-1x" in faithful
    assert "alias-102-0" in fixed
    assert "alias-102-1x" not in fixed


def test_fixed_tracking_leaves_out_hidden_caches(trees: Path) -> None:
    assert b"\n*: Kernel object allocation" in run("--kernel", "7.3", *on(trees, "numa4", "-t", "cache-0001"))
    assert b"\n*: " not in run(*on(trees, "numa4", "-t", "cache-0001"))


def test_fixed_totals_average_the_objects_in_partial_slabs(trees: Path) -> None:
    def partobjs(output: bytes) -> list[str]:
        return next(row for row in output.decode().splitlines() if row.startswith("PartObjs")).split()

    faithful = partobjs(run("--kernel", "7.3", *on(trees, "numa4", "-T", "-B")))
    fixed = partobjs(run(*on(trees, "numa4", "-T", "-B")))
    caches = int(re.search(rb"Active: +(\d+)", run(*on(trees, "numa4", "-T"))).group(1))  # type: ignore[union-attr]
    assert int(fixed[1]) == int(fixed[4]) // caches
    assert faithful[1] != fixed[1]


def test_fixed_loss_of_a_cache_read_overfull_is_none_not_18_exabytes(trees: Path, tmp_path: Path) -> None:
    # Counters read one file at a time can show more objects than the slabs hold (seen live on
    # kmalloc-512); the C tool's unsigned subtraction wraps, and sorts that cache first by loss.
    import shutil

    tree = shutil.copytree(trees / "live-6.18", tmp_path / "tree", symlinks=True)
    (tree / "kmalloc-512" / "objects").write_text("9000000 N0=9000000\n")

    def first_by_loss(*kernel: str) -> list[str]:
        return run(*kernel, "--sysfs", str(tree), "-L", "-N", "1").decode().splitlines()[1].split()

    def exabytes(loss: str) -> bool:
        return loss.endswith("G") and float(loss[:-1]) > 1e9

    faithful = first_by_loss("--kernel", "7.3")
    assert faithful[0] == "kmalloc-512" and exabytes(faithful[3])
    fixed = first_by_loss()
    assert fixed[0] != "kmalloc-512" and not exabytes(fixed[3])


@pytest.fixture(scope="module")
def slab_snapshot(slab_trees: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A snapshot that recorded the live-6.18 tree."""
    from test_slab import add_slab_to_snapshot
    from test_snapshot import synthetic_snapshot

    directory = tmp_path_factory.mktemp("slab-snapshot")
    plain, _, _ = synthetic_snapshot(directory)
    return str(add_slab_to_snapshot(plain, directory / "slab.kpf", slab_trees / "live-6.18"))


@pytest.mark.parametrize("options", [("-a", "-T"), ("-X",), ("-r", "dentry"), ("-S", "-i", "-l")])
def test_a_snapshot_reads_as_the_tree_it_recorded(trees: Path, slab_snapshot: str, options: tuple[str, ...]) -> None:
    for kernel in ((), ("--kernel", "7.3")):
        from_tree = run(*kernel, "--sysfs", str(trees / "live-6.18"), *options)
        assert run(*kernel, "--snapshot", slab_snapshot, *options) == from_tree


def test_a_snapshot_is_never_written_to_nor_read_with_a_tree(trees: Path, tmp_path: Path) -> None:
    from test_snapshot import synthetic_snapshot

    plain, _, _ = synthetic_snapshot(tmp_path)
    with pytest.raises(UsageError, match="cannot be used with --snapshot"):
        main(["--snapshot", str(plain), "-s"], io.BytesIO(), io.StringIO())
    with pytest.raises(UsageError, match="give one"):
        main(["--snapshot", str(plain), "--sysfs", str(trees / "live-6.18")], io.BytesIO(), io.StringIO())
    with pytest.raises(KpageflagsError, match="holds no slab"):
        main(["--snapshot", str(plain)], io.BytesIO(), io.StringIO())


@pytest.mark.parametrize("name", ["..", "../outside", "a/b", ""])
def test_a_snapshot_naming_a_path_is_refused_and_nothing_is_written_outside(tmp_path: Path, name: str) -> None:
    import json
    import zipfile

    from test_snapshot import synthetic_snapshot

    plain, _, _ = synthetic_snapshot(tmp_path)
    damaged = tmp_path / "damaged.kpf"
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(damaged, "w") as new:
        manifest = json.loads(old.read("manifest.json"))
        for item in old.infolist():
            if item.filename != "manifest.json":
                new.writestr(item, old.read(item.filename))
        caches = {name: {"object_size": "64"}}
        new.writestr("slab.json", json.dumps({"caches": caches, "aliases": {}, "notes": []}))
        new.writestr("manifest.json", json.dumps({**manifest, "slab": "slab.json"}))
    with pytest.raises(InputError, match="which is no file name"):
        main(["--snapshot", str(damaged)], io.BytesIO(), io.StringIO())
    assert not (tmp_path / "outside").exists()


def test_a_traces_file_over_4_kib_leaves_the_numa_table_alone(trees: Path) -> None:
    # The C tool of 6.0 on writes its NUL past the 4 KiB buffer and zeroes the node count.
    report = run(*on(trees, "numa4", "-r", "cache-0001_c")).decode()
    assert "NUMA nodes           :    0    1    2    3" in report


@pytest.mark.parametrize(
    ("argv", "error", "message"),
    [
        (["--sysfs", "/nonexistent/slab"], InputError, "cannot read /nonexistent/slab: No such file or directory"),
        (["--sysfs", str(REPO / "README.md")], InputError, "not a directory"),
        (["--sysfs", str(REPO / "spec")], InputError, "neither a cache directory nor a link"),
        (["--sysfs", str(REPO / "tests" / "spec_errors")], InputError, "no cache directory with an object_size"),
        (["-x"], UsageError, "Invalid option 'x'"),
        (["--s"], UsageError, "ambiguous"),
        (["-dff"], UsageError, "Invalid debug option 'ff'"),
        (["["], UsageError, "invalid pattern"),
        (["--kernel", "7.3", "--sysfs", "/tmp", "-s"], UsageError, "cannot be used with --sysfs"),
        # With --kernel, what the C tool refuses ends as its fatal() does: exit status 1.
        (["-x", "--kernel", "7.3"], ToolStopped, "Invalid option 'x'"),
        (["--ker=5.19", "--bogus"], ToolStopped, "'--bogus' is not an option"),
        (["--kernel", "7.3", "-dff"], ToolStopped, "Invalid debug option 'ff'"),
        (["--kernel", "7.3", "--sysfs", str(REPO), "["], ToolStopped, "invalid pattern"),
        (["-x", "--", "--kernel"], UsageError, "Invalid option 'x'"),
        (["--sysfs", "/tmp", "-dfz"], UsageError, "cannot be used with --sysfs"),
    ],
)
def test_bad_input_is_one_clear_line(argv: list[str], error: type[KpageflagsError], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        run(*argv)


def test_a_tree_refused_after_some_caches_were_read_leaves_no_directory_open(tmp_path: Path) -> None:
    for index in range(20):
        slabtrees.write_cache(tmp_path / f"cache-{index}", {"object_size": b"8\n", "slabs": b"1\n"})
    (tmp_path / "stray").write_bytes(b"")
    descriptors = set(os.listdir("/proc/self/fd"))
    with pytest.raises(InputError, match="stray is neither a cache directory nor a link"):
        run("--sysfs", str(tmp_path))
    assert set(os.listdir("/proc/self/fd")) == descriptors


def test_garbage_values_are_read_as_the_c_tool_reads_them_with_a_note(tmp_path: Path) -> None:
    slabtrees.write_cache(tmp_path / "odd", {"object_size": b"12abc\n", "slabs": b"x\n", "objects": b"-3\n"})
    err = io.StringIO()
    out = io.BytesIO()
    assert main(["--sysfs", str(tmp_path), "-z"], out, err) == 0
    assert b"odd" in out.getvalue()
    assert "odd/object_size: b'12abc' is not a number; read as slabinfo does (12)" in err.getvalue()


def test_a_cache_that_goes_away_while_read_is_left_out_with_a_note(
    trees: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open, real_isdir = os.open, os.path.isdir

    def vanished(path: str) -> bool:
        return "/cache-0001_c" in str(path)

    def open_unless_gone(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if vanished(path):
            raise FileNotFoundError(errno.ENOENT, "gone")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_unless_gone)
    monkeypatch.setattr(os.path, "isdir", lambda path: not vanished(path) and real_isdir(path))
    err = io.StringIO()
    assert main(on(trees, "numa4", "cache-000"), io.BytesIO(), err) == 0
    assert err.getvalue() == "kpageflags slabinfo: cache cache-0001_c went away while it was read; left out\n"
    with pytest.raises(EnvironmentProblem, match="went away"):
        main(["--kernel", "7.3", *on(trees, "numa4", "cache-000")], io.BytesIO(), err)


def file_path(path: str, flags: int, dir_fd: object = None) -> str | None:
    """The whole path of the file an os.open call opens; None for a directory (slabinfo opens a
    cache's directory to open its files by name)."""
    if flags & os.O_DIRECTORY:
        return None
    return str(path) if dir_fd is None else os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)


def opened_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the files os.open opens from now on (what slabinfo reads)."""
    opened: list[str] = []
    real_open = os.open

    def recording_open(path: str, flags: int, *args: object, **kwargs: object) -> int:
        file = file_path(path, flags, kwargs.get("dir_fd"))
        if file is not None:
            opened.append(file)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", recording_open)
    return opened


@pytest.mark.parametrize("kernel", [[], ["--kernel", "7.3"]])
def test_the_alias_listing_reads_only_the_slab_count_of_each_cache(
    trees: Path, monkeypatch: pytest.MonkeyPatch, kernel: list[str]
) -> None:
    opened = opened_files(monkeypatch)
    main([*kernel, *on(trees, "numa4", "-a")], io.BytesIO(), io.StringIO())
    assert {os.path.basename(path) for path in opened} == {"slabs"}


@pytest.mark.parametrize(("kernel", "tree"), [([], "many"), (["--kernel", "7.3"], "numa4")])
def test_files_a_cache_lacks_are_not_opened_one_by_one(
    trees: Path, monkeypatch: pytest.MonkeyPatch, kernel: list[str], tree: str
) -> None:
    """The trees have no ops or call-site files, most caches no debugfs directory, and "many"
    (too many aliases for the C tool) no SLUB_STATS counters: one listing of a directory shows
    it, where the C tool tries each file."""
    opened = opened_files(monkeypatch)
    out = io.BytesIO()
    assert main([*kernel, *on(trees, tree, "-r", "-N", "40")], out, io.StringIO()) == 0
    reports = out.getvalue().count(b"Slabcache: ")
    assert reports >= 20  # the C tool counts the hidden caches too
    assert len(opened) > reports * 19
    assert [path for path in opened if not os.path.exists(path)] == []


def test_a_report_opens_each_cache_directory_once_and_its_files_by_name(
    trees: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kernel then looks up one name a file, not the whole path (as the C tool, which
    changes into each cache's directory); the directory is closed when the run ends."""
    real_open = os.open
    directories: list[str] = []
    by_path: list[str] = []

    def recording(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_DIRECTORY:
            directories.append(str(path))
        elif kwargs.get("dir_fd") is None and str(path).startswith(str(trees / "numa4")):
            by_path.append(str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", recording)
    descriptors = set(os.listdir("/proc/self/fd"))
    out = io.BytesIO()
    main(on(trees, "numa4", "-r"), out, io.StringIO())
    assert set(os.listdir("/proc/self/fd")) == descriptors
    caches = [entry for entry in (trees / "numa4").iterdir() if entry.is_dir() and not entry.is_symlink()]
    assert out.getvalue().count(b"Slabcache: ") > 100
    assert sorted(directories) == sorted(str(cache) for cache in caches)
    assert by_path == []


def test_a_tree_with_more_caches_than_directories_kept_open_reads_the_same(
    trees: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = run(*on(trees, "numa4", "-r"))
    monkeypatch.setattr(reading, "OPEN_DIRECTORIES", 3)
    descriptors = set(os.listdir("/proc/self/fd"))
    assert run(*on(trees, "numa4", "-r")) == whole
    assert set(os.listdir("/proc/self/fd")) == descriptors


def test_sorting_by_size_reads_no_order_of_an_empty_cache(trees: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = {cache.parent.name for cache in (trees / "numa4").glob("*/slabs") if cache.read_text().split()[0] == "0"}
    assert empty
    opened = opened_files(monkeypatch)
    main(on(trees, "numa4", "-S"), io.BytesIO(), io.StringIO())
    orders = {Path(path).parent.name for path in opened if path.endswith("/order")}
    assert orders and not orders & empty


# Modules a short command's start-up can do without: typing and re cost a tenth of slabinfo's
# CPU each, facts.model's named tuples as much, argparse and dataclasses more, importlib (with
# warnings) a hundredth.
HEAVY_MODULES = ("typing", "re", "kpageflags.facts.model", "argparse", "dataclasses", "importlib", "warnings")


def test_a_report_starts_without_the_heavy_modules(trees: Path) -> None:
    assert modules_imported_by(["slabinfo", *on(trees, "numa4")], HEAVY_MODULES) == []
    assert modules_imported_by(["slabinfo", *on(trees, "numa4", "-X")], HEAVY_MODULES) == []


def test_a_release_is_read_without_typing_or_the_facts_model(trees: Path) -> None:
    # Reading a release name takes re (its patterns), and nothing else heavy.
    for release in ("7.3", "7.1.3"):
        assert set(modules_imported_by(["slabinfo", "--kernel", release, *on(trees, "numa4")], HEAVY_MODULES)) <= {"re"}


def writer(tree: Path, kernel: str | None, *argv: str) -> Writer:
    options = parse(list(argv))
    tool = tool_for(kernel) if kernel else newest_fixed()
    ctx = Context(options, tool, str(tree), "/nonexistent", Figures(4096))
    ctx.cache_count = 2
    return Writer(ctx, io.StringIO())


def test_switching_tracing_off_writes_0_and_the_tool_before_7_1_4_would_write_1(tmp_path: Path) -> None:
    slabtrees.write_cache(
        tmp_path / "traced", {"object_size": b"8\n", "trace": b"1\n", "objects": b"0\n", "slabs": b"0\n"}
    )
    os.chmod(tmp_path / "traced" / "trace", 0o600)
    (cache,) = read_tree(str(tmp_path), lambda name: True, newest_fixed()).caches
    with pytest.raises(UsageError, match="would write 1 to traced/trace"):
        writer(tmp_path, "7.1.3", "-d").action()(cache)
    writer(tmp_path, "7.1.4", "-d").action()(cache)
    assert (tmp_path / "traced" / "trace").read_text() == "0\n"


def test_a_write_the_kernel_refuses_is_reported(tmp_path: Path) -> None:
    slabtrees.write_cache(tmp_path / "locked", {"object_size": b"8\n", "objects": b"5\n"})
    (cache,) = read_tree(str(tmp_path), lambda name: True, newest_fixed()).caches
    (tmp_path / "locked" / "validate").mkdir()  # opening it for writing fails (EISDIR)
    with pytest.raises(EnvironmentProblem, match=r"writing 1 to .*/locked/validate"):
        writer(tmp_path, None, "-v").action()(cache)


@pytest.mark.live
def test_the_live_tree_is_read_in_full() -> None:
    totals = run("-T").decode()
    caches = sum(not (Path("/sys/kernel/slab") / name).is_symlink() for name in os.listdir("/sys/kernel/slab"))
    assert re.search(rf"Slabcaches : +{caches} ", totals)


@pytest.mark.live
def test_shrink_writes_to_the_chosen_cache_and_validate_reports_einval() -> None:
    assert run("-s", "^kmalloc-rcl-8k$") == b""
    with pytest.raises(EnvironmentProblem, match=r"EINVAL.*validates only caches with debugging on"):
        run("-v", "^kmalloc-rcl-8k$")


def test_output_goes_to_a_text_stdout_too(trees: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = io.StringIO()
    monkeypatch.setattr("sys.stdout", text)
    assert main(on(trees, "numa4", "-T")) == 0
    assert text.getvalue().startswith("Slabcache Totals\n")


def test_the_swap_sort_works_out_each_caches_number_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # -i on a number makes the comparison one-sided, so the pairwise swap sort is played out;
    # working the size out at each of its n*(n-1)/2 comparisons took half a minute for 640 caches.
    caches = 40
    sizes: list[str] = []
    size = Figures.size

    def counted_size(self: Figures, cache: Cache) -> int:
        sizes.append(cache.name)
        return size(self, cache)

    monkeypatch.setattr(Figures, "size", counted_size)
    tree = slabtrees.synthetic(tmp_path / "tree", caches, nodes=2, stats=False)
    run("--kernel", "7.3", "--sysfs", str(tree), "-S", "-i")
    assert len(sizes) <= 4 * caches


def opened_attributes(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The attribute files the run opens, by name, recorded as it goes."""
    real_open, opened = os.open, set()

    def recording(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if not flags & os.O_DIRECTORY:
            opened.add(os.path.basename(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", recording)
    return opened


def test_the_listing_opens_only_the_attributes_it_prints(trees: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = opened_attributes(monkeypatch)
    assert run("--kernel", "7.3", *on(trees, "numa4")).startswith(b"Name ")
    assert {"objects", "object_size", "slabs", "partial", "cpu_slabs", "order", "poison"} <= opened
    # Read by the C tool for every cache, printed by none of its listing's columns.
    assert not opened & {"align", "objects_partial", "destroy_by_rcu", "alloc_fastpath", "free_slowpath"}


def test_the_activity_listing_opens_the_counters_it_prints(trees: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = opened_attributes(monkeypatch)
    run("--kernel", "7.3", *on(trees, "numa4", "-D"))
    assert {"alloc_fastpath", "free_slowpath", "cmpxchg_double_fail"} <= opened


@pytest.mark.parametrize(
    ("text", "noted"),
    [(b"12 N0=5 N1=7", False), (b"-3", False), (b"4 N0=4 C1=2", True), (b"12abc", True), (b"N0=3", True)],
)
def test_only_text_that_is_not_a_count_gets_a_note(tmp_path: Path, text: bytes, noted: bool) -> None:
    slabtrees.write_cache(tmp_path / "odd", {"object_size": b"8\n", "slabs": b"1\n", "objects": text + b"\n"})
    err = io.StringIO()
    main(["--sysfs", str(tmp_path), "-z"], io.BytesIO(), err)
    assert ("odd/objects" in err.getvalue()) == noted


def test_without_sys_kernel_slab_the_tool_reads_sys_slab_as_the_c_tool_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kpageflags.slabinfo import reading

    (tmp_path / "old").mkdir()
    slabtrees.write_cache(tmp_path / "old" / "oldcache", {"object_size": b"8\n", "slabs": b"2\n", "objects": b"9\n"})
    monkeypatch.setattr(reading, "LIVE_SYSFS", str(tmp_path / "absent"))
    monkeypatch.setattr(reading, "OLD_SYSFS", str(tmp_path / "old"))
    for kernel in ([], ["--kernel", "5.19"], ["--kernel", "7.3"]):
        assert b"oldcache" in run(*kernel, "-z")
    monkeypatch.setattr(reading, "OLD_SYSFS", str(tmp_path / "also-absent"))
    with pytest.raises(KpageflagsError, match=r"SYSFS support for SLUB not active: neither .*absent nor .*also-absent"):
        run("-z")


def test_help_names_the_sampling_options_that_turn_slabinfo_into_slab(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["slabinfo", "--help"]) == 0
    printed = capsys.readouterr().out
    for option in SAMPLING:
        assert f"\n{option}=" in printed


@pytest.mark.parametrize("kernel", ["5.19", "7.3", None])
def test_a_report_reads_its_attributes_together_as_it_reads_them_one_at_a_time(
    tmp_path: Path, kernel: str | None
) -> None:
    """Cache.load's plain-count shortcut against number(): wide values (past 2^31 and 2^32,
    which each C type wraps its own way), per-node counts, garbage, an empty and a missing file."""
    files = {name: b"%d\n" % index for index, name in enumerate(REPORTED)}
    files |= {
        "object_size": b"4294967301\n",
        "aliases": b"2147483649\n",
        "objects": b"123456789012 N0=5 N1=7\n",
        "partial": b"12 N0=3 N3=9\n",
        "align": b"64x\n",
        "order": b"\n",
        "slab_size": b"999999999\n",
        "cpu_slabs": b"7\0 N0=9\n",
    }
    del files["trace"]
    slabtrees.write_cache(tmp_path / "wide", files)
    tool = tool_for(kernel) if kernel else newest_fixed()
    (together,) = read_tree(str(tmp_path), lambda name: True, tool).caches
    (alone,) = read_tree(str(tmp_path), lambda name: True, tool).caches
    together.load(REPORTED)
    assert {name: together[name] for name in REPORTED} == {name: alone[name] for name in REPORTED}
    assert (together.numa, together.numa_partial) == (alone.numa, alone.numa_partial)
