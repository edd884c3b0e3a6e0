"""Lays the validated spec out as Python modules through jinja2 templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from .emit import model_imports, py
from .reader import Spec

GENERATED_PACKAGE = Path("kpageflags") / "_generated"

# Each generated module, its template and the spec files it is made from.
MODULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "__init__.py",
        "package.py.j2",
        ("releases.yaml", "kpageflags.yaml", "page_types.yaml", "pagemap.yaml", "bugs.yaml"),
    ),
    ("releases.py", "releases.py.j2", ("releases.yaml", "overlays.yaml")),
    ("recorded_releases.py", "recorded_releases.py.j2", ("releases.yaml",)),
    ("kpf.py", "kpf.py.j2", ("kpageflags.yaml",)),
    ("page_types.py", "page_types.py.j2", ("page_types.yaml",)),
    ("pagemap.py", "pagemap.py.j2", ("pagemap.yaml",)),
    ("bugs.py", "bugs.py.j2", ("bugs.yaml",)),
    ("pageflags.py", "pageflags.py.j2", ("pageflags.yaml",)),
    ("presets.py", "presets.py.j2", ("presets.yaml",)),
    ("overlays.py", "overlays.py.j2", ("overlays.yaml",)),
    ("categories.py", "categories.py.j2", ("categories.yaml",)),
    ("page_owner_sort.py", "page_owner_sort.py.j2", ("page_owner_sort.yaml",)),
    ("slabinfo.py", "slabinfo.py.j2", ("slabinfo.yaml",)),
    ("constants.py", "constants.py.j2", ("kpageflags.yaml", "pagemap.yaml")),
    ("gfp.py", "gfp.py.j2", ("gfp.yaml",)),
)


@dataclass(frozen=True)
class GeneratedFile:
    path: Path
    content: str


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("codegen", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["py"] = py
    env.globals["model_imports"] = model_imports
    return env


def render(spec: Spec) -> list[GeneratedFile]:
    """Every generated file's path (relative to the repository) and exact content."""
    env = _environment()
    context = {
        "releases": spec.releases,
        "recorded_releases": tuple(p.value for p in spec.recorded_releases),
        "kpf_flags": tuple(p.value for p in spec.kpf_flags),
        "page_types_names": tuple(p.value for p in spec.page_types_names),
        "overloads": tuple(p.value for p in spec.overloads),
        "pagemap_derived": tuple(p.value for p in spec.pagemap_derived),
        "pagemap_layouts": tuple(p.value for p in spec.pagemap_layouts),
        "pagemap_fields": tuple(p.value for p in spec.pagemap_fields),
        "bugs": tuple(p.value for p in spec.bugs),
        "categories": tuple(p.value for p in spec.categories),
        "pg_contexts": tuple(p.value for p in spec.pg_contexts),
        "pg_flags": tuple(p.value for p in spec.pg_flags),
        "pg_enums": tuple(p.value for p in spec.pg_enums),
        "pg_aliases": tuple(p.value for p in spec.pg_aliases),
        "presets": tuple(p.value for p in spec.presets),
        "config_numbers": tuple(p.value for p in spec.config_numbers),
        "arch_aliases": tuple(p.value for p in spec.arch_aliases),
        "overlays": tuple(p.value for p in spec.overlays),
        "tool_switches": tuple(p.value for p in spec.tool_switches),
        "tool_options": tuple(p.value for p in spec.tool_options),
        "page_owner_sort_switches": tuple(p.value for p in spec.page_owner_sort_switches),
        "slabinfo_switches": tuple(p.value for p in spec.slabinfo_switches),
        "pg_zones": tuple(p.value for p in spec.pg_zones),
        "fields_eras": tuple(p.value for p in spec.fields_eras),
        "page_type_schemes": tuple(p.value for p in spec.page_type_schemes),
        "dump_page_features": tuple(p.value for p in spec.dump_page_features),
        "gfp_layouts": tuple(p.value for p in spec.gfp_layouts),
        "gfp_name_tables": tuple(p.value for p in spec.gfp_name_tables),
        "name_lists": tuple(p.value for p in spec.name_lists),
        "kpf_symbols": _kpf_symbols(spec),
        "pagemap_masks": _pagemap_masks(spec),
        "masks": spec.page_types_masks,
        "docs": spec.docs,
    }
    files = []
    for name, template, sources in MODULES:
        origin = "spec/*.yaml" if len(sources) > 1 else f"spec/{sources[0]}"
        header = f'# Generated from {origin} by "python -m codegen"; do not edit.\n'
        body = env.get_template(template).render(**context)
        files.append(GeneratedFile(GENERATED_PACKAGE / name, header + body))
    return files


def _kpf_symbols(spec: Spec) -> list[tuple[str, int]]:
    """Each KPF symbol once, in bit order (a name kept across eras appears in several entries)."""
    bits = {p.value.symbol: p.value.bit for p in spec.kpf_flags}
    return sorted(bits.items(), key=lambda item: (item[1], item[0]))


def _pagemap_masks(spec: Spec) -> list[tuple[str, int, int]]:
    """One entry per pagemap field name; a name whose bits moved between layouts is left out."""
    spans: dict[str, set[tuple[int, int]]] = {}
    for p in spec.pagemap_fields:
        spans.setdefault(p.value.name, set()).add((p.value.low, p.value.high))
    return sorted(((name, *next(iter(s))) for name, s in spans.items() if len(s) == 1), key=lambda f: (f[1], f[0]))


def stale_files(root: Path, files: list[GeneratedFile]) -> list[Path]:
    """Generated paths whose content on disk differs, plus leftovers nothing generates."""
    stale = [f.path for f in files if _read(root / f.path) != f.content]
    expected = {f.path for f in files}
    directory = root / GENERATED_PACKAGE
    if directory.is_dir():
        for path in sorted(directory.glob("*.py")):
            relative = path.relative_to(root)
            if relative not in expected:
                stale.append(relative)
    return stale


def write(root: Path, files: list[GeneratedFile]) -> list[Path]:
    """Writes the files whose content changed and removes leftovers; returns what it touched."""
    touched = []
    for path in stale_files(root, files):
        target = root / path
        match = [f for f in files if f.path == path]
        if match:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(match[0].content, encoding="utf-8")
        else:
            target.unlink()
        touched.append(path)
    return touched


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None
