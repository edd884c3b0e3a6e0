"""Work made a step ahead in a thread (``sources.ahead``): the caller gets every result in the
items' order, an error where the item's result would be, and nothing runs on once it leaves."""

from __future__ import annotations

import random
import threading
import time

import pytest

from kpageflags.sources.ahead import Ahead


def slow_square(item: int) -> tuple[int, str]:
    # Items take different times, so that a worker that did not keep order would show it.
    time.sleep(random.Random(item).random() / 500)
    return item * item, threading.current_thread().name


def test_results_come_in_the_order_of_the_items_made_in_a_worker() -> None:
    items = list(range(40))
    with Ahead(slow_square, items, depth=2) as made:
        results = list(made)
    assert [square for square, _ in results] == [item * item for item in items]
    assert {name for _, name in results} == {"kpageflags-ahead"}


def test_an_error_in_the_worker_is_raised_to_the_caller_after_the_results_before_it() -> None:
    def make(item: int) -> int:
        if item == 5:
            raise OSError(f"item {item} failed")
        return item

    got: list[int] = []
    with pytest.raises(OSError, match=r"^item 5 failed$"), Ahead(make, list(range(10))) as made:
        got.extend(made)
    assert got == [0, 1, 2, 3, 4]


def test_leaving_early_stops_the_worker_before_the_rest_is_made() -> None:
    started: list[int] = []

    def make(item: int) -> int:
        started.append(item)
        time.sleep(0.001)
        return item

    with Ahead(make, list(range(1000)), depth=1) as made:
        for item in made:
            if item == 3:
                break
    workers = [thread for thread in threading.enumerate() if thread.name == "kpageflags-ahead"]
    assert not workers
    # The worker is at most the result waiting and the one it was making past the caller.
    assert started == list(range(len(started))) and len(started) <= 6  # 0-3 handled, 4 waiting, 5 made
