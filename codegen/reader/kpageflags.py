"""spec/kpageflags.yaml: the /proc/kpageflags bits, each name with the releases that have it."""

from __future__ import annotations

import re

from kpageflags.facts.model import AbiStability, KpfFlag

from ..fields import Fields
from ..yamlload import LocatedMap
from .base import FileReader

SYMBOL = re.compile(r"^KPF_[A-Z][A-Z0-9_]{0,40}$")


class KpageflagsReader(FileReader):
    name = "kpageflags.yaml"
    list_key = "flags"

    def read(self, top: Fields) -> None:
        top.mapped("flags", self._flag)

    def _flag(self, mapping: LocatedMap) -> KpfFlag | None:
        f = self._fields(mapping, "flag")
        name = f.identifier("name")
        if name:
            f.what = f"flag '{name}'"
        symbol = f.text("symbol", pattern=SYMBOL, hint=" (KPF_ and upper-case letters)")
        bit = f.integer("bit", 0, 63)
        since, until = self._range(f)
        abi = f.choice("abi", AbiStability, quote=True)
        doc = f.text("doc")
        renamed_from = f.identifier("renamed_from", required=False)
        renamed_to = f.identifier("renamed_to", required=False)
        evidence, unverified = self._evidence(f)
        f.finish()
        if not name or not symbol or bit is None or not since or not abi or not doc:
            return None
        flag = KpfFlag(name, symbol, bit, since, until, abi, doc, renamed_from, renamed_to, evidence, unverified)
        return self._place(self.spec.kpf_flags, mapping, flag)
