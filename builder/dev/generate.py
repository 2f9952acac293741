"""Synthetic catalogues of any size, for the benchmark and the tests.

Realistic enough to cost what real ones cost: Vietnamese and English text,
one distinct photo per product, lots with supply-chain events for some; and
real places from the official lists, written as offices write them (former
provinces and districts; communes by their former name, by today's name, or
not at all), so that every build exercises the mapping to today's map.
"""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter

from ..places.official import official_lists
from ..places.wording import ascii_name

KINDS = [("Mật ong bạc hà", "Mint honey", "food"), ("Miến dong", "Arrowroot vermicelli", "food"),
         ("Trà hoa vàng", "Golden camellia tea", "beverages"), ("Rượu ngô", "Corn wine", "beverages"),
         ("Giảo cổ lam", "Jiaogulan tea", "herbal"), ("Tinh dầu quế", "Cinnamon oil", "herbal"),
         ("Thổ cẩm", "Brocade", "handicrafts"), ("Giỏ mây tre", "Rattan basket", "handicrafts"),
         ("Đào cảnh", "Ornamental peach tree", "ornamentals"), ("Lan rừng", "Wild orchid", "ornamentals"),
         ("Du lịch cộng đồng", "Community tourism", "tourism"), ("Tỏi đen", "Black garlic", "food")]
LOREM_VI = ("Sản phẩm được làm theo phương pháp truyền thống của đồng bào địa phương, từ nguyên liệu "
            "trồng tại vùng núi cao, không dùng chất bảo quản. Hợp tác xã kiểm soát chất lượng từng lô "
            "và ghi nhật ký sản xuất đầy đủ. ")
LOREM_EN = ("Made the traditional way by local communities from raw materials grown in the highlands, "
            "with no preservatives. The cooperative checks every lot and keeps a full production log. ")
MKDOCS_YML = """site_name: OCOP benchmark
site_url: https://ocop.example.vn/
docs_dir: catalogue
site_dir: site
theme:
  name: material
  custom_dir: theme_overrides
  language: vi
  font: false
  features: [navigation.tabs]
plugins:
  - ocop:
      languages: {languages}
      search: {search}
extra_css: [assets/ocop.css]
"""


def quick_photo(seed: int, size=(800, 600)) -> Image.Image:
    """A distinct, photo-like picture (gradients and soft shapes) in a few milliseconds."""
    rng = random.Random(seed)
    top = tuple(rng.randrange(60, 230) for _ in range(3))
    bottom = tuple(rng.randrange(20, 160) for _ in range(3))
    image = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", [image.point(lambda v, a=a, b=b: a + (b - a) * v // 255) for a, b in zip(top, bottom)])
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y, r = rng.randrange(size[0]), rng.randrange(size[1]), rng.randrange(size[1] // 10 + 1, size[1] // 2 + 2)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    return image.filter(ImageFilter.GaussianBlur(2))


def real_places(provinces: int, districts_each: int) -> list[tuple]:
    """(former province, its first rural districts) from the official lists: provinces before cities."""
    lists = official_lists()
    former = sorted(lists.former_provinces.values(), key=lambda u: (u.kind != "province", u.code))[:provinces]
    out = []
    for province in former:
        districts = sorted(lists.districts_of[province.code], key=lambda u: (u.kind != "district", u.code))
        out.append((province, districts[:districts_each]))
    return out


def areas(places: list[tuple]) -> dict:
    return {"provinces": [
        {"id": f"province-{p}", "name": {"vi": province.short, "en": ascii_name(province.short)},
         "districts": [{"id": f"district-{p}-{d}", "name": {"vi": district.name,
                                                              "en": f"{ascii_name(district.short)} District"},
                        "intro": {"vi": LOREM_VI, "en": LOREM_EN}} for d, district in enumerate(districts)]}
        for p, (province, districts) in enumerate(places)]}


def points_of_sale(count: int, places: list[tuple]) -> list:
    kinds = ["ocop-centre", "ocop-point", "shop", "supermarket", "airport", "fair", "market"]
    out = []
    for i in range(count):
        p = i % len(places)
        out.append({"id": f"POS-{i:04d}", "name": {"vi": f"Điểm bán OCOP số {i}", "en": f"OCOP shop {i}"},
                    "kind": kinds[i % len(kinds)], "province": f"province-{p}",
                    "district": f"district-{p}-{i % len(places[p][1])}",
                    "address": {"vi": f"Số {i} đường Trần Hưng Đạo", "en": f"{i} Tran Hung Dao Street"},
                    **({} if i % 4 == 3 else {"coordinates": [round(21.0 + i * 0.05, 4), round(105.5 + i * 0.03, 4)]})})
    return out


def names_one_commune(lists, name: str, district) -> bool:
    """No former commune of the district by that name was divided."""
    return all(len(lists.successors_of(former)) <= 1 for former in lists.find_former_communes(name, district=district))


def commune_as_written(i: int, district) -> dict | None:
    """Every fifth product names no commune, every third names today's, the rest the former one.
    Where a name would leave the builder unsure (a divided commune, or today's name that was
    also a divided commune's), it is today's commune named apart, as an office would write it."""
    lists = official_lists()
    communes = lists.communes_of_district.get(district.code, [])
    if not communes or i % 5 == 4:
        return None
    former = communes[i % len(communes)]
    successors = lists.successors_of(former)
    if len(successors) == 1:
        preferred = [successors[0], former] if i % 3 == 2 else [former, successors[0]]
    else:
        preferred = successors
    commune = next((unit for unit in preferred if names_one_commune(lists, unit.name, district)), None)
    if commune is None:
        return None
    return {"vi": commune.name, "en": ascii_name(commune.short)}


def product(i: int, languages: list[str], places: list[tuple], pos_count: int) -> dict:
    vi, en, group = KINDS[i % len(KINDS)]
    p = i % len(places)
    d = (i // len(places)) % len(places[p][1])
    district = places[p][1][d]
    place = district.short
    def text(vi_text, en_text):
        value = {"vi": vi_text, "en": en_text}
        for extra in languages[2:]:
            value[extra] = en_text
        return value
    data = {
        "id": f"P-{i:05d}",
        "name": text(f"{vi} {place} số {i}", f"{place} {en} no. {i}"),
        "group": group, "stars": 3 + i % 3, "featured": i % 7 == 0,
        "certificate": {"number": f"{1000 + i}/QĐ-UBND", "issued": f"{2023 + i % 3}-0{1 + i % 9}-15",
                        "issuer": text("UBND tỉnh", "Provincial People's Committee")},
        "producer": {"name": f"HTX Nông nghiệp {place} {i}", "kind": "cooperative",
                     "address": text(f"Xã {place}", f"{place} Commune"), "phone": "+84 209 388 0000"},
        "location": {"province": f"province-{p}", "district": f"district-{p}-{d}",
                     **({"commune": commune} if (commune := commune_as_written(i, district)) else {}),
                     "coordinates": [21.5, 105.8]},
        "summary": text(f"{vi} đặc sản {place}.", f"{en}, a speciality of {place}."),
        "description": text(LOREM_VI * 3 + "\n\n- Không chất bảo quản\n- Đóng gói tại HTX\n",
                            LOREM_EN * 3 + "\n\n- No preservatives\n- Packed by the cooperative\n"),
        "story": text(LOREM_VI * 2, LOREM_EN * 2),
        "images": [{"file": "photo.jpg", "alt": text(f"Ảnh {vi}", f"Photo of {en}")}],
        "specs": {"net_quantity": "500 g", "shelf_life": text("12 tháng", "12 months"),
                  "price": {"min": (price := 20000 + i * 37 % 60 * 10000), "max": price + i % 3 * 50000,
                            "currency": "VND"}},
        "standards": (["VietGAP"] if i % 2 else []) + (["Organic"] if i % 6 == 0 else [])
                     + (["geographical-indication"] if i % 10 == 3 else []),
        "points_of_sale": [f"POS-{(i + k) % pos_count:04d}" for k in range(2)],
    }
    if group in ("food", "herbal", "ornamentals") and i % 4 != 3:  # fresh: in season for one to three months
        data["season"] = [(i // 7 + k) % 12 + 1 for k in range(1 + i % 3)]
    if i % 5 == 1:
        data["online"] = [{"name": "Shopee", "url": f"https://shopee.vn/ocop-{i}"}]
    if i % 3 == 0:
        data["traceability"] = {"lots": [
            {"lot": f"L{i % 100:02d}{k}", "produced": "2025-03-01", "best_before": "2026-03-01",
             "events": [{"date": "2025-02-20", "step": "harvest", "place": text(f"Xã {place}", place)},
                        {"date": "2025-02-25", "step": "processing"}, {"date": "2025-03-01", "step": "packaging"}],
             "tests": [{"lab": text("Trung tâm kiểm nghiệm", "Testing centre"), "date": "2025-02-28",
                        "result": text("Đạt", "Passed")}]} for k in range(2)]}
    return data


def generate(dest: Path, count: int, languages=("vi", "en"), photo_size=(800, 600), search=False,
             project_root: Path | None = None) -> Path:
    """Write a catalogue project of ``count`` products into ``dest``."""
    project_root = project_root or Path(__file__).resolve().parents[2]
    languages = list(languages)
    provinces, districts_each = max(1, min(63, count // 100)), 10
    pos_count = max(2, count // 50)
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "catalogue").mkdir(parents=True)
    shutil.copytree(project_root / "theme_overrides", dest / "theme_overrides")
    (dest / "mkdocs.yml").write_text(MKDOCS_YML.format(languages=languages, search=str(search).lower()), "utf-8")
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    places = real_places(provinces, districts_each)
    (dest / "catalogue" / "areas.yaml").write_text(dump(areas(places)), "utf-8")
    (dest / "catalogue" / "points_of_sale.yaml").write_text(dump(points_of_sale(pos_count, places)), "utf-8")
    for code in languages:
        suffix = "" if code == languages[0] else f".{code}"
        (dest / "catalogue" / f"index{suffix}.md").write_text("# OCOP\n\nCatalogue.\n", "utf-8")
    for i in range(count):
        folder = dest / "products" / f"P-{i:05d}"
        folder.mkdir(parents=True)
        (folder / "product.yaml").write_text(dump(product(i, languages, places, pos_count)), "utf-8")
        quick_photo(i, photo_size).save(folder / "photo.jpg", quality=85)
    return dest
