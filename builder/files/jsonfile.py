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
