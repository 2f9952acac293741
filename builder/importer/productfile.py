"""product.yaml files as the import writes them.

A new product is written from a template in the contract's format, with
comments on every guessed field. An existing one is edited in place with
ruamel.yaml, which keeps the office's comments, key order and flow mappings:
only the fields the sheet changed are touched.
"""
from __future__ import annotations

import datetime as dt
import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..status import DEFAULT_VALIDITY_MONTHS, add_months
from .areas import scalar
from .rows import Record
from .values import guess_group, guess_kind

REVIEW = "# review:"


def new_product_text(product_id: str, record: Record, source: str) -> str:
    group_line = f"group: {record.group}" if record.group else \
        f"group: {guess_group(record.name)}{' ' * 8}{REVIEW} guessed from the name " \
        "(food | beverages | herbal | handicrafts | ornamentals | tourism)"
    lines = [
        "# yaml-language-server: $schema=../../builder/schemas/product.schema.json",
        f"# Imported by `ocop import` from {source}, row {record.row}. Check the lines marked '{REVIEW.strip('# :')}',",
        "# then add a summary, a description and photos (images): see `ocop new` for every field.",
        f"id: {product_id}",
        f"name: {scalar(record.name)}",
        group_line,
    ]
    if record.category:
        lines.append(f"category: {scalar(record.category)}")
    lines += [
        f"stars: {record.stars}",
        "certificate:",
        f"  number: {scalar(record.number)}",
        f"  issued: {record.issued.isoformat()}",
    ]
    if record.expires:
        lines.append(f"  expires: {record.expires.isoformat()}")
    lines.append(f"  issuer: {scalar(record.issuer)}" + (f"   {REVIEW} the usual issuer; give --issuer"
                                                          if record.issuer_guessed else ""))
    lines += [
        "producer:",
        f"  name: {scalar(record.producer)}",
        f"  kind: {guess_kind(record.producer)}{' ' * 6}{REVIEW} guessed from the name "
        "(enterprise | cooperative | cooperative-group | household)",
        f"  address: {scalar(record.address)}",
    ]
    if record.phone:
        lines.append(f"  phone: {scalar(record.phone)}")
    lines += ["location:", f"  province: {record.province}"]
    if record.district:
        lines.append(f"  district: {record.district}")
    else:
        lines.append(f"  # district: ...    {REVIEW} the sheet names no district: the product is listed "
                     "under its province")
    if record.commune:
        lines.append(f"  commune: {scalar(record.commune)}")
    return "\n".join(lines) + "\n"


# --- editing an existing file -------------------------------------------------

def round_trip() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-fold the office's long lines
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def load_document(text: str):
    return round_trip().load(text)


def dump_document(document) -> str:
    out = io.StringIO()
    round_trip().dump(document, out)
    return out.getvalue()


def file_value(data, path: str, language: str) -> str | None:
    """A field of a product file as text (the default language of a localized text)."""
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    if isinstance(node, dict):
        node = node.get(language)
    if node is None:
        return None
    return node.isoformat() if isinstance(node, (dt.date, dt.datetime)) else str(node)


def set_value(document, path: str, value: str, language: str) -> None:
    *parents, last = path.split(".")
    node = document
    for part in parents:
        if part not in node or not isinstance(node[part], dict):
            node[part] = CommentedMap()
        node = node[part]
    typed = typed_value(path, value)
    if isinstance(node.get(last), dict) and not path.endswith(("issued", "expires")):
        node[last][language] = typed
    else:
        node[last] = typed


def typed_value(path: str, value: str):
    if path == "stars":
        return int(value)
    if path.endswith(("issued", "expires")):
        return dt.date.fromisoformat(value)
    return value


def reassess(document, record: Record, language: str) -> dict:
    """Move the certificate in force into certificate.previous and put the new one in its place."""
    certificate = document["certificate"]
    issued = as_date(certificate["issued"])
    expires = as_date(certificate.get("expires")) or add_months(issued, DEFAULT_VALIDITY_MONTHS)
    earlier = CommentedMap(number=str(certificate["number"]), issued=issued, expires=expires,
                           stars=int(document["stars"]))
    earlier.fa.set_flow_style()
    previous = certificate.get("previous")
    if not isinstance(previous, list):
        previous = CommentedSeq()
    previous.insert(0, earlier)
    for field in ("expires", "revoked", "source", "previous"):  # they belonged to the replaced decision
        if field in certificate:
            del certificate[field]
    certificate["number"] = record.number
    certificate["issued"] = record.issued
    if record.expires:
        certificate["expires"] = record.expires
    if file_value(document, "certificate.issuer", language) != record.issuer:
        certificate["issuer"] = record.issuer
    certificate["previous"] = previous
    document["stars"] = record.stars
    return earlier


def as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
