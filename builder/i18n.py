"""Languages: interface strings, CLDR formats, and localized catalogue text with fallback.

One strings file per language in ``locale/<code>.yaml`` holds every interface
label, the language's own name (``language_name``) and its BCP 47 tag for
``hreflang`` (``language_tag``, e.g. ``zh-Hans``). Adding a language takes that
file plus one line in ``mkdocs.yml``. ``cldr_locale`` names the CLDR locale
whose formats the language uses (English: en_GB, the day before the month). A label that depends on a count is a
mapping of CLDR plural categories (``one``, ``other``, ...).

Dates, numbers, prices and plural rules come from Babel (CLDR), never from
hand-written formats.

A text missing in a language falls back to the default language, marked with
``lang`` (so screen readers pronounce it right) and a visible note.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date, get_month_names
from babel.numbers import format_currency, format_decimal
from markupsafe import Markup, escape

from .markdown_safe import render_markdown

LOCALE_DIR = Path(__file__).parent / "locale"
FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
UI_FALLBACK = "en"


def available_languages() -> tuple[str, ...]:
    """The languages that have a strings file: the ones a catalogue may publish."""
    return tuple(sorted(path.stem for path in LOCALE_DIR.glob("*.yaml")))


@lru_cache(maxsize=None)
def strings_file(language: str) -> dict:
    path = LOCALE_DIR / f"{language}.yaml"
    # libyaml's loader when PyYAML has it: the five strings files are read by every command
    return dict(yaml.load(path.read_text("utf-8"), Loader=FAST_SAFE_LOADER)) if path.is_file() else {}


@lru_cache(maxsize=None)
def ui_strings(language: str) -> dict:
    return {**strings_file(UI_FALLBACK), **strings_file(language)}


def language_name(code: str) -> str:
    """A language's name written in that language, for the language switcher."""
    return strings_file(code).get("language_name") or Locale.parse(code).display_name or code


def language_tag(code: str) -> str:
    """The BCP 47 tag for ``lang`` and ``hreflang`` (``zh`` is published as ``zh-Hans``)."""
    return strings_file(code).get("language_tag") or code


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
        self.name = language_name(code)
        self.tag = language_tag(code)
        self._ui = ui_strings(code)
        self.locale = Locale.parse(self._ui.get("cldr_locale") or code)  # en: en_GB, day before month
        self.prefix = "" if code == self.default else f"{code}/"
        self.s = UIStrings(self._ui)
        self._formatted: dict[tuple, str] = {}  # CLDR formatting takes 0.1 ms: each value is formatted once

    def __repr__(self) -> str:
        return f"Lang({self.code!r})"

    def ui(self, key: str, **values) -> str:
        text = self._ui.get(key, key)
        if isinstance(text, dict):  # a plural label
            return self.plural(key, values.pop("n"), **values) if "n" in values else text["other"]
        return text.format(**values) if values else text

    def plural(self, key: str, n: int, **values) -> str:
        """The label for a count, in the CLDR plural form of ``n``: "1 product", "2 products"."""
        forms = self._ui.get(key, key)
        if isinstance(forms, str):
            return forms.format(n=self.number(n), **values)
        form = forms.get(self.locale.plural_form(n)) or forms["other"]
        return form.format(n=self.number(n), **values)

    def _once(self, value, qualifier, make) -> str:
        """A formatted value, kept: its type is in the key, so 1 and 1.0 stay apart."""
        key = (type(value), value, qualifier)
        if key not in self._formatted:
            self._formatted[key] = make()
        return self._formatted[key]

    def number(self, n: int | float) -> str:
        return self._once(n, None, lambda: format_decimal(n, locale=self.locale))

    def money(self, amount: int, currency: str = "VND") -> str:
        return self._once(amount, currency, lambda: format_currency(amount, currency, locale=self.locale))

    def date(self, day: dt.date | None) -> str:
        """A date in the language's long CLDR format: 15 tháng 6, 2024 · 2024年6月15日
        (made once per day: a catalogue's pages show few dates, many times over)."""
        if day is None:
            return ""
        return self._once(day, None, lambda: format_date(day, format="long", locale=self.locale))

    def months(self, width: str = "wide", context: str = "stand-alone") -> list[str]:
        """The twelve month names, January first, from CLDR: on their own ("Tháng 5", "五月"),
        or abbreviated as in a date ("thg 5", "May", "5月")."""
        names = get_month_names(width, context=context, locale=self.locale)
        return [names[month] for month in range(1, 13)]

    def price(self, price) -> str:
        if price.max and price.max != price.min:
            return f"{self.money(price.min, price.currency)} – {self.money(price.max, price.currency)}"
        return self.money(price.min, price.currency)

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
        return Markup(f'<{tag} lang="{language_tag(language)}" class="ocop-fallback">{html}</{tag}>'
                      f' <small class="ocop-fallback__note">({note})</small>')
