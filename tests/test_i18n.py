"""Interface strings and CLDR formats in every language the builder offers."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from babel import Locale

from builder.i18n import LOCALE_DIR, Lang, available_languages, language_name, language_tag
from builder.schema import Price

DEFAULT = "vi"
CLDR_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}
LANGUAGES = available_languages()
TEMPLATES = [*Path(LOCALE_DIR.parent, "templates").glob("*.html"),
             *(p for p in Path(LOCALE_DIR.parent).rglob("*.py") if p.name != "i18n.py")]


def strings(code: str) -> dict:
    return yaml.safe_load((LOCALE_DIR / f"{code}.yaml").read_text("utf-8"))


def test_the_five_visitor_languages_are_offered():
    assert {"vi", "en", "zh", "ko", "ja"} <= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_strings_file_has_every_key_of_the_default_language(code):
    missing = sorted(set(strings(DEFAULT)) - set(strings(code)))
    extra = sorted(set(strings(code)) - set(strings(DEFAULT)))
    assert not missing, f"locale/{code}.yaml lacks {missing}"
    assert not extra, f"locale/{code}.yaml has keys the default language lacks: {extra}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_placeholders_match_the_default_language(code):
    def fields(value):
        texts = value.values() if isinstance(value, dict) else [value]
        return {f for text in texts for f in re.findall(r"{(\w+)}", text)}
    theirs, ours = strings(code), strings(DEFAULT)
    wrong = [key for key in ours if fields(ours[key]) != fields(theirs.get(key, ""))]
    assert not wrong, f"locale/{code}.yaml: placeholders differ in {wrong}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_plural_labels_have_every_cldr_category_of_the_language(code):
    needed = Locale.parse(code).plural_form.tags | {"other"}
    for key, value in strings(code).items():
        if isinstance(value, dict) and value and set(value) <= CLDR_CATEGORIES:
            assert needed <= set(value), f"locale/{code}.yaml: {key} needs {sorted(needed)}"


def test_every_key_a_template_looks_up_exists():
    used = set()
    for path in TEMPLATES:
        text = path.read_text("utf-8")
        used |= set(re.findall(r"""(?:\.s\[|\.ui\(|\.plural\()['"]([a-z_]+)['"]""", text))
    assert used, "no lookups found: the pattern no longer matches the templates"
    assert not used - set(strings(DEFAULT))


def test_each_language_is_named_in_itself():
    assert [language_name(c) for c in ("vi", "en", "zh", "ko", "ja")] == \
        ["Tiếng Việt", "English", "简体中文", "한국어", "日本語"]
    assert language_tag("zh") == "zh-Hans" and language_tag("ko") == "ko"


def test_the_zh_ko_ja_pages_speak_their_language():
    assert Lang("zh", ("vi", "zh")).s["description"] == "产品介绍"
    assert Lang("ko", ("vi", "ko")).s["certificate_number"] == "인정 결정 번호"
    assert Lang("ja", ("vi", "ja")).s["online_stores"] == "オンラインで購入"


LANGS = ("vi", "en", "zh", "ko", "ja")


def test_plurals_follow_cldr():
    en = Lang("en", LANGS)
    assert en.plural("products_count", 1) == "1 product"
    assert en.plural("products_count", 2) == "2 products"
    assert en.plural("products_count", 1234) == "1,234 products"
    assert Lang("vi", LANGS).plural("products_count", 1) == "1 sản phẩm"
    assert Lang("ko", LANGS).plural("products_count", 1) == "상품 1개"


def test_dates_are_cldr_long_dates():
    day = dt.date(2024, 6, 15)
    assert [Lang(c, LANGS).date(day) for c in LANGS] == [
        "15 tháng 6, 2024", "15 June 2024", "2024年6月15日", "2024년 6월 15일", "2024年6月15日"]


def test_prices_are_cldr_currency_amounts():
    price = Price(min=60000, max=75000)
    assert Lang("vi", LANGS).price(price) == "60.000\xa0₫ – 75.000\xa0₫"
    assert Lang("en", LANGS).price(price) == "₫60,000 – ₫75,000"
    assert Lang("ja", LANGS).money(1500000) == "₫1,500,000"


def test_each_amount_is_formatted_once_per_language_and_kept_apart_from_the_others(monkeypatch):
    from builder import i18n

    formatted = []
    format_currency = i18n.format_currency
    monkeypatch.setattr(i18n, "format_currency", lambda *args, **kw: formatted.append(args) or format_currency(*args, **kw))
    vi = Lang("vi", LANGS)
    assert [vi.money(60000) for _ in range(3)] == ["60.000\xa0₫"] * 3 and len(formatted) == 1
    assert vi.money(60000, "USD") == "60.000,00\xa0US$" and vi.money(1.5, "USD") == "1,50\xa0US$"
    assert [vi.number(n) for n in (2, 2.5, 2)] == ["2", "2,5", "2"]
    assert Lang("en", LANGS).money(60000) == "₫60,000"


def test_adding_a_language_is_a_strings_file(tmp_path, monkeypatch):
    from builder import i18n
    for path in LOCALE_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "th.yaml").write_text((LOCALE_DIR / "en.yaml").read_text("utf-8").replace(
        "language_name: English", "language_name: ไทย"), "utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.strings_file.cache_clear()
    try:
        assert "th" in i18n.available_languages()
        assert i18n.language_name("th") == "ไทย"
    finally:
        monkeypatch.undo()
        i18n.strings_file.cache_clear()
