"""Many photos made fit to publish, with their share cards, in parallel and
cached by content: a photo is decoded once for its variants and all its cards
(once per 64 cards when many products share it), never when nothing it gives
has changed."""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator

from PIL import Image

from ..stored import load_pickle, save_pickle, write_atomic
from .cards import CardText, card_background, card_jpeg, card_name, decode_width
from .checks import ImageError
from .variants import PIPELINE_VERSION, QUALITY, WIDTHS, ImageSet, Settings, open_photo, source_key, variants_of


def cache_path(cache_dir: str | Path, name: str) -> str:
    # A string, not a Path: every page build looks up tens of thousands of these.
    return f"{cache_dir}/{name[:2]}/{name}"


@dataclass(frozen=True)
class PhotoJob:
    """What is missing of one photo: its variants, some of its cards, or both."""
    path: Path
    key: str
    variants: bool
    cards: tuple[tuple[str, CardText], ...]  # (name, text)
    settings: Settings
    cache_dir: Path


def _keep_freed_image_memory() -> None:
    """Pillow hands every freed image's memory back to the system, and each new picture
    then faults its pages in again: a tenth of a photo job went to that (PILLOW_BLOCKS_MAX)."""
    Image.core.set_blocks_max(16)


def _photo_job(job: PhotoJob) -> tuple[str, ImageSet | None, int]:
    """Decode the photo once; write its missing variants, manifest and cards to the cache (runs in a worker)."""
    def store(name: str, data: bytes) -> None:
        write_atomic(cache_path(job.cache_dir, name), data)
    try:
        image = open_photo(job.path.read_bytes(), decode_width(job.settings))
        photo = variants_of(image, job.key, store, job.settings) if job.variants else None
        if job.cards:
            background = card_background(image)  # one per photo, whatever the number of languages
            for name, text in job.cards:
                store(name, card_jpeg(background, text))
    except Exception as exc:  # noqa: BLE001 - say which photo, whatever went wrong
        raise ImageError(f"cannot process the photo {job.path}: {exc}") from None
    if photo is not None:
        store(f"{job.key}.json", json.dumps(asdict(photo), sort_keys=True).encode())
    return job.key, photo, job.variants + len(job.cards)


CARDS_PER_JOB = 64  # one photo shared by many products: its cards are spread over every core


def _card_batches(variants: bool, cards: list) -> Iterator[tuple[bool, tuple]]:
    """(whether this job also makes the variants, its cards), for one photo: a single job
    unless the photo has very many cards; each further job decodes the photo again."""
    if not cards:
        if variants:
            yield True, ()
        return
    for start in range(0, len(cards), CARDS_PER_JOB):
        yield variants and start == 0, tuple(cards[start:start + CARDS_PER_JOB])


def pool_context():
    # fork starts workers in milliseconds; elsewhere the platform's default.
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class ImagePipeline:
    """Variants and share cards of many photos, made in parallel and cached by content.

    ``cache_dir/<key[:2]>/<key>-<width>.<ext>`` holds the variants,
    ``<key>.json`` the ImageSet and ``<name>-card.jpg`` the cards. ``index.pickle``
    maps each path, size and modification time to its key, and each key to its
    ImageSet, so a build with unchanged photos reads one file, not one per photo.
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
        self._sizes: dict[str, int] = {}

    def _load_index(self) -> tuple[dict[str, tuple[str, str]], dict[str, ImageSet]]:
        stored = load_pickle(self.index_file, PIPELINE_VERSION)
        return (stored["keys"], stored["sets"]) if stored else ({}, {})

    def file(self, name: str) -> str:
        """Where the bytes of a variant (or share card) named `name` are cached."""
        return cache_path(self.cache_dir, name)

    def size(self, name: str) -> int:
        """The bytes of a cached variant or card, looked up once: a name is made from its content."""
        size = self._sizes.get(name)
        if size is None:
            size = self._sizes[name] = os.path.getsize(self.file(name))
        return size

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

    def card_name(self, photo: Path, text: CardText) -> str:
        return card_name(self.key(photo), text)

    def card_names(self, photo: Path, texts: dict[str, CardText]) -> dict[str, str]:
        """The names of a photo's cards by language; the photo's key is looked up once."""
        key = self.key(photo)
        return {lang: card_name(key, text) for lang, text in texts.items()}

    def present(self) -> set[str]:
        """The names of the files in the cache: one listing per folder, instead of a look-up
        for every variant and card of every photo (at 20,000 products, 150,000 of them)."""
        names: set[str] = set()
        try:
            folders = os.listdir(self.cache_dir)
        except FileNotFoundError:
            return names
        for folder in folders:
            if len(folder) == 2:
                names.update(os.listdir(f"{self.cache_dir}/{folder}"))
        return names

    def cached(self, key: str, present: set[str]) -> ImageSet | None:
        photo = self.sets.get(key)
        if photo is None:
            try:
                with open(self.file(f"{key}.json"), encoding="utf-8") as file:
                    photo = ImageSet.from_json(json.load(file))
            except (OSError, ValueError, KeyError, TypeError):
                return None
        if not all(v.name in present for v in photo.variants):
            return None
        self._remember(key, photo)
        return photo

    def _remember(self, key: str, photo: ImageSet) -> None:
        if self.sets.get(key) != photo:
            self.sets[key] = photo
            self._index_changed = True

    def process(self, paths: list[Path], progress: Callable[[int, int], None] | None = None,
                cards: dict[Path, list[CardText]] | None = None) -> dict[Path, ImageSet]:
        """The ImageSet of every path; only photos whose variants or `cards` are missing are decoded.

        A card is found again by `card_name(photo, text)`."""
        cards = cards or {}
        keys = {path: self.key(path) for path in sorted(set(paths) | set(cards), key=str)}
        present = self.present()
        found: dict[str, ImageSet] = {}
        photo_of: dict[str, Path] = {}  # identical photos are made once
        missing_cards: dict[str, dict[str, CardText]] = {}
        for path, key in keys.items():
            if key not in photo_of:
                photo_of[key] = path
                photo = self.cached(key, present)
                if photo:
                    found[key] = photo
            for text in cards.get(path, ()):
                name = card_name(key, text)
                if name not in present:
                    missing_cards.setdefault(key, {})[name] = text
        jobs = [PhotoJob(path, key, variants, cards, self.settings, self.cache_dir)
                for key, path in photo_of.items()
                for variants, cards in _card_batches(key not in found, list(missing_cards.get(key, {}).items()))]
        done, total = 0, sum(job.variants + len(job.cards) for job in jobs)  # photos and cards
        for key, photo, items in self._run(jobs):
            if photo is not None:
                found[key] = photo
                self._remember(key, photo)
            done += items
            if progress:
                progress(done, total)
        self._save_index()
        return {path: found[keys[path]] for path in paths}

    def _run(self, jobs: list[PhotoJob]) -> Iterator[tuple[str, ImageSet | None, int]]:
        # A pool costs little with fork but is pointless for a single photo.
        if self.jobs <= 1 or len(jobs) < 2:
            yield from map(_photo_job, jobs)
            return
        with ProcessPoolExecutor(min(self.jobs, len(jobs)), mp_context=pool_context(),
                                 initializer=_keep_freed_image_memory) as pool:
            try:
                for future in as_completed([pool.submit(_photo_job, job) for job in jobs]):
                    yield future.result()
            except BaseException:
                pool.shutdown(cancel_futures=True)  # one bad photo stops the rest at once
                raise

    def _save_index(self) -> None:
        if self._index_changed:
            save_pickle(self.index_file, PIPELINE_VERSION, keys=self.keys, sets=self.sets)
            self._index_changed = False
