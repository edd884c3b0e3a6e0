"""``/sys/kernel/debug/page_owner`` records (who allocated each page, with its stack, GFP mask
and ``page->flags``): the home of the page_owner_sort emulation's library side. Like every
library part, nothing here may import a tool emulation."""
