"""Files to forms and back: the office's files stay the office's files.

The form reads every multilingual text as a mapping ``{vi: ..., en: ...}``
(one input per language). Saving sends the whole entry, written by the CMS's
own YAML writer; ``merge`` puts only the values that changed into the file as
it is, with ruamel.yaml, so key order, flow style and comments (the importer's
``# review:`` lines among them) stay. A text written as a plain string stays a
plain string unless another language is added to it.
"""
from __future__ import annotations

import datetime as dt
from difflib import SequenceMatcher
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..importer.productfile import dump_document, load_document
from .fields import Shape

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def is_empty(value) -> bool:
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return value is None or value == "" or value == []


# --- file -> form ------------------------------------------------------------------

def for_the_form(text: str, shapes: dict[str, Shape], language: str) -> str:
    """The file's data with every text a mapping of languages, as YAML for the CMS."""
    data = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - the C or Python safe loader
    if isinstance(data, dict):
        data = expanded(data, shapes, language)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)


def expanded(data: dict, shapes: dict[str, Shape], language: str) -> dict:
    return {key: expanded_value(value, shapes[key], language) if key in shapes else value
            for key, value in data.items()}


def expanded_value(value, shape: Shape, language: str):
    if shape.kind == "ltext" and isinstance(value, str):
        return {language: value}
    if shape.kind == "model" and isinstance(value, dict):
        return expanded(value, shape.fields, language)
    if shape.kind == "list" and isinstance(value, list):
        return [expanded_value(item, shape.item, language) for item in value]
    return value


# --- form -> file --------------------------------------------------------------------

def parse_form(raw: str) -> Any:
    return yaml.load(raw, Loader=SAFE_LOADER)  # noqa: S506


def merged_text(old_text: str | None, form: dict, shapes: dict[str, Shape], language: str) -> str:
    """The file with the form's values in it; a new file (``old_text`` None) in the schema's order."""
    if old_text is None:
        return dump_document(built(form, shapes, language))
    baseline = dump_document(load_document(old_text))
    document = load_document(old_text)
    merge(document, form, shapes, language)
    return patched(old_text, baseline, dump_document(document))


def patched(original: str, baseline: str, changed: str) -> str:
    """``original`` with the lines that ``changed`` changes in ``baseline``.

    ruamel.yaml writes a few things its own way when it writes a file back (a
    long plain text folded over two lines comes out on one): ``baseline`` is
    the untouched file as ruamel writes it. Where ``changed`` agrees with it,
    the original lines are kept, so only the edited values' lines differ.
    """
    if baseline == original:
        return changed
    o_lines, b_lines, n_lines = (text.splitlines(keepends=True) for text in (original, baseline, changed))
    to_original = {0: 0, len(b_lines): len(o_lines)}
    for tag, i1, i2, j1, _j2 in SequenceMatcher(None, b_lines, o_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            to_original.update({i1 + k: j1 + k for k in range(i2 - i1 + 1)})
    to_changed, inside_changes = {}, set()
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, b_lines, n_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            to_changed.update({i1 + k: j1 + k for k in range(i2 - i1 + 1)})
        else:
            to_changed.setdefault(i1, j1)
            to_changed[i2] = j2
            inside_changes.update(range(i1 + 1, i2))
    out, (b0, o0) = [], (0, 0)
    for b1 in sorted(b for b in to_original if b in to_changed and b not in inside_changes and b > 0):
        o1 = to_original[b1]
        same = b_lines[b0:b1] == n_lines[to_changed[b0]:to_changed[b1]]
        out.extend(o_lines[o0:o1] if same else n_lines[to_changed[b0]:to_changed[b1]])
        b0, o0 = b1, o1
    return "".join(out)


def merge(old: CommentedMap, new: dict, shapes: dict[str, Shape], language: str) -> None:
    """Changes ``old`` in place into ``new``, value by value, in the schema's fields."""
    for name, shape in shapes.items():
        value = new.get(name)
        if is_empty(value):
            if name in old and not equal(old[name], shape.default, shape) and not is_empty(old[name]):
                del old[name]
            continue
        if name in old:
            merged = merged_value(old[name], value, shape, language)
            if merged is not old[name]:
                old[name] = merged
        elif not equal(value, shape.default, shape):
            made = built_value(value, shape, language)
            if not (isinstance(made, dict) and not made):
                insert_in_order(old, name, made, shapes)


def merged_value(old, new, shape: Shape, language: str):
    """``old`` itself where nothing changed, so its style and comments stay."""
    if shape.kind == "ltext":
        return merged_text_value(old, new, language)
    if shape.kind == "model":
        if not isinstance(old, dict) or not isinstance(new, dict):
            return built_value(new, shape, language)
        merge(old, new, shape.fields, language)
        return old
    if shape.kind == "list" and shape.item.kind in ("model", "ltext"):
        if not isinstance(old, list) or not isinstance(new, list):
            return built_value(new, shape, language)
        merge_items(old, new, shape.item, language)
        return old
    if shape.kind in ("list", "pair"):
        item_shapes = shape.items or (shape.item,) * len(new if isinstance(new, list) else [])
        values = [typed(v, s) for v, s in zip(new, item_shapes)] if isinstance(new, list) else new
        if isinstance(old, list) and isinstance(values, list):
            if list(old) != values:
                old[:] = values  # the list keeps its flow or block style
            return old
        return values
    value = typed(new, shape)
    return old if equal(old, value, shape) else value


def merge_items(old: list, new: list, item: Shape, language: str) -> None:
    """A list of entries (photos, lots, events): an item the form left as it was keeps its
    lines and comments, a new one is inserted where it was added, a changed one is merged."""
    kept = [canonical(value, item, language) for value in old]
    plan: list[int | None] = []  # per new item: the old item it is, or None
    for value in new:
        same = canonical(value, item, language)
        found = next((i for i, k in enumerate(kept) if k == same and i not in plan), None)
        plan.append(found)
    spare = [i for i in range(len(old)) if i not in plan]
    unmatched = [k for k, i in enumerate(plan) if i is None]
    for k, i in zip(unmatched, spare):  # edited items, in order
        plan[k] = i
    edited = set(unmatched[:len(spare)])
    order = [i for i in plan if i is not None]
    if order != sorted(order):  # moved around: the list is written again in its new order
        old[:] = [merged_value(old[i], new[k], item, language) if k in edited else
                  old[i] if i is not None else built_value(new[k], item, language) for k, i in enumerate(plan)]
        return
    for i in sorted(set(range(len(old))) - set(order), reverse=True):
        del old[i]
    for k, i in enumerate(plan):
        if i is None:
            old.insert(k, built_value(new[k], item, language))
        elif k in edited:
            merged = merged_value(old[k], new[k], item, language)
            if merged is not old[k]:
                old[k] = merged


def canonical(value, shape: Shape, language: str):
    """A value as the schema means it, for comparing the file's with the form's."""
    if isinstance(value, dict) and shape.kind == "model":
        return {k: canonical(v, shape.fields[k], language) for k, v in value.items()
                if k in shape.fields and not is_empty(v) and not equal(v, shape.fields[k].default, shape.fields[k])}
    if shape.kind == "ltext":
        texts = value if isinstance(value, dict) else {language: value}
        return {k: str(v) for k, v in texts.items() if not is_empty(v)}
    if isinstance(value, list) and shape.kind in ("list", "pair"):
        shapes = shape.items or (shape.item,) * len(value)
        return [canonical(v, s, language) for v, s in zip(value, shapes)]
    value = typed(value, shape)
    return value.isoformat() if isinstance(value, dt.date) else value


def merged_text_value(old, new, language: str):
    texts = {k: v for k, v in new.items() if not is_empty(v)} if isinstance(new, dict) else {language: new}
    if isinstance(old, str):
        if set(texts) == {language}:
            return old if old == texts[language] else texts[language]
        return built_text(texts, language)
    if not isinstance(old, dict):
        return built_text(texts, language)
    for code in [code for code in old if code not in texts]:
        del old[code]
    for code, text in texts.items():
        if old.get(code) != text:
            old[code] = text
    return old


def built_text(texts: dict, language: str):
    """A new text: a plain string when only the default language is written."""
    if set(texts) == {language}:
        return texts[language]
    ordered = CommentedMap()
    for code in [language] + [c for c in texts if c != language]:
        if code in texts:
            ordered[code] = texts[code]
    return ordered


def built(form: dict, shapes: dict[str, Shape], language: str) -> CommentedMap:
    document = CommentedMap()
    for name, shape in shapes.items():
        value = form.get(name)
        if not is_empty(value) and not equal(value, shape.default, shape):
            made = built_value(value, shape, language)
            if not (isinstance(made, dict) and not made):  # only defaults inside: {price: {currency: VND}}
                document[name] = made
    return document


def built_value(value, shape: Shape, language: str):
    if shape.kind == "ltext":
        return built_text(value if isinstance(value, dict) else {language: value}, language)
    if shape.kind == "model" and isinstance(value, dict):
        return built(value, shape.fields, language)
    if shape.kind == "list" and isinstance(value, list):
        items = CommentedSeq(built_value(item, shape.item, language) for item in value)
        if shape.item.kind not in ("model", "ltext"):
            items.fa.set_flow_style()  # standards: [VietGAP, HACCP], as the office writes them
        return items
    if shape.kind == "pair" and isinstance(value, list):
        pair = CommentedSeq(typed(v, s) for v, s in zip(value, shape.items))
        pair.fa.set_flow_style()
        return pair
    return typed(value, shape)


def typed(value, shape: Shape):
    """The CMS's value as the schema types it: a date, a number, a choice's own type."""
    if shape.kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value  # validation reports it on its line
    if shape.kind == "date" and isinstance(value, dt.datetime):
        return value.date()
    if shape.kind == "choice" and isinstance(value, str) and value not in shape.choices:
        return next((choice for choice in shape.choices if str(choice) == value), value)
    if shape.kind == "number" and isinstance(value, str):
        try:
            return int(value) if shape.integer else float(value)
        except ValueError:
            return value
    return value


def equal(old, new, shape: Shape) -> bool:
    if old is None or new is None:
        return old is new
    return typed(old, shape) == typed(new, shape) and type(typed(old, shape)) is type(typed(new, shape))


def insert_in_order(document: CommentedMap, name: str, value, shapes: dict[str, Shape]) -> None:
    """A new key goes after the schema field before it that the file has, or first."""
    order = list(shapes)
    before = [key for key in order[: order.index(name)] if key in document]
    position = list(document).index(before[-1]) + 1 if before else 0
    document.insert(position, name, value)
