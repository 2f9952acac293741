"""Slugs from names, as CONTRACT §7 defines them (also used for search folding)."""
import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


class _WithoutCombiningMarks(dict):
    """A str.translate table deleting combining marks, filled in as characters are met."""

    def __missing__(self, codepoint: int) -> int | None:
        kept = None if unicodedata.combining(chr(codepoint)) else codepoint
        self[codepoint] = kept
        return kept


_DROP_MARKS = _WithoutCombiningMarks()


def fold(text: str) -> str:
    """Lowercase ASCII without diacritics: "Đồng Văn" -> "dong van"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).translate(_DROP_MARKS).lower()


def slugify(name: str) -> str:
    """"Miến dong Na Rì" -> "mien-dong-na-ri"."""
    return _NOT_ALNUM.sub("-", fold(name)).strip("-")
