"""The generator: no drift, determinism, exact spec errors, and no way for YAML to become code."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NEWEST, REPO, UNCOVERED_NEXT

from codegen.diagnostics import SpecInvalid
from codegen.generate import render, stale_files
from codegen.reader import read_spec
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


def test_the_base_of_the_broken_spec_cases_is_valid() -> None:
    assert read_spec(BASE).releases == ("4.20", "5.0", "5.1", "5.10")


def test_cli_reports_every_error_and_generates_nothing(tmp_path: Path) -> None:
    spec = copy_spec(tmp_path, BASE)
    shutil.copy(CASES / "hostile_name" / "kpageflags.yaml", spec / "kpageflags.yaml")
    result = run_codegen(tmp_path)
    assert result.returncode == 2
    assert result.stderr.count(": error: ") == 2
    assert "nothing was generated" in result.stderr
    assert not (tmp_path / "kpageflags").exists()


HOSTILE_DOC = '"""); import os; os.system(\'echo owned\'); (""" \\\\ \n {{ 7*7 }} {% raw %}'


def test_hostile_prose_is_rendered_as_inert_data(tmp_path: Path) -> None:
    spec = copy_spec(tmp_path, BASE)
    text = (spec / "kpageflags.yaml").read_text()
    quoted = HOSTILE_DOC.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    (spec / "kpageflags.yaml").write_text(text.replace("doc: Anonymous memory.", f'doc: "{quoted}"'))
    files = {str(f.path): f.content for f in render(read_spec(spec, display_root=tmp_path))}
    module = files["kpageflags/_generated/kpf.py"]
    tree = ast.parse(module)
    # Only the docstring, imports and assignments: no call or statement came from the YAML.
    kinds = {type(node).__name__ for node in tree.body}
    assert kinds <= {"Expr", "ImportFrom", "Assign", "AnnAssign"}
    namespace: dict[str, object] = {}
    exec(compile(module.replace("from ..facts.model", "from kpageflags.facts.model"), "kpf.py", "exec"), namespace)
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
