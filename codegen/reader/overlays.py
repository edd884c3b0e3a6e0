"""spec/overlays.yaml: vendor kernels, each described by the mainline releases its parts follow."""

from __future__ import annotations

import re
from typing import get_args

from kpageflags.facts.model import KernelOverlay, OverlayPart

from ..fields import Fields, one_of
from ..yamlload import LocatedMap
from .base import FileReader

NAME = re.compile(r"^[a-z][a-z0-9.-]{1,40}$")


class OverlaysReader(FileReader):
    name = "overlays.yaml"
    list_key = "overlays"

    def read(self, top: Fields) -> None:
        top.mapped("overlays", self._overlay)

    def _overlay(self, mapping: LocatedMap) -> KernelOverlay | None:
        f = self._fields(mapping, "overlay")
        name = f.text("name", pattern=NAME, hint=" (lower-case letters, digits, '.' and '-', like rhel-9.6)")
        doc = f.text("doc")
        base = self._release(f, "base", True)
        uname = f.text("uname_contains")
        follows = self._follows(f)
        evidence, unverified = self._evidence(f)
        f.finish()
        if not name or not doc or not base or not uname:
            return None
        overlay = KernelOverlay(name, doc, base, uname, follows, evidence, unverified)
        return self._place(self.spec.overlays, mapping, overlay)

    def _follows(self, f: Fields) -> tuple[tuple[str, str], ...]:
        """Each part of the spec the overlay takes from another release, and that release."""
        follows_map = f.raw("follows", required=True)
        if not isinstance(follows_map, LocatedMap):
            if follows_map is not None:
                f.error("follows", "must map parts of the spec to releases")
            return ()
        parts = self._fields(follows_map, "overlay follows")
        follows: list[tuple[str, str]] = []
        for part in list(follows_map):
            if one_of(part, OverlayPart) is None:
                self.diagnostics.error(
                    follows_map.key_location(part),
                    f"overlay: '{part}' is not a part of the spec ({', '.join(get_args(OverlayPart))})",
                )
                parts.used.add(part)
                continue
            release = self._release(parts, part, True)
            if release:
                follows.append((part, release))
        parts.finish()
        return tuple(follows)
