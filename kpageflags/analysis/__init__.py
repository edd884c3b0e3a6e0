"""What the pages mean together: memory composition per node, zone,
block, cgroup or process, free-block contiguity, per-process memory, snapshot diffs,
Prometheus metrics, and the check of the spec against the running kernel."""
