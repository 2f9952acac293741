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
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from stat import S_ISLNK
from typing import Callable, Iterator

from PIL import Image, ImageCms, ImageDraw, ImageOps

from . import fonts
from .stored import load_pickle, save_pickle, write_atomic

# Extension -> the Pillow formats its content may have (phones write MPO: a
# JPEG with extra pictures appended, such as a depth map).
ALLOWED = {".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"), ".png": ("PNG",), ".webp": ("WEBP",)}
PLUGINS = ["JPEG", "PNG", "WEBP"]  # the only decoders ever run on a producer's file (JPEG opens MPO too)
MAX_FILE_BYTES = 30 * 2**20
MAX_PIXELS = 50_000_000  # a 50-megapixel photo is already larger than any phone takes
MAX_WIDTH = 2000
WIDTHS = (320, 640, 960, 1280)  # 960: the kiosk's product view (see kinds/kiosk.py)
QUALITY = 80  # WebP and JPEG: no visible loss on product photos at the sizes served
# AVIF is left out on purpose. Measured on 1280 px test photos with this
# Pillow (libaom, speed 6, quality 60): 150-290 ms per width against 145-175 ms
# for WebP, for files from 10 % smaller to 20 % larger than WebP. A third
# format would nearly double the cold build and the bytes published, for a
# saving that is not reliable; every browser in use reads WebP.
# WebP method 2 rather than libwebp's default 4: measured on 800×600 to 4000×3000
# photos (python -m builder.itemcost), each variant encodes 2.5-3× faster for files
# 1-4 % larger, and SSIM against method 4 stays above 0.98. Methods 0 and 1 save
# little more time for files 10-20 % larger.
WEBP_METHOD = 2
PIPELINE_VERSION = "v4"  # bump when a change alters the output bytes
CARD_SIZE = (1200, 630)
CARD_QUALITY = 85
CARD_VERSION = "card-v4"  # v4: CJK text drawn in Noto Sans CJK


class ImageError(Exception):
    """A photo that passed the checks still could not be processed."""


# --- refusing hostile files -------------------------------------------------

def check_image(relative: str, folder: Path) -> str | None:
    """None if the photo is usable, else what is wrong with it, in plain words."""
    try:
        return _check(relative, folder)
    except Exception as exc:  # noqa: BLE001 - a broken file must never crash validation
        return f"the photo '{relative}' cannot be read ({exc.__class__.__name__}: {exc})"


def _check(relative: str, folder: Path) -> str | None:
    target = (folder / relative).resolve()  # follows symlinks, so a link out of the folder is caught
    if not target.is_relative_to(folder.resolve()):
        return f"the photo '{relative}' is outside its folder: photos must sit beside the file that names them"
    suffix = target.suffix.lower()
    if suffix == ".svg":
        return f"the photo '{relative}' is an SVG, which is refused (scripts can hide in it): use JPEG, PNG or WebP"
    if suffix not in ALLOWED:
        return f"the photo '{relative}' must be a .jpg, .jpeg, .png or .webp file"
    if not target.exists():
        return f"the photo '{relative}' does not exist"
    if not target.is_file():
        return f"the photo '{relative}' is not a file"
    if target.stat().st_size > MAX_FILE_BYTES:
        return f"the photo '{relative}' is over {MAX_FILE_BYTES // 2**20} MB: export a smaller one"
    return _check_pixels(relative, target, suffix)


def _check_pixels(relative: str, target: Path, suffix: str) -> str | None:
    kind = suffix[1:].upper().replace("JPG", "JPEG")
    try:
        with bomb_guard(), Image.open(target, formats=PLUGINS) as image:
            if image.format not in ALLOWED[suffix]:
                return f"the photo '{relative}' is not a real {kind} image (its content is {image.format})"
            if too_large(image):
                return f"the photo '{relative}' claims an enormous size ({image.width}×{image.height} pixels, " \
                       f"over {MAX_PIXELS // 10**6} megapixels): export a smaller one"
            if image.format in ("JPEG", "MPO"):
                # Decoding at 1/8 scale still reads every byte, so damage is found, in 1/64 of the
                # memory. PNG and WebP cannot scale: they cost up to MAX_PIXELS × 4 bytes, briefly.
                image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return f"the photo '{relative}' claims an enormous size (a decompression bomb): export a smaller one"
    except Image.UnidentifiedImageError:
        return f"the photo '{relative}' is not a real {kind} image (its content is not a JPEG, PNG or WebP picture)"
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        return f"the photo '{relative}' is damaged or truncated ({exc})"
    return None


@contextmanager
def bomb_guard() -> Iterator[None]:
    """Within it, Pillow's decompression-bomb warning is an error (global filters untouched)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def too_large(image: Image.Image) -> bool:
    return image.width * image.height > MAX_PIXELS


class ImageChecker:
    """check_image, remembering files already found good: by where, size and time, and
    failing that by content. A fresh checkout (CI restoring .ocop-cache/) gives every
    file a new time; hashing a photo costs a tenth of decoding it again."""

    def __init__(self, cache_file: Path):
        self.cache_file = cache_file
        try:
            self.good = set(json.loads(cache_file.read_text("utf-8")))
        except (OSError, ValueError):
            self.good = set()
        self.seen: set[str] = set()
        self._real_folders: dict[str, str] = {}

    def check(self, relative: str, folder: Path) -> str | None:
        stamp = self._stamp(relative, str(folder))
        if stamp and stamp in self.good:
            self.seen.add(stamp)
            return None
        content = self._content_stamp(stamp) if stamp else None
        if content and content in self.good:
            self.seen.update((stamp, content))
            return None
        problem = check_image(relative, folder)
        if problem is None and stamp:
            self.seen.update(filter(None, (stamp, content)))
        return problem

    @staticmethod
    def _content_stamp(stamp: str) -> str | None:
        """'content|.ext|size|sha256' of the file a stamp names (only for one inside its folder,
        not a link): the checks left to make depend on nothing else."""
        real, size, _ = stamp.rsplit("|", 2)
        if int(size) > MAX_FILE_BYTES:
            return None
        try:
            with open(real, "rb") as file:
                digest = hashlib.sha256(file.read()).hexdigest()
        except OSError:
            return None
        return f"content|{os.path.splitext(real)[1].lower()}|{size}|{digest}"

    def _stamp(self, relative: str, folder: str) -> str | None:
        """'real path|size|mtime' of a photo inside its folder, or None (then the full check decides).

        Thousands of photos are checked on every build: a plain name in a
        folder that is not a link needs one lstat, not a realpath per photo.
        """
        try:
            real_folder = self._real_folder(folder)
            if "/" in relative or relative in ("", ".", ".."):
                real = os.path.realpath(os.path.join(folder, relative))
                stat = os.stat(real)
            else:
                real = os.path.join(real_folder, relative)
                stat = os.lstat(real)
                if S_ISLNK(stat.st_mode):
                    return None
        except (OSError, ValueError):
            return None
        if not real.startswith(real_folder + os.sep):
            return None
        return f"{real}|{stat.st_size}|{stat.st_mtime_ns}"

    def _real_folder(self, folder: str) -> str:
        if folder not in self._real_folders:
            parent, name = os.path.split(folder)
            if parent in self._real_folders and name not in ("", ".", "..") and not os.path.islink(folder):
                self._real_folders[folder] = os.path.join(self._real_folders[parent], name)
            else:
                self._real_folders[folder] = os.path.realpath(folder)
                if parent not in self._real_folders:  # its other folders then need no realpath
                    self._real_folders[parent] = os.path.realpath(parent)
        return self._real_folders[folder]

    def save(self) -> None:
        if self.seen != self.good:
            write_atomic(self.cache_file, json.dumps(sorted(self.seen)).encode())


# --- image sets -------------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    name: str
    format: str  # webp | jpeg | png | avif
    width: int
    height: int


FORMAT_ORDER = ("avif", "webp", "png", "jpeg")  # best first
FALLBACK_FORMATS = ("jpeg", "png")  # what every browser and link preview reads


@dataclass(frozen=True)
class ImageSet:
    width: int  # of the largest variant
    height: int
    variants: tuple[Variant, ...]
    placeholder: str  # CSS colour shown while the photo loads

    @property
    def name(self) -> str:
        return self.fallback.name

    @property
    def formats(self) -> tuple[str, ...]:
        present = {v.format for v in self.variants}
        return tuple(fmt for fmt in FORMAT_ORDER if fmt in present)

    @cached_property  # asked for on every page that shows the photo
    def fallback(self) -> Variant:
        return max((v for v in self.variants if v.format in FALLBACK_FORMATS), key=lambda v: v.width)

    def default(self, fmt: str | None = None) -> Variant:
        """The largest variant in fmt (default: the fallback's format), for a plain src."""
        fmt = fmt or self.fallback.format
        return max((v for v in self.variants if v.format == fmt), key=lambda v: v.width)

    def srcset(self, fmt: str, prefix: str) -> str:
        return ", ".join(f"{prefix}{v.name} {v.width}w" for v in self.variants if v.format == fmt)

    @classmethod
    def from_json(cls, data: dict) -> ImageSet:
        return cls(data["width"], data["height"], tuple(Variant(**v) for v in data["variants"]),
                   data["placeholder"])


@dataclass(frozen=True)
class Settings:
    widths: tuple[int, ...] = WIDTHS
    quality: int = QUALITY

    @property
    def tag(self) -> bytes:
        """Part of every name: new settings give new names, never stale cached bytes."""
        return repr((PIPELINE_VERSION, self.widths, MAX_WIDTH, self.quality)).encode()


def source_key(data: bytes, settings: Settings = Settings()) -> str:
    return hashlib.sha256(data + settings.tag).hexdigest()[:16]


def target_widths(width: int, widths: tuple[int, ...] = WIDTHS) -> list[int]:
    """The widths to make: never wider than the photo or MAX_WIDTH; the photo's own
    width stands in for the larger targets it cannot reach."""
    largest = min(width, MAX_WIDTH, max(widths))
    return sorted({w for w in widths if w < largest} | {largest})


# --- decoding ---------------------------------------------------------------

def open_photo(data: bytes, largest: int = MAX_WIDTH) -> Image.Image:
    """The photo upright, in sRGB, 8-bit RGB or RGBA, without any metadata."""
    with bomb_guard(), Image.open(io.BytesIO(data), formats=PLUGINS) as original:
        if too_large(original):
            raise ImageError(f"{original.width}×{original.height} pixels is over {MAX_PIXELS // 10**6} megapixels")
        if original.format in ("JPEG", "MPO"):
            # Decode big JPEGs at 1/2, 1/4 or 1/8 scale when even the turned photo
            # stays at least `largest` wide: far faster, same result after resizing.
            original.draft(None, (largest, largest))
        return to_srgb(original)


def to_srgb(image: Image.Image) -> Image.Image:
    """Upright, sRGB, 8-bit RGB or RGBA, with an empty info (no EXIF, XMP, ICC...)."""
    icc = image.info.get("icc_profile")
    alpha = has_alpha(image)
    image = to_8bit(ImageOps.exif_transpose(image))
    target = "RGBA" if alpha else "RGB"
    if icc:
        image = icc_to_srgb(image, icc, target)
    if image.mode != target:
        image = image.convert(target)
    if alpha and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # an opaque "transparent" PNG gets a JPEG fallback
    image.info = {}  # encoders copy some of these (PNG: the ICC profile) unless told not to
    return image


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def to_8bit(image: Image.Image) -> Image.Image:
    """16- and 32-bit greyscale scaled down to 8 bits; palettes expanded."""
    if image.mode.startswith("I"):
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.mode == "F":
        return image.convert("L")
    if image.mode in ("P", "PA", "1"):
        return image.convert("RGBA" if has_alpha(image) else "RGB")
    return image


def icc_to_srgb(image: Image.Image, icc: bytes, mode: str) -> Image.Image:
    """Colours converted from the embedded profile; a broken profile is ignored."""
    if image.mode in ("RGBA", "LA"):
        alpha = image.getchannel("A")  # LittleCMS would leave the alpha channel undefined
        colour = icc_to_srgb(image.convert(image.mode[:-1]), icc, "RGB")
        colour = colour.convert("RGBA")
        colour.putalpha(alpha)
        return colour
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


def placeholder_colour(image: Image.Image) -> str:
    # Pillow resizes RGBA premultiplied, so transparent pixels do not darken the average.
    r, g, b = image.resize((1, 1), Image.BOX).convert("RGB").getpixel((0, 0))
    return f"#{r:02x}{g:02x}{b:02x}"


# --- encoding ---------------------------------------------------------------

def encode(image: Image.Image, fmt: str, quality: int = QUALITY) -> bytes:
    """The image in fmt, with no metadata; the same pixels always give the same bytes."""
    out = io.BytesIO()
    if fmt == "webp":
        image.save(out, "WEBP", quality=quality, method=WEBP_METHOD)
    elif fmt == "png":
        image.save(out, "PNG", optimize=True)
    else:
        # Baseline, not progressive: the fallback is read by link previews and old browsers,
        # and a progressive scan costs twice the encoding time for files 5-10 % smaller.
        image.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def height_at(image: Image.Image, width: int) -> int:
    return max(1, round(image.height * width / image.width))


def resized(image: Image.Image, width: int) -> Image.Image:
    if width == image.width:
        return image
    return image.resize((width, height_at(image, width)), Image.LANCZOS, reducing_gap=3.0)


def downscaled(image: Image.Image, widths: list[int]) -> list[Image.Image]:
    """The image at each width, smallest first: the largest resampled from the photo (Lanczos),
    each smaller one from the one above it (bicubic), so the photo's full pixel count is
    filtered once, not once per width. Heights follow the photo's own proportions."""
    pictures = [resized(image, widths[-1])]
    for width in reversed(widths[:-1]):
        pictures.append(pictures[-1].resize((width, height_at(image, width)), Image.BICUBIC))
    return pictures[::-1]


def make_variants(data: bytes, key: str, store: Callable[[str, bytes], None],
                  settings: Settings = Settings()) -> ImageSet:
    image = open_photo(data, min(MAX_WIDTH, max(settings.widths)))
    fallback = "png" if image.mode == "RGBA" else "jpeg"
    widths = target_widths(image.width, settings.widths)
    pictures = downscaled(image, widths)
    variants = []
    for width, picture in zip(widths, pictures):
        # Every browser in use reads WebP; the one JPEG/PNG is for old ones and link previews.
        for fmt in ("webp", fallback) if width == widths[-1] else ("webp",):
            name = f"{key}-{width}.{'jpg' if fmt == 'jpeg' else fmt}"
            store(name, encode(picture, fmt, settings.quality))
            variants.append(Variant(name, fmt, picture.width, picture.height))
    largest = variants[-1]
    # The smallest picture has the photo's average colour too, for a fraction of the work.
    return ImageSet(largest.width, largest.height, tuple(variants), placeholder_colour(pictures[0]))


def cache_path(cache_dir: str | Path, name: str) -> str:
    # A string, not a Path: every page build looks up tens of thousands of these.
    return f"{cache_dir}/{name[:2]}/{name}"


def _encode_job(job: tuple[Path, str, Settings, Path]) -> tuple[str, ImageSet]:
    """One photo's variants and manifest, written to the cache (runs in a worker)."""
    path, key, settings, cache_dir = job
    def store(name: str, data: bytes) -> None:
        write_atomic(cache_path(cache_dir, name), data)
    try:
        photo = make_variants(path.read_bytes(), key, store, settings)
    except Exception as exc:  # noqa: BLE001 - say which photo, whatever went wrong
        raise ImageError(f"cannot process the photo {path}: {exc}") from None
    write_atomic(cache_path(cache_dir, f"{key}.json"), json.dumps(asdict(photo), sort_keys=True).encode())
    return key, photo


def _pool_context():
    # fork starts workers in milliseconds; elsewhere the platform's default.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class ImagePipeline:
    """Variants of many photos, made in parallel and cached by content.

    ``cache_dir/<key[:2]>/<key>-<width>.<ext>`` holds the variants and
    ``<key>.json`` the ImageSet. ``index.pickle`` maps each path, size and
    modification time to its key, and each key to its ImageSet, so a build
    with unchanged photos reads one file, not one per photo.
    """

    def __init__(self, cache_dir: Path, widths: tuple[int, ...] = WIDTHS, quality: int = QUALITY,
                 jobs: int | None = None):
        self.cache_dir = Path(cache_dir)
        self.settings = Settings(tuple(sorted(set(widths))), quality)
        self._settings_tag = hashlib.sha256(self.settings.tag).hexdigest()[:8]
        self.jobs = jobs or os.cpu_count() or 1
        self.index_file = self.cache_dir / "index.pickle"
        self.keys, self.sets = self._load_index()
        self._index_changed = False

    def _load_index(self) -> tuple[dict[str, tuple[str, str]], dict[str, ImageSet]]:
        stored = load_pickle(self.index_file, PIPELINE_VERSION)
        return (stored["keys"], stored["sets"]) if stored else ({}, {})

    def file(self, name: str) -> str:
        """Where the bytes of a variant (or share card) named `name` are cached."""
        return cache_path(self.cache_dir, name)

    def key(self, path: Path) -> str:
        """Content key of a photo with these settings; size and time spare re-reading it."""
        stat = os.stat(path)
        stamp = f"{stat.st_size}|{stat.st_mtime_ns}|{self._settings_tag}"
        known = self.keys.get(str(path))
        if known and known[0] == stamp:
            return known[1]
        key = source_key(path.read_bytes(), self.settings)
        self.keys[str(path)] = (stamp, key)
        self._index_changed = True
        return key

    def cached(self, key: str) -> ImageSet | None:
        photo = self.sets.get(key)
        if photo is None:
            try:
                with open(self.file(f"{key}.json"), encoding="utf-8") as file:
                    photo = ImageSet.from_json(json.load(file))
            except (OSError, ValueError, KeyError, TypeError):
                return None
        if not all(os.path.isfile(self.file(v.name)) for v in photo.variants):
            return None
        self._remember(key, photo)
        return photo

    def _remember(self, key: str, photo: ImageSet) -> None:
        if self.sets.get(key) != photo:
            self.sets[key] = photo
            self._index_changed = True

    def process(self, paths: list[Path], progress: Callable[[int, int], None] | None = None) -> dict[Path, ImageSet]:
        """The ImageSet of every path; only photos not in the cache are decoded."""
        keys = {path: self.key(path) for path in paths}
        found: dict[str, ImageSet] = {}
        todo: dict[str, Path] = {}  # identical photos are made once
        for path, key in keys.items():
            if key in found or key in todo:
                continue
            photo = self.cached(key)
            if photo:
                found[key] = photo
            else:
                todo[key] = path
        jobs = [(path, key, self.settings, self.cache_dir) for key, path in todo.items()]
        for done, (key, photo) in enumerate(self._run(jobs), 1):
            found[key] = photo
            self._remember(key, photo)
            if progress:
                progress(done, len(jobs))
        self._save_index()
        return {path: found[key] for path, key in keys.items()}

    def _run(self, jobs: list[tuple]) -> Iterator[tuple[str, ImageSet]]:
        # A pool costs little with fork but is pointless for a single photo.
        if self.jobs <= 1 or len(jobs) < 2:
            yield from map(_encode_job, jobs)
            return
        with ProcessPoolExecutor(min(self.jobs, len(jobs)), mp_context=_pool_context()) as pool:
            try:
                for future in as_completed([pool.submit(_encode_job, job) for job in jobs]):
                    yield future.result()
            except BaseException:
                pool.shutdown(cancel_futures=True)  # one bad photo stops the rest at once
                raise

    def _save_index(self) -> None:
        if self._index_changed:
            save_pickle(self.index_file, PIPELINE_VERSION, keys=self.keys, sets=self.sets)
            self._index_changed = False


# --- social cards -----------------------------------------------------------

@lru_cache(maxsize=None)  # a handful of sizes, made once per process
def _font(size: int, bold: bool = False) -> fonts.PillowText:
    return fonts.PillowText(size, bold)  # each character in a face that has it (Latin, CJK)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: fonts.PillowText, width: int, lines: int) -> list[str]:
    """At most `lines` lines no wider than `width`, broken at spaces or between CJK characters."""
    return fonts.wrap(text, font.width, width, lines)


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def card_name(photo_key: str, title: str, stars: int, subtitle: str, site_name: str) -> str:
    """A share card is named by everything it shows, so a cached one is found without reading it."""
    digest = hashlib.sha256(repr((CARD_VERSION, photo_key, title, stars, subtitle, site_name)).encode()).hexdigest()
    return f"{digest[:16]}-card.jpg"


def social_card(photo: Path, title: str, stars: int, subtitle: str, site_name: str,
                cache_dir: Path | None = None) -> bytes:
    """A 1200×630 JPEG to show when a product page is shared; cached in cache_dir if given."""
    data = photo.read_bytes()
    key = source_key(data)
    cached = None
    if cache_dir is not None:
        cached = cache_path(cache_dir, card_name(key, title, stars, subtitle, site_name))
        if os.path.isfile(cached):
            with open(cached, "rb") as file:
                return file.read()
    card = draw_text(_background_of(key, data), title, stars, subtitle, site_name)
    out = encode(card, "jpeg", CARD_QUALITY)
    if cached is not None:
        write_atomic(cached, out)
    return out


_backgrounds: dict[str, Image.Image] = {}


def _background_of(key: str, data: bytes) -> Image.Image:
    """card_background of the photo with this content key; the last few are kept, since the
    cards of one photo in every language (and products sharing a photo) come one after another."""
    if key not in _backgrounds:
        if len(_backgrounds) >= 4:
            del _backgrounds[next(iter(_backgrounds))]
        _backgrounds[key] = card_background(open_photo(data, CARD_SIZE[0]))
    return _backgrounds[key]


def card_background(photo: Image.Image) -> Image.Image:
    """The photo filling the card, darkened towards the bottom where the text sits."""
    background = Image.new("RGB", CARD_SIZE, (240, 240, 235))  # behind transparent photos
    picture = _cover(photo)
    background.paste(picture, (0, 0), picture if picture.mode == "RGBA" else None)
    return Image.composite(_dark(), background, _shade())


def _cover(photo: Image.Image) -> Image.Image:
    """The centre of the photo, resampled once to exactly fill the card (as ImageOps.fit).

    Bicubic, after a box reduction of photos over twice the card's size; bilinear to
    enlarge a small photo: SSIM 0.997 or more against Lanczos, for a third of the time."""
    width, height = CARD_SIZE
    scale = max(width / photo.width, height / photo.height)
    crop_w, crop_h = width / scale, height / scale
    left, top = (photo.width - crop_w) / 2, (photo.height - crop_h) / 2
    resample = Image.BILINEAR if scale > 1 else Image.BICUBIC
    return photo.resize(CARD_SIZE, resample, box=(left, top, left + crop_w, top + crop_h), reducing_gap=2.0)


@lru_cache(maxsize=1)
def _shade() -> Image.Image:
    return Image.linear_gradient("L").resize(CARD_SIZE).point(lambda v: min(225, int(v * 1.6)))


@lru_cache(maxsize=1)
def _dark() -> Image.Image:
    return Image.new("RGB", CARD_SIZE, (12, 28, 16))


def draw_text(background: Image.Image, title: str, stars: int, subtitle: str, site_name: str) -> Image.Image:
    """The stars, name, place and site name, over a copy of the background."""
    width, height = CARD_SIZE
    card = background.copy()
    draw = ImageDraw.Draw(card)
    margin, text_width = 60, width - 120
    title_font, title_lines = _title_layout(draw, title, text_width)
    line_height = int(title_font.size * 1.2)
    small, site_font = _font(32), _font(26, bold=True)
    shadow = {"stroke_width": 2, "stroke_fill": (0, 0, 0)}  # legible on any photo
    stars = max(0, min(5, stars))
    y = height - margin - 40 - 50 - line_height * len(title_lines) - 64
    for i in range(5):
        draw.polygon(_star(margin + 24 + i * 56, y + 24, 24), fill=(255, 193, 7) if i < stars else (150, 150, 150),
                     outline=(0, 0, 0))
    small.draw(draw, (margin + 5 * 56 + 8, y + 6), f"{stars}★ OCOP", fill="white", **shadow)
    y += 64
    for line in title_lines:
        title_font.draw(draw, (margin, y), line, fill="white", **shadow)
        y += line_height
    small.draw(draw, (margin, y + 6), _wrap(draw, subtitle, small, text_width, 1)[0], fill=(235, 235, 235),
               **shadow)
    site_font.draw(draw, (margin, height - margin - 10), _wrap(draw, site_name, site_font, text_width, 1)[0],
                   fill=(190, 235, 190), **shadow)
    return card


def _title_layout(draw: ImageDraw.ImageDraw, title: str, width: int) -> tuple[fonts.PillowText, list[str]]:
    """The largest type that fits the name in two lines (three for long names)."""
    for size, lines in ((60, 2), (50, 2), (44, 3)):
        font = _font(size, bold=True)
        wrapped = _wrap(draw, title, font, width, lines)
        if not wrapped[-1].endswith("…") or size == 44:
            return font, wrapped
    raise AssertionError("unreachable")


def _card(request: tuple) -> bytes:
    return social_card(*request)


def social_cards(requests: list[tuple], jobs: int | None,
                 progress: Callable[[int, int], None] | None = None) -> list[bytes]:
    """social_card for many products, in parallel, in the order asked.

    The requests are drawn grouped by photo, so the cards of one photo (one per
    language, or products sharing a photo) find its background already drawn."""
    jobs = jobs or os.cpu_count() or 1
    order = sorted(range(len(requests)), key=lambda i: str(requests[i][0]))
    grouped = [requests[i] for i in order]
    result: list[bytes] = [b""] * len(requests)
    if jobs <= 1 or len(requests) < 8:
        _collect(map(_card, grouped), order, result, progress)
    else:
        with ProcessPoolExecutor(jobs, mp_context=_pool_context()) as pool:
            _collect(pool.map(_card, grouped, chunksize=8), order, result, progress)
    return result


def _collect(cards: Iterator[bytes], order: list[int], result: list[bytes], progress) -> None:
    for done, (i, card) in enumerate(zip(order, cards), 1):
        result[i] = card
        if progress:
            progress(done, len(order))
