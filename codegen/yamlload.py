"""A YAML loader that remembers where every key and item came from.

PyYAML keeps the last of two duplicate keys without a word and forgets line numbers;
both matter for a spec whose errors must point at ``file:line``. Only plain data is
accepted: the safe loader refuses tags that would build Python objects.
"""

from __future__ import annotations

from typing import Any, Union

import yaml

from .diagnostics import Diagnostics, Location


class Scalar:
    """The source text of a scalar, kept so '5.10' read as the float 5.1 can be reported."""

    __slots__ = ("quoted", "text")

    def __init__(self, text: str, quoted: bool) -> None:
        self.text = text
        self.quoted = quoted


class LocatedMap(dict):  # type: ignore[type-arg]
    """A mapping that knows its own location and that of each key and value."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
        self.key_locations: dict[str, Location] = {}
        self.value_locations: dict[str, Location] = {}
        self.scalars: dict[str, Scalar] = {}

    def key_location(self, key: str) -> Location:
        return self.key_locations.get(key, self.location)

    def value_location(self, key: str) -> Location:
        return self.value_locations.get(key, self.location)


class LocatedList(list):  # type: ignore[type-arg]
    """A sequence that knows its own location and that of each item."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
        self.item_locations: list[Location] = []
        self.scalars: list[Scalar | None] = []


YamlValue = Union[LocatedMap, LocatedList, str, int, float, bool, None]


def _location(path: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


def _scalar_of(node: yaml.Node) -> Scalar | None:
    if isinstance(node, yaml.ScalarNode):
        return Scalar(str(node.value), node.style in ("'", '"'))
    return None


def _make_loader(path: str, diagnostics: Diagnostics) -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LocatedMap:
        loader.flatten_mapping(node)
        result = LocatedMap(_location(path, node))
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_loc = _location(path, key_node)
            if not isinstance(key, str):
                diagnostics.error(key_loc, f"key {key!r} must be a string")
                key = str(key)
            if key in result:
                first = result.key_locations[key]
                diagnostics.error(
                    key_loc,
                    f"duplicate key '{key}' (first at line {first.line}); YAML would keep only the last",
                )
                continue
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_locations[key] = key_loc
            result.value_locations[key] = _location(path, value_node)
            scalar = _scalar_of(value_node)
            if scalar is not None:
                result.scalars[key] = scalar
        return result

    def construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LocatedList:
        result = LocatedList(_location(path, node))
        for item in node.value:
            result.append(loader.construct_object(item, deep=True))
            result.item_locations.append(_location(path, item))
            result.scalars.append(_scalar_of(item))
        return result

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)
    return Loader


def load_yaml(path: str, text: str, diagnostics: Diagnostics) -> YamlValue:
    """Parses one spec file; syntax errors become diagnostics and the result is None."""
    try:
        value: Any = yaml.load(text, Loader=_make_loader(path, diagnostics))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        diagnostics.error(where, f"YAML: {problem}")
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(Location(path, 1, 1), f"YAML: {exc}")
        return None
    return value  # type: ignore[no-any-return]
