"""Photos and share cards.

- ``checks``: hostile files refused before anything else reads them;
- ``variants``: every photo upright, sRGB, metadata-free, in a few widths as
  WebP plus a JPEG (or PNG with transparency) fallback;
- ``cards``: the 1200×630 share card of a product, per language;
- ``pipeline``: many photos and their cards made in parallel, each photo decoded
  once, everything cached by content.
"""
from .cards import CARD_SIZE, CardText, card_background, card_name, draw_text, social_card
from .checks import ALLOWED, MAX_FILE_BYTES, MAX_PIXELS, ImageChecker, ImageError, check_image
from .pipeline import ImagePipeline, cache_path
from .variants import (MAX_WIDTH, QUALITY, WIDTHS, ImageSet, Settings, Variant, encode, make_variants, open_photo,
                       source_key, target_widths)

__all__ = ["ALLOWED", "CARD_SIZE", "MAX_FILE_BYTES", "MAX_PIXELS", "MAX_WIDTH", "QUALITY", "WIDTHS", "CardText",
           "ImageChecker", "ImageError", "ImagePipeline", "ImageSet", "Settings", "Variant", "cache_path",
           "card_background", "card_name", "check_image", "draw_text", "encode", "make_variants", "open_photo",
           "social_card", "source_key", "target_widths"]
