"""matplotlib (the optional ``plot`` extra), imported in this one place for every picture, so that
it writes nothing to stderr: not its warnings about a configuration directory it cannot write
(a user such as nobody, whose home is /nonexistent), nor those it gives while drawing."""

from __future__ import annotations

import atexit
import contextlib
import importlib
import importlib.util
import logging
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import NotAvailable

CONFIG_VARIABLE = "MPLCONFIGDIR"
INSTALL_HINT = "pip install 'kpageflags[plot]'"
_background: list[threading.Thread] = []
"""Imports running in threads of their own (``in_background``), until ``finish_background``."""


def in_background(load: Callable[[], None], name: str) -> threading.Thread:
    """Starts ``load`` (imports of matplotlib or its parts) in a thread of its own, which
    ``finish_background`` waits for."""
    thread = threading.Thread(target=load, name=name)
    thread.start()
    _background.append(thread)
    return thread


def finish_background() -> None:
    """Waits for the imports still running in the background: a command that ends (by an
    error, say) before it draws leaves none running on into what its process does next. A
    program that calls commands one after another, as the tests do, would otherwise see
    matplotlib half imported, or imported under a test that has hidden it."""
    while _background:
        _background.pop().join()


def needs_matplotlib(what: str, otherwise: str = "") -> str:
    """The one wording, in every command, for ``what`` that cannot be drawn without matplotlib,
    with what works without it (``otherwise``) where something does."""
    return f"{what} needs matplotlib, which is not installed: {INSTALL_HINT}" + (f"; {otherwise}" if otherwise else "")


def import_matplotlib(missing: str) -> Any:
    """matplotlib, configured to keep quiet; ``NotAvailable(missing)`` where it is not installed."""
    _writable_config_dir()
    try:
        import matplotlib  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise NotAvailable(missing) from None
    # Its other warnings go through logging, which would print them with no handler set.
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    return matplotlib


class Loading:
    """matplotlib and ``modules`` of it being imported in a thread of their own, while the main
    one reads frames: that spends its time in system calls, decompression and numpy, which leave
    the interpreter free, so the 0.2 to 0.5 s of CPU the imports take cost little wall time.
    Where matplotlib is not installed, ``NotAvailable(missing)`` at once."""

    def __init__(self, modules: Sequence[str], missing: str) -> None:
        if importlib.util.find_spec("matplotlib") is None:
            raise NotAvailable(missing)
        self._missing = missing
        self._failure: Exception | None = None
        self._modules = modules
        self._thread = in_background(self._load, "kpageflags-matplotlib")

    def _load(self) -> None:
        try:
            import_matplotlib(self._missing)
            for module in self._modules:
                importlib.import_module(module)
        except Exception as failure:  # told by wait(), in the thread that needs the modules
            self._failure = failure

    def wait(self) -> None:
        """Returns once the modules are imported; raises what stopped their import, an
        ImportError as ``NotAvailable(missing)``."""
        self._thread.join()
        if isinstance(self._failure, ImportError):
            raise NotAvailable(self._missing) from None
        if self._failure is not None:
            raise self._failure

    def loaded(self) -> bool:
        """Whether the modules could be imported (once they are)."""
        try:
            self.wait()
        except NotAvailable:
            return False
        return True


@contextlib.contextmanager
def quietly() -> Iterator[None]:
    """Drawing with matplotlib's warnings unshown: a glyph missing from its font (a character
    of a cache's name it lacks, say) draws as a box, which the picture shows already."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _writable_config_dir() -> None:
    """Where matplotlib cannot write its configuration or font cache directory it makes a
    temporary one and warns on every run; a private temporary one, removed at exit, is quiet."""
    if os.environ.get(CONFIG_VARIABLE) or all(_writable(path) for path in _default_dirs()):
        return
    private = tempfile.mkdtemp(prefix="kpageflags-matplotlib-")
    atexit.register(shutil.rmtree, private, ignore_errors=True)
    os.environ[CONFIG_VARIABLE] = private


def _default_dirs() -> list[Path]:
    """matplotlib's configuration and cache directories on Linux, where MPLCONFIGDIR is not set."""
    try:
        home = Path.home()
    except (RuntimeError, KeyError):
        return []
    return [
        Path(os.environ.get(variable) or home / default, "matplotlib")
        for variable, default in (("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"))
    ]


def _writable(path: Path) -> bool:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK | os.X_OK)
