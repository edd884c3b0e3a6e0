"""The generated page_owner dumps: as realistic as a large machine's, and cheap to write."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest

from kpageflags.facts.gfp import decode_gfp, migrate_reasons, migratetype_names
from kpageflags.facts.releases import parse_release
from kpageflags.pageowner.decoding import choose_decoder
from kpageflags.pageowner.records import parse_records
from kpageflags.pageowner.synthetic import render, synthetic_records, write_dump

# The first release of each era and the last one before the next, with the GFP table's first
# release (4.6, names printed) and the slab flag's last (6.9) and first without it (6.10).
KERNELS = ("3.19", "4.5", "4.6", "5.10", "5.11", "5.12", "5.13", "5.17", "5.18", "6.4", "6.5", "6.6", "6.9", "6.10")


@pytest.mark.parametrize("kernel", [*KERNELS, "6.18"])
def test_the_written_dump_is_the_rendering_of_the_records(kernel: str) -> None:
    out = io.StringIO()
    write_dump(out, kernel, 5000, seed=4)
    records = list(synthetic_records(kernel, 5000, seed=4))
    assert out.getvalue() == "".join(map(render, records))
    assert list(parse_records(out.getvalue().split("\n"))) == records


def test_a_shorter_dump_is_the_start_of_a_longer_one() -> None:
    short, long = io.StringIO(), io.StringIO()
    write_dump(short, "6.18", 100, seed=1)
    write_dump(long, "6.18", 5000, seed=1)
    assert long.getvalue().startswith(short.getvalue()) and len(long.getvalue()) > len(short.getvalue())


def test_thousands_of_stacks_with_a_long_tail() -> None:
    stacks = Counter(record.stack for record in synthetic_records("6.18", 50_000, seed=2))
    counts = sorted(stacks.values(), reverse=True)
    assert len(counts) >= 1000
    assert counts[0] > 100 * counts[len(counts) // 2]  # a few stacks hold much, most little
    assert sum(counts[:10]) < sum(counts) // 2


@pytest.mark.parametrize("kernel", KERNELS[2:])
def test_masks_migratetypes_and_reasons_are_the_releases_own(kernel: str) -> None:
    records = list(synthetic_records(kernel, 3000, seed=5))
    assert {r.gfp_text for r in records} == {decode_gfp(r.gfp_mask, kernel).pgg() for r in records}
    for record in records:
        assert record.gfp_text == decode_gfp(record.gfp_mask, kernel).pgg()
    assert {r.page_migratetype for r in records} <= set(migratetype_names(kernel))
    reasons = {r.migrate_reason for r in records} - {None}
    assert reasons and reasons <= set(migrate_reasons(kernel))
    assert len({r.gfp_mask for r in records}) >= 8


def test_process_and_time_vary_by_record() -> None:
    records = list(synthetic_records("6.18", 2000, seed=6))
    assert len({(r.pid, r.comm) for r in records}) > 100
    assert all(a.ts is not None and b.ts is not None and a.ts < b.ts for a, b in zip(records, records[1:]))
    assert all(a.pfn is not None and b.pfn is not None and a.pfn < b.pfn for a, b in zip(records, records[1:]))


@pytest.mark.parametrize("kernel", ["4.6", "5.11", "5.13", "5.18", "5.19", "6.5", "6.7", "6.9", "6.12", "6.17", "6.18"])
def test_a_dump_of_a_release_is_detected_as_a_range_holding_it(kernel: str) -> None:
    # The GFP and flag names are written with the release's own tables, so nothing in them points elsewhere.
    out = io.StringIO()
    write_dump(out, kernel, 300, seed=1)
    decoder = choose_decoder(list(parse_records(out.getvalue().splitlines())))
    span = re.search(r" fit (\S+?)(?: to (\S+?))?; decoded with", decoder.why)
    assert span is not None, decoder.why
    first, last = (parse_release(name).position for name in (span[1], span[2] or span[1]))
    assert first <= parse_release(kernel).position <= last, decoder.why
