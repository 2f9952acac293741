"""ocop schema: write the JSON Schemas of the catalogue files."""
from __future__ import annotations

from pathlib import Path


def run(args) -> int:
    import json

    from ..schema import json_schemas

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        (out / f"{name}.schema.json").write_text(
            json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
    print(f"Wrote JSON Schemas to {out}")
    return 0
