"""Files copied or made from the catalogue: photos, lab documents, JSON Schemas."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .. import links as paths
from ..pipeline.write import Output
from ..schema import json_schemas
from .jsonfile import json_bytes


def write_photos(site, output: Output, pipeline) -> None:
    """The photo variants and share cards; their names are content hashes, so a name is its key."""
    photo_sets = [photo for item in site.items for photo in item.photos]
    photo_sets += list(site.district_photos.values())
    for photo in photo_sets:
        for variant in photo.variants:
            output.put_file(f"img/{variant.name}", variant.name, pipeline.file(variant.name))
    for item in site.items:
        for card in sorted(set(item.cards.values()) | ({item.card} - {None})):
            output.put_file(f"img/{card}", card, pipeline.file(card))


def write_lab_documents(site, output: Output) -> None:
    for item in site.items:
        for lot in item.lots:
            for test in lot.tests:
                if test.document:
                    data = (item.file.folder / test.document).read_bytes()
                    output.put_bytes(paths.lot_path(item.id, lot.lot) + Path(test.document).name, data)




def write_schemas(output: Output) -> None:
    for path, data in schema_files():
        output.put_bytes(path, data)


@lru_cache(maxsize=1)
def schema_files() -> tuple[tuple[str, bytes], ...]:
    """The JSON Schemas depend only on the code: made once per process (ocop serve builds many times)."""
    return tuple((f"schema/{name}.schema.json", json_bytes(schema)) for name, schema in json_schemas().items())
