"""Reports that kernels print into their logs, checked against the spec (``dump_page``)."""
