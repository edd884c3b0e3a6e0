"""The facts' named tuples are made without typing's run-time annotation checks, and behave as
typing.NamedTuple's do."""

from __future__ import annotations

import pickle
import typing
from typing import TYPE_CHECKING

import pytest

from kpageflags.facts import model

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from kpageflags.facts._namedtuple import NamedTuple


class Light(NamedTuple):
    """A record."""

    name: str
    pages: int = 0
    note: str | None = None

    def described(self) -> str:
        return f"{self.name}={self.pages}"


class Typed(typing.NamedTuple):
    """A record."""

    name: str
    pages: int = 0
    note: str | None = None

    def described(self) -> str:
        return f"{self.name}={self.pages}"


def test_a_light_named_tuple_behaves_as_typing_makes_it() -> None:
    light, typed = Light("a", 2), Typed("a", 2)
    assert tuple(light) == tuple(typed) == ("a", 2, None)
    assert Light._fields == Typed._fields
    assert Light._field_defaults == Typed._field_defaults == {"pages": 0, "note": None}
    assert repr(light).replace("Light", "Typed") == repr(typed)
    assert light._replace(pages=5).described() == typed._replace(pages=5).described() == "a=5"
    assert light._asdict() == typed._asdict()
    assert Light.__doc__ == Typed.__doc__ == "A record."
    assert Light.__module__ == Typed.__module__ == __name__
    assert isinstance(light, tuple) and Light.__mro__[1:] == (tuple, object)


def test_a_light_named_tuple_pickles() -> None:
    assert pickle.loads(pickle.dumps(Light("b", note="x"))) == Light("b", 0, "x")


def test_its_annotations_stay_unchecked_strings() -> None:
    assert Light.__annotations__ == {"name": "str", "pages": "int", "note": "str | None"}
    assert all(isinstance(hint, str) for hint in model.Evidence.__annotations__.values())


def test_a_field_without_a_default_after_one_with_a_default_is_refused() -> None:
    with pytest.raises(TypeError, match="without a default follows"):

        class Wrong(NamedTuple):
            first: int = 0
            second: int  # type: ignore[misc]


def test_a_named_tuple_method_cannot_be_overwritten() -> None:
    with pytest.raises(AttributeError, match="_replace"):

        class Wrong(NamedTuple):
            first: int

            def _replace(self) -> None:  # type: ignore[misc]
                pass


def test_a_named_tuple_inherits_from_nothing_else() -> None:
    with pytest.raises(TypeError, match="only inherit"):

        class Wrong(NamedTuple, dict):  # type: ignore[misc,type-arg]
            first: int
