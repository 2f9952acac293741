"""YAML reading that remembers the line of every key and list item.

Dates stay strings here: the schema parses them, so an impossible date such
as 2024-02-30 becomes a validation problem on its line instead of a crash.

Files arrive as people save them: with a UTF-8 byte order mark and CRLF line
ends from Windows editors, Vietnamese decomposed (NFD) from macOS or copied out
of PDFs. All text is normalised to NFC here, once, so that every later stage
(slugs, search, comparisons, pages) sees what people type.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A mapping that knows the line (1-based) of each of its keys."""

    line: int = 1

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}


class LineList(list):
    line: int = 1

    def __init__(self, *args):
        super().__init__(*args)
        self.item_lines: list[int] = []


class _Loader(_Base):  # type: ignore[misc,valid-type]
    pass


# Drop the timestamp resolver: dates are validated by the schema, as text.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, line: int):
        super().__init__(f"the key '{key}' appears twice")
        self.key, self.line = key, line


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise DuplicateKey(key, key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader, node, deep=False):
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


MAX_YAML_BYTES = 1_000_000


def parse_yaml(text: str) -> Any:
    """Parse YAML text; raise YamlProblem with a line and plain words on failure."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except DuplicateKey as exc:
        raise YamlProblem(exc.line, f"the key '{exc.key}' appears twice") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "is not valid YAML"
        raise YamlProblem(line, f"this is not valid YAML: {what}"
                          + (f" ({exc.context})" if exc.context else "")) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        raise YamlProblem(1, f"this is not valid YAML: {exc}") from None


def read_yaml(path: Path) -> Any:
    data = path.read_bytes()
    if len(data) > MAX_YAML_BYTES:
        raise YamlProblem(1, f"the file is {len(data):,} bytes; a catalogue file must stay under {MAX_YAML_BYTES:,}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, "the file is not UTF-8 text; save it as UTF-8") from None
    return parse_yaml(text)


def line_of(data: Any, loc: tuple) -> int:
    """The line of the deepest node along ``loc`` that exists in ``data``."""
    line = getattr(data, "line", 1)
    node = data
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line
