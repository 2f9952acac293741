"""Nutrition per 100 g or 100 ml: the table the pages show, and the checks that
catch numbers which make no sense (as warnings: a label may round oddly).

Energy is checked against the standard conversion factors (Codex, EU
Regulation 1169/2011 Annex XIV): kJ (kcal) per gram of protein 17 (4), fat 37
(9), carbohydrate 17 (4), fibre 8 (2), alcohol 29 (7). Salt is sodium × 2.5.
"""
from __future__ import annotations

from dataclasses import dataclass

FACTORS_KJ = {"protein": 17, "fat": 37, "carbohydrate": 17, "fibre": 8, "alcohol": 29}
FACTORS_KCAL = {"protein": 4, "fat": 9, "carbohydrate": 4, "fibre": 2, "alcohol": 7}
ENERGY_TOLERANCE = 0.20
SALT_PER_SODIUM = 2.5  # g of salt per g of sodium
NEEDED_FOR_ENERGY = ("protein", "fat", "carbohydrate")  # fibre and alcohol count as 0 when not given
AMOUNTS = ("energy_kj", "energy_kcal", "protein", "fat", "saturated_fat", "carbohydrate", "sugars", "fibre",
           "alcohol", "salt", "sodium_mg")
# The table's rows between energy and salt, in the order of nutrition labels: (field, indented under the row above)
ROWS = (("fat", False), ("saturated_fat", True), ("carbohydrate", False), ("sugars", True), ("fibre", False),
        ("protein", False), ("alcohol", False))


def label(field: str) -> str:
    """The locale key naming a field: energy_kj and energy_kcal are both "energy", sodium_mg "sodium"."""
    return "nutrition." + {"energy_kj": "energy", "energy_kcal": "energy", "sodium_mg": "sodium"}.get(field, field)


def salt_grams(nutrition) -> float | None:
    """Salt as given, else worked out from sodium (mg)."""
    if nutrition.salt is not None:
        return nutrition.salt
    if nutrition.sodium_mg is not None:
        return round(nutrition.sodium_mg * SALT_PER_SODIUM / 1000, 2)
    return None


def salt_from_sodium(nutrition) -> bool:
    return nutrition.salt is None and nutrition.sodium_mg is not None


def energy_from(nutrition, factors: dict) -> float | None:
    """The energy the macronutrients give, or None when protein, fat or carbohydrate is missing."""
    if any(getattr(nutrition, name) is None for name in NEEDED_FOR_ENERGY):
        return None
    return sum(factor * (getattr(nutrition, name) or 0) for name, factor in factors.items())


def warnings(nutrition) -> list[tuple[tuple, str]]:
    """(field location under ``nutrition``, message) for every number that makes no sense."""
    found = []
    for name in AMOUNTS:
        value = getattr(nutrition, name)
        if value is not None and value < 0:
            found.append(((name,), f"'{name}' is negative ({value:g}): amounts per {nutrition.per} are 0 or more"))
    for field, unit, factors in (("energy_kj", "kJ", FACTORS_KJ), ("energy_kcal", "kcal", FACTORS_KCAL)):
        given, computed = getattr(nutrition, field), energy_from(nutrition, factors)
        if given is None or computed is None or given < 0:
            continue
        if abs(given - computed) > ENERGY_TOLERANCE * max(computed, given):
            parts = " + ".join(f"{name} {getattr(nutrition, name) or 0:g} g × {factor}"
                               for name, factor in factors.items() if getattr(nutrition, name))
            found.append(((field,), f"the energy {given:g} {unit} does not match the rest: {parts or '0 g'} "
                                    f"= {computed:g} {unit}, more than 20 % apart; check the figures on the label"))
    if nutrition.sugars is not None and nutrition.carbohydrate is not None and nutrition.sugars > nutrition.carbohydrate:
        found.append((("sugars",), f"sugars ({nutrition.sugars:g} g) are more than the carbohydrate "
                                   f"({nutrition.carbohydrate:g} g) they are part of"))
    if nutrition.saturated_fat is not None and nutrition.fat is not None and nutrition.saturated_fat > nutrition.fat:
        found.append((("saturated_fat",), f"saturated fat ({nutrition.saturated_fat:g} g) is more than the fat "
                                          f"({nutrition.fat:g} g) it is part of"))
    if nutrition.salt is not None and nutrition.sodium_mg is not None:
        expected = nutrition.sodium_mg * SALT_PER_SODIUM / 1000
        if abs(nutrition.salt - expected) > ENERGY_TOLERANCE * max(expected, nutrition.salt):
            found.append((("salt",), f"salt {nutrition.salt:g} g does not match sodium {nutrition.sodium_mg:g} mg "
                                     f"(× 2.5 = {expected:g} g of salt); give one of them"))
    return found


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    sub: bool = False


def table(nutrition, lang) -> list[Row]:
    """The rows of the nutrition table, worded in ``lang``."""
    grams = lambda value: f"{lang.number(value)} g"  # noqa: E731
    energy = [f"{lang.number(v)} {unit}" for v, unit in ((nutrition.energy_kj, "kJ"), (nutrition.energy_kcal, "kcal"))
              if v is not None]
    rows = [Row(lang.ui(label("energy_kj")), " / ".join(energy))]
    rows += [Row(lang.ui(label(field)), grams(getattr(nutrition, field)), sub)
             for field, sub in ROWS if getattr(nutrition, field) is not None]
    salt = salt_grams(nutrition)
    if salt is not None:
        rows.append(Row(lang.ui("nutrition.salt"), grams(salt)))
    if nutrition.sodium_mg is not None:
        rows.append(Row(lang.ui("nutrition.sodium"), f"{lang.number(nutrition.sodium_mg)} mg", True))
    return rows


def basis(nutrition, lang) -> str:
    """"per 100 g" / "per 100 ml" in ``lang``."""
    return lang.ui("nutrition.per_100ml" if nutrition.per == "100 ml" else "nutrition.per_100g")


def salt_note(nutrition, lang) -> str | None:
    """Where the salt figure comes from, when it is worked out rather than given."""
    if salt_from_sodium(nutrition):
        return lang.ui("nutrition.salt_from_sodium", sodium=lang.number(nutrition.sodium_mg))
    return None
