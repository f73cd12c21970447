"""Response shapes, declared once: each gives its OpenAPI component and checks a built body.

The bodies themselves are built by plain dict literals (trackers.representation, …): the cheapest
way Python has to make a dict, and the refresh engine builds thousands a second. A Shape is the one
declaration of what those dicts hold; drf-spectacular reads the serializer made from it, and
tests/api/test_shapes.py holds every builder's output against it, so the document and the wire
cannot drift apart unnoticed.

A field is a kind, or (kind, help text[, example value]), or Field(kind, help, optional=…, null=…,
options=…, example=…). Kinds:
- "str", "int", "float", "bool", "datetime" (ISO 8601 text), "date", "url", "object" (a dict),
  "json" (anything); a trailing "?" allows null;
- a Shape (a nested object), Choice(values) (one of them), or [kind] (a list of it).
A Shape's `example` (the document's example body) is made of its fields' example values, so it
cannot name a key the shape lacks. Request bodies are declared with request(), for the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from typing import Any

from rest_framework import serializers

SHAPES: list[Shape] = []
NONE = object()  # no example given
SCALARS: dict[str, tuple[type[serializers.Field], Any]] = {
    "str": (serializers.CharField, str),
    "int": (serializers.IntegerField, int),
    "float": (serializers.FloatField, (int, float)),
    "bool": (serializers.BooleanField, bool),
    "datetime": (serializers.DateTimeField, str),
    "date": (serializers.DateField, str),
    "url": (serializers.URLField, str),
    "object": (serializers.DictField, dict),
    "json": (serializers.JSONField, object),
}


@dataclass(frozen=True)
class Choice:
    values: tuple
    null: bool = False


@dataclass(frozen=True)
class Field:
    kind: Any
    help: str = ""
    optional: bool = False  # the key may be absent
    null: bool = False  # for a Shape or a list (a scalar says so with "?")
    options: dict = field(default_factory=dict)  # more serializer options (min_length, …)
    example: Any = NONE  # the document's example value (a nested Shape gives its own)


def _field(spec: Any) -> Field:
    if isinstance(spec, Field):
        return spec
    if isinstance(spec, tuple):  # (kind, help) or (kind, help, example)
        return Field(spec[0], spec[1], example=spec[2] if len(spec) > 2 else NONE)
    return Field(spec)


class Shape:
    """A named object shape: its fields in the order the builder writes them."""

    def __init__(self, name: str, fields: dict[str, Any], *, base: Shape | None = None):
        self.name = name
        inherited: dict[str, Field] = base.fields if base else {}
        self.fields: dict[str, Field] = {**inherited, **{k: _field(v) for k, v in fields.items()}}
        self._serializer: type[serializers.Serializer] | None = None
        SHAPES.append(self)

    def __repr__(self) -> str:
        return f"Shape({self.name})"

    @property
    def serializer(self) -> type[serializers.Serializer]:
        """A Serializer class named after the shape (the component is `name`), made once."""
        if self._serializer is None:
            declared = {name: _serializer_field(f) for name, f in self.fields.items()}
            self._serializer = type(f"{self.name}Serializer", (serializers.Serializer,), declared)
        return self._serializer

    @property
    def example(self) -> dict:
        """The document's example body: each field's example, a nested Shape's own example."""
        out = {}
        for name, f in self.fields.items():
            if f.example is not NONE:
                out[name] = f.example
            elif isinstance(f.kind, Shape):
                out[name] = f.kind.example
            elif isinstance(f.kind, list) and isinstance(f.kind[0], Shape):
                out[name] = [f.kind[0].example]
        return out

    def differences(self, body: object, where: str = "", seen: set | None = None) -> list[str]:
        """What in `body` the declaration does not say: missing or extra keys, wrong kinds.

        `seen` collects the shapes visited, so a test can tell which it has held against a body.
        """
        where = where or self.name
        if seen is not None:
            seen.add(self.name)
        if not isinstance(body, dict):
            return [f"{where}: expected an object, got {type(body).__name__}"]
        out = [f"{where}.{k}: not declared" for k in body if k not in self.fields]
        for name, f in self.fields.items():
            if name not in body:
                if not f.optional:
                    out.append(f"{where}.{name}: missing")
                continue
            if body[name] is not None or not f.null:
                out += _kind_differences(f.kind, body[name], f"{where}.{name}", seen)
        return out


def _serializer_field(f: Field, **extra) -> serializers.Field:
    kind, options = f.kind, {**extra}
    if f.help:
        options["help_text"] = f.help
    if f.optional:
        options["required"] = False
    if f.null:
        options["allow_null"] = True
    options.update(f.options)
    if isinstance(kind, list):
        if isinstance(kind[0], Shape | type):
            return _serializer_field(Field(kind[0]), many=True, **options)
        return serializers.ListField(child=_serializer_field(Field(kind[0])), **options)
    if isinstance(kind, Shape):
        return kind.serializer(**options)
    if isinstance(kind, type):  # a request body's serializer (request())
        return kind(**options)
    if isinstance(kind, Choice):
        return serializers.ChoiceField(choices=list(kind.values), allow_null=kind.null, **options)
    name = kind.rstrip("?")
    if kind.endswith("?"):
        options["allow_null"] = True
    return SCALARS[name][0](**options)


def request(name: str, fields: dict[str, Any], *, required: tuple[str, ...] = ()) -> type[serializers.Serializer]:
    """A request body as the document shows it (the services read the body themselves): the same
    kinds as a Shape, plus request() serializers; every field optional unless it is `required`."""
    declared = {}
    for key, spec in fields.items():
        f = _field(spec)
        declared[key] = _serializer_field(replace(f, optional=key not in required))
    return type(f"{name}Serializer", (serializers.Serializer,), declared)


def _kind_differences(kind: Any, value: object, where: str, seen: set | None) -> list[str]:
    if isinstance(kind, Shape):
        return kind.differences(value, where, seen)
    if isinstance(kind, list):
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {type(value).__name__}"]
        return [d for i, item in enumerate(value) for d in _kind_differences(kind[0], item, f"{where}[{i}]", seen)]
    if isinstance(kind, Choice):
        ok = value in kind.values or (value is None and kind.null)
        return [] if ok else [f"{where}: {value!r} is not one of {list(kind.values)}"]
    if value is None:
        return [] if kind.endswith("?") else [f"{where}: null where {kind} is declared"]
    name = kind.rstrip("?")
    expected = SCALARS[name][1]
    if not isinstance(value, expected) or (name in ("int", "float") and isinstance(value, bool)):
        return [f"{where}: {type(value).__name__} where {kind} is declared"]
    if name in ("datetime", "date"):
        try:
            (datetime if name == "datetime" else date).fromisoformat(value)  # type: ignore[arg-type]
        except ValueError:
            return [f"{where}: {value!r} is not an ISO 8601 {name}"]
    return []


@cache
def page_of(item: Shape) -> Shape:
    """The keyset page of `item`s, {"data": [...], "meta": {...}} (api.paging), made once per item."""
    return Shape(f"{item.name.removesuffix('Out')}Page", {"data": [item], "meta": META})


META = Shape("Meta", {"limit": "int", "has_more": "bool", "next_cursor": "str?"})
