"""Decoding facts: releases, /proc/kpageflags and pagemap tables, page-types ``-b`` expressions,
the kernel-internal ``page->flags`` layouts, kernel configs and BTF, each flag's history, and
the memory-category rules. Everything here is answered from the spec's generated tables."""
