"""Kernel releases: parsing names like ``6.18.44-generic`` and asking what a release covers."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .._generated.releases import RELEASES
from ..errors import UnknownRelease, quoted
from ..numbers import read_number

if TYPE_CHECKING:
    from .model import KernelOverlay

_INDEX: dict[str, int] = {name: index for index, name in enumerate(RELEASES)}


class Release(NamedTuple):
    """A covered kernel release: its mainline ``series`` and, if known, the stable ``point``.

    ``Release.parse("6.18.44-fc")`` is series ``6.18``, point 44; ``"6.18"`` has no point,
    so questions that depend on a stable point release (was a fix backported?) get a
    "maybe" answer for it.

    >>> release = parse_release('6.18.44-generic')
    >>> release.series, release.point, release.name
    ('6.18', 44, '6.18.44')
    """

    series: str
    point: int | None = None
    overlay: str | None = None
    """A vendor kernel described in spec/overlays.yaml (``rhel-9.6``), or None for mainline."""

    @property
    def name(self) -> str:
        base = self.series if self.point is None else f"{self.series}.{self.point}"
        return f"{self.overlay} ({base})" if self.overlay else base

    @property
    def position(self) -> int:
        """Position of the series in ``releases()``, oldest first."""
        return _INDEX[self.series]

    def position_of(self, part: str) -> int:
        """Where a part of the spec (``pageflags``, ``kpageflags``, ``page_types``...) is looked
        up: the release a vendor overlay says that part follows, else this release."""
        if self.overlay is not None:
            follows = dict(_overlay(self.overlay).follows)
            if part in follows:
                return _INDEX[follows[part]]
        return _INDEX[self.series]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def parse(text: str) -> Release:
        return parse_release(text)


def releases() -> tuple[str, ...]:
    """Every covered mainline release, oldest first: ``2.6.25`` .. ``7.3``.

    >>> releases()[0], releases()[-1], len(releases())
    ('2.6.25', '7.3', 100)
    """
    return tuple(RELEASES)


def coverage() -> str:
    return f"{RELEASES[0]} to {RELEASES[-1]}"


def _leading_version(text: str) -> list[str]:
    """The dotted numbers a release string starts with: '6.1.0-18-amd64' gives 6, 1, 0."""
    body = text.strip()
    body = body[1:] if body.startswith("v") else body
    parts: list[str] = []
    for piece in body.split("."):
        digits = ""
        for char in piece:
            if not char.isascii() or not char.isdigit():
                break
            digits += char
        if not digits:
            break
        parts.append(digits)
        if len(digits) != len(piece):
            break
    return parts


def overlays() -> tuple[str, ...]:
    """The vendor kernels spec/overlays.yaml describes (``rhel-9.6``...)."""
    from .._generated.overlays import OVERLAYS

    return tuple(o.name for o in OVERLAYS)


def _overlay(name: str) -> KernelOverlay:
    from .._generated.overlays import OVERLAYS

    for overlay in OVERLAYS:
        if overlay.name == name:
            return overlay
    raise UnknownRelease(f"'{name}' is not a vendor kernel in spec/overlays.yaml")


@lru_cache(maxsize=256)
def parse_release(text: str) -> Release:
    """Reads ``6.18``, ``6.18.44``, ``2.6.32.71``, a ``uname -r`` string like ``6.1.0-18-amd64``,
    or a vendor kernel: an overlay's name (``rhel-9.6``) or a release string it recognises
    (``5.14.0-570.32.1.el9_6.x86_64``).

    >>> parse_release('6.1.0-18-amd64')
    Release(series='6.1', point=0, overlay=None)
    """
    from .._generated.overlays import OVERLAYS

    for overlay in OVERLAYS:
        if text.strip() == overlay.name:
            return Release(overlay.base, None, overlay.name)
    parts = _leading_version(text)
    if not parts:
        raise UnknownRelease(f"{quoted(text)} is not a kernel release (expected something like 6.18 or 5.10.200)")
    width = 3 if parts[:2] == ["2", "6"] else 2
    series = ".".join(parts[:width])
    if series not in _INDEX or len(parts) > width + 1:
        raise UnknownRelease(
            f"kernel release {quoted(text)} is not covered; kpageflags knows the mainline "
            f"releases {coverage()} and their point releases"
        )
    point = None
    if len(parts) > width:
        what = f"kernel release {quoted(text)}: point release"
        point = read_number(parts[width], what, notation="decimal", error=UnknownRelease)
    for overlay in OVERLAYS:
        if overlay.uname_contains in text and overlay.base == series:
            return Release(series, point, overlay.name)
    return Release(series, point)


def as_release(kernel: object) -> Release:
    """Accepts a ``Release`` or anything ``parse_release`` reads."""
    if isinstance(kernel, Release):
        return kernel
    if isinstance(kernel, str):
        return parse_release(kernel)
    raise UnknownRelease(f"a kernel release must be a string like '6.18', not {type(kernel).__name__}")


def running_release() -> Release:
    """The release of the running kernel, from ``uname -r``.

    >>> isinstance(running_release(), Release)  # doctest: +SKIP
    True
    """
    return parse_release(os.uname().release)


def release_or_running(kernel: str | Release | None) -> Release:
    """``kernel`` as a ``Release``; None stands for the running kernel, which must be covered."""
    if kernel is not None:
        return as_release(kernel)
    try:
        return running_release()
    except UnknownRelease:
        raise UnknownRelease(
            f"the running kernel {os.uname().release} is not covered (kpageflags knows {coverage()}); "
            "name a release, such as kernel='6.18'"
        ) from None


def release_in(release_index: int, since: str | None, until: str | None) -> bool:
    """Whether the release at ``release_index`` lies in ``since`` <= r < ``until``."""
    if since is None:
        return False
    if release_index < _INDEX[since]:
        return False
    return until is None or release_index < _INDEX[until]
