"""Sphinx extension: builds docs/reference/ from the spec, through the same model as the code.

At the start of every build it validates spec/ (each spec error becomes a Sphinx warning
at its YAML file and line, so -W fails the build), then renders the pages for flags,
releases and changes, and the CLI reference, from kpageflags' generated tables. The
pages are marked as generated; nothing in docs/reference is written by hand.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from pathlib import Path
from typing import Any

import jinja2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "reference"
TEMPLATES = ROOT / "docs" / "_templates_gen"
logger = logging.getLogger(__name__)


def _validate() -> bool:
    sys.path.insert(0, str(ROOT))
    from codegen.diagnostics import SpecInvalid
    from codegen.reader import read_spec

    try:
        read_spec(ROOT / "spec", display_root=ROOT)
    except SpecInvalid as invalid:
        for error in invalid.errors:
            logger.warning(error.message, location=(str(ROOT / error.location.path), error.location.line))
        return False
    return True


def _svg(layout: Any) -> str:
    """The page->flags word as 64 cells: fields on top, flags at the bottom, unused between."""
    cells: list[tuple[int, int, str, str]] = []  # (low bit, width, label, kind)
    used = set()
    for field in layout.fields:
        cells.append((field.shift, field.width, field.name, "field"))
        used.update(range(field.shift, field.shift + field.width))
    for entry in layout.bits:
        cells.append((entry.bit, 1, entry.name, "flag"))
        used.add(entry.bit)
    for bit in range(layout.bits_per_long):
        if bit not in used:
            cells.append((bit, 1, "", "unused"))
    return _layout_template().render(cells=cells, width=layout.bits_per_long)


# Compiling a template costs far more than rendering it, and every release draws two layouts.
@functools.lru_cache(maxsize=1)
def _layout_template() -> jinja2.Template:
    return _environment().get_template("layout.svg.j2")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _underline(text: str, char: str = "=") -> str:
    return char * len(text)


def _rst(text: object) -> str:
    """Free text made safe for reStructuredText: no markup characters, no link-making '_'."""
    escaped = re.sub(r"([\\*`|])", r"\\\1", str(text))
    return re.sub(r"(\w)_(?=\W|$)", r"\1\\_", escaped)


def _evidence(item: Any) -> str:
    """One piece of evidence: the upstream file or commit first, linked to git.kernel.org, then the rest.

    The cited part is only a tag or commit id and a kernel path, which the spec's patterns keep
    free of reStructuredText markup, so it can sit in a link as it is.
    """
    cited, rest = item.parts()
    url = item.upstream_url
    return (f"`{cited} <{url}>`__" if url else _rst(cited)) + _rst(rest)


def _meanings(history: Any) -> list[dict[str, Any]]:
    result = []
    for rule in history.overloads:
        parts = [f"{name} is set" for name in rule.when_set] + [f"{name} is clear" for name in rule.when_clear]
        kernel = (
            (
                f"The kernel means it {rule.kernel_since}"
                + (f" until {rule.kernel_until}." if rule.kernel_until else " onwards.")
            )
            if rule.kernel_since
            else "The kernel never meant it."
        )
        tool = (
            (
                f" page-types -r moves the bit to bit {rule.target_bit} from {rule.tool_since}"
                + (f" until {rule.tool_until}." if rule.tool_until else ".")
            )
            if rule.tool_since
            else ""
        )
        result.append(
            {
                "name": rule.name,
                "condition": f"bit {rule.bit} when " + " and ".join(parts),
                "releases": kernel + tool,
                "doc": rule.doc,
                "evidence": rule.evidence,
                "unverified": rule.unverified,
            }
        )
    return result


def _cli_reference() -> list[dict[str, Any]]:
    from kpageflags.cli.main import build_parser

    return _commands(build_parser(), "")


def _commands(parser: argparse.ArgumentParser, prefix: str) -> list[dict[str, Any]]:
    """Each command's options; a command with commands of its own (plot slab) lists each."""
    commands = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                options = []
                for option in sub._actions:
                    if isinstance(option, (argparse._HelpAction, argparse._SubParsersAction)):
                        continue
                    names = ", ".join(option.option_strings) or (option.metavar or option.dest)
                    metavar = ""
                    if option.option_strings and option.nargs != 0:
                        metavar = str(option.metavar or option.dest.upper())
                    options.append({"names": names, "metavar": metavar, "help": option.help or ""})
                commands.append({"name": prefix + name, "description": sub.description or "", "options": options})
                commands.extend(_commands(sub, f"{prefix}{name} "))
    return commands


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def generate(app: Sphinx | None = None) -> None:
    if not _validate():
        return
    for name, text in render_pages().items():
        _write(
            OUT / name, ".. This page is generated from spec/ by docs/_ext/kpageflags_docs.py; do not edit.\n\n" + text
        )


def render_pages() -> dict[str, str]:
    """Every generated page's reStructuredText, by its path under docs/reference."""
    import kpageflags
    from kpageflags._generated.bugs import KNOWN_BUGS
    from kpageflags._generated.categories import MEMORY_CATEGORIES
    from kpageflags._generated.kpf import KPF_FLAGS
    from kpageflags._generated.page_types import PAGE_TYPES_NAMES
    from kpageflags._generated.pageflags import PG_ALIASES, PG_CONTEXTS, PG_ENUMS, PG_FLAGS
    from kpageflags.facts.pagemap import fields_at, layouts_at

    env = _environment()
    env.filters["underline"] = _underline
    env.filters["rst"] = _rst
    env.filters["evidence"] = _evidence
    releases = list(kpageflags.releases())
    kpf_bits = sorted({f.bit for f in KPF_FLAGS} | {n.bit for n in PAGE_TYPES_NAMES})
    pages: dict[str, str] = {}
    for bit in kpf_bits:
        history = kpageflags.flag_history(bit)
        pages[f"kpf/bit-{bit}.rst"] = env.get_template("kpf_flag.rst.j2").render(h=history, meanings=_meanings(history))
    contexts = {c.name: c.doc for c in PG_CONTEXTS}
    for flag in PG_FLAGS:
        spans = []
        for enum in PG_ENUMS:
            if any(m.name == flag.name for m in enum.members):
                member = next(m for m in enum.members if m.name == flag.name)
                layout = kpageflags.pg_layout(enum.since, "x86_64")
                bit = next((b.bit for b in layout.bits if b.name == flag.name), None)
                spans.append({"since": enum.since, "until": enum.until, "condition": member.condition, "bit": bit})
        aliases = [a for a in PG_ALIASES if a.of == flag.name]
        named_as = [a for a in PG_ALIASES if a.name == flag.name]
        pages[f"pg/{flag.name}.rst"] = env.get_template("pg_flag.rst.j2").render(
            flag=flag, spans=spans, aliases=aliases, named_as=named_as, contexts=contexts
        )
    for index, release in enumerate(releases):
        layouts = {arch: kpageflags.pg_layout(release, arch) for arch in ("x86_64", "arm64")}
        pages[f"releases/{release}.rst"] = env.get_template("release.rst.j2").render(
            release=release,
            previous=releases[index - 1] if index else None,
            flags=kpageflags.flags_at(release),
            table=kpageflags.kpf_table(release),
            pagemap=[(layout, fields_at(release, layout.name)) for layout in layouts_at(release)],
            layouts=layouts,
            svgs={arch: _svg(layout) for arch, layout in layouts.items()},
            bugs=kpageflags.bugs_at(release),
        )
        changes = kpageflags.changes(None, release) if index else ()
        pages[f"changes/{release}.rst"] = env.get_template("change.rst.j2").render(
            release=release, previous=releases[index - 1] if index else None, changes=changes
        )
    pages["flags.rst"] = env.get_template("flags_index.rst.j2").render(
        kpf=[(bit, kpageflags.flag_history(bit)) for bit in kpf_bits], pg=PG_FLAGS
    )
    pages["releases.rst"] = env.get_template("releases_index.rst.j2").render(releases=releases)
    pages["changes.rst"] = env.get_template("changes_index.rst.j2").render(
        by_release=[(r, kpageflags.changes(None, r) if i else ()) for i, r in enumerate(releases)]
    )
    pages["bugs.rst"] = env.get_template("bugs.rst.j2").render(bugs=KNOWN_BUGS)
    pages["categories.rst"] = env.get_template("categories.rst.j2").render(categories=MEMORY_CATEGORIES)
    pages["cli.rst"] = env.get_template("cli.rst.j2").render(commands=_cli_reference())
    return pages


# A title's underline, as it reads once smartquotes has made dashes of its hyphens.
_UNDERLINE = re.compile(r"([=\-~^#*+_])\1{3,}")
# Text in these is shown as written: a line of '=' there is meant.
_AS_WRITTEN = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.system_message)


def stray_underlines(doctree: nodes.Node) -> list[tuple[nodes.Text, str]]:
    """Lines of running text that are a section title's underline: the title ran into the
    paragraph above it, which docutils accepts without a word when no blank line precedes it."""
    found = []
    for text in doctree.findall(nodes.Text):
        if any(isinstance(ancestor, _AS_WRITTEN) for ancestor in _ancestors(text)):
            continue
        for line in str(text).split("\n")[1:]:
            written = line.strip().replace("\u2014", "---").replace("\u2013", "--")
            if _UNDERLINE.fullmatch(written):
                found.append((text, line.strip()))
    return found


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _check_underlines(app: Sphinx, doctree: nodes.document) -> None:
    for text, line in stray_underlines(doctree):
        logger.warning(
            f"'{line}' is a title's underline inside a paragraph: a blank line is missing before the title",
            location=text.parent,
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", generate)
    app.connect("doctree-read", _check_underlines)
    return {"version": "1", "parallel_read_safe": True}
