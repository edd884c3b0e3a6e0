"""What reading every spec file shares: its entries' releases and ranges, evidence and config conditions."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from kpageflags.errors import BadConfig
from kpageflags.facts.kconfig import parse_condition
from kpageflags.facts.model import Evidence
from kpageflags.facts.release_names import split_release_name

from ..diagnostics import Diagnostics
from ..fields import BUILD_RELEASE, POINT_RELEASE, RELEASE_NAME, Choice, Fields
from ..spec import Placed, Spec
from ..yamlload import LocatedMap

T = TypeVar("T")

if TYPE_CHECKING:
    from typing_extensions import TypeForm

    NamedFact = Callable[[Choice, str, "str | None", str, tuple[Evidence, ...], "str | None"], T]

EVIDENCE_KEYS = ("seen", "commit", "patch", "machine", "doc")
COMMIT = re.compile(r"^[0-9a-f]{10,40}$")
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
TREE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
PATH = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_./+-]*$")


class FileReader(ABC):
    """Reads the entries of one spec file into ``spec``, one method per kind of entry."""

    name: ClassVar[str]
    """The file in spec/."""
    list_key: ClassVar[str]
    """The list the file is about, named when the file is not even a mapping."""

    def __init__(self, spec: Spec, diagnostics: Diagnostics) -> None:
        self.spec = spec
        self.diagnostics = diagnostics
        self.release_set = frozenset(spec.releases)

    @abstractmethod
    def read(self, top: Fields) -> None:
        """Reads each key of the file's top mapping; the caller reports the keys left unread."""

    def _fields(self, mapping: LocatedMap, what: str) -> Fields:
        return Fields(mapping, what, self.diagnostics)

    def _place(self, entries: list[Placed[T]], mapping: LocatedMap, value: T) -> T:
        entries.append(Placed(value, mapping))
        return value

    def _release(self, fields: Fields, key: str, required: bool) -> str | None:
        value = fields.release_text(key, required)
        if value is None:
            return None
        if not self.release_set:
            # Without a readable release list, membership errors would only be noise.
            return value if RELEASE_NAME.match(value) else None
        if value not in self.release_set:
            fields.error(key, f'"{value}" is not a release in spec/releases.yaml')
            return None
        return value

    def _endpoint(self, fields: Fields, key: str, required: bool) -> str | None:
        """Where a range starts or ends: a listed series ("6.6"), or one of its point releases
        ("6.6.30") or release candidates ("6.7-rc1")."""
        value = fields.release_text(key, required)
        if value is None:
            return None
        name = split_release_name(value)
        if name is None:
            fields.error(key, f'"{value}" is not a release like "6.6", "6.6.30" or "6.7-rc1"')
            return None
        if name.point == 0:
            fields.error(key, f'"{value}" is no stable point release; write "{name.series}", where the series starts')
            return None
        if not self.release_set:
            return value
        if name.series not in self.release_set:
            of_a_series = "" if value == name.series else " of a series"
            fields.error(key, f'"{value}" is not a release{of_a_series} in spec/releases.yaml')
            return None
        return value

    def _range(
        self, fields: Fields, since_key: str = "since", until_key: str = "until", since_required: bool = True
    ) -> tuple[str | None, str | None]:
        since = self._endpoint(fields, since_key, since_required)
        until = self._endpoint(fields, until_key, False)
        if since and until and self.release_set and self.spec.release_key(since) >= self.spec.release_key(until):
            fields.error(until_key, f'"{until}" must be a later release than {since_key} "{since}"')
            return since, None
        return since, until

    def _named_behaviour(
        self,
        mapping: LocatedMap,
        what: str,
        names: TypeForm[Choice],
        known_as: str,
        make: NamedFact[Choice, T],
        entries: list[Placed[T]],
    ) -> T | None:
        """An entry naming a behaviour the code knows (a ``Literal`` of the model), with the
        releases it holds in, a doc and evidence: page-types switches, dump_page features."""
        f = self._fields(mapping, what)
        name = f.choice("name", names, known_as=known_as)
        since, until = self._range(f)
        doc = f.text("doc")
        evidence, unverified = self._evidence(f)
        f.finish()
        if not name or not since or not doc:
            return None
        return self._place(entries, mapping, make(name, since, until, doc, evidence, unverified))

    def _point_release(self, fields: Fields, key: str, required: bool) -> str | None:
        """A release named by evidence: any mainline, point, -rc or vendor release, covered or older."""
        value = fields.release_text(key, required)
        if value is None:
            return None
        if RELEASE_NAME.match(value) or POINT_RELEASE.match(value) or BUILD_RELEASE.match(value):
            return value
        fields.error(key, f'"{value}" is not a release name like "5.10", "6.18.44" or "6.1.0-rc3"')
        return None

    def _condition(self, fields: Fields, key: str) -> str | None:
        text = fields.text(key, required=False)
        if text is None:
            return None
        try:
            parse_condition(text)
        except BadConfig as error:
            fields.error(key, str(error))
            return None
        return text

    def _evidence(self, fields: Fields) -> tuple[tuple[Evidence, ...], str | None]:
        evidence = tuple(fields.mapped("evidence", self._evidence_item, required=False))
        unverified = fields.text("unverified", required=False)
        if not fields.has("evidence") and unverified is None:
            self.diagnostics.error(
                fields.location, f"{fields.what}: give 'evidence' for this fact, or say why it is 'unverified'"
            )
        return evidence, unverified

    def _evidence_item(self, mapping: LocatedMap) -> Evidence | None:
        kinds = [key for key in EVIDENCE_KEYS if key in mapping]
        if len(kinds) != 1:
            self.diagnostics.error(
                mapping.location, "evidence: give exactly one of 'seen', 'commit', 'patch', 'machine' or 'doc'"
            )
            return None
        f = self._fields(mapping, "evidence")
        note = f.text("note", required=False)
        tree = f.text("tree", required=False, pattern=TREE, hint=" (owner/name)")
        if kinds[0] == "commit":
            evidence = self._commit_evidence(f, tree, note)
        elif kinds[0] == "patch":
            date = f.text("date", pattern=DATE, hint=" (YYYY-MM or YYYY-MM-DD)")
            evidence = Evidence("patch", subject=f.text("patch"), date=date, note=note)
        elif kinds[0] == "machine":
            # What was observed is all this kind of evidence says, so it is kept as the note.
            machine = f.text("machine")
            evidence = Evidence("machine", release=self._point_release(f, "release", required=True), note=machine)
        else:
            path = f.text(kinds[0], pattern=PATH, hint=" (a path inside the kernel tree)")
            release = self._point_release(f, "release", required=True)
            evidence = Evidence(
                "source" if kinds[0] == "seen" else "doc", release=release, path=path, tree=tree, note=note
            )
        f.finish()
        return evidence

    def _commit_evidence(self, f: Fields, tree: str | None, note: str | None) -> Evidence:
        commit: str | None = None
        if isinstance(f.mapping.get("commit"), int):
            f.raw("commit", required=True)
            f.error("commit", "must be quoted: YAML read this all-digit commit id as a number")
        else:
            commit = f.text("commit", pattern=COMMIT, hint=" (10 to 40 lower-case hex digits)")
        subject = f.text("subject")
        release = self._point_release(f, "release", required=False)
        return Evidence("commit", release=release, commit=commit, subject=subject, tree=tree, note=note)
