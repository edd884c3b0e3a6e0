"""What every page-types walk hands its pages to: the summary, the list and the writing
options, after page-types' transformation and the -b and -c filters (``frames`` for walks over
page frames, ``runsink`` for process and file walks)."""

from __future__ import annotations

from .learned import Learned

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing is a tenth of a short command's start-up
if TYPE_CHECKING:
    from typing import Any

    from ..facts.bitsexpr import BitsFilter
    from .actions import Actions
    from .lists import Lister
    from .summary import Summary
    from .tool import ToolTable

FLAGS_MASK = (1 << 64) - 1


class PageSink:
    def __init__(
        self,
        tool: ToolTable,
        raw_mode: bool,
        filters: list[BitsFilter],
        wanted_cgroup: int | None,
        summary: Summary,
        lister: Lister | None,
        actions: Actions,
    ) -> None:
        self.tool, self.raw_mode, self.filters, self.wanted_cgroup = tool, raw_mode, filters, wanted_cgroup
        self.summary, self.lister, self.actions = summary, lister, actions
        # (value, kept by the filters) by key: the raw flags, with any pagemap bits above them.
        self._known: dict[int, tuple[int, bool]] = {}
        # The same apart, for look-ups mapped over many keys.
        self._value_by_key: Learned[int, int] = Learned(lambda key: self.value_of(key)[0])
        self._keep_by_key: dict[int, bool] = {}
        # Transformed values numbered in first-seen order, for the vectorised walks.
        self._ids: dict[int, int] = {}
        self._values: list[int] = []
        # For runs without pagemap bits: their raw flags numbered (a ValueIndex, made with the
        # first), and by that number the transformed value's number and whether it is kept.
        self._raw_index: Any = None
        self._ids_of_raws: Any = None
        self._keeps_of_raws: Any = None

    def value_of(self, key: int) -> tuple[int, bool]:
        """The value page-types counts for a key (a raw kpageflags entry, with the pagemap bits
        that matter shifted above its 64 bits), and whether the filters keep it."""
        found = self._known.get(key)
        if found is None:
            value = self.tool.transform(key & FLAGS_MASK, self.raw_mode, key >> 64)
            found = self._known[key] = (value, all(f.matches(value) for f in self.filters))
            self._value_by_key[key], self._keep_by_key[key] = found
        return found

    def values_of(self, keys: list[int]) -> tuple[list[int], list[bool] | None]:
        """``value_of`` of many keys: their values, and whether the filters keep each (None
        when they keep all), by look-ups mapped in C."""
        values = list(map(self._value_by_key.__getitem__, keys))
        if not self.filters:
            return values, None
        keeps = list(map(self._keep_by_key.__getitem__, keys))
        return values, None if all(keeps) else keeps

    # -- with numpy ------------------------------------------------------------------------

    def _identify(self, raws: Any, np: Any, codes: Any = None) -> tuple[Any, Any]:
        """Each run's transformed value (by its first-seen number) and whether the filters keep
        it, from its raw flags and, where they count, its pagemap bits (``codes``)."""
        if codes is None:
            return self._identify_raws(raws, np)
        (distinct_codes, distinct_raws), inverse = _distinct([codes, raws], np)
        keys = [code << 64 | raw for code, raw in zip(distinct_codes.tolist(), distinct_raws.tolist())]
        ids, keeps = zip(*map(self._number, keys)) if keys else ((), ())
        return np.array(ids, dtype=np.int64)[inverse], np.array(keeps, dtype=bool)[inverse]

    def _identify_raws(self, raws: Any, np: Any) -> tuple[Any, Any]:
        """``_identify`` without pagemap bits: the raw flags are looked up among those seen
        before (no sort of each chunk's runs), and only new ones transformed."""
        if self._raw_index is None:
            from ..sources.valueindex import ValueIndex

            self._raw_index = ValueIndex(np)
            self._ids_of_raws = np.zeros(0, dtype=np.int64)
            self._keeps_of_raws = np.zeros(0, dtype=bool)
        numbers = self._raw_index.numbers(raws)
        new = self._raw_index.values[len(self._ids_of_raws) :].tolist()
        if new:
            ids, keeps = zip(*map(self._number, new))
            self._ids_of_raws = np.concatenate((self._ids_of_raws, np.array(ids, dtype=np.int64)))
            self._keeps_of_raws = np.concatenate((self._keeps_of_raws, np.array(keeps, dtype=bool)))
        return self._ids_of_raws[numbers], self._keeps_of_raws[numbers]

    def _number(self, key: int) -> tuple[int, bool]:
        """The number of the value page-types counts for a key (see ``value_of``), numbered
        when first met, and whether the filters keep it."""
        value, keep = self.value_of(key)
        number = self._ids.get(value)
        if number is None:
            number = self._ids[value] = len(self._values)
            self._values.append(value)
        return number, keep

    def _count(self, ids: Any, lengths: Any, np: Any) -> None:
        """Adds the kept runs to the summary, values new to it in the order the runs first
        show them (the order of the others is already set)."""
        if not len(ids):
            return
        totals = np.bincount(ids, weights=lengths).astype(np.int64)
        numbers = np.flatnonzero(totals).tolist()
        add, values, counted = self.summary.add, self._values, self.summary.counts
        if not all(values[number] in counted for number in numbers):
            order = np.argsort(ids, kind="stable")
            first_of_id = np.empty(len(ids), dtype=bool)
            first_of_id[:1] = True
            np.not_equal(ids[order][1:], ids[order][:-1], out=first_of_id[1:])
            numbers = ids[np.sort(order[first_of_id])].tolist()
        for number in numbers:
            add(values[number], int(totals[number]))


def _distinct(columns: list[Any], np: Any) -> tuple[list[Any], Any]:
    """The distinct rows of the columns (of one length), sorted, and the place of each row among
    them (``np.unique`` would do, but it imports numpy.ma, 20 ms)."""
    order = np.argsort(columns[0]) if len(columns) == 1 else np.lexsort(columns[::-1])
    new = np.zeros(len(order), dtype=bool)
    new[:1] = True
    for column in columns:
        ordered = column[order]
        new[1:] |= ordered[1:] != ordered[:-1]
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    firsts = order[new]
    return [column[firsts] for column in columns], inverse
