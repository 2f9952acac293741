"""Places in words, in every language: today's names first, the former ones after.

The official lists give Vietnamese names. English names are the official
ones without diacritics and with the kind of unit in English ("Meo Vac
Commune"), as the government's own English pages write them; a language
whose strings file has no ``unit.<kind>`` formats keeps the Vietnamese name
(place names are not translated), marked ``lang="vi"``. Names the catalogue
gives (areas.yaml, a product's commune) win where they name the same unit.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from . import Place, Unit
from .. import links as paths
from ..i18n import language_tag
from ..slug import fold
from .official import name_key, strip_kind

SOURCE_LANGUAGE = "vi"


def unit_words(unit: Unit, lang, in_sentence: bool = True) -> tuple[str, str]:
    """(the unit's name in ``lang``, the language that name is in).

    A strings file's ``unit.<kind>`` is ``{name}`` alone to keep the official
    Vietnamese name, or a form around it, filled with the name without diacritics.
    """
    if lang.code == SOURCE_LANGUAGE:
        return (unit.lower_name if in_sentence else unit.name), SOURCE_LANGUAGE
    form = lang.ui(f"unit.{unit.kind}")
    if form.strip() == "{name}" or "{name}" not in form:
        return unit.name, SOURCE_LANGUAGE
    return form.format(name=ascii_name(unit.short)), lang.code


def ascii_name(name: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in fold(name).split())


def unit_html(unit: Unit, lang, given=None, in_sentence: bool = True) -> Markup:
    """A unit's name as markup: the catalogue's own name for it in this language, else the official one."""
    if given is not None and not isinstance(given, str) and lang.code in given and lang.code != lang.default:
        return escape(given[lang.code])
    text, language = unit_words(unit, lang, in_sentence)
    if language == lang.code:
        return escape(text)
    return Markup(f'<span lang="{language_tag(language)}">{escape(text)}</span>')


def same_name(typed, unit: Unit | None, language: str) -> bool:
    """Whether the office's text names this very unit: "Thị trấn Mèo Vạc" is not today's "Xã Mèo Vạc"."""
    text = typed if isinstance(typed, str) else (typed or {}).get(language, "")
    if not (unit and text):
        return False
    if strip_kind(text) != name_key(text):  # the kind is written: it must match too
        return name_key(text) == name_key(unit.name)
    return name_key(text) == name_key(unit.short)


class PlaceWords:
    """The place lines of one catalogue, with its own names for today's provinces."""

    def __init__(self, site):
        self.site = site
        self.today_names = {slug: province.name for slug, province in site.places.today.items()}
        self._plain: dict[tuple[str, str], str] = {}

    def province_html(self, unit: Unit, lang, in_sentence: bool = True) -> Markup:
        return unit_html(unit, lang, self.today_names.get(unit.slug), in_sentence)

    def province_name(self, slug: str, lang) -> Markup:
        """Today's province as a heading: the catalogue's name for it, else the official short name."""
        return lang.text(self.today_names[slug])

    def address_tail(self, point, lang) -> Markup:
        """What a point of sale's address lacks of today's map: ", tỉnh Tuyên Quang" when it
        does not name today's province (the area it was once in stays out of an address)."""
        place = self.site.places.points.get(point.id)
        if place is None or not point.address:
            return Markup("")
        written = ascii_name(lang.plain(point.address)).lower()
        if ascii_name(place.province.short).lower() in written:
            return Markup("")
        return Markup(", ") + self.province_html(place.province, lang)

    def now_html(self, item, lang, links=None) -> Markup:
        """Today's commune and province: "Xã Côn Minh, tỉnh Thái Nguyên"."""
        place: Place = item.place
        parts = []
        if place.commune:
            commune = item.product.location.commune
            typed = commune if same_name(commune, place.commune, lang.default) else None
            parts.append(unit_html(place.commune, lang, typed, in_sentence=False))
        province = self.province_html(place.province, lang, in_sentence=bool(parts))
        if links is not None:
            province = Markup('<a href="{}">{}</a>').format(
                links.to(paths.province_path(place.province.slug, lang)), province)
        parts.append(province)
        return Markup(", ").join(parts)

    def formerly_parts(self, item, lang, links=None) -> list[Markup]:
        """The former commune, district (the area) and province, as far as they differ from today."""
        place: Place = item.place
        parts = []
        if place.former_commune and not (place.commune and place.commune.name == place.former_commune.name):
            commune = item.product.location.commune
            typed = commune if same_name(commune, place.former_commune, lang.default) else None
            parts.append(unit_html(place.former_commune, lang, typed))
        if place.former_district or item.district:
            name = unit_html(place.former_district, lang, item.district.name if item.district else None) \
                if place.former_district else lang.text(item.district.name)  # an area of the office's own
            if links is not None and item.district:
                name = Markup('<a href="{}">{}</a>').format(links.to(paths.district_path(item.district.id, lang)), name)
            parts.append(name)
        if place.former_province:
            parts.append(unit_html(place.former_province, lang, item.province.name))
        return parts

    def formerly_html(self, item, lang, links=None) -> Markup:
        parts = self.formerly_parts(item, lang, links)
        if not parts:
            return Markup("")
        return fill(lang.ui("place_formerly", names="\x00"), Markup(lang.ui("list_separator")).join(parts))

    def plain(self, item, lang) -> str:
        """The place line without markup: for labels, feeds and search (each asks for it more than once)."""
        key = (item.id, lang.code)
        if key not in self._plain:
            now, former = self.now_plain(item, lang), self.formerly_plain(item, lang)
            self._plain[key] = f"{now} ({former})" if former else now
        return self._plain[key]

    def now_plain(self, item, lang) -> str:
        return self.now_html(item, lang).striptags()

    def formerly_plain(self, item, lang) -> str:
        return self.formerly_html(item, lang).striptags()

    def merged_html(self, province, lang) -> Markup:
        """ "Includes the former tỉnh Hà Giang": the former provinces merged into one of today's."""
        site = self.site
        entries = {entry.id: entry for entry in site.provinces}
        names = [unit_html(site.places.provinces[pid].renamed, lang, entries[pid].name)
                 for pid in province.area_provinces if site.places.provinces[pid].renamed]
        if not names:
            return Markup("")
        return fill(lang.ui("province_formerly", names="\x00"), Markup(lang.ui("list_separator")).join(names))

    def address_is_former(self, item) -> bool:
        """Whether the producer's typed address still uses former names ("as printed on the pack")."""
        address = item.product.producer.address
        text = address if isinstance(address, str) else address.get(self.site.project.default_language, "")
        return uses_former_names(text, item.place)

    def area_history_html(self, district_id: str, lang) -> Markup:
        """ "Formerly huyện Mèo Vạc, tỉnh Hà Giang; since 1 July 2025 part of tỉnh Tuyên Quang." """
        site = self.site
        area = site.places.districts[district_id]
        district = site.districts[district_id]
        province = site.district_province[district_id]
        if district.now_part_of:  # the office's own sentence, for what the lists cannot say
            return fill(lang.ui("now_part_of", unit="\x00"), lang.text(district.now_part_of))
        former_province = site.places.provinces[province.id].former or area.now
        was = Markup(lang.ui("list_separator")).join([
            unit_html(area.former, lang, district.name) if area.former else lang.text(district.name),
            unit_html(former_province, lang, province.name)])
        if area.became:
            now = Markup(lang.ui("list_separator")).join([unit_html(area.became, lang), self.province_html(area.now, lang)])
            key = "area_became"
        else:
            now, key = self.province_html(area.now, lang), "area_part_of"
        return fill(lang.ui(key, was="\x00", now="\x01"), was, now)


def fill(template: str, *values: Markup) -> Markup:
    """An interface string with markup put in its \\x00, \\x01, ... placeholders (the string itself escaped)."""
    html = Markup(escape(template))
    for index, value in enumerate(values):
        html = Markup(html.replace(chr(index), value))
    return html


def uses_former_names(text: str, place: Place) -> bool:
    """Whether a typed address names units that are gone: a district, a merged province, a renamed commune."""
    words = f" {name_key(text)} "
    former = [unit for unit in (place.former_province, place.former_district) if unit]
    if place.former_commune and not (place.commune and place.commune.short == place.former_commune.short):
        former.append(place.former_commune)
    if any(f"{name_key(unit.short)}" in words for unit in former):
        return True
    return any(f" {kind} " in words or words.startswith(f" {kind} ") for kind in ("huyện", "thị trấn", "quận"))
