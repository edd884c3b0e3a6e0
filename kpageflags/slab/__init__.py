"""SLUB caches from ``/sys/kernel/slab``: the home of the slabinfo emulation's library side
(reading caches, sampling them over time). Its command-line tool lives with the others in
``cli``; like every library part, nothing here may import a tool emulation."""
