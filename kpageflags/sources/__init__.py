"""Where pages come from: the live ``/proc`` files, saved copies and snapshots (``source``),
the walkers that read them (page frame ranges, a process's address space, a cached file's
pages), and counting the flag values they read (``counting``)."""
