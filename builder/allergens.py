"""Allergens: the office types a key from the fixed list (schema.ALLERGENS); the
builder names it in each language, draws its pictogram, and marks in bold the
words of the ingredients that name it.

The names are ``allergen.<key>`` in the locale files; the words that name an
allergen in ingredient lists (``nước mắm`` for fish, ``bột mì`` for gluten)
are ``allergen_words.<key>`` there, per language, separated by ``;``.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache

from markupsafe import Markup, escape

from .i18n import available_languages, strings_file
from .schema import ALLERGENS
from .slug import fold

# GS1 Web Vocabulary's allergen type codes (gs1:AllergenTypeCode, after UN/CEFACT 7161), for JSON-LD.
GS1_CODES = {"gluten": "AW", "crustaceans": "AC", "eggs": "AE", "fish": "AF", "peanuts": "AP", "soybeans": "AY",
             "milk": "AM", "nuts": "AN", "celery": "BC", "mustard": "BM", "sesame": "AS", "sulphites": "AU",
             "lupin": "NL", "molluscs": "UM"}

# Small line drawings (24×24, stroked in the text colour): the words carry the meaning, the
# drawing helps a reader who cannot read the page's script find the allergen at a glance.
DRAWINGS = {
    "gluten": '<path d="M12 22V6"/><path d="M12 9C9 8 8 5 8 3c3 1 4 3 4 6zM12 9c3-1 4-4 4-6-3 1-4 3-4 6z"/>'
              '<path d="M12 15c-3-1-4-4-4-6 3 1 4 3 4 6zM12 15c3-1 4-4 4-6-3 1-4 3-4 6z"/>',
    "crustaceans": '<path d="M5 7c6-3 14 0 14 7a5 5 0 0 1-5 5H9"/><path d="M9 19l-3 2M9 19l-3-1M5 7L3 4"/>'
                   '<path d="M8 11c2 1 4 1 6 0M10 15c2 0 4-.5 5-1.5"/>',
    "eggs": '<path d="M12 3c4 0 7 6 7 11a7 7 0 0 1-14 0c0-5 3-11 7-11z"/>',
    "fish": '<path d="M3 12c4-6 11-6 15 0-4 6-11 6-15 0z"/><path d="M18 12l4-4v8z"/><circle cx="8" cy="11" r="1"/>',
    "peanuts": '<path d="M10 3a4.5 4.5 0 0 1 3.5 7.3 5 5 0 1 1-7 0A4.5 4.5 0 0 1 10 3z"/><path d="M8 14h4"/>',
    "soybeans": '<path d="M4 19C6 9 13 4 20 5c-1 7-7 14-16 14z"/><circle cx="9" cy="14.5" r="1.5"/>'
                '<circle cx="12.5" cy="11" r="1.5"/><circle cx="16" cy="8" r="1.5"/>',
    "milk": '<path d="M9 2h6v3l2 4v12a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V9l2-4z"/><path d="M7 12h10"/>',
    "nuts": '<path d="M4 10c0-4 4-6 8-6s8 2 8 6z"/><path d="M6 10c0 6 3 11 6 11s6-5 6-11"/><path d="M12 4V2"/>',
    "celery": '<path d="M9 22V11M12 22V8M15 22V11"/><path d="M9 11C6 10 5 7 6 4c2 1 3 3 3 7zM15 11c3-1 4-4 3-7-2 1-3 3-3 7z'
              'M12 8c-1-2-1-4 0-6 1 2 1 4 0 6z"/>',
    "mustard": '<path d="M8 5h8v3l2 2v11H6V10l2-2z"/><circle cx="10" cy="15" r="1"/><circle cx="14" cy="15" r="1"/>'
               '<circle cx="12" cy="18" r="1"/>',
    "sesame": '<path d="M7 3c2 2 2 5 0 7-2-2-2-5 0-7zM17 3c2 2 2 5 0 7-2-2-2-5 0-7zM12 12c2 2 2 5 0 7-2-2-2-5 0-7z"/>',
    "sulphites": '<path d="M7 3h10c0 5-2 8-5 8s-5-3-5-8z"/><path d="M12 11v9M8 21h8"/>',
    "lupin": '<path d="M12 22v-8"/><ellipse cx="12" cy="4" rx="2" ry="2"/><ellipse cx="12" cy="8" rx="3" ry="2"/>'
             '<ellipse cx="12" cy="12" rx="4" ry="2"/>',
    "molluscs": '<path d="M12 20L3 10a9 9 0 0 1 18 0z"/><path d="M12 20L8 4.5M12 20V3.5M12 20l4-15.5"/>',
}

CJK_LANGUAGES = ("zh", "ja", "ko")  # no spaces between words: a name is found anywhere in the text


def pictogram(key: str) -> Markup:
    """The allergen's drawing, hidden from screen readers (its name is written beside it)."""
    return Markup('<svg class="ocop-allergen__icon" viewBox="0 0 24 24" width="20" height="20" fill="none" '
                  'stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" '
                  'aria-hidden="true" focusable="false">' + DRAWINGS[key] + "</svg>")


def name(key: str, lang) -> str:
    return lang.ui(f"allergen.{key}")


def words(language: str, key: str) -> list[str]:
    """The words that name an allergen in ingredient lists of one language."""
    listed = strings_file(language).get(f"allergen_words.{key}") or ""
    return [word.strip() for word in listed.split(";") if word.strip()]


@lru_cache(maxsize=None)
def _pattern(language: str, keys: tuple[str, ...]) -> re.Pattern | None:
    found = sorted({w for key in keys for w in words(language, key)}, key=lambda w: (-len(w), w))
    if not found:
        return None
    body = "|".join(re.escape(w) for w in found)
    if language not in CJK_LANGUAGES:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body, re.IGNORECASE)


def split_marked(text: str, language: str, keys) -> list[list]:
    """``text`` cut into [piece, names an allergen] pieces (the kiosk draws them as text nodes)."""
    pattern = _pattern(language, tuple(sorted(keys)))
    pieces, start = [], 0
    for match in pattern.finditer(text) if pattern else ():
        pieces += [[text[start:match.start()], False], [match.group(0), True]]
        start = match.end()
    pieces.append([text[start:], False])
    return [piece for piece in pieces if piece[0]]


def marked(text: str, language: str, keys) -> Markup:
    """``text`` escaped, with the words naming the allergens ``keys`` in bold."""
    return Markup("").join(Markup("<strong>{}</strong>").format(piece) if bold else escape(piece)
                           for piece, bold in split_marked(text, language, keys))


def ingredients_html(value, lang, keys) -> Markup:
    """An LText of ingredients in the page's language (or marked as the fallback), allergens in bold."""
    text, language = lang.resolve(value)
    html = marked(text, language, keys)
    return html if language == lang.code else lang.fallback_markup(html, language)


def list_html(keys, lang) -> Markup:
    """Each allergen as its drawing and its name."""
    return Markup('<ul class="ocop-allergen-list">{}</ul>').format(Markup("").join(
        Markup('<li class="ocop-allergen ocop-allergen--{}">{}<span>{}</span></li>').format(key, pictogram(key), name(key, lang))
        for key in keys))


@lru_cache(maxsize=1)
def _known_words() -> dict[str, str]:
    """Every allergen name and word of every language, folded, to its key."""
    known = {}
    for language in available_languages():
        strings = strings_file(language)
        for key in ALLERGENS:
            for word in [strings.get(f"allergen.{key}", "")] + words(language, key):
                if word:
                    known.setdefault(fold(word), key)
    return known


def nearest_allergen(value: str) -> str | None:
    """The key an office most likely meant: a name or word of any language ('lạc', 'shrimp'), or a near spelling."""
    typed = fold(str(value))
    known = _known_words()
    if typed in known:
        return known[typed]
    close = difflib.get_close_matches(str(value).lower(), ALLERGENS, n=1, cutoff=0.5)
    return close[0] if close else None
