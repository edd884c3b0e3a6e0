"""A YAML loader that remembers where every key and item came from.

PyYAML keeps the last of two duplicate keys without a word and forgets line numbers;
both matter for a spec whose errors must point at ``file:line``. Only plain data is
accepted: the safe loader refuses tags that would build Python objects.

Unquoted text followed by `` #`` on its line is reported too: YAML ends the text there and
drops the rest of the line as a comment, so a sentence such as ``note: see #defines`` would
lose its tail without a word. The rule covers only plain scalars that YAML reads as text;
comments on their own line, after quoted text, or after a number or boolean cut nothing and
stay allowed. The spec itself has no trailing comments, so nothing it needs is refused.

Anchors and aliases are refused as soon as the parser meets the first one, before any node
is shared: nine nested aliases in a few hundred bytes expand to a billion values wherever
the data is walked or printed, and the spec never needs to repeat a value that way.
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

TEXT_TAG = "tag:yaml.org,2002:str"


def _location(path: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


def _scalar_of(node: yaml.Node) -> Scalar | None:
    if isinstance(node, yaml.ScalarNode):
        return Scalar(str(node.value), node.style in ("'", '"'))
    return None


def _comment_after(text: str, index: int) -> int | None:
    """Where a comment starts on the same line after ``index``, if one does."""
    while index < len(text) and text[index] in " \t":
        index += 1
    return index if index < len(text) and text[index] == "#" else None


class _Refused(Exception):
    """Stops loading a file at once, for input that must not be composed any further."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


def _describe(key: str | None, index: object) -> str:
    if key is None:
        return "the document"
    return f"an item of '{key}'" if isinstance(index, int) else f"'{key}'"


def _make_loader(path: str, text: str, diagnostics: Diagnostics) -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            # The key each node being composed sits under, so an error can name it.
            self.keys: list[str | None] = [None]

        def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
            key = str(index.value) if isinstance(index, yaml.ScalarNode) else self.keys[-1]
            event: object = self.peek_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                # Only the name is shown: the value it stands for is never built, let alone printed.
                sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
                mark = event.start_mark
                where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1, 1)
                raise _Refused(
                    where,
                    f"{_describe(key, index)}: YAML anchors and aliases are not allowed "
                    f"in the spec (found {sign}{event.anchor}); write the value out",
                )
            self.keys.append(key)
            try:
                # PyYAML passes the key node as the index of a mapping's value; the stub says int.
                node = super().compose_node(parent, index)  # type: ignore[arg-type]
            finally:
                self.keys.pop()
            if isinstance(node, yaml.ScalarNode) and node.style is None and node.tag == TEXT_TAG:
                end = node.end_mark
                comment = _comment_after(text, end.index)
                if comment is not None:
                    where = Location(path, end.line + 1, end.column + comment - end.index + 1)
                    diagnostics.error(
                        where,
                        f"{_describe(key, index)} is cut short: unquoted, YAML reads "
                        "' #' as the start of a comment and drops the rest of the line; "
                        "quote the whole text",
                    )
            return node

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
        value: Any = yaml.load(text, Loader=_make_loader(path, text, diagnostics))
    except _Refused as refused:
        diagnostics.error(refused.location, refused.message)
        return None
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
