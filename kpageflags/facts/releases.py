"""Kernel releases: parsing names like ``6.18.44-generic`` and asking what a release covers."""

from __future__ import annotations

import os
import re
import sys
from functools import lru_cache

from .._generated.releases import OVERLAY_NAMES, RELEASES
from ..errors import UnknownRelease, quoted
from ..numbers import read_number
from .release_names import RELEASED, ReleaseKey, ReleaseName, release_key, split_release_name, version
from .release_names import endpoint_key as _endpoint_key

TYPE_CHECKING = False  # typing itself is not imported: it is a tenth of slabinfo's start-up
if TYPE_CHECKING:
    from typing import NamedTuple

    from .model import KernelOverlay, RecordedRelease
else:
    from ._namedtuple import NamedTuple

_INDEX: dict[str, int] = {name: index for index, name in enumerate(RELEASES)}
# Past any point release number a release string can carry.
_PAST_EVERY_POINT = sys.maxsize
# A release string starts with dotted numbers ("6.1.0-13-amd64"); an -rc build says so right
# after them: "6.10.0-rc5", "6.10.0-rc5+", or Fedora's "6.10.0-0.rc5.20240625git...".
_LEADING_VERSION = re.compile(r"v?(?P<numbers>[0-9]+(?:\.[0-9]+)*)(?P<rest>.*)", re.DOTALL)
_RC_SUFFIX = re.compile(r"-(?:0\.)?rc(?P<rc>[0-9]{1,2})(?![0-9])")
# Ubuntu's mainline builds (kernel.ubuntu.com/mainline) carry the upstream tag as two digits a
# number: "7.0.0-070000rc1-generic" is 7.0-rc1, "6.8.9-060809-generic" is 6.8.9, and a 2.6 one
# names its point release only there: "2.6.39-02063903-generic" is 2.6.39.3.
_MAINLINE_BUILD = re.compile(r"-(?P<tag>[0-9]{8}|[0-9]{6})(?:rc(?P<rc>[0-9]{1,2}))?(?![0-9])")
# A distribution's build number after the version hides the upstream point release:
# "6.8.0-45-generic" (Ubuntu), "6.1.0-13-amd64" (Debian), "4.18.0-147.el8" (RHEL). A git
# describe suffix ("-00020-g3dbd5e3") counts commits past the tag instead. These three are
# matched as patterns that re compiles (and caches) when first used: a release that names its
# point release, as uname -r does on most kernels, never needs them.
_DISTRIBUTION_BUILD = r"-[0-9]+(?:[.-]|$)"
_GIT_DESCRIBE = r"-[0-9]+-g[0-9a-f]{7,}"
_DEBIAN_VERSION = r"\bDebian ([0-9]{1,6}\.[0-9]{1,6}\.[0-9]{1,6})\b"


class Release(NamedTuple):
    """A kernel release: its mainline ``series`` and, if known, the stable ``point`` or ``rc``.

    ``Release.parse("6.18.44-fc")`` is series ``6.18``, point 44; ``"6.18"`` has no point,
    so questions that depend on a stable point release (was a fix backported?) get a
    "maybe" answer for it, while its facts are those of the mainline tag (6.18.0).
    A release newer than the spec knows remembers what was ``asked`` and is decoded
    with the newest release's facts (see ``note``).

    >>> release = parse_release('6.18.44-generic')
    >>> release.series, release.point, release.name
    ('6.18', 44, '6.18.44')
    >>> parse_release('7.1-rc3').name
    '7.1-rc3'
    """

    series: str
    point: int | None = None
    overlay: str | None = None
    """A vendor kernel described in spec/overlays.yaml (``rhel-9.6``), or None for mainline."""
    rc: int | None = None
    """The release candidate (``6.7-rc1`` has rc 1), or None for a tagged release."""
    asked: str | None = None
    """The release asked for when it is newer than the spec knows (``7.4-rc5``), else None."""
    distribution_build: str | None = None
    """A distribution's release string that does not name its upstream point release
    (``6.8.0-45-generic``): it is decoded as X.Y.0, and ``note`` says so where a point release
    of X.Y changes the facts."""

    @property
    def name(self) -> str:
        if self.asked is not None:
            return self.asked
        base = ReleaseName(self.series, self.rc, self.point).text
        return f"{self.overlay} ({base})" if self.overlay else base

    @property
    def note(self) -> str | None:
        """One line saying which release's facts stand in for a release newer than the spec's.

        >>> parse_release('7.4-rc5').note  # doctest: +ELLIPSIS
        "kernel 7.4-rc5 is newer than the newest release kpageflags knows (...); decoding with ...'s facts"
        """
        if self.asked is not None:
            return (
                f"kernel {self.asked} is newer than the newest release kpageflags knows ({self.series}); "
                f"decoding with {self.series}'s facts"
            )
        return self._hidden_point_note()

    def _hidden_point_note(self) -> str | None:
        """For a distribution's build decoded as X.Y.0, the point releases it may be past.

        >>> parse_release('6.8.0-45-generic').note  # doctest: +ELLIPSIS
        "kernel 6.8.0-45-generic does not name its upstream point release; decoding with 6.8.0's facts, ..."
        """
        if self.distribution_build is None:
            return None
        from .point_releases import point_releases_with_changes

        changes = point_releases_with_changes(self.series)
        if not changes:
            return None
        at = ", ".join(changes[:-1]) + " and " + changes[-1] if len(changes) > 1 else changes[0]
        return (
            f"kernel {self.distribution_build} does not name its upstream point release; decoding with "
            f"{self.name}'s facts, but facts change at {at}: give --kernel {self.series}.N, "
            "the upstream release it is built on"
        )

    @property
    def position(self) -> ReleaseKey:
        """Where the release lies among the spec's releases, rc and point releases included."""
        if self.asked is not None:
            # Past every point release of the newest series, so each of its newest facts holds.
            return ReleaseKey(_INDEX[self.series], RELEASED, _PAST_EVERY_POINT)
        return release_key(ReleaseName(self.series, self.rc, self.point), RELEASES)

    def position_of(self, part: str) -> ReleaseKey:
        """Where a part of the spec (``pageflags``, ``kpageflags``, ``page_types``...) is looked
        up: the release a vendor overlay says that part follows, else this release."""
        if self.overlay is not None:
            follows = dict(_overlay(self.overlay).follows)
            if part in follows:
                return parse_release(follows[part]).position
        return self.position

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


def recorded_release(name: str) -> RecordedRelease | None:
    """What spec/releases.yaml records of a covered release (its date, what was checked, the
    evidence), or None for a release it lists by name only.

    >>> recorded_release('6.18') is None, recorded_release('7.2').date
    (True, '2026-08-16')
    """
    from .._generated.recorded_releases import RECORDED_RELEASES

    return next((record for record in RECORDED_RELEASES if record.name == name), None)


def newer_releases() -> str:
    """How a release newer than the spec's newest is treated, in one line.

    >>> newer_releases()  # doctest: +ELLIPSIS
    "newer releases (7.4-rc1, 7.4.2, 8.0, ...) decode with 7.3's facts, with a note on stderr saying so"
    """
    newest = RELEASES[-1]
    major, minor = version(newest)[:2]
    examples = f"{major}.{minor + 1}-rc1, {major}.{minor + 1}.2, {major + 1}.0"
    return f"newer releases ({examples}, ...) decode with {newest}'s facts, with a note on stderr saying so"


def coverage() -> str:
    return f"{RELEASES[0]} to {RELEASES[-1]}"


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


@lru_cache(maxsize=1024)
def endpoint_key(text: str) -> ReleaseKey:
    """The key of a release as a range in the spec names it (``since``, ``until``, ``fixed_in``...)."""
    name = split_release_name(text)
    if name is None:
        raise UnknownRelease(f"{quoted(text)} is not a release the spec names")
    return _endpoint_key(name, RELEASES)


@lru_cache(maxsize=256)
def parse_release(text: str) -> Release:
    """Reads ``6.18``, ``6.18.44``, ``7.1-rc3``, ``2.6.32.71``, a ``uname -r`` string like
    ``6.1.0-18-amd64`` or ``6.10.0-rc5+``, or a vendor kernel: an overlay's name (``rhel-9.6``)
    or a release string it recognises (``5.14.0-570.32.1.el9_6.x86_64``). A release newer
    than the spec knows is decoded with the newest release's facts (``Release.note`` says so).

    >>> parse_release('6.1.0-18-amd64')  # doctest: +NORMALIZE_WHITESPACE
    Release(series='6.1', point=0, overlay=None, rc=None, asked=None, distribution_build='6.1.0-18-amd64')
    """
    for overlay, base, _ in OVERLAY_NAMES:
        if text.strip() == overlay:
            return Release(base, None, overlay)
    name = _release_name(text)
    if name.series not in _INDEX:
        return _newer_than_the_spec(text, name)
    for overlay, base, uname_contains in OVERLAY_NAMES:
        if uname_contains in text and base == name.series:
            return Release(name.series, name.point, overlay)
    hidden = _hides_point_release(text, name)
    return Release(name.series, name.point, None, name.rc, distribution_build=text.strip() if hidden else None)


def _release_name(text: str) -> ReleaseName:
    """The release a string names: its leading dotted numbers and an -rc right after them."""
    match = _LEADING_VERSION.match(text.strip())
    parts = match["numbers"].split(".") if match else []
    width = 3 if parts[:2] == ["2", "6"] else 2
    if match is None or not width <= len(parts) <= width + 1 or any(len(part) > 4 for part in parts[:width]):
        raise UnknownRelease(f"{quoted(text)} is not a kernel release (expected something like 6.18 or 5.10.200)")
    what = f"kernel release {quoted(text)}: point release"
    point = read_number(parts[width], what, notation="decimal", error=UnknownRelease) if len(parts) > width else None
    mainline = _mainline_build(parts, width, match["rest"])
    if mainline is not None:
        return mainline
    rc = _RC_SUFFIX.match(match["rest"])
    # A stable review build (6.6.30-rc1) already carries that point release's patches.
    if rc is not None and not point:
        return ReleaseName(".".join(parts[:width]), int(rc["rc"]), None)
    return ReleaseName(".".join(parts[:width]), None, point)


def _mainline_build(parts: list[str], width: int, rest: str) -> ReleaseName | None:
    """The release an Ubuntu mainline build's tag names, if ``rest`` holds one that agrees with
    the leading numbers ``parts``."""
    match = _MAINLINE_BUILD.match(rest)
    if match is None:
        return None
    tag = match["tag"]
    numbers = [int(tag[at : at + 2]) for at in range(0, len(tag), 2)]
    if numbers[: len(parts)] != [int(part) for part in parts]:
        return None
    series = ".".join(str(number) for number in numbers[:width])
    if match["rc"]:
        return ReleaseName(series, int(match["rc"]), None)
    return ReleaseName(series, None, numbers[width] if len(numbers) > width else None)


def _hides_point_release(text: str, name: ReleaseName) -> bool:
    """Whether ``text`` is a distribution's build of an X.Y(.0) release: its upstream point
    release is not in the name."""
    if name.rc is not None or name.point:
        return False
    match = _LEADING_VERSION.match(text.strip())
    rest = match["rest"] if match else ""
    return (
        re.match(_DISTRIBUTION_BUILD, rest) is not None
        and _MAINLINE_BUILD.match(rest) is None
        and re.match(_GIT_DESCRIBE, rest) is None
    )


def _newer_than_the_spec(text: str, name: ReleaseName) -> Release:
    newest = RELEASES[-1]
    if version(name.series) > version(newest):
        return Release(newest, asked=name.text)
    if version(name.series) < version(RELEASES[0]):
        reason = f"it is older than {RELEASES[0]}, the first release with /proc/kpageflags"
    else:
        reason = (
            f"there is no Linux {name.series} (kpageflags knows {coverage()}, "
            "their -rc and point releases, and any newer release)"
        )
    raise UnknownRelease(f"kernel release {quoted(text)} is not covered: {reason}")


def as_release(kernel: object) -> Release:
    """Accepts a ``Release`` or anything ``parse_release`` reads."""
    if isinstance(kernel, Release):
        return kernel
    if isinstance(kernel, str):
        return parse_release(kernel)
    raise UnknownRelease(f"a kernel release must be a string like '6.18', not {type(kernel).__name__}")


def running_release() -> Release:
    """The release of the running kernel: ``uname -r``, with the stable point release that
    Debian and Ubuntu state elsewhere (see ``release_of_running_kernel``).

    >>> isinstance(running_release(), Release)  # doctest: +SKIP
    True
    """
    return release_of_running_kernel(
        os.uname().release, _read_text("/proc/version"), _read_text("/proc/version_signature")
    )


def release_of_running_kernel(uname_release: str, proc_version: str = "", version_signature: str = "") -> Release:
    """The release ``uname -r`` names, with the upstream point release where a distribution
    hides it: Debian's ``6.1.0-13-amd64`` is the 6.1.55 that ``/proc/version`` names
    ("... Debian 6.1.55-1 (2023-09-29)"), Ubuntu's ``5.15.0-79-generic`` the 5.15.111 that
    ``/proc/version_signature`` names ("Ubuntu 5.15.0-79.86-generic 5.15.111").

    >>> release_of_running_kernel('5.15.0-79-generic', '', 'Ubuntu 5.15.0-79.86-generic 5.15.111').name
    '5.15.111'
    """
    release = parse_release(uname_release)
    if release.overlay is not None or release.rc is not None or release.point:
        return release
    for upstream in _upstream_versions(proc_version, version_signature):
        name = _release_name(upstream)
        if name.point and name.series == _release_name(uname_release).series:
            return parse_release(upstream)
    return release


def _upstream_versions(proc_version: str, version_signature: str) -> list[str]:
    """The upstream versions a distribution's texts state, the likeliest first."""
    found = version_signature.split()[-1:] if version_signature.startswith("Ubuntu ") else []
    # The compiler's version can read "Debian 12.2.0-14" too; the caller keeps the one of the series.
    found += reversed(re.findall(_DEBIAN_VERSION, proc_version))
    return found


def _read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read(4096)
    except OSError:
        return ""


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


def release_in(position: ReleaseKey, since: str | None, until: str | None) -> bool:
    """Whether the release at ``position`` lies in ``since`` <= r < ``until`` (spec endpoints).

    >>> release_in(parse_release('6.6.54').position, '6.6.30', '6.7')
    True
    """
    if since is None or position < endpoint_key(since):
        return False
    return until is None or position < endpoint_key(until)
