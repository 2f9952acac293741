"""Refusing hostile photo files before anything else reads them: wrong or faked
formats, SVG, decompression bombs, damaged files, links out of the folder."""
from __future__ import annotations

import hashlib
import json
import os
import warnings
from contextlib import contextmanager
from pathlib import Path
from stat import S_ISLNK
from typing import Iterator

from PIL import Image

from ..stored import write_atomic

# Extension -> the Pillow formats its content may have (phones write MPO: a
# JPEG with extra pictures appended, such as a depth map).
ALLOWED = {".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO"), ".png": ("PNG",), ".webp": ("WEBP",)}
PLUGINS = ["JPEG", "PNG", "WEBP"]  # the only decoders ever run on a producer's file (JPEG opens MPO too)
MAX_FILE_BYTES = 30 * 2**20
MAX_PIXELS = 50_000_000  # a 50-megapixel photo is already larger than any phone takes


class ImageError(Exception):
    """A photo that passed the checks still could not be processed."""


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

