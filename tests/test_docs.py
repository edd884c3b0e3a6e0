"""The generated documentation: every section title reaches the reader as a title.

A title written right under a paragraph, without a blank line between, becomes part of the
paragraph, underline and all, and Sphinx builds it without a warning. The docs extension
looks for such underlines in every page it reads (so ``sphinx-build -W`` fails); these tests
check that it finds them, and that no generated page has one.
"""

from __future__ import annotations

import importlib.util
import io
import re
from functools import lru_cache
from typing import Any

import pytest
from conftest import NEWEST, REPO

pytest.importorskip("sphinx", reason="the docs extension needs the docs extra: pip install -e '.[docs]'")
docutils_core = pytest.importorskip("docutils.core")


@lru_cache(maxsize=1)
def extension() -> Any:
    spec = importlib.util.spec_from_file_location("kpageflags_docs", REPO / "docs" / "_ext" / "kpageflags_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stray_underlines(text: str) -> list[str]:
    """The underlines Sphinx would find in running text of this page (smartquotes on, as there)."""
    settings = {"report_level": 5, "halt_level": 5, "smart_quotes": True, "warning_stream": io.StringIO()}
    doctree = docutils_core.publish_doctree(text, settings_overrides=settings)
    return [line for _, line in extension().stray_underlines(doctree)]


def test_a_title_without_a_blank_line_above_is_found() -> None:
    run_on = "Linux 6.18\n==========\n\nWhat changed: see 6.17.\n/proc/kpageflags\n----------------\n\nBits.\n"
    assert stray_underlines(run_on) == ["\u2014\u2014\u2014\u2014\u2014-"]
    separate = run_on.replace("6.17.\n", "6.17.\n\n")
    assert stray_underlines(separate) == []


def test_lines_of_dashes_shown_as_written_are_not_titles() -> None:
    page = "Log\n===\n\nThe kernel printed::\n\n   Tainted: G B OE ------------ 3.10.0+\n   ========\n"
    assert stray_underlines(page) == []


@lru_cache(maxsize=1)
def pages() -> dict[str, str]:
    rendered: dict[str, str] = extension().render_pages()
    return rendered


def kind(name: str) -> str:
    """The directory of a page, or an index page's own name."""
    return name.split("/")[0]


def pages_to_check() -> list[str]:
    """Every page but the release pages, and of those (a second or so to parse each, and all
    rendered from the same lines of the template) the first release, which has no previous
    one, the last, and the first with a known reporting bug."""
    names = list(pages())
    releases = [name for name in names if kind(name) == "releases"]
    with_bug = next(name for name in releases if "Known reporting bugs in this release" in pages()[name])
    return [name for name in names if kind(name) != "releases"] + sorted({releases[0], releases[-1], with_bug})


def test_every_kind_of_generated_page_is_checked() -> None:
    kinds = {kind(name) for name in pages_to_check()}
    assert {"kpf", "pg", "releases", "changes", "bugs.rst", "categories.rst", "flags.rst", "cli.rst"} <= kinds
    assert {"releases/2.6.25.rst", f"releases/{NEWEST}.rst"} <= set(pages_to_check())


@pytest.mark.parametrize("name", pages_to_check())
def test_generated_page_has_no_title_inside_a_paragraph(name: str) -> None:
    assert stray_underlines(pages()[name]) == []


def test_readme_documentation_command_builds_the_man_page_it_promises() -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Documentation", 1)[1].split("\n## ", 1)[0]
    assert "`kpageflags.1`" in section
    builds = re.findall(r"sphinx-build (.*?) docs (docs/_build/\S+)", section)
    assert any("-b man" in options and target == "docs/_build/man" for options, target in builds), builds
    conf = (REPO / "docs" / "conf.py").read_text()
    assert re.search(r'man_pages = \[\("reference/cli", "kpageflags", .*, 1\)\]', conf)


def test_drawing_each_releases_layouts_compiles_the_template_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Compiling it for each of the two hundred drawings made rendering the pages take minutes.
    import jinja2

    import kpageflags

    compiled: list[str | None] = []
    compile_template = jinja2.Environment.compile

    def counting_compile(self: jinja2.Environment, source: str, name: str | None = None, *args: Any) -> Any:
        compiled.append(name)
        return compile_template(self, source, name, *args)

    monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)
    for release in ("6.1", NEWEST):
        assert extension()._svg(kpageflags.pg_layout(release, "x86_64")).startswith("<svg")
    assert compiled.count("layout.svg.j2") <= 1
