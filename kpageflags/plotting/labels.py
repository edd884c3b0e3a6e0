"""Names short enough to stand under a bar: a long one (a cgroup's path, a process's command
line) keeps its start and its end around an ellipsis, so the chart keeps its room for the bars
while the table beside it keeps every name whole."""

from __future__ import annotations

from collections.abc import Sequence

ELLIPSIS = "…"
LABEL_WIDTH = 20
"""Characters a name under a bar shows at most, unless more are needed to tell two apart."""


def short_labels(names: Sequence[str], width: int = LABEL_WIDTH) -> list[str]:
    """Each name cut to ``width`` characters in the middle; a name that fits is kept as it is.

    The same name always gets the same label among the same names, and no two names share one:
    where cutting makes two alike, both keep more characters until they differ.

    >>> short_labels(["/system.slice/docker-0123456789abcdef.scope", "/user.slice"], 20)
    ['/syste…9abcdef.scope', '/user.slice']
    >>> short_labels(["/a/very/long/path/one/leaf", "/a/very/long/path/two/leaf"], 12)
    ['/a/…one/leaf', '/a/…two/leaf']
    >>> short_labels(["/kubepods/pod-1/container-0123", "/kubepods/pod-2/container-0123"], 12)
    ['/kubepo…1/container-0123', '/kubepo…2/container-0123']
    """
    widths = {name: width for name in names}
    while True:
        labels = {name: _cut(name, widths[name]) for name in widths}
        owners: dict[str, list[str]] = {}
        for name, label in labels.items():
            owners.setdefault(label, []).append(name)
        alike = [name for owned in owners.values() if len(owned) > 1 for name in owned if labels[name] != name]
        if not alike:
            return [labels[name] for name in names]
        for name in alike:
            widths[name] += 1


def _cut(name: str, width: int) -> str:
    """``name`` in ``width`` characters: a third from its start, the rest from its end, which
    tells paths and command lines apart best."""
    if len(name) <= width:
        return name
    head = (width - 1) // 3
    return name[:head] + ELLIPSIS + name[len(name) - (width - 1 - head) :]
