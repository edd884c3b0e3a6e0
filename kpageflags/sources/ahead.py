"""Work done a step ahead in a thread: while the caller handles one item's result, the next
item's is being made.

It pays where making a result is mostly calls that release the GIL (system calls through
ctypes or ``os``) and handling it is Python: on two CPUs the two overlap. The thread is at
most ``depth`` results ahead of the caller, which bounds what they hold.
"""

from __future__ import annotations

import queue
import threading

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from typing import Generic, TypeVar

    Item = TypeVar("Item")
    Result = TypeVar("Result")
else:

    class Generic:
        """typing's Generic as a base, without importing typing: ``Generic[...]`` is ``object``."""

        def __class_getitem__(cls, parameters: object) -> type:
            return object

    Item = Result = None


class _Failed:
    """What the worker hands over in place of a result that raised ``error``."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


class Ahead(Generic[Item, Result]):
    """``make(item)`` for each of ``items``, in their order, each made in a worker thread while
    the caller handles the one before; an exception ``make`` raises is raised to the caller
    in its place. Used as a context manager: leaving it stops the worker and waits for it, so that nothing
    it uses (an open file) is closed under it."""

    def __init__(self, make: Callable[[Item], Result], items: Sequence[Item], depth: int = 1) -> None:
        self.make, self.items = make, items
        self.results: queue.Queue[Result | _Failed] = queue.Queue(depth)
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self) -> Ahead[Item, Result]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[Result]:
        self.thread = threading.Thread(target=self._work, name="kpageflags-ahead", daemon=True)
        self.thread.start()
        for _ in self.items:
            made = self.results.get()
            if isinstance(made, _Failed):
                raise made.error
            yield made

    def _work(self) -> None:
        for item in self.items:
            if self.stopped.is_set():
                return
            try:
                made = self.make(item)
            except BaseException as error:  # handed to the caller, which raises it
                self.results.put(_Failed(error))
                return
            self.results.put(made)

    def close(self) -> None:
        """Stops the worker after the result it is making, and waits for it."""
        if self.thread is None:
            return
        self.stopped.set()
        # Room for the result the worker may be waiting to hand over, so that it sees the stop.
        while True:
            try:
                self.results.get_nowait()
            except queue.Empty:
                break
        self.thread.join()
        self.thread = None
