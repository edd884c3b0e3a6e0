"""SLUB caches as /sys/kernel/slab shows them: read from the live tree, a captured copy or a
snapshot (:mod:`.tree`), with the figures worked out from them (:mod:`.figures`), compared with
/proc/slabinfo, /proc/meminfo and the slab pages of /proc/kpageflags (:mod:`.reconcile`),
sampled over time (:mod:`.sampling`) and compared between two moments (:mod:`.growth`)."""
