"""-s (shrink), -v (validate) and -d (debug flags): the only options that write to sysfs. Each
write's answer from the kernel is reported; the C tool ignores it."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable

from ..errors import EnvironmentProblem, NotPermitted, UsageError
from .reading import Cache
from .report import Context

TYPE_CHECKING = False  # typing itself is not imported: it is a tenth of slabinfo's start-up
if TYPE_CHECKING:
    from typing import TextIO

# What -d's letters switch, as (letter, attribute, what the C tool's messages call it).
DEBUG_FEATURES = (
    ("f", "sanity_checks", "sanity checks"),
    ("z", "red_zone", "redzoning"),
    ("p", "poison", "poisoning"),
    ("u", "store_user", "tracking"),
)
_WHY = {
    errno.EINVAL: "the kernel refused the value (EINVAL)",
    errno.EACCES: "permission denied (EACCES)",
    errno.EPERM: "operation not permitted (EPERM)",
    errno.EROFS: "the file system is read-only (EROFS)",
}


class Writer:
    def __init__(self, ctx: Context, err: TextIO) -> None:
        self.ctx = ctx
        self.err = err

    def action(self) -> Callable[[Cache], str | None]:
        options = self.ctx.options
        if options.validate:
            return lambda cache: self._once(cache, "validate")
        if options.shrink:
            return lambda cache: self._once(cache, "shrink")
        return self._debug

    def _once(self, cache: Cache, attribute: str) -> str | None:
        if cache.name == "*":
            return None
        self._write(cache, attribute, 1)
        return ""

    def _debug(self, cache: Cache) -> str | None:
        """slab_debug: turn each feature on or off as -d asks; the C tool turns one off only in
        a cache with no objects (shrinking it first), and tracing on only for a single cache."""
        if cache.name == "*":
            return None
        wanted = self.ctx.options.debug
        for letter, attribute, called in DEBUG_FEATURES:
            on = letter in wanted
            if on == bool(cache[attribute]):
                continue
            if (on and letter == "f") or self._empty(cache):
                self._write(cache, attribute, int(on))
            else:
                self.err.write(f"{cache.name} not empty cannot {'enable' if on else 'disable'} {called}\n")
        self._trace(cache, "t" in wanted)
        return ""

    def _trace(self, cache: Cache, on: bool) -> None:
        if on == bool(cache["trace"]):
            return
        if not on:
            if self.ctx.tool.has("trace_off_writes_one"):
                raise UsageError(
                    f"the slabinfo of {self.ctx.tool.label} would write 1 to {cache.name}/trace (turning tracing"
                    " on, not off); run without --kernel"
                )
            self._write(cache, "trace", 0)
        elif self.ctx.cache_count == 1:
            self._write(cache, "trace", 1)
        else:
            self.err.write(f"{cache.name} can only enable trace for one slab at a time\n")

    def _empty(self, cache: Cache) -> bool:
        if cache["objects"] > 0:
            return False
        if cache["slabs"]:
            self._write(cache, "shrink", 1)
        return True

    def _write(self, cache: Cache, attribute: str, value: int) -> None:
        path = os.path.join(self.ctx.sysfs, cache.name, attribute)
        try:
            descriptor = os.open(path, os.O_WRONLY)
            try:
                os.write(descriptor, b"%d\n" % value)
            finally:
                os.close(descriptor)
        except OSError as error:
            raise _refusal(path, value, error) from None


def _refusal(path: str, value: int, error: OSError) -> EnvironmentProblem:
    why = _WHY.get(error.errno or 0, error.strerror or str(error))
    message = f"writing {value} to {path}: {why}"
    if error.errno == errno.EINVAL and path.endswith("/validate"):
        message += "; the kernel validates only caches with debugging on (slub_debug)"
    if error.errno in (errno.EACCES, errno.EPERM) and os.geteuid() != 0:
        return NotPermitted(f"{message}; writing to /sys/kernel/slab needs root", error.errno)
    if error.errno in (errno.EACCES, errno.EPERM):
        message += "; this kernel makes the file read-only"
    return EnvironmentProblem(message, error.errno)
