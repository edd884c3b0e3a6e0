"""The moments of the time series files, read alike on every supported Python (3.9 and 3.10 read
neither "Z" nor most fractions with datetime.fromisoformat)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kpageflags.output.times import read_series_time, series_time


@pytest.mark.parametrize(
    ("text", "microseconds"),
    [
        ("2026-12-05T09:00:00Z", 0),
        ("2026-12-05T09:00:00.5Z", 500_000),
        ("2026-12-05T09:00:00.0421Z", 42_100),
        ("2026-12-05T09:00:00.123456Z", 123_456),
        ("2026-12-05T09:00:00.123456789Z", 123_456),
    ],
)
def test_a_fraction_of_any_length_is_read(text: str, microseconds: int) -> None:
    assert read_series_time(text) == datetime(2026, 12, 5, 9, 0, 0, microseconds, tzinfo=timezone.utc)


def test_what_is_written_reads_back_the_same() -> None:
    moment = datetime(2026, 2, 28, 23, 59, 59, 999_999, tzinfo=timezone.utc)
    assert series_time(moment) == "2026-02-28T23:59:59.999999Z"
    assert read_series_time(series_time(moment)) == moment


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2026-12-05T09:00:00", "not ISO 8601 UTC ending in Z"),
        ("2026-12-05 09:00:00Z", "not ISO 8601 UTC ending in Z"),
        ("2026-12-05T09:00:00+00:00", "not ISO 8601 UTC ending in Z"),
        ("2026-12-05T09:00:00.Z", "not ISO 8601 UTC ending in Z"),
        (1764925200, "not ISO 8601 UTC ending in Z"),
        ("2026-02-30T09:00:00Z", "not a moment of the calendar"),
        ("2026-12-05T24:00:00Z", "not a moment of the calendar"),
    ],
)
def test_anything_else_is_refused_with_the_reason(value: object, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        read_series_time(value)


def test_a_long_value_is_quoted_short() -> None:
    with pytest.raises(ValueError) as refused:
        read_series_time("9" * 10_000)
    assert len(str(refused.value)) < 100
