"""Data files as JSON: indented for people, compact for big ones."""
from __future__ import annotations

import json


def json_bytes(data, compact: bool = False) -> bytes:
    """Indented for people, or compact for big files: only then does Python's C encoder run."""
    if compact:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    else:
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")


PIECES = "\0pieces\0"  # stands for the list of pieces: no text the catalogue holds encodes the same way


def json_piece(data) -> str:
    """One element of a big list, encoded as `json_bytes(..., compact=True)` would encode it there."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_bytes_of_pieces(data: dict, key: str, pieces: list[str]) -> bytes:
    """`json_bytes({**data, key: [...]}, compact=True)`, with the list given as encoded pieces:
    a file of every product is a join of the pieces kept from the last build, not a new encoding."""
    text = json_piece({**data, key: PIECES})
    placeholder = json.dumps(PIECES, ensure_ascii=False)
    assert text.count(placeholder) == 1
    return text.replace(placeholder, "[" + ",".join(pieces) + "]").encode("utf-8") + b"\n"
