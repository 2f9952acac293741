"""Languages: interface strings and localized catalogue text with fallback.

A text missing in a language falls back to the default language, marked with
``lang`` (so screen readers pronounce it right) and a visible note.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from .markdown_safe import render_markdown
from .settings import LANGUAGE_NAMES

LOCALE_DIR = Path(__file__).parent / "locale"
UI_FALLBACK = "en"


@lru_cache(maxsize=None)
def ui_strings(language: str) -> dict[str, str]:
    path = LOCALE_DIR / f"{language}.yaml"
    strings = dict(yaml.safe_load((LOCALE_DIR / f"{UI_FALLBACK}.yaml").read_text("utf-8")))
    if path.is_file():
        strings.update(yaml.safe_load(path.read_text("utf-8")))
    return strings


class UIStrings(dict):
    """Interface strings by key, for templates: ``L.s["key"]`` is a lookup, not a call."""

    def __missing__(self, key: str) -> str:
        return key


class Lang:
    """Everything a page needs to speak one language."""

    def __init__(self, code: str, languages: tuple[str, ...]):
        self.code = code
        self.default = languages[0]
        self.languages = languages
        self.name = LANGUAGE_NAMES.get(code, code)
        self.prefix = "" if code == self.default else f"{code}/"
        self._ui = ui_strings(code)
        self.s = UIStrings(self._ui)

    def __repr__(self) -> str:
        return f"Lang({self.code!r})"

    def ui(self, key: str, **values) -> str:
        text = self._ui.get(key, key)
        return text.format(**values) if values else text

    def resolve(self, value) -> tuple[str, str]:
        """(text, language of that text) for an LText value."""
        if value is None:
            return "", self.code
        if isinstance(value, str):
            return value, self.default
        if self.code in value:
            return value[self.code], self.code
        return value.get(self.default, ""), self.default

    def plain(self, value) -> str:
        return self.resolve(value)[0]

    def is_fallback(self, value) -> bool:
        return value is not None and self.resolve(value)[1] != self.code

    def text(self, value, block: bool = False) -> Markup:
        """Escaped text; fallback text carries its lang and a visible note."""
        text, language = self.resolve(value)
        if language == self.code:
            return escape(text)
        return self.fallback_markup(escape(text), language, block)

    def markdown(self, value) -> Markup:
        text, language = self.resolve(value)
        html = render_markdown(text)
        return html if language == self.code else self.fallback_markup(html, language, block=True)

    def fallback_markup(self, html: Markup | str, language: str, block: bool = False) -> Markup:
        tag = "div" if block else "span"
        note = escape(self.ui("not_translated"))
        return Markup(f'<{tag} lang="{language}" class="ocop-fallback">{html}</{tag}>'
                      f' <small class="ocop-fallback__note">({note})</small>')

    def date(self, day: dt.date | None) -> str:
        if day is None:
            return ""
        if self.code == "vi":
            return f"{day.day:02d}/{day.month:02d}/{day.year}"
        if self.code == "en":
            return f"{day.day} {day.strftime('%B')} {day.year}"
        return day.isoformat()

    def price(self, price) -> str:
        def vnd(amount: int) -> str:
            return f"{amount:,}".replace(",", ".") + " ₫"
        if price.max and price.max != price.min:
            return f"{vnd(price.min)} – {vnd(price.max)}"
        return vnd(price.min)
