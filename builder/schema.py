"""The catalogue file formats, declared once.

Pydantic models give three things from one declaration: validation that
reports every problem at once, typed objects for the later stages, and the
JSON Schema that editors use to autocomplete product.yaml (see ``ocop schema``).
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Literal, Optional, Union

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

ID_PATTERN = r"^[A-Z0-9][A-Z0-9-]{1,31}$"
LOT_PATTERN = r"^[A-Z0-9][A-Z0-9-]{0,19}$"
AREA_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

GROUPS = ("food", "beverages", "herbal", "handicrafts", "ornamentals", "tourism")
PRODUCER_KINDS = ("enterprise", "cooperative", "cooperative-group", "household")
EVENT_STEPS = ("harvest", "processing", "packaging", "inspection", "storage", "shipping", "other")
# The 14 allergens food labels must declare (Codex, EU Annex II; Vietnam's labelling rules list the same):
# the office types a key, the builder writes its name in each language (see allergens.py).
ALLERGENS = ("gluten", "crustaceans", "eggs", "fish", "peanuts", "soybeans", "milk", "nuts", "celery",
             "mustard", "sesame", "sulphites", "lupin", "molluscs")
POS_KINDS = ("ocop-centre", "ocop-point", "shop", "supermarket", "market", "airport", "hotel", "fair", "online")
# The usual standards and marks (free text is allowed too): the editor offers them as choices.
STANDARDS = ("VietGAP", "GlobalGAP", "Organic", "HACCP", "ISO 22000", "GMP", "GACP-WHO",
             "geographical-indication", "collective-trademark", "certification-trademark")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


# Country codes typed where a language code belongs.
COUNTRY_NOT_LANGUAGE = {"vn": "vi", "cn": "zh", "jp": "ja", "kr": "ko", "gb": "en", "us": "en", "uk": "en"}


def is_language_code(key) -> bool:
    """A BCP 47 language code CLDR knows (``fr``, ``zh-Hant``), written the usual way."""
    if not isinstance(key, str) or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", key):
        return False
    try:
        Locale.parse(key, sep="-")
    except (ValueError, UnknownLocaleError):
        return False
    return True


def did_you_mean(key, languages) -> str:
    text = str(key).lower()
    guess = text if text in languages else COUNTRY_NOT_LANGUAGE.get(text)
    if guess is None:
        close = difflib.get_close_matches(text, languages, n=1, cutoff=0.5)
        guess = close[0] if close else None
    return f"; did you mean '{guess}'?" if guess else ""


def _check_ltext(value, info: ValidationInfo):
    """A plain string is the default language; a mapping must contain it.

    A valid language code the catalogue does not publish passes here: the
    validate stage leaves that text out with a warning. Anything else is a typo.
    """
    context = info.context or {}
    languages = context.get("languages") or ("vi", "en")
    if isinstance(value, dict):
        unknown = [k for k in value if k not in languages and not is_language_code(k)]
        if unknown:
            raise ValueError(f"'{unknown[0]}' is not a language code{did_you_mean(unknown[0], languages)} "
                             f"(this catalogue publishes {', '.join(languages)})")
        if languages[0] not in value:
            raise ValueError(f"the {languages[0]} text is required (it is the default language)")
    return value


LText = Annotated[
    Union[Text, dict[str, Text]],
    AfterValidator(_check_ltext),
    Field(description="Text in the default language, or a mapping {vi: ..., en: ...}"),
]


def default_text(value, language: str) -> str:
    """An LText in the default language (``language``)."""
    return value if isinstance(value, str) else value.get(language, "")


def _check_web_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        raise ValueError("must be a web address starting with https:// or http://")
    return value


WebUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), AfterValidator(_check_web_url)]


def _check_gtin(value: str) -> str:
    if not re.fullmatch(r"\d{8}|\d{12}|\d{13}|\d{14}", value):
        raise ValueError("a GTIN has 8, 12, 13 or 14 digits (write it in quotes)")
    if gtin_check_digit(value[:-1]) != int(value[-1]):
        raise ValueError(f"the GTIN check digit is wrong: {value} should end in {gtin_check_digit(value[:-1])}")
    return value


def gtin_check_digit(body: str) -> int:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


Coordinates = Annotated[
    tuple[Annotated[float, Field(ge=-90, le=90)], Annotated[float, Field(ge=-180, le=180)]],
    Field(description="[latitude, longitude]"),
]


def _check_month(value: int) -> int:
    if not 1 <= value <= 12:
        raise ValueError(f"{value} is not a month: write months as numbers from 1 (January) to 12 (December)")
    return value


Month = Annotated[int, AfterValidator(_check_month), Field(json_schema_extra={"minimum": 1, "maximum": 12})]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Revocation(Strict):
    date: dt.date
    reason: LText


class PreviousCertificate(Strict):
    """An earlier recognition of the same product, replaced by a re-assessment."""

    number: ShortText
    issued: dt.date
    expires: Optional[dt.date] = Field(None, description="Default: issued + 36 months")
    stars: Literal[3, 4, 5]

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.expires and self.expires <= self.issued:
            raise ValueError("this earlier certificate expires before it was issued")
        return self


class Certificate(Strict):
    number: ShortText = Field(description="The recognition decision, e.g. 1234/QĐ-UBND")
    issued: dt.date
    expires: Optional[dt.date] = Field(None, description="Default: issued + 36 months")
    issuer: LText
    source: Optional[WebUrl] = None
    revoked: Optional[Revocation] = None
    previous: list[PreviousCertificate] = Field(
        [], description="Earlier recognitions of this product, newest first; a lot page judges its "
                        "production date against the one then in force")

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.expires and self.expires <= self.issued:
            raise ValueError("the certificate expires before it was issued")
        if self.revoked and self.revoked.date < self.issued:
            raise ValueError("the certificate is revoked before it was issued")
        issued = [self.issued] + [earlier.issued for earlier in self.previous]
        if any(later <= earlier for later, earlier in zip(issued, issued[1:])):
            raise ValueError("'previous' lists earlier certificates, newest first, each issued before the one above it")
        return self


class Producer(Strict):
    name: ShortText
    kind: Literal[PRODUCER_KINDS]  # type: ignore[valid-type]
    address: LText
    phone: Optional[ShortText] = None
    email: Optional[Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]] = None
    website: Optional[WebUrl] = None


class Location(Strict):
    province: Annotated[str, StringConstraints(pattern=AREA_ID_PATTERN)]
    district: Optional[Annotated[str, StringConstraints(pattern=AREA_ID_PATTERN)]] = Field(
        None, description="Missing (annexes after the 2025 reform name only commune and province): "
                          "the product is listed under its province, with a warning")
    commune: Optional[LText] = None
    coordinates: Optional[Coordinates] = None


class Image(Strict):
    file: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    alt: LText = Field(description="What the photo shows, for people who cannot see it")
    credit: Optional[ShortText] = None


class Price(Strict):
    min: Annotated[int, Field(ge=0)]
    max: Optional[Annotated[int, Field(ge=0)]] = None
    currency: Literal["VND"] = "VND"

    @model_validator(mode="after")
    def _range(self):
        if self.max is not None and self.max < self.min:
            raise ValueError("price max is lower than price min")
        return self


class Specs(Strict):
    net_quantity: Optional[ShortText] = None
    volume: Optional[ShortText] = None
    packaging: Optional[LText] = None
    shelf_life: Optional[LText] = None
    ingredients: Optional[LText] = None
    storage: Optional[LText] = None
    price: Optional[Price] = None


class OnlineStore(Strict):
    name: ShortText
    url: WebUrl


class RawMaterialArea(Strict):
    name: LText
    code: Optional[ShortText] = None
    location: Optional[LText] = None


class Event(Strict):
    date: dt.date
    step: Literal[EVENT_STEPS]  # type: ignore[valid-type]
    place: Optional[LText] = None
    note: Optional[LText] = None


class LabTest(Strict):
    lab: LText
    date: dt.date
    result: LText
    document: Optional[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]] = None


def _check_allergen(value: str) -> str:
    if value not in ALLERGENS:
        from .allergens import nearest_allergen  # the locale files' words, read only when a key is wrong

        guess = nearest_allergen(value)
        raise ValueError(f"unknown allergen '{value}'" + (f"; did you mean '{guess}'?" if guess else "")
                         + f" (the allergens are: {', '.join(ALLERGENS)})")
    return value


AllergenKey = Annotated[str, AfterValidator(_check_allergen), Field(json_schema_extra={"enum": list(ALLERGENS)})]


class Nutrition(Strict):
    """Per 100 g (or 100 ml), as on the label; grams unless the name says otherwise.

    Values that make no sense (energy that does not match the rest, sugars above
    carbohydrate, ...) are warnings, not errors: see nutrition.py."""

    per: Literal["100 g", "100 ml"] = "100 g"
    energy_kj: Optional[float] = None
    energy_kcal: Optional[float] = None
    protein: Optional[float] = None
    fat: Optional[float] = None
    saturated_fat: Optional[float] = None
    carbohydrate: Optional[float] = None
    sugars: Optional[float] = None
    fibre: Optional[float] = None
    alcohol: Optional[float] = None
    salt: Optional[float] = Field(None, description="Grams; or give sodium_mg, as Vietnamese labels do")
    sodium_mg: Optional[float] = Field(None, description="Natri in mg; the pages show salt = sodium × 2.5")

    @model_validator(mode="after")
    def _energy_given(self):
        if self.energy_kj is None and self.energy_kcal is None:
            raise ValueError("give the energy: energy_kj, energy_kcal or both")
        return self


class Recall(Strict):
    """This lot was recalled: its page opens with a red banner saying so."""

    date: dt.date
    reason: LText
    action: LText = Field(description="What a buyer should do with the product")


class Lot(Strict):
    lot: Annotated[str, StringConstraints(pattern=LOT_PATTERN)]
    produced: dt.date
    best_before: Optional[dt.date] = None
    events: list[Event] = []
    tests: list[LabTest] = []
    recall: Optional[Recall] = None

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.best_before and self.best_before < self.produced:
            raise ValueError("best_before is earlier than the production date")
        if self.recall and self.recall.date < self.produced:
            raise ValueError("the lot is recalled before it was produced")
        return self


class Traceability(Strict):
    gtin: Optional[Annotated[str, AfterValidator(_check_gtin)]] = None
    raw_material_area: Optional[RawMaterialArea] = None
    lots: list[Lot] = []


class Product(Strict):
    """One OCOP product: ``products/<ID>/product.yaml``."""

    # A plain default (pydantic copies it for each product), not a factory: pydantic
    # inspects a factory's signature for every model it makes (1 s in 5,000 products).
    _warnings: list = PrivateAttr(default=[])
    """(location, message) of the file's warnings, kept with it in the product cache."""

    id: Annotated[str, StringConstraints(pattern=ID_PATTERN)] = Field(
        description="Permanent product code, printed inside QR codes; equals the folder name")
    slug: Optional[Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]] = None
    name: LText
    group: Literal[GROUPS]  # type: ignore[valid-type]
    category: Optional[LText] = None
    stars: Literal[3, 4, 5]
    featured: bool = Field(False, description="Show on the home page")
    certificate: Certificate
    producer: Producer
    location: Location
    summary: Optional[LText] = Field(None, description="One sentence; missing: a warning")
    description: Optional[LText] = Field(None, description="Markdown; missing: a warning")
    story: Optional[LText] = None
    images: list[Image] = Field(
        [], description="The first is the cover; none yet: a warning, and pages show the group's pictogram")
    specs: Optional[Specs] = None
    allergens: list[AllergenKey] = Field([], description="From the fixed list; the builder names them in each language")
    may_contain: list[AllergenKey] = Field([], description="Traces the product may contain, same list")
    nutrition: Optional[Nutrition] = None
    standards: list[ShortText] = Field([], json_schema_extra={"suggestions": list(STANDARDS)})
    season: list[Month] = Field(
        [], description="Months (1-12) when it is available fresh or made; drives \"in season now\" and <L>season/")
    points_of_sale: list[Annotated[str, StringConstraints(pattern=ID_PATTERN)]] = []
    online: list[OnlineStore] = []
    traceability: Optional[Traceability] = None
    qr: Literal["product", "gs1"] = Field("product", description="gs1: the QR encodes the GS1 Digital Link")


class District(Strict):
    id: Annotated[str, StringConstraints(pattern=AREA_ID_PATTERN)]
    name: LText
    intro: Optional[LText] = None
    image: Optional[str] = None
    now_part_of: Optional[LText] = None


class Province(Strict):
    id: Annotated[str, StringConstraints(pattern=AREA_ID_PATTERN)]
    name: LText
    intro: Optional[LText] = None
    districts: list[District] = Field(
        [], description="Empty for a province whose products name no district (after the 2025 reform)")


class Areas(Strict):
    """``catalogue/areas.yaml``."""

    provinces: Annotated[list[Province], Field(min_length=1)]


PLACE_FIELDS = ("province", "district", "address")  # what a place people walk into needs
ONLINE_FIELDS = ("url",)  # what an online store needs besides its id, name and kind


def listed(names: list[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


class PointOfSale(Strict):
    """One entry of ``catalogue/points_of_sale.yaml``.

    A place people walk into needs its province, district and address; an
    online store (``kind: online``) needs only its id, name and url.
    """

    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"kind": {"const": "online"}}},
        "then": {"required": list(ONLINE_FIELDS)},
        "else": {"required": list(PLACE_FIELDS)},
    })

    id: Annotated[str, StringConstraints(pattern=ID_PATTERN)]
    name: LText
    kind: Literal[POS_KINDS]  # type: ignore[valid-type]
    province: Optional[Annotated[str, StringConstraints(pattern=AREA_ID_PATTERN)]] = None
    district: Optional[Annotated[str, StringConstraints(pattern=AREA_ID_PATTERN)]] = None
    address: Optional[LText] = None
    coordinates: Optional[Coordinates] = None
    phone: Optional[ShortText] = None
    opening_hours: Optional[LText] = None
    url: Optional[WebUrl] = None

    @model_validator(mode="after")
    def _has_what_its_kind_needs(self):
        if self.kind == "online":
            if missing := self._missing(ONLINE_FIELDS):
                raise ValueError(f"{listed(missing)} is required for an online store (kind: online)")
            if (self.province or self.district) and (missing := self._missing(("province", "district"))):
                raise ValueError(f"{listed(missing)} is required with the other of 'province' and 'district' "
                                 "(an online store may leave out both)")
        elif missing := self._missing(PLACE_FIELDS):
            verb, pronoun = ("is", "it") if len(missing) == 1 else ("are", "them")
            raise ValueError(f"{listed(missing)} {verb} required but missing "
                             f"(only an online store, kind: online, may leave {pronoun} out)")
        return self

    def _missing(self, names) -> list[str]:
        return [name for name in names if getattr(self, name) is None]


SCHEMAS = {"product": Product, "areas": Areas, "point-of-sale": PointOfSale, "point-of-sale-file": PointOfSale}


def json_schemas() -> dict[str, dict]:
    """JSON Schema (draft 2020-12) for every catalogue file, for editors."""
    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        if name == "point-of-sale":
            schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                      "title": "points_of_sale.yaml", "type": "array", "items": schema}
        elif name == "point-of-sale-file":  # catalogue/points_of_sale/<ID>.yaml: one point, not a list
            schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                      **schema, "title": "points_of_sale/<ID>.yaml"}
        else:
            schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        out[name] = schema
    return out
