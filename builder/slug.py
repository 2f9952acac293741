"""Slugs from names, as CONTRACT §7 defines them (also used for search folding)."""
import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lowercase ASCII without diacritics: "Đồng Văn" -> "dong van"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(name: str) -> str:
    """"Miến dong Na Rì" -> "mien-dong-na-ri"."""
    return _NOT_ALNUM.sub("-", fold(name)).strip("-")
