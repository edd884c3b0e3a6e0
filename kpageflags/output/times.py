"""Moments as kpageflags writes them: ISO 8601 in UTC with "Z" for the zone; to the second
where people read them (captions, snapshots, reports), with microseconds in the time series
files, which are read back with any fraction of a second on every Python the library supports
(``datetime.fromisoformat`` reads neither "Z" nor a fraction of other than 3 or 6 digits
before Python 3.11)."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone

SERIES_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

_UTC_STAMP = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?Z")


def utc_second(seconds: float) -> str:
    """``seconds`` since the epoch, to the second, as captions and snapshots show it."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def series_time(moment: datetime) -> str:
    """``moment`` as a series file records it."""
    return moment.astimezone(timezone.utc).strftime(SERIES_TIME_FORMAT)


def read_series_time(value: object) -> datetime:
    """A series file's moment: date, "T", time to the second, an optional fraction, "Z". A
    ValueError (quoting at most 40 characters) for anything else, an impossible date included."""
    matched = _UTC_STAMP.fullmatch(value) if isinstance(value, str) else None
    if matched is None:
        raise ValueError(f"time {str(value)[:40]!r} is not ISO 8601 UTC ending in Z")
    year, month, day, hour, minute, second = (int(part) for part in matched.groups()[:6])
    fraction = matched.group(7) or ""
    microseconds = int(fraction[:6].ljust(6, "0"))
    try:
        return datetime(year, month, day, hour, minute, second, microseconds, tzinfo=timezone.utc)
    except ValueError:
        raise ValueError(f"time {matched.group(0)[:40]!r} is not a moment of the calendar") from None
