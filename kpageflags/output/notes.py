"""Notes on stderr that a run says once however often their cause comes up.

A command may meet the same release several times (``--kernel`` and a snapshot, two
snapshots of one kernel, one report after another); the note that its facts were assumed
belongs on stderr once, so that stdout and the JSON or CSV stream stay data alone.

>>> import io
>>> stream = io.StringIO()
>>> start_run(); note_once("kernel 7.4 is newer", stream); note_once("kernel 7.4 is newer", stream)
>>> stream.getvalue()
'kpageflags: note: kernel 7.4 is newer\\n'
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing itself is not imported: it is a tenth of slabinfo's start-up
if TYPE_CHECKING:
    from typing import TextIO

_said: set[str] = set()


def start_run() -> None:
    """Forgets the notes of an earlier run in the same process (a test, a library caller)."""
    _said.clear()


def note_once(text: str | None, stream: TextIO | None = None) -> None:
    """Writes ``text`` as a note to ``stream`` (default: stderr) unless this run said it already."""
    if text is None or text in _said:
        return
    _said.add(text)
    print(f"kpageflags: note: {text}", file=sys.stderr if stream is None else stream)
