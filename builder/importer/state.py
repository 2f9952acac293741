"""What the import remembers, kept with the catalogue: ``catalogue/import-state.yaml``.

For each imported product: the identity it was matched by and the values the
sheet last gave, so the next import tells the office's hand edits from its
own. For each ID prefix: the highest number ever given, so numbers are never
reused even after a product folder is deleted. It is committed with the
catalogue; ``.ocop-cache/`` stays safe to delete.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..yamlfile import YamlProblem, read_yaml

STATE_FILE = "import-state.yaml"
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
HEADER = """\
# Written by `ocop import`; commit it with the catalogue and do not edit it.
# products: the identity each imported product is matched by, and the values the
#   sheet last gave (a file value that differs is a hand edit, kept on re-import).
# numbers: the highest number given per ID prefix (numbers are never reused).
"""


@dataclass
class ImportState:
    path: Path
    numbers: dict[str, int] = field(default_factory=dict)
    products: dict[str, dict] = field(default_factory=dict)  # id -> {key, sheet: {field: value}}

    @classmethod
    def load(cls, path: Path) -> "ImportState":
        if not path.is_file():
            return cls(path)
        try:
            data = read_yaml(path) or {}
        except YamlProblem as exc:
            raise CatalogueProblem(f"{path}:{exc.line}: {exc.message}") from None
        if not isinstance(data, dict):
            raise CatalogueProblem(f"{path}:1: not the file 'ocop import' writes")
        numbers = {str(k): int(v) for k, v in (data.get("numbers") or {}).items()}
        products = {str(k): {"key": str(v.get("key", "")), "sheet": dict(v.get("sheet") or {})}
                    for k, v in (data.get("products") or {}).items()}
        return cls(path, numbers, products)

    def text(self) -> str:
        data = {"numbers": dict(sorted(self.numbers.items())),
                "products": {pid: {"key": entry["key"], "sheet": dict(sorted(entry["sheet"].items()))}
                             for pid, entry in sorted(self.products.items())}}
        return HEADER + yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000)


class CatalogueProblem(Exception):
    """A catalogue file the import needs is broken; the message starts with its path and line."""
