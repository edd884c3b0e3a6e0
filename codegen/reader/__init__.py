"""Reads and validates every spec file into the typed model, collecting all errors.

Each spec file has its own module here, with a method per kind of entry in it: a new key of
spec/pageflags.yaml is read in ``pageflags.py``. Checks that span entries and files are in
``codegen/checks.py``.
"""

from __future__ import annotations

from pathlib import Path

from ..checks import cross_check
from ..diagnostics import Diagnostics, Location, SpecInvalid
from ..fields import Fields
from ..spec import Placed, Spec
from ..yamlload import LocatedMap, load_yaml
from .base import FileReader
from .bugs import BugsReader
from .categories import CategoriesReader
from .gfp import GfpReader
from .kpageflags import KpageflagsReader
from .overlays import OverlaysReader
from .page_owner_sort import PageOwnerSortReader
from .page_types import PageTypesReader
from .pageflags import PageflagsReader
from .pagemap import PagemapReader
from .presets import PresetsReader
from .releases import ReleasesReader
from .slabinfo import SlabinfoReader

# The generator and the change log take the spec's types from here.
__all__ = ["Placed", "Spec", "read_spec"]

# The release list comes first: every other file names releases from it.
FILE_READERS: tuple[type[FileReader], ...] = (
    ReleasesReader,
    KpageflagsReader,
    PageTypesReader,
    PagemapReader,
    BugsReader,
    PageflagsReader,
    PresetsReader,
    OverlaysReader,
    CategoriesReader,
    GfpReader,
    PageOwnerSortReader,
    SlabinfoReader,
)


def read_spec(spec_dir: Path, display_root: Path | None = None) -> Spec:
    """Loads and validates ``spec_dir``; raises ``SpecInvalid`` listing every error."""
    diagnostics = Diagnostics()
    spec = Spec()
    for reader in FILE_READERS:
        top = _document(spec_dir / reader.name, display_root or spec_dir.parent, reader.list_key, diagnostics)
        if top is None:
            continue
        doc = top.text("doc")
        if doc:
            spec.docs[reader.name] = doc
        reader(spec, diagnostics).read(top)
        top.finish()
    if not diagnostics.errors:
        cross_check(spec, diagnostics)
    if diagnostics.errors:
        raise SpecInvalid(diagnostics.sorted())
    return spec


def _document(path: Path, display_root: Path, list_key: str, diagnostics: Diagnostics) -> Fields | None:
    """The top mapping of a spec file, or None when the file cannot be read as one (reported)."""
    try:
        shown = str(path.relative_to(display_root))
    except ValueError:
        shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.error(Location(shown, 1, 1), f"cannot read: {exc.strerror}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        diagnostics.error(
            _byte_location(shown, data, exc.start),
            f"not UTF-8 (byte 0x{data[exc.start]:02x} here); save the file as UTF-8",
        )
        return None
    root = load_yaml(shown, text, diagnostics)
    if not isinstance(root, LocatedMap):
        if root is not None or not diagnostics.errors:
            diagnostics.error(Location(shown, 1, 1), f"must be a mapping with a '{list_key}' list")
        return None
    return Fields(root, path.name, diagnostics)


def _byte_location(shown: str, data: bytes, offset: int) -> Location:
    """The line and column of a byte, counting columns in characters as the YAML errors do."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8")) + 1
    return Location(shown, data.count(b"\n", 0, offset) + 1, column)
