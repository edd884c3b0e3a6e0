"""The generator: no drift, determinism, exact spec errors, and no way for YAML to become code."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import NEWEST, REPO, UNCOVERED_NEXT

from codegen.diagnostics import Diagnostics, SpecInvalid
from codegen.generate import render, stale_files
from codegen.reader import read_spec
from codegen.yamlload import load_yaml
from kpageflags import decode

CASES = REPO / "tests" / "spec_errors" / "cases"
BASE = REPO / "tests" / "spec_errors" / "base"


def test_generated_files_are_up_to_date() -> None:
    files = render(read_spec(REPO / "spec", display_root=REPO))
    assert stale_files(REPO, files) == [], "run: python -m codegen"


def test_generation_is_deterministic() -> None:
    first = render(read_spec(REPO / "spec", display_root=REPO))
    second = render(read_spec(REPO / "spec", display_root=REPO))
    assert [(f.path, f.content) for f in first] == [(f.path, f.content) for f in second]


def test_generated_files_say_where_they_come_from() -> None:
    for generated in render(read_spec(REPO / "spec", display_root=REPO)):
        assert generated.content.startswith("# Generated from spec/")
        assert 'by "python -m codegen"; do not edit.' in generated.content.splitlines()[0]


def copy_spec(tmp_path: Path, source: Path = REPO / "spec") -> Path:
    shutil.copytree(source, tmp_path / "spec")
    return tmp_path / "spec"


def run_codegen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codegen", "--root", str(root), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_check_fails_after_a_one_character_spec_change(tmp_path: Path) -> None:
    spec = copy_spec(tmp_path)
    shutil.copytree(REPO / "kpageflags" / "_generated", tmp_path / "kpageflags" / "_generated")
    assert run_codegen(tmp_path, "--check").returncode == 0
    text = (spec / "kpageflags.yaml").read_text()
    (spec / "kpageflags.yaml").write_text(text.replace("The page is locked", "The page is Locked", 1))
    result = run_codegen(tmp_path, "--check")
    assert result.returncode == 1
    assert "stale: kpageflags/_generated/kpf.py" in result.stderr
    assert "run: python -m codegen" in result.stderr
    assert run_codegen(tmp_path).returncode == 0
    assert run_codegen(tmp_path, "--check").returncode == 0


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()))
def test_broken_spec_reports_exact_errors(case: str, tmp_path: Path) -> None:
    spec = copy_spec(tmp_path, BASE)
    for override in (CASES / case).glob("*.yaml"):
        shutil.copy(override, spec / override.name)
    with pytest.raises(SpecInvalid) as invalid:
        read_spec(spec, display_root=tmp_path)
    expected = (CASES / case / "expected.txt").read_text().splitlines()
    assert [str(e) for e in invalid.value.errors] == expected


def test_text_cut_by_a_comment_in_a_list_names_the_list() -> None:
    diagnostics = Diagnostics()
    value = load_yaml("x.yaml", "when_set:\n  - anon\n  - ksm # and lru\n  - 'lru # quoted'\n", diagnostics)
    assert value == {"when_set": ["anon", "ksm", "lru # quoted"]}
    assert [str(e) for e in diagnostics.errors] == [
        "x.yaml:3:9: error: an item of 'when_set' is cut short: unquoted, YAML reads ' #' as the start of "
        "a comment and drops the rest of the line; quote the whole text"
    ]


def test_yaml_aliases_stop_the_load_before_anything_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_construction(*args: object) -> None:
        raise AssertionError("a document with an anchor or alias was constructed")

    monkeypatch.setattr(yaml.SafeLoader, "construct_document", no_construction)
    bomb = (CASES / "billion_laughs" / "kpageflags.yaml").read_text()
    diagnostics = Diagnostics()
    assert load_yaml("spec/kpageflags.yaml", bomb, diagnostics) is None
    assert [str(e) for e in diagnostics.errors] == (CASES / "billion_laughs" / "expected.txt").read_text().splitlines()
    diagnostics = Diagnostics()
    assert load_yaml("x.yaml", "flags:\n  - *undefined\n", diagnostics) is None
    assert [str(e) for e in diagnostics.errors] == [
        "x.yaml:2:5: error: an item of 'flags': YAML anchors and aliases are not allowed in the spec "
        "(found *undefined); write the value out"
    ]


def test_the_base_of_the_broken_spec_cases_is_valid() -> None:
    assert read_spec(BASE).releases == ("4.20", "5.0", "5.1", "5.10")


def test_a_missing_spec_file_is_one_error_and_the_others_are_still_read(tmp_path: Path) -> None:
    spec = copy_spec(tmp_path, BASE)
    (spec / "bugs.yaml").unlink()
    shutil.copy(CASES / "unknown_key" / "kpageflags.yaml", spec / "kpageflags.yaml")
    with pytest.raises(SpecInvalid) as invalid:
        read_spec(spec, display_root=tmp_path)
    assert [str(e) for e in invalid.value.errors] == [
        "spec/bugs.yaml:1:1: error: cannot read: No such file or directory",
        *(CASES / "unknown_key" / "expected.txt").read_text().splitlines(),
    ]


def test_cli_reports_every_error_and_generates_nothing(tmp_path: Path) -> None:
    spec = copy_spec(tmp_path, BASE)
    shutil.copy(CASES / "hostile_name" / "kpageflags.yaml", spec / "kpageflags.yaml")
    result = run_codegen(tmp_path)
    assert result.returncode == 2
    assert result.stderr.count(": error: ") == 2
    assert "nothing was generated" in result.stderr
    assert not (tmp_path / "kpageflags").exists()


def test_a_spec_file_that_is_not_utf8_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    spec = copy_spec(tmp_path, BASE)
    shutil.copy(CASES / "not_utf8" / "kpageflags.yaml", spec / "kpageflags.yaml")
    expected = (CASES / "not_utf8" / "expected.txt").read_text()
    for args in ((), ("--check",)):
        result = run_codegen(tmp_path, *args)
        assert result.returncode == 2
        assert result.stderr == expected + "1 error(s) in the spec; nothing was generated\n"


HOSTILE_DOC = '"""); import os; os.system(\'echo owned\'); (""" \\\\ \n {{ 7*7 }} {% raw %}'


def test_hostile_prose_is_rendered_as_inert_data(tmp_path: Path) -> None:
    spec = copy_spec(tmp_path, BASE)
    text = (spec / "kpageflags.yaml").read_text()
    quoted = HOSTILE_DOC.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    (spec / "kpageflags.yaml").write_text(text.replace("doc: Anonymous memory.", f'doc: "{quoted}"'))
    files = {str(f.path): f.content for f in render(read_spec(spec, display_root=tmp_path))}
    module = files["kpageflags/_generated/kpf.py"]
    tree = ast.parse(module)
    # Only the docstring, imports and assignments, and the template's own guard of the imports
    # for type checkers: no call or statement came from the YAML.
    guards = [node for node in tree.body if isinstance(node, ast.If)]
    assert [ast.unparse(guard.test) for guard in guards] == ["TYPE_CHECKING"]
    assert all(isinstance(node, ast.ImportFrom) for node in guards[0].body) and not guards[0].orelse
    kinds = {type(node).__name__ for node in tree.body if not isinstance(node, ast.If)}
    assert kinds <= {"Expr", "ImportFrom", "Assign", "AnnAssign"}
    namespace: dict[str, object] = {}
    exec(compile(module.replace("from ..facts.", "from kpageflags.facts."), "kpf.py", "exec"), namespace)
    flags = namespace["KPF_FLAGS"]
    assert isinstance(flags, tuple)
    assert flags[0].doc == HOSTILE_DOC


def test_adding_a_release_needs_yaml_only(tmp_path: Path) -> None:
    shutil.copytree(REPO / "spec", tmp_path / "spec")
    shutil.copytree(REPO / "kpageflags", tmp_path / "kpageflags", ignore=shutil.ignore_patterns("__pycache__"))
    releases = tmp_path / "spec" / "releases.yaml"
    releases.write_text(releases.read_text() + f'  - "{UNCOVERED_NEXT}"\n')
    assert run_codegen(tmp_path).returncode == 0
    script = (
        "import kpageflags; print(kpageflags.releases()[-1]); "
        f"print(kpageflags.decode(0x40000086c, kernel='{UNCOVERED_NEXT}').names); "
        f"print(kpageflags.pg_layout('{UNCOVERED_NEXT}', 'x86_64').nr_pageflags)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == UNCOVERED_NEXT
    # With no other facts recorded, the new release decodes as the newest did.
    assert lines[1] == str(decode(0x40000086C, kernel=NEWEST).names)
    assert int(lines[2]) > 20


def test_every_generated_module_of_a_minimal_spec_compiles(tmp_path: Path) -> None:
    spec = copy_spec(tmp_path, BASE)
    for generated in render(read_spec(spec, display_root=tmp_path)):
        compile(generated.content, str(generated.path), "exec")


def test_every_package_is_listed_for_the_wheel() -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11")

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {str(p.parent.relative_to(REPO)).replace("/", ".") for p in (REPO / "kpageflags").rglob("__init__.py")}
    assert found == listed


@pytest.mark.parametrize("damage", ["deleted", "broken"])
def test_codegen_rebuilds_any_missing_or_broken_generated_module(damage: str, tmp_path: Path) -> None:
    # The generator imports the model through the kpageflags package; that import must not need
    # the generated tables it is about to write.
    for part in ("spec", "codegen", "kpageflags"):
        shutil.copytree(REPO / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    generated = sorted((tmp_path / "kpageflags" / "_generated").glob("*.py"))
    originals = {path: path.read_text() for path in generated}
    for path in generated:
        if damage == "deleted":
            path.unlink()
        else:
            path.write_text("raise ImportError('broken on purpose')\n")
    result = subprocess.run(
        [sys.executable, "-m", "codegen"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert {path: path.read_text() for path in generated} == originals


def test_a_module_the_generator_no_longer_writes_is_removed(tmp_path: Path) -> None:
    copy_spec(tmp_path)
    shutil.copytree(REPO / "kpageflags" / "_generated", tmp_path / "kpageflags" / "_generated")
    leftover = tmp_path / "kpageflags" / "_generated" / "changes.py"
    leftover.write_text("CHANGES = ()\n")
    result = run_codegen(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "removed kpageflags/_generated/changes.py"
    assert not leftover.exists()


def test_derived_facts_are_not_generated() -> None:
    # The changes between releases follow from the other tables, so the library works them out.
    generated = {path.name for path in (REPO / "kpageflags" / "_generated").glob("*.py")}
    assert "changes.py" not in generated
    from kpageflags import changes

    assert [c.summary for c in changes("5.18", "5.19") if c.kind == "meaning"] == [
        "bit 34 means anon_exclusive when anon"
    ]


def test_generated_modules_define_no_literal_aliases() -> None:
    # Literal aliases of release and flag names were generated but never used: the functions take
    # more than any such list (point releases, uname strings, page-types and overload names).
    for path in sorted((REPO / "kpageflags" / "_generated").glob("*.py")):
        tree = ast.parse(path.read_text())
        aliases = [
            node.targets[0].id
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Subscript)
            and ast.unparse(node.value.value) == "Literal"
        ]
        assert aliases == [], path.name


def test_ranges_may_meet_at_a_point_release_or_a_release_candidate(tmp_path: Path) -> None:
    spec = copy_spec(tmp_path, BASE)
    text = (BASE / "kpageflags.yaml").read_text()
    moved = text.replace('until: "5.1"\n    renamed_to', 'until: "5.0.3"\n    renamed_to')
    moved = moved.replace('since: "5.1"\n    renamed_from', 'since: "5.0.3"\n    renamed_from')
    moved += '  - name: idle\n    symbol: KPF_IDLE\n    bit: 25\n    abi: stable\n    since: "5.1-rc2"\n'
    moved += '    until: "5.1.1"\n    doc: Idle.\n    unverified: a test fixture\n'
    assert moved.count('"5.0.3"') == 2
    (spec / "kpageflags.yaml").write_text(moved)
    flags = {(e.value.name, e.value.since, e.value.until) for e in read_spec(spec, display_root=tmp_path).kpf_flags}
    assert {("balloon", "4.20", "5.0.3"), ("offline", "5.0.3", None), ("idle", "5.1-rc2", "5.1.1")} <= flags


def test_every_release_recorded_in_the_spec_is_generated_with_its_evidence() -> None:
    from kpageflags.facts.releases import recorded_release

    written = yaml.safe_load((REPO / "spec" / "releases.yaml").read_text())["releases"]
    mappings = [item for item in written if isinstance(item, dict)]
    assert mappings, "spec/releases.yaml records no release with evidence"
    for item in mappings:
        record = recorded_release(item["name"])
        assert record is not None, item["name"]
        assert (record.date, record.unchanged, record.unverified) == (
            item["date"],
            item["unchanged"],
            item.get("unverified"),
        )
        assert [e.commit or e.path for e in record.evidence] == [
            e.get("commit") or e.get("doc") for e in item["evidence"]
        ]
    assert all(recorded_release(item) is None for item in written if isinstance(item, str))
