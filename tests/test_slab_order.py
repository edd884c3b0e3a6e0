"""kpageflags.slab.order: the order sysfs lists a directory in, computed from the names."""

from __future__ import annotations

import os
import random

import pytest
from conftest import REPO

from kpageflags.slab.order import kernfs_name_hash, kernfs_order

STORED = REPO / "tests" / "fixtures" / "slabinfo" / "readdir-6.18.txt"


def test_a_stored_listing_of_sys_kernel_slab_comes_back_from_its_names_shuffled() -> None:
    listed = STORED.read_text().splitlines()
    shuffled = random.Random(14).sample(listed, len(listed))
    assert len(listed) > 400
    assert kernfs_order(shuffled) == listed


@pytest.mark.live
def test_the_live_directory_is_listed_in_the_computed_order() -> None:
    listed = os.listdir("/sys/kernel/slab")
    assert kernfs_order(sorted(listed)) == listed


def test_hash_values_kernfs_keeps_for_dot_entries_are_never_given_to_names() -> None:
    hashes = {kernfs_name_hash(name) for name in ["", "a", "kmalloc-64", "x" * 300, "\u00e9t\u00e9"]}
    assert min(hashes) >= 2
    assert max(hashes) < 0x7FFFFFFF
