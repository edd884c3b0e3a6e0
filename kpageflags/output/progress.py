"""Progress of long walks, as one line on a terminal that rewrites itself.

A walk of the whole machine takes a second or more; a person at a terminal wants to see it
move and how far it has to go, while a pipe, a log or a test wants nothing. So a meter writes
only to a stream that is a terminal, only once its walk has run for ``delay`` seconds (short
walks stay silent), at most every ``interval`` seconds, and erases its line when done.

>>> import io
>>> meter = Progress(io.StringIO()).meter("frames", 100)
>>> meter.update(50); meter.close()   # not a terminal: nothing is written
"""

from __future__ import annotations

import time

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Callable, TextIO

DELAY = 1.0
INTERVAL = 0.2
ERASE = "\r\033[K"


class Meter:
    """The progress of one walk: ``update(done)`` as it goes, ``close()`` at the end."""

    def __init__(self, progress: Progress, unit: str, total: int | None) -> None:
        self.progress, self.unit, self.total = progress, unit, total
        self.started = progress.clock()
        self.shown_at: float | None = None

    def update(self, done: int) -> None:
        stream = self.progress.stream
        if stream is None:
            return
        now = self.progress.clock()
        if now - self.started < self.progress.delay:
            return
        if self.shown_at is not None and now - self.shown_at < self.progress.interval:
            return
        self.shown_at = now
        stream.write(f"\r{self.describe(done)}")
        stream.flush()

    def describe(self, done: int) -> str:
        if not self.total:
            return f"{done:,} {self.unit}"
        done = min(done, self.total)
        return f"{done:,}/{self.total:,} {self.unit} ({100 * done // self.total}%)"

    def close(self) -> None:
        stream = self.progress.stream
        if stream is not None and self.shown_at is not None:
            stream.write(ERASE)
            stream.flush()
            self.shown_at = None


class Progress:
    """Where meters write: ``stream`` when it is a terminal (or when ``enabled`` says so)."""

    def __init__(
        self,
        stream: TextIO | None,
        *,
        enabled: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        delay: float | None = None,
        interval: float = INTERVAL,
    ) -> None:
        wanted = enabled if enabled is not None else stream is not None and stream.isatty()
        self.stream = stream if wanted else None
        self.clock, self.interval = clock, interval
        self.delay = DELAY if delay is None else delay

    def meter(self, unit: str, total: int | None) -> Meter:
        """A meter for a walk over ``total`` units (None when the total cannot be known)."""
        return Meter(self, unit, total)


SILENT = Progress(None)
"""For library callers: no progress anywhere unless they ask for it."""
