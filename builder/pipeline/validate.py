"""Stage 2, validate: the schema, then the links between files.

Every problem in every file is collected; nothing stops at the first one.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import fonts, images, nutrition
from ..places import Gazetteer, locate, locate_location, place_areas
from ..problems import Problems
from ..schema import Areas, PointOfSale, Product, default_text
from ..slug import slugify
from ..yamlfile import YamlProblem, line_of
from .load import RawCatalogue, Source

POINTS_OF_SALE = TypeAdapter(list[PointOfSale])
DOCUMENT_SUFFIXES = (".pdf",)


@dataclass
class ProductFile:
    source: Source
    product: Product
    slug: str

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def folder(self) -> Path:
        return self.source.path.parent

    @property
    def digest(self) -> str:
        return self.source.digest

    def line(self, *loc) -> int:
        return line_of(self.source.lines(), loc)


@dataclass
class PointFile:
    """One point of sale and where it is written: an item of points_of_sale.yaml
    (``loc`` is its index) or a file of its own in points_of_sale/ (``loc`` is empty)."""

    point: PointOfSale
    source: Source
    loc: tuple = ()

    def line(self, *loc) -> int:
        return line_of(self.source.lines(), self.loc + loc)


@dataclass
class Catalogue:
    areas: Areas
    points_of_sale: list[PointOfSale]
    products: list[ProductFile] = field(default_factory=list)
    places: Gazetteer | None = None  # every place on today's map (see places/)


# --- schema errors in plain words -------------------------------------------

_UNION_TAGS = ("str", "dict[", "constrained-str", "function-after", "function-plain", "tuple[", "list[", "literal[")


def _field_loc(loc: tuple) -> tuple:
    """Drop the type names pydantic adds to locations inside unions."""
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith(_UNION_TAGS)))


def _field_name(loc: tuple) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "entry"


def plain_message(error: dict) -> str:
    kind, loc, ctx = error["type"], _field_loc(error["loc"]), error.get("ctx") or {}
    name = _field_name(loc)
    got = error.get("input")
    if kind == "missing":
        return f"'{name}' is required but missing"
    if kind == "extra_forbidden":
        return f"unknown field '{name}' (check its spelling; see the catalogue format in the README)"
    if kind == "literal_error":
        return f"'{name}' must be one of {ctx.get('expected')}, not {got!r}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return f"'{name}' must be a real date written YYYY-MM-DD; {got!r} is not"
    if kind == "string_pattern_mismatch":
        return f"'{name}' has the wrong form: {got!r} does not match {ctx.get('pattern')}"
    if kind in ("string_too_short", "too_short"):
        return f"'{name}' must not be empty"
    if kind == "string_too_long":
        return f"'{name}' is too long (at most {ctx.get('max_length')} characters)"
    if kind == "value_error":  # a model's own rule: its message names the fields
        message = str(ctx.get("error", error["msg"]))
        return f"'{name}': {message}" if any(isinstance(p, str) for p in loc) else message
    if kind in ("string_type", "dict_type") and any(isinstance(p, str) and p.startswith(("str", "dict[")) for p in error["loc"]):
        return f"'{name}' must be text, or a mapping of languages to text such as {{vi: ..., en: ...}}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"'{name}' is out of range: {error['msg'].lower()}"
    if kind in ("int_parsing", "int_type", "float_parsing", "float_type"):
        return f"'{name}' must be a number, not {got!r}"
    if kind == "bool_parsing":
        return f"'{name}' must be true or false, not {got!r}"
    if kind in ("list_type", "tuple_type"):
        return f"'{name}' must be a list"
    if kind == "model_type":
        return f"'{name}' must be a set of fields (a mapping), not {got!r}"
    return f"'{name}': {error['msg']}"


def schema_problems(model, source: Source, problems: Problems, context: dict) -> Any:
    """Validate one file against a model; add every error with its line.

    Text in a language the catalogue does not publish is left out, with a
    warning on the line of its language key.
    """
    try:
        value = model.validate_python(source.data, context=context) if isinstance(model, TypeAdapter) \
            else model.model_validate(source.data, context=context)
    except ValidationError as exc:
        seen = set()
        for error in exc.errors(include_url=False):
            loc = _field_loc(error["loc"])
            message = plain_message(error)
            if (loc, message) in seen:
                continue
            seen.add((loc, message))
            problems.add(source.path, line_of(source.data, loc), message)
        return None
    left_out: list[tuple] = []
    value = leave_out_unpublished(value, context["languages"], (), left_out)
    warnings = [(loc, unpublished_message(loc[-1], context["languages"])) for loc in left_out]
    if isinstance(value, Product):
        warnings += food_warnings(value)
        value._warnings = warnings  # kept with the product in the product cache
    add_warnings(warnings, source, problems)
    return value


def food_warnings(product: Product) -> list[tuple]:
    """Nutrition figures that make no sense, and an allergen listed twice: warnings, not errors."""
    found = []
    if product.nutrition:
        found += [(("nutrition",) + loc, message) for loc, message in nutrition.warnings(product.nutrition)]
    for field in ("allergens", "may_contain"):
        keys = getattr(product, field)
        found += [((field, index), f"'{key}' is listed twice in {field}")
                  for index, key in enumerate(keys) if key in keys[:index]]
    found += [(("may_contain", index), f"'{key}' is already in allergens: the product contains it, "
                                       "so 'may contain' says less")
              for index, key in enumerate(product.may_contain) if key in product.allergens]
    return found


def add_warnings(warnings: list[tuple], source: Source, problems: Problems) -> None:
    for loc, message in warnings:
        problems.warn(source.path, line_of(source.lines(), loc), message)


def unpublished_message(language: str, languages: tuple[str, ...]) -> str:
    return (f"the '{language}' text is left out: this catalogue publishes {', '.join(languages)} "
            f"(add '{language}' to languages in mkdocs.yml to publish it)")


def leave_out_unpublished(value, languages: tuple[str, ...], loc: tuple, left_out: list) -> Any:
    """The value without text in unpublished languages; their locations go to ``left_out``."""
    if isinstance(value, BaseModel):
        changed = {}
        for name in type(value).model_fields:
            field = getattr(value, name)
            kept = leave_out_unpublished(field, languages, loc + (name,), left_out)
            if kept is not field:
                changed[name] = kept
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, (list, tuple)):
        kept = [leave_out_unpublished(item, languages, loc + (i,), left_out) for i, item in enumerate(value)]
        return type(value)(kept) if any(a is not b for a, b in zip(kept, value)) else value
    if isinstance(value, dict):  # an LText mapping: the only mappings in the catalogue files
        unpublished = [key for key in value if key not in languages]
        left_out.extend(loc + (key,) for key in unpublished)
        return {k: v for k, v in value.items() if k in languages} if unpublished else value
    return value


# --- links between files ----------------------------------------------------

def check_unique(items, key, what: str, source: Source, loc_prefix: tuple, problems: Problems) -> None:
    seen = {}
    for index, item in enumerate(items):
        value = key(item)
        if value in seen:
            problems.add(source.path, line_of(source.data, loc_prefix + (index,)),
                         f"{what} '{value}' is used twice (first at line {seen[value]})")
        else:
            seen[value] = line_of(source.data, loc_prefix + (index,))


def check_areas(areas: Areas, source: Source, problems: Problems, catalogue_dir: Path, check_photo) -> None:
    check_unique(areas.provinces, lambda p: p.id, "province id", source, ("provinces",), problems)
    all_districts = [(pi, di, d) for pi, p in enumerate(areas.provinces) for di, d in enumerate(p.districts)]
    seen: dict[str, int] = {}
    for pi, di, district in all_districts:
        line = line_of(source.data, ("provinces", pi, "districts", di))
        if district.id in seen:
            problems.add(source.path, line, f"district id '{district.id}' is used twice (first at line {seen[district.id]})")
        seen.setdefault(district.id, line)
        if district.image:
            message = check_photo(district.image, catalogue_dir)
            if message:
                problems.add(source.path, line_of(source.data, ("provinces", pi, "districts", di, "image")), message)


def district_ids(areas: Areas) -> dict[str, str]:
    """district id -> province id."""
    return {d.id: p.id for p in areas.provinces for d in p.districts}


def nearest_id(value: str, ids) -> str:
    """ "; did you mean 'na-ri'?" for a mistyped id, or nothing."""
    guess = difflib.get_close_matches(value, sorted(ids), n=1, cutoff=0.5)
    return f"; did you mean '{guess[0]}'?" if guess else ""


def check_place(province: str, district: str | None, districts: dict[str, str], add,
                provinces: set[str] | None = None) -> None:
    """``districts`` maps district id -> province id; ``provinces`` adds those without districts."""
    if district is not None and districts.get(district) == province:
        return
    known = (provinces or set()) | set(districts.values())
    if province not in known:
        add(("province",), f"unknown province '{province}': it is not in catalogue/areas.yaml"
                           + nearest_id(province, known))
    elif district is None:
        return
    elif district not in districts:
        add(("district",), f"unknown district '{district}': it is not in catalogue/areas.yaml"
                           + nearest_id(district, [k for k, v in districts.items() if v == province]))
    elif districts[district] != province:
        add(("district",), f"the district '{district}' belongs to '{districts[district]}', not to '{province}'")


def validated_points(raw: RawCatalogue, problems: Problems, context: dict) -> list[PointFile] | None:
    """The points of sale of the list file, then those of the one-per-point folder (by file name)."""
    found: list[PointFile] = []
    complete = True
    if raw.points_of_sale:
        points = schema_problems(POINTS_OF_SALE, raw.points_of_sale, problems, context)
        complete = points is not None
        found += [PointFile(point, raw.points_of_sale, (index,)) for index, point in enumerate(points or [])]
    for source in raw.point_files:
        point = schema_problems(PointOfSale, source, problems, context)
        if point is None:
            complete = False
            continue
        if point.id != source.path.stem:
            problems.add(source.path, line_of(source.data, ("id",)),
                         f"the id '{point.id}' must equal the file name '{source.path.stem}'")
        found.append(PointFile(point, source))
    return found if complete else None


def check_points_of_sale(entries: list[PointFile], districts, problems: Problems) -> None:
    first: dict[str, PointFile] = {}
    for entry in entries:
        point = entry.point

        def add(loc, message, e=entry):
            problems.add(e.source.path, e.line(*loc), message)

        earlier = first.setdefault(point.id, entry)
        if earlier is not entry:
            where = f"line {earlier.line()}" if earlier.source is entry.source \
                else f"{problems.relative(earlier.source.path)}:{earlier.line()}"
            add((), f"point of sale id '{point.id}' is used twice (first at {where})")
        if point.province and point.district:
            check_place(point.province, point.district, districts, add)


def check_product_links(entry: ProductFile, districts: dict, point_ids: set, problems: Problems,
                        check_photo, provinces: set[str] | None = None) -> None:
    product = entry.product

    def add(loc, message):
        problems.add(entry.path, entry.line(*loc), message)

    if product.id != entry.folder.name:
        add(("id",), f"the id '{product.id}' must equal the folder name '{entry.folder.name}'")
    check_place(product.location.province, product.location.district, districts,
                lambda loc, msg: add(("location",) + loc, msg), provinces)
    for index, point in enumerate(product.points_of_sale):
        if point not in point_ids:
            add(("points_of_sale", index), f"unknown point of sale '{point}': it is not in catalogue/points_of_sale.yaml "
                            "nor in catalogue/points_of_sale/")
    for index, image in enumerate(product.images):
        message = check_photo(image.file, entry.folder)
        if message:
            add(("images", index, "file"), message)
    if product.qr == "gs1" and not (product.traceability and product.traceability.gtin):
        add(("qr",), "'qr: gs1' needs a traceability.gtin")
    if product.traceability:
        check_lots(entry, add)


def missing_content(product: Product) -> list[str]:
    """What an imported product still lacks before its pages are complete."""
    return [what for what, present in (("photos (images)", product.images), ("summary", product.summary),
                                       ("description", product.description)) if not present]


def check_completeness(entry: ProductFile, problems: Problems, places: Gazetteer | None = None) -> None:
    """Warnings, not errors: an incomplete product still builds with what is known."""
    product = entry.product
    missing = missing_content(product)
    if missing:
        problems.warn(entry.path, entry.line("id"), f"{product.id} still lacks {', '.join(missing)}")
    place = places.products.get(product.id) if places else None
    if product.location.district is None and not (place and place.area):
        problems.warn(entry.path, entry.line("location"),
                      f"{product.id} has no district: it is listed under its province; "
                      "add location.district if the product has one")


def check_lots(entry: ProductFile, add) -> None:
    seen: dict[str, int] = {}
    for li, lot in enumerate(entry.product.traceability.lots):
        if lot.lot in seen:
            first = entry.line("traceability", "lots", seen[lot.lot])
            add(("traceability", "lots", li, "lot"), f"lot '{lot.lot}' is listed twice (first at line {first})")
        seen.setdefault(lot.lot, li)
        dates = [e.date for e in lot.events]
        if dates != sorted(dates):
            add(("traceability", "lots", li, "events"), "the events must be listed oldest first")
        for ti, test in enumerate(lot.tests):
            if test.document:
                message = document_problem(test.document, entry.folder)
                if message:
                    add(("traceability", "lots", li, "tests", ti, "document"), message)


def document_problem(relative: str, folder: Path) -> str | None:
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()):
        return f"the document '{relative}' is outside the product folder"
    if target.suffix.lower() not in DOCUMENT_SUFFIXES:
        return f"the document '{relative}' must be a PDF"
    if not target.is_file():
        return f"the document '{relative}' does not exist"
    if not target.read_bytes()[:5] == b"%PDF-":
        return f"the document '{relative}' is not a PDF file"
    return None


def check_slugs(entries: list[ProductFile], problems: Problems) -> None:
    owners: dict[str, ProductFile] = {}
    for entry in entries:
        if not entry.slug:
            problems.add(entry.path, entry.line("name"), "the name gives an empty slug: set 'slug' by hand")
            continue
        first = owners.setdefault(entry.slug, entry)
        if first is not entry:
            rel = problems.relative(first.path)
            problems.add(entry.path, entry.line("slug") if entry.product.slug else entry.line("name"),
                         f"the slug '{entry.slug}' is already used by {rel}; set a different 'slug'")


# --- text we draw ourselves (share cards, PDF labels) --------------------------

def undrawable_message(field: str, characters: str) -> str:
    listed = ", ".join(f"{c} (U+{ord(c):04X})" for c in characters)
    return (f"'{field}' has characters that the share cards and labels cannot draw: {listed}; "
            "they would print as empty boxes")


def check_drawable(value, field: str, line, warn) -> None:
    """Warn for each language of ``value`` that has characters no shipped font has."""
    texts = {None: value} if isinstance(value, str) else value or {}
    for language, text in texts.items():
        lacking = fonts.missing(text)
        if lacking:
            warn(line(language), undrawable_message(field, lacking))


def check_drawn_text(entries: list[ProductFile], areas: Areas, areas_source: Source, problems: Problems) -> None:
    """Product, district and province names are drawn on share cards and labels."""
    for entry in entries:
        check_drawable(entry.product.name, "name",
                       lambda lang, e=entry: e.line("name", lang) if lang else e.line("name"),
                       lambda line, message, e=entry: problems.warn(e.path, line, message))
    for pi, province in enumerate(areas.provinces):
        units = [(("provinces", pi), province)] + [(("provinces", pi, "districts", di), district)
                                                    for di, district in enumerate(province.districts)]
        for loc, unit in units:
            check_drawable(unit.name, "name",
                           lambda lang, loc=loc: line_of(areas_source.lines(), loc + ("name",) + ((lang,) if lang else ())),
                           lambda line, message: problems.warn(areas_source.path, line, message))


def validated_product(source: Source, problems: Problems, context: dict) -> Product | None:
    """A product file parsed and checked against the schema; its line-aware data is let go
    afterwards (read again for a later problem's line)."""
    try:
        source.lines()
    except YamlProblem as exc:
        problems.add(source.path, exc.line, exc.message)
        return None
    except OSError as exc:
        problems.add(source.path, 1, f"cannot read the file: {exc.strerror or exc}")
        return None
    product = schema_problems(Product, source, problems, context)
    source.forget_lines()
    return product


def validate(raw: RawCatalogue, languages: tuple[str, ...], problems: Problems, catalogue_dir: Path,
             check_photo=images.check_image) -> Catalogue | None:
    context = {"languages": languages}
    areas = schema_problems(Areas, raw.areas, problems, context) if raw.areas else None
    point_files = validated_points(raw, problems, context)
    points = [entry.point for entry in point_files] if point_files is not None else None
    if areas:
        check_areas(areas, raw.areas, problems, catalogue_dir, check_photo)
    districts = district_ids(areas) if areas else {}
    if point_files is not None and areas:
        check_points_of_sale(point_files, districts, problems)
    point_ids = {p.id for p in points or []}

    entries = []
    for source in raw.products:
        product = source.cached
        if product is not None:
            add_warnings(product._warnings, source, problems)
        else:
            product = validated_product(source, problems, context)
        if product is None:
            continue
        slug = product.slug or slugify(default_text(product.name, languages[0]))
        entries.append(ProductFile(source, product, slug))
    if areas and points is not None:
        province_ids = {p.id for p in areas.provinces}
        for entry in entries:
            check_product_links(entry, districts, point_ids, problems, check_photo, province_ids)
    places = place_catalogue(areas, raw.areas, point_files or [], entries, languages[0], problems) \
        if areas else None
    for entry in entries:
        check_completeness(entry, problems, places)
    check_slugs(entries, problems)
    if areas:
        check_drawn_text(entries, areas, raw.areas, problems)
    if problems or areas is None or points is None or places is None:
        return None
    return Catalogue(areas, points, entries, places)


# --- places on today's map ------------------------------------------------------

def place_catalogue(areas: Areas, areas_source: Source, points: list[PointFile],
                    entries: list[ProductFile], language: str, problems: Problems) -> Gazetteer | None:
    """Today's province and commune of every area, product and point of sale (see places/)."""
    gazetteer = place_areas(
        areas, language,
        add=lambda loc, message: problems.add(areas_source.path, line_of(areas_source.lines(), loc), message),
        warn=lambda loc, message: problems.warn(areas_source.path, line_of(areas_source.lines(), loc), message))
    if len(gazetteer.provinces) != len(areas.provinces):
        return None
    districts = district_ids(areas)
    for entry in entries:
        location = entry.product.location
        if location.province not in gazetteer.provinces or (
                location.district and districts.get(location.district) != location.province):
            continue  # reported by check_place
        gazetteer.products[entry.product.id] = locate_location(
            gazetteer, location, language, lambda loc, message, e=entry: problems.warn(e.path, e.line("location", *loc), message))
    for entry in points:
        point = entry.point
        if point.province in gazetteer.provinces and (not point.district or districts.get(point.district) == point.province):
            gazetteer.points[point.id] = locate(
                gazetteer, point.province, point.district, None,
                lambda loc, message, e=entry: problems.warn(e.source.path, e.line(), message))
    return gazetteer
