"""Where pages come from: the live ``/proc`` files, saved copies and snapshots, and the walkers
that read them (page frame ranges, a process's address space, a cached file's pages)."""
