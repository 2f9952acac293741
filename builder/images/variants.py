"""A photo made fit to publish: decoded upright in sRGB without metadata, then
encoded in a few widths as WebP plus one JPEG (or PNG, with transparency) fallback."""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from PIL import Image, ImageCms, ImageOps

from .checks import PLUGINS, ImageError, MAX_PIXELS, bomb_guard, too_large

MAX_WIDTH = 2000
WIDTHS = (320, 640, 960, 1280)  # 960: the kiosk's product view (see kiosk/page.py)
QUALITY = 80  # WebP and JPEG: no visible loss on product photos at the sizes served
# AVIF is left out on purpose. Measured on 1280 px test photos with this
# Pillow (libaom, speed 6, quality 60): 150-290 ms per width against 145-175 ms
# for WebP, for files from 10 % smaller to 20 % larger than WebP. A third
# format would nearly double the cold build and the bytes published, for a
# saving that is not reliable; every browser in use reads WebP.
# WebP method 2 rather than libwebp's default 4: measured on 800×600 to 4000×3000
# photos (python -m builder.dev.itemcost), each variant encodes 2.5-3× faster for files
# 1-4 % larger, and SSIM against method 4 stays above 0.98. Methods 0 and 1 save
# little more time for files 10-20 % larger.
WEBP_METHOD = 2
PIPELINE_VERSION = "v5"  # bump when a change alters the output bytes (v5: smaller widths from larger ones)



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
    """The image at each width, smallest first. The largest is resampled from the photo
    (Lanczos); each smaller one from a larger one already made, so the photo's full pixel
    count is filtered once, not once per width: by averaging whole blocks of pixels where
    a larger width is an exact multiple (1280 → 640 → 320: ten times faster), else bilinear
    (which Pillow widens to filter every pixel it reduces). Heights follow the photo's own
    proportions."""
    pictures = [resized(image, widths[-1])]
    for width in reversed(widths[:-1]):
        size = (width, height_at(image, width))
        pictures.append(_block_average(pictures, size) or pictures[-1].resize(size, Image.BILINEAR))
    return pictures[::-1]


def _block_average(larger: list[Image.Image], size: tuple[int, int]) -> Image.Image | None:
    for picture in reversed(larger):  # the smallest first: the least work
        factor = picture.width // size[0]
        if factor > 1 and picture.width % size[0] == 0 and -(-picture.height // factor) == size[1]:
            return picture.reduce(factor)
    return None


def largest_needed(settings: Settings) -> int:
    return min(MAX_WIDTH, max(settings.widths))


def make_variants(data: bytes, key: str, store: Callable[[str, bytes], None],
                  settings: Settings = Settings()) -> ImageSet:
    return variants_of(open_photo(data, largest_needed(settings)), key, store, settings)


def variants_of(image: Image.Image, key: str, store: Callable[[str, bytes], None],
                settings: Settings = Settings()) -> ImageSet:
    """Each width of the decoded photo, handed to `store` by name; the ImageSet that lists them."""
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
