"""Photos: hostile files refused; every photo upright, sRGB, metadata-free, in a
few widths as WebP plus a JPEG (or PNG with transparency) fallback; cached by
content so an unchanged photo is never decoded twice; share cards for social media.
"""
from __future__ import annotations

import hashlib
import io
import json
import math
import multiprocessing
import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from PIL import Image, ImageCms, ImageDraw, ImageFilter, ImageFont, ImageOps

ALLOWED = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
MAX_FILE_BYTES = 30 * 2**20
MAX_PIXELS = 50_000_000  # a 50-megapixel photo is already larger than any phone takes
MAX_WIDTH = 2000
WIDTHS = (320, 640, 1280)
WEBP_QUALITY, JPEG_QUALITY = 78, 82
# AVIF is left out on purpose: at these sizes it saves little over WebP and
# encodes many times slower, which a 20,000-photo catalogue would feel.
SETTINGS = ("v2", WIDTHS, MAX_WIDTH, WEBP_QUALITY, JPEG_QUALITY)
FONTS = Path(__file__).parent / "static" / "fonts"


# --- refusing hostile files -------------------------------------------------

def check_image(relative: str, folder: Path) -> str | None:
    """None if the photo is usable, else what is wrong with it, in plain words."""
    try:
        return _check(relative, folder)
    except Exception as exc:  # noqa: BLE001 - a broken file must never crash validation
        return f"the photo '{relative}' cannot be read: {exc.__class__.__name__}"


def _check(relative: str, folder: Path) -> str | None:
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()):
        return f"the photo '{relative}' is outside its folder: photos must sit beside the file that names them"
    suffix = target.suffix.lower()
    if suffix == ".svg":
        return f"the photo '{relative}' is an SVG, which is refused (scripts can hide in it): use JPEG, PNG or WebP"
    if suffix not in ALLOWED:
        return f"the photo '{relative}' must be a .jpg, .png or .webp file"
    if not target.is_file():
        return f"the photo '{relative}' does not exist"
    if target.stat().st_size > MAX_FILE_BYTES:
        return f"the photo '{relative}' is over {MAX_FILE_BYTES // 2**20} MB: export a smaller one"
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(target) as image:
                if image.format != ALLOWED[suffix]:
                    return f"the photo '{relative}' is not a real {suffix[1:].upper()} image (it is {image.format or 'something else'})"
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return f"the photo '{relative}' claims {width}×{height} pixels, more than {MAX_PIXELS // 10**6} megapixels"
                if image.format == "JPEG":
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))  # decode cheaply, but all of it
                image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            return f"the photo '{relative}' claims an enormous size (a decompression bomb)"
        except Image.UnidentifiedImageError:
            return f"the photo '{relative}' is not an image file"
        except (OSError, SyntaxError, ValueError) as exc:
            return f"the photo '{relative}' is damaged or truncated ({exc})"
    return None


class ImageChecker:
    """check_image, remembering files already found good (by size and time)."""

    def __init__(self, cache_file: Path):
        self.cache_file = cache_file
        try:
            self.good = set(json.loads(cache_file.read_text("utf-8")))
        except (OSError, ValueError):
            self.good = set()
        self.seen: set[str] = set()

    def check(self, relative: str, folder: Path) -> str | None:
        path = folder / relative
        try:
            stat = path.stat()
            stamp = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
        except OSError:
            stamp = None
        if stamp and stamp in self.good and path.resolve().is_relative_to(folder.resolve()):
            self.seen.add(stamp)
            return None
        problem = check_image(relative, folder)
        if problem is None and stamp:
            self.seen.add(stamp)
        return problem

    def save(self) -> None:
        if self.seen != self.good:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            self.cache_file.write_text(json.dumps(sorted(self.seen)), "utf-8")


# --- variants ---------------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    name: str
    format: str
    width: int
    height: int


@dataclass(frozen=True)
class ImageSet:
    width: int
    height: int
    variants: tuple[Variant, ...]
    placeholder: str

    @property
    def name(self) -> str:
        return self.fallback.name

    @property
    def formats(self) -> list[str]:
        return sorted({v.format for v in self.variants}, key=lambda f: f != "webp")

    @property
    def fallback(self) -> Variant:
        return max((v for v in self.variants if v.format != "webp"), key=lambda v: v.width)

    def srcset(self, fmt: str, prefix: str) -> str:
        return ", ".join(f"{prefix}{v.name} {v.width}w" for v in self.variants if v.format == fmt)


def source_key(data: bytes) -> str:
    return hashlib.sha256(data + repr(SETTINGS).encode()).hexdigest()[:16]


def to_srgb(image: Image.Image) -> Image.Image:
    """Upright, sRGB, 8-bit RGB or RGBA."""
    image = ImageOps.exif_transpose(image)
    icc = image.info.get("icc_profile")
    if image.mode.startswith("I"):  # 16-bit greyscale: scale down to 8 bits
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode == "LA" or (image.mode == "L" and "transparency" in image.info):
        image = image.convert("RGBA")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if image.mode in ("RGBA", "LA") else "RGB"
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGB")
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    return image


def target_widths(width: int) -> list[int]:
    largest = min(width, MAX_WIDTH, max(WIDTHS))
    return sorted({w for w in WIDTHS if w < largest} | {largest})


def encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    elif fmt == "png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def make_variants(data: bytes, key: str, store: Callable[[str, bytes], None]) -> ImageSet:
    with Image.open(io.BytesIO(data)) as original:
        image = to_srgb(original)
    fallback = "png" if image.mode == "RGBA" else "jpeg"
    variants = []
    widths = target_widths(image.width)
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.LANCZOS)
        # Every browser in use reads WebP; the one JPEG/PNG is for old ones and link previews.
        for fmt in ("webp", fallback) if width == widths[-1] else ("webp",):
            name = f"{key}-{width}.{'jpg' if fmt == 'jpeg' else fmt}"
            store(name, encode(resized, fmt))
            variants.append(Variant(name, fmt, width, height))
    r, g, b = image.convert("RGB").resize((1, 1), Image.BOX).getpixel((0, 0))
    largest = variants[-1]
    return ImageSet(largest.width, largest.height, tuple(variants), f"#{r:02x}{g:02x}{b:02x}")


class ImagePipeline:
    def __init__(self, cache_dir: Path, jobs: int | None = None):
        self.cache_dir = cache_dir
        self.jobs = jobs or os.cpu_count() or 1
        self.index_file = cache_dir / "index.json"
        try:
            self.index = json.loads(self.index_file.read_text("utf-8"))
        except (OSError, ValueError):
            self.index = {}

    def file(self, name: str) -> Path:
        return self.cache_dir / name[:2] / name

    def _store(self, name: str, data: bytes) -> None:
        path = self.file(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)

    def _manifest(self, key: str) -> Path:
        return self.cache_dir / key[:2] / f"{key}.json"

    def _cached(self, key: str) -> ImageSet | None:
        try:
            data = json.loads(self._manifest(key).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        photo = ImageSet(data["width"], data["height"], tuple(Variant(**v) for v in data["variants"]),
                         data["placeholder"])
        return photo if all(self.file(v.name).is_file() for v in photo.variants) else None

    def key(self, path: Path) -> str:
        """Content key; the file's size and time spare re-reading unchanged photos."""
        stat = path.stat()
        stamp = f"{stat.st_size}|{stat.st_mtime_ns}"
        known = self.index.get(str(path))
        if known and known[0] == stamp:
            return known[1]
        key = source_key(path.read_bytes())
        self.index[str(path)] = [stamp, key]
        return key

    def _encode(self, item: tuple[Path, str]) -> tuple[str, ImageSet]:
        path, key = item
        photo = make_variants(path.read_bytes(), key, self._store)
        self._manifest(key).write_text(json.dumps(asdict(photo)), "utf-8")
        return key, photo

    def process(self, paths: list[Path], progress: Callable[[int, int], None] | None = None) -> dict[Path, ImageSet]:
        keys = {path: self.key(path) for path in paths}
        found: dict[str, ImageSet] = {}
        todo = []
        for path, key in keys.items():
            if key in found:
                continue
            photo = self._cached(key)
            if photo:
                found[key] = photo
            elif key not in {k for _, k in todo}:
                todo.append((path, key))
        if todo:
            self._encode_all(todo, found, progress)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.index_file.write_text(json.dumps(self.index, sort_keys=True), "utf-8")
        return {path: found[key] for path, key in keys.items()}

    def _encode_all(self, todo, found, progress) -> None:
        total = len(todo)
        if self.jobs > 1 and total > 4:
            with ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                results = pool.map(self._encode, todo, chunksize=4)
                for done, (key, photo) in enumerate(results, 1):
                    found[key] = photo
                    if progress:
                        progress(done, total)
        else:
            for done, item in enumerate(todo, 1):
                key, photo = self._encode(item)
                found[key] = photo
                if progress:
                    progress(done, total)


# --- social cards -----------------------------------------------------------

CARD_SIZE = (1200, 630)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, lines: int) -> list[str]:
    out, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
        else:
            out.append(line)
            line = word
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1].rstrip(" ,.") + "…"
    return [l for l in out if l]


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def card_name(photo_key: str, title: str, stars: int, subtitle: str, site_name: str) -> str:
    """A share card is named by everything it shows, so a cached one is found without reading it."""
    digest = hashlib.sha256(repr((SETTINGS, photo_key, title, stars, subtitle, site_name)).encode()).hexdigest()
    return f"{digest[:16]}-card.jpg"


def social_card(photo: Path, title: str, stars: int, subtitle: str, site_name: str) -> bytes:
    """A 1200×630 JPEG to show when a product page is shared."""
    data = photo.read_bytes()
    with Image.open(io.BytesIO(data)) as original:
        picture = ImageOps.fit(to_srgb(original).convert("RGB"), CARD_SIZE, Image.LANCZOS)
    shade = Image.linear_gradient("L").resize(CARD_SIZE).point(lambda v: int(v * 0.85))
    card = Image.composite(Image.new("RGB", CARD_SIZE, (12, 28, 16)), picture, shade)
    draw = ImageDraw.Draw(card)
    title_font, small = _font(58, bold=True), _font(32)
    lines = _wrap(draw, title, title_font, 1080, 2)
    y = 630 - 60 - 44 - 30 - 70 * len(lines) - 60
    for i in range(5):
        draw.polygon(_star(84 + i * 56, y + 24, 24), fill=(255, 193, 7) if i < stars else (120, 120, 120))
    draw.text((60 + 5 * 56 + 16, y + 6), f"{stars}★ OCOP", font=small, fill="white")
    y += 70
    for line in lines:
        draw.text((60, y), line, font=title_font, fill="white")
        y += 70
    draw.text((60, y + 6), subtitle, font=small, fill=(230, 230, 230))
    draw.text((60, 630 - 60), site_name, font=_font(26, bold=True), fill=(180, 230, 180))
    out = io.BytesIO()
    card.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def _card(request: tuple) -> bytes:
    return social_card(*request)


def social_cards(requests: list[tuple], jobs: int) -> list[bytes]:
    """social_card for many products, in parallel."""
    if jobs <= 1 or len(requests) < 8:
        return [social_card(*request) for request in requests]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_card, requests, chunksize=8))
