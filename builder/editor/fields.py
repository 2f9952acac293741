"""The shape of every field of a catalogue model, read from the pydantic models.

One walk over ``model_fields`` and their types serves the form generator and the
code that turns saved forms back into files: a field added to ``schema.py``
reaches the editor without being declared again. A type this walk does not know
is an error (``UnknownFieldType``), raised when the editor's config is made.
"""
from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo


class UnknownFieldType(Exception):
    """A schema field whose type has no form widget yet: teach ``shape_of`` about it."""


@dataclass
class Shape:
    """``kind`` is one of: model, ltext, text, choice, number, boolean, date, list, pair."""

    kind: str
    required: bool = True
    model: type[BaseModel] | None = None   # model
    item: "Shape | None" = None            # list: the shape of one item
    items: tuple["Shape", ...] = ()        # pair: the shapes of its two values
    choices: tuple = ()                    # choice
    pattern: str | None = None             # text
    suggestions: tuple = ()                # text in a list: the usual values (standards)
    integer: bool = False                  # number
    minimum: float | None = None
    maximum: float | None = None
    default: Any = None
    description: str | None = None
    fields: dict[str, "Shape"] = field(default_factory=dict)  # model: its fields, in declaration order


def strip_annotated(annotation) -> tuple[Any, list]:
    """The bare type and every piece of metadata wrapped around it."""
    metadata: list = []
    while get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        metadata = extra + metadata
    return annotation, metadata


def is_union(annotation) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def without_none(annotation) -> tuple[Any, bool]:
    """(the type, whether None is allowed) for Optional[X]."""
    if is_union(annotation):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) < len(get_args(annotation)):
            return (args[0] if len(args) == 1 else Union[tuple(args)]), True
    return annotation, False


def is_text(annotation) -> bool:
    return strip_annotated(annotation)[0] is str


def is_ltext(annotation) -> bool:
    """Text in the default language, or a mapping of language codes to text."""
    if not is_union(annotation):
        return False
    args = [strip_annotated(a)[0] for a in get_args(annotation)]
    texts = [a for a in args if a is str]
    mappings = [a for a in args if get_origin(a) is dict and all(is_text(x) for x in get_args(a))]
    return len(args) == 2 and len(texts) == 1 and len(mappings) == 1


def constraints(metadata: list) -> dict:
    """pattern, ge, gt, le, lt of StringConstraints, annotated_types and nested Field() metadata."""
    found: dict = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found.update(constraints(item.metadata))
            continue
        for name in ("pattern", "ge", "gt", "le", "lt"):
            value = getattr(item, name, None)
            if value is not None:
                found.setdefault(name, value)
    return found


def shape_of(annotation, metadata: list, where: str) -> Shape:
    annotation, optional = without_none(annotation)
    annotation, inner = strip_annotated(annotation)
    metadata = metadata + inner
    limits = constraints(metadata)
    shape = _shape(annotation, limits, where)
    shape.required = not optional
    return shape


def _shape(annotation, limits: dict, where: str) -> Shape:
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("model", model=annotation, fields=model_shapes(annotation))
    if is_ltext(annotation):
        return Shape("ltext")
    if annotation is str:
        return Shape("text", pattern=limits.get("pattern"))
    if annotation is bool:
        return Shape("boolean")
    if annotation in (int, float):
        low, high = limits.get("ge", limits.get("gt")), limits.get("le", limits.get("lt"))
        return Shape("number", integer=annotation is int, minimum=low, maximum=high)
    if annotation is dt.date:
        return Shape("date")
    if origin is Literal:
        return Shape("choice", choices=get_args(annotation))
    if origin is list:
        (item,) = get_args(annotation)
        return Shape("list", item=shape_of(item, [], where + "[]"))
    if origin is tuple and len(get_args(annotation)) == 2 and Ellipsis not in get_args(annotation):
        return Shape("pair", items=tuple(shape_of(a, [], where + "[]") for a in get_args(annotation)))
    raise UnknownFieldType(f"{where}: the editor has no form widget for the type {annotation!r}; "
                           "add one to builder/editor/fields.py and builder/editor/config.py")


def model_shapes(model: type[BaseModel]) -> dict[str, Shape]:
    shapes = {}
    for name, info in model.model_fields.items():
        shape = shape_of(info.annotation, list(info.metadata), f"{model.__name__}.{name}")
        shape.required = info.is_required() and shape.required
        if not info.is_required() and info.default is not None and not isinstance(info.default, (list, dict)):
            shape.default = info.default
        shape.description = info.description
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("suggestions") and shape.kind == "list" and shape.item.kind == "text":
            shape.item.suggestions = tuple(extra["suggestions"])
        shapes[name] = shape
    return shapes


def walk_models(model: type[BaseModel], seen: set | None = None):
    """Every (model, field name, shape) reachable from ``model``, each model once."""
    seen = set() if seen is None else seen
    if model in seen:
        return
    seen.add(model)
    for name, shape in model_shapes(model).items():
        yield model, name, shape
        for nested in nested_models(shape):
            yield from walk_models(nested, seen)


def nested_models(shape: Shape):
    if shape.kind == "model":
        yield shape.model
    if shape.item:
        yield from nested_models(shape.item)
    for item in shape.items:
        yield from nested_models(item)

