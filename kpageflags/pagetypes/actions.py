"""page-types' writing options, which act only when asked: -i (mark pages idle) and -X/-x
(inject or undo hardware poison through debugfs). Each checks first that the kernel has
the feature and says clearly when it does not."""

from __future__ import annotations

import os

from ..errors import NotAvailable, environment_problem
from .options import Options

PAGE_IDLE = "/sys/kernel/mm/page_idle/bitmap"


def debugfs_mount() -> str | None:
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) > 2 and fields[2] == "debugfs":
                    return fields[1]
    except OSError:
        return None
    return None


class Actions:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.active = options.mark_idle or options.hwpoison or options.unpoison
        self._idle_fd: int | None = None
        self._idle_words: dict[int, int] = {}
        self._poison_fd: int | None = None
        self._unpoison_fd: int | None = None

    def prepare(self) -> None:
        if self.options.mark_idle:
            if not os.path.exists(PAGE_IDLE):
                raise NotAvailable(
                    f"-i needs idle page tracking, but {PAGE_IDLE} does not exist "
                    "(the kernel lacks CONFIG_IDLE_PAGE_TRACKING); nothing was marked"
                )
            self._idle_fd = self._open(PAGE_IDLE, os.O_RDWR)
        if self.options.hwpoison or self.options.unpoison:
            mount = debugfs_mount()
            if mount is None:
                raise NotAvailable(
                    "-X/-x write to debugfs, which is not mounted (mount -t debugfs none "
                    "/sys/kernel/debug); nothing was poisoned"
                )
            directory = os.path.join(mount, "hwpoison")
            if not os.path.isdir(directory):
                raise NotAvailable(
                    f"-X/-x need {directory}, which this kernel does not have (it lacks "
                    "CONFIG_MEMORY_FAILURE or CONFIG_HWPOISON_INJECT); nothing was poisoned"
                )
            if self.options.hwpoison:
                self._poison_fd = self._open(os.path.join(directory, "corrupt-pfn"), os.O_WRONLY)
            if self.options.unpoison:
                self._unpoison_fd = self._open(os.path.join(directory, "unpoison-pfn"), os.O_WRONLY)

    @staticmethod
    def _open(path: str, flags: int) -> int:
        try:
            return os.open(path, flags)
        except OSError as error:
            raise environment_problem(f"{path}: {error.strerror}", error.errno) from None

    def pages(self, first: int, count: int) -> None:
        """Frames ``first`` to ``first + count - 1``, in order."""
        if not self.active:
            return
        for pfn in range(first, first + count):
            if self._poison_fd is not None:
                self._write(self._poison_fd, f"0x{pfn:x}\n", "hwpoison inject")
            if self._unpoison_fd is not None:
                self._write(self._unpoison_fd, f"0x{pfn:x}\n", "hwpoison forget")
            if self._idle_fd is not None:
                word = pfn // 64
                self._idle_words[word] = self._idle_words.get(word, 0) | 1 << (pfn % 64)

    @staticmethod
    def _write(fd: int, text: str, what: str) -> None:
        try:
            os.write(fd, text.encode())
        except OSError as error:
            raise environment_problem(f"{what}: {error.strerror}", error.errno) from None

    def finish(self) -> None:
        if self._idle_fd is not None:
            for word, bits in sorted(self._idle_words.items()):
                try:
                    os.pwrite(self._idle_fd, bits.to_bytes(8, "little"), word * 8)
                except OSError as error:
                    raise environment_problem(f"mark page idle: {error.strerror}", error.errno) from None
            self._idle_words.clear()
        for fd in (self._idle_fd, self._poison_fd, self._unpoison_fd):
            if fd is not None:
                os.close(fd)
        self._idle_fd = self._poison_fd = self._unpoison_fd = None
