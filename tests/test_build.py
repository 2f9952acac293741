"""ocop build: the guarantees a publisher relies on."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import PRODUCT_YAML, read_sitemaps, run_ocop, settle, write_product


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path, site: Path | None = None, capsys=None):
    args = ["build", "--quiet"] + (["--site-dir", str(site)] if site else [])
    return run_ocop(project, *args, capsys=capsys)


def test_build_writes_a_site(project, capsys):
    code, _, err = build(project, capsys=capsys)
    assert code == 0, err
    site = project / "site"
    assert (site / "index.html").is_file()
    assert (site / "en" / "index.html").is_file()
    assert (site / "products").is_dir() and (site / "t" / "P-00000" / "qr.svg").is_file()
    assert not list(project.glob(".site-building-*")), "the staging folder is cleaned up"


def test_failed_build_leaves_previous_site_untouched(project, capsys):
    assert build(project, capsys=capsys)[0] == 0
    before = snapshot(project / "site")
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017").replace("stars: 4", "stars: 9"))
    code, _, err = build(project, capsys=capsys)
    assert code == 1
    assert "products/BK-0017/product.yaml:4: 'stars' must be one of 3, 4 or 5, not 9" in err
    assert "Traceback" not in err
    assert snapshot(project / "site") == before


def test_two_builds_are_byte_identical(project, tmp_path, capsys, monkeypatch):
    from builder.files import search as datafiles

    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("search: false", "search: true"), "utf-8")
    scratch = tmp_path / "scratch"  # stands for /dev/shm, where the search documents are written
    scratch.mkdir()
    monkeypatch.setattr(datafiles, "SCRATCH", str(scratch))
    assert build(project, tmp_path / "one", capsys)[0] == 0
    shutil.rmtree(project / ".ocop-cache")
    assert build(project, tmp_path / "two", capsys)[0] == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert list(scratch.iterdir()) == []  # memory is given back
    # Pagefind's own order of languages changes from run to run: one run can match by chance
    entry = json.loads((tmp_path / "one" / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == sorted(entry["languages"]) == ["en", "vi"]


def test_incremental_rebuild_equals_clean_build(project, tmp_path, capsys):
    assert build(project, capsys=capsys)[0] == 0
    product = project / "products" / "P-00003" / "product.yaml"
    product.write_text(product.read_text("utf-8").replace("stars: 3", "stars: 5"), "utf-8")
    assert build(project, capsys=capsys)[0] == 0  # warm: reuses unchanged pages
    shutil.rmtree(project / ".ocop-cache")
    assert build(project, tmp_path / "clean", capsys)[0] == 0
    assert snapshot(project / "site") == snapshot(tmp_path / "clean")


@pytest.mark.parametrize("next_day, statuses_change", [("1795086400", False), ("1860000000", True)])
def test_the_first_build_of_a_new_day_equals_a_clean_build_of_that_day(project, tmp_path, capsys, monkeypatch,
                                                                       next_day, statuses_change):
    """Pages say the day ("status as of ..."), so a new day renders them again; the pieces
    of the lists, the kiosk and the data files are made again only for products whose status
    changed (two years on, certificates have lapsed)."""
    from builder.stored import KeptPieces

    def statuses() -> dict[str, str]:  # as the open data publishes them
        data = json.loads((project / "site" / "api" / "products.json").read_text("utf-8"))
        return {product["id"]: product["status"] for product in data["products"]}

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert build(project, capsys=capsys)[0] == 0
    before = statuses()
    made, get = [], KeptPieces.get
    monkeypatch.setattr(KeptPieces, "get", lambda pieces, key, make: get(pieces, key, lambda: made.append(key) or make()))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", next_day)
    assert build(project, capsys=capsys)[0] == 0
    assert (statuses() != before) == statuses_change
    assert bool(made) == statuses_change, "no product changed its status: no piece is made again"
    monkeypatch.setattr(KeptPieces, "get", get)
    shutil.rmtree(project / ".ocop-cache")
    assert build(project, tmp_path / "clean", capsys)[0] == 0
    assert snapshot(project / "site") == snapshot(tmp_path / "clean")


def test_page_workers_write_what_one_process_writes(project, tmp_path, capsys, monkeypatch):
    from builder.pipeline import write

    monkeypatch.setattr(write, "WORKERS_FROM", 1)  # real catalogues use them from 400 pages
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("search: false", "search: false\n      jobs: 2"), "utf-8")
    assert build(project, capsys=capsys)[0] == 0
    product = project / "products" / "P-00003" / "product.yaml"
    product.write_text(product.read_text("utf-8").replace("stars: 3", "stars: 5"), "utf-8")
    assert build(project, capsys=capsys)[0] == 0  # the changed pages, rendered by the workers
    monkeypatch.setattr(write, "WORKERS_FROM", 10**9)
    shutil.rmtree(project / ".ocop-cache")
    assert build(project, tmp_path / "one-process", capsys)[0] == 0
    assert snapshot(project / "site") == snapshot(tmp_path / "one-process")
    assert "ocop-stars--5" in (project / "site" / "t" / "P-00003" / "index.html").read_text("utf-8")


def test_an_edit_renders_its_pages_without_starting_workers(project, capsys, monkeypatch):
    """Worker processes pay from hundreds of pages; an edit changes a few dozen, so the build
    works out every page's key first and renders them itself."""
    from builder.pipeline import write

    monkeypatch.setattr(write, "WORKERS_FROM", 60)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("search: false", "search: false\n      jobs: 2"), "utf-8")
    pools = []
    context = write.multiprocessing.get_context
    monkeypatch.setattr(write, "multiprocessing",  # the page writer's, not the photo stage's
                        SimpleNamespace(get_context=lambda method: pools.append(method) or context(method)))
    assert build(project, capsys=capsys)[0] == 0
    assert pools == ["fork"], "a whole site is rendered by workers"
    product = project / "products" / "P-00003" / "product.yaml"
    product.write_text(product.read_text("utf-8").replace("stars: 3", "stars: 5"), "utf-8")
    assert build(project, capsys=capsys)[0] == 0
    assert pools == ["fork"], "an edit is rendered in the build's own process"
    assert "ocop-stars--5" in (project / "site" / "t" / "P-00003" / "index.html").read_text("utf-8")


def test_page_workers_make_their_cards_without_keeping_them(project, tmp_path, capsys, monkeypatch):
    """A worker never saves what it keeps; at 20,000 products x 5 languages every card it kept
    held 1.1 GB of memory in each worker."""
    import os

    from builder.pipeline import write
    from builder.stored import KeptPieces

    monkeypatch.setattr(write, "WORKERS_FROM", 1)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("search: false", "search: false\n      jobs: 2"), "utf-8")
    log, main, get = tmp_path / "pieces.log", os.getpid(), KeptPieces.get

    def noted_get(pieces, key, make):  # each process appends one line a piece: its pid and whether it keeps it
        with open(log, "a") as file:
            file.write(f"{os.getpid()} {getattr(pieces, 'keep', True)} {key[1]}\n")
        return get(pieces, key, make)

    monkeypatch.setattr(KeptPieces, "get", noted_get)
    assert build(project, capsys=capsys)[0] == 0
    asked = [line.split(maxsplit=2) for line in log.read_text().splitlines()]
    in_workers = [(keep, kind) for pid, keep, kind in asked if int(pid) != main]
    assert ("False", "card") in in_workers, "the workers rendered the lists, with their cards"
    assert all(keep == "False" for keep, _ in in_workers)
    assert any(keep == "True" for pid, keep, _ in asked if int(pid) == main), "the build's own process keeps its"


def inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_an_edit_rewrites_only_what_it_changes(project, capsys):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("search: false", "search: true"), "utf-8")
    assert build(project, capsys=capsys)[0] == 0
    before = inodes(project / "site")
    product = project / "products" / "P-00003" / "product.yaml"
    product.write_text(product.read_text("utf-8").replace("đặc sản", "đặc sản nổi tiếng", 1), "utf-8")
    assert build(project, capsys=capsys)[0] == 0
    after = inodes(project / "site")
    rewritten = {path for path, inode in after.items() if before.get(path) != inode}
    [edited_page] = [path for path in rewritten if path.startswith("products/")
                     and "đặc sản nổi tiếng" in (project / "site" / path).read_text("utf-8")]
    edited_folders = (edited_page.removesuffix("index.html"), "t/P-00003/")
    others = {path for path in rewritten if re.match(r"([a-z]{2}/)?(products|t)/", path)
              and not any(folder in path for folder in edited_folders)}
    assert not others, "pages of unchanged products are left alone"
    search_files = [path for path in after if path.startswith("pagefind/")]
    kept = [path for path in search_files if path not in rewritten]
    assert search_files and len(kept) > len(search_files) / 2, "unchanged search fragments are kept"


class AssetLinks(HTMLParser):
    """Collects the URLs a browser fetches on its own: scripts, styles, images, icons."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "source", "iframe", "video", "audio") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag in ("img", "source") and attrs.get("srcset"):
            self.urls += [part.strip().split(" ")[0] for part in attrs["srcset"].split(",")]
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload", "preconnect", "modulepreload"):
            self.urls.append(attrs.get("href", ""))


def test_site_loads_nothing_from_other_hosts(project, capsys):
    assert build(project, capsys=capsys)[0] == 0
    pages = list((project / "site").rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        parser = AssetLinks()
        parser.feed(page.read_text("utf-8"))
        external = [u for u in parser.urls if re.match(r"^(https?:)?//", u)]
        assert not external, f"{page}: {external}"
    for css in (project / "site").rglob("*.css"):
        assert not re.search(r"url\((['\"]?)(https?:)?//", css.read_text("utf-8")), css


def test_hostile_markdown_is_escaped(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017").replace(
        "vi: Mật ong **thơm**.",
        "vi: '<script>alert(1)</script> [bấm](javascript:alert(2)) <img src=x onerror=alert(3)> ![t](https://tracker.example/t.png)'")
    write_product(project, "BK-0017", text)
    assert build(project, capsys=capsys)[0] == 0
    html = (project / "site" / "products" / "mat-ong-bac-ha-bk-0017" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html and "onerror=alert(3)>" not in html
    assert "tracker.example/t.png\"" not in html.split("<img")[-1] or "<img src=\"https://tracker" not in html


def test_untranslated_text_falls_back_with_lang_and_note(project, capsys):
    text = PRODUCT_YAML.format(id="BK-0017").replace(
        "summary: {vi: Mật ong từ hoa bạc hà., en: Honey from mint flowers.}", "summary: Mật ong từ hoa bạc hà.")
    write_product(project, "BK-0017", text)
    assert build(project, capsys=capsys)[0] == 0
    html = (project / "site" / "en" / "products" / "mat-ong-bac-ha-bk-0017" / "index.html").read_text("utf-8")
    assert '<span lang="vi" class="ocop-fallback">Mật ong từ hoa bạc hà.</span>' in html
    assert "not translated yet" in html
    assert '<html lang="en"' in html


def test_a_live_builder_shows_an_edit_in_every_file_it_keeps_pieces_of(project, tmp_path):
    """ocop serve keeps pieces made from one product between rebuilds: an edit must reach them all."""
    from builder.commands import default_adapter
    from builder.pipeline.build import Builder
    from builder.progress import Progress

    builder = Builder(project, default_adapter(), progress=Progress(quiet=True), live=True)
    site = tmp_path / "preview"
    builder.build(site)
    product = project / "products" / "P-00003" / "product.yaml"
    old_name = product.read_text("utf-8").split("  vi: ", 1)[1].split("\n", 1)[0]
    product.write_text(product.read_text("utf-8").replace(old_name, "Tên đã sửa"), "utf-8")
    report = builder.build(site)
    assert 0 < report.rendered < report.pages
    kiosk_data = next((site / "kiosk").glob("data.*.json")).read_text("utf-8")
    for text in ((site / "feed.xml").read_text("utf-8"), kiosk_data, (site / "filters.json").read_text("utf-8"),
                 (site / "api" / "products.json").read_text("utf-8"),
                 (site / "api" / "products.csv").read_text("utf-8-sig"),
                 (site / "t" / "P-00003" / "index.html").read_text("utf-8")):
        assert "Tên đã sửa" in text and old_name not in text


def live_builder_noting_pieces(project: Path, monkeypatch):
    """A Builder as ocop serve keeps one, and the keys of the pieces it makes rather than reuses."""
    from builder.commands import default_adapter
    from builder.pipeline.build import Builder
    from builder.pipeline.render import Renderer
    from builder.progress import Progress

    made = []
    remembered = Renderer.remembered
    monkeypatch.setattr(Renderer, "remembered", lambda self, key, make: remembered(
        self, key, lambda: made.append(key) or make()))
    return Builder(project, default_adapter(), progress=Progress(quiet=True), live=True), made


def test_a_live_builders_lists_reuse_the_cards_of_the_products_not_edited(project, tmp_path, monkeypatch):
    """A product's card is on many lists; after an edit ocop serve renders those lists again
    with the other products' cards as they were, and the edited product's new card."""
    builder, made = live_builder_noting_pieces(project, monkeypatch)
    site = tmp_path / "preview"
    product = project / "products" / "P-00003" / "product.yaml"
    old_name = product.read_text("utf-8").split("  vi: ", 1)[1].split("\n", 1)[0]
    for name in (old_name, "Tên sửa lần một", "Tên sửa lần hai"):
        product.write_text(product.read_text("utf-8").replace(old_name, name), "utf-8")
        old_name = name
        made.clear()
        builder.build(site)
    made_cards = {key[1] for key in made if key[0] == "card"}  # ("card", item key, language, depth, eager)
    used_cards = {key[2] for key in builder.caches.pieces.made if key[1] == "card"}  # (shared inputs, *key)
    assert len(made_cards) == 1, "only the edited product's cards are made"
    assert len(used_cards) > 1 and made_cards < used_cards, "the other products' cards were kept"
    lists = [page for page in site.rglob("index.html") if "Tên sửa lần hai" in page.read_text("utf-8")
             and "P-00003" not in page.parent.name and "mat-ong" not in page.parent.name]
    assert lists, "a list shows the new name"
    assert not [page for page in site.rglob("*.html") if "Tên sửa lần một" in page.read_text("utf-8")]


def test_a_live_builder_keeps_its_pieces_over_a_rebuild_that_needed_none(project, tmp_path, monkeypatch):
    """ocop serve rebuilds whenever a file is saved. A rebuild that makes no whole-catalogue
    file (nothing changed, as when the preview starts again) must not drop the pieces it did
    not need: the next edit makes only the edited product's, as after any other rebuild."""
    builder, made = live_builder_noting_pieces(project, monkeypatch)
    site = tmp_path / "preview"
    product = project / "products" / "P-00003" / "product.yaml"

    def pieces_made_by_renaming(name: str) -> int:
        text = product.read_text("utf-8")
        product.write_text(text.replace(text.split("  vi: ", 1)[1].split("\n", 1)[0], name), "utf-8")
        made.clear()
        builder.build(site)
        return len(made)

    builder.build(site)
    pieces_made_by_renaming("Tên sửa lần một")
    after_an_edit = pieces_made_by_renaming("Tên sửa lần hai")
    builder.build(site)  # nothing changed
    assert 0 < pieces_made_by_renaming("Tên sửa lần ba") == after_an_edit


def file_states(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under the site with its inode and modification time."""
    return {str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def test_an_unchanged_project_is_not_built_again(project, capsys, monkeypatch):
    from builder.pipeline import build as pipeline

    write_product(project, "BK-0017", "\n".join(line for line in PRODUCT_YAML.format(id="BK-0017").splitlines()
                                                 if not line.startswith("summary:")))
    settle(project)
    code, _, err = run_ocop(project, "build", capsys=capsys)
    assert code == 0, err
    warning = next(line for line in err.splitlines() if "BK-0017 still lacks summary" in line)
    before = file_states(project / "site")

    def built(*args, **kwargs):
        raise AssertionError("the catalogue was built again although nothing changed")

    monkeypatch.setattr(pipeline.Builder, "build", built)
    code, _, err = run_ocop(project, "build", capsys=capsys)
    assert code == 0, err
    assert warning in err.splitlines(), "the office still sees what needs its attention"
    assert f"Nothing changed since the last build: {project / 'site'} is up to date" in err
    assert file_states(project / "site") == before


def test_any_change_to_what_a_build_reads_builds_again(project, tmp_path, capsys, monkeypatch):
    from builder.pipeline import build as pipeline

    settle(project)
    assert build(project, capsys=capsys)[0] == 0
    builds = []
    real_build = pipeline.Builder.build
    monkeypatch.setattr(pipeline.Builder, "build", lambda self, *a, **k: builds.append(1) or real_build(self, *a, **k))

    def builds_again(change) -> bool:
        builds.clear()
        change()
        settle(project)
        assert build(project, capsys=capsys)[0] == 0
        return bool(builds)

    product = project / "products" / "P-00003" / "product.yaml"
    assert not builds_again(lambda: None)
    assert builds_again(lambda: product.write_text(product.read_text("utf-8").replace("stars: 3", "stars: 4"),
                                                   "utf-8"))
    assert builds_again(lambda: shutil.copy(project / "products" / "P-00000" / "photo.jpg",
                                            product.parent / "photo-2.jpg"))
    assert builds_again(lambda: (project / "catalogue" / "about.md").write_text("# Giới thiệu\n", "utf-8"))
    assert builds_again(lambda: monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000"))  # another day: statuses
    assert builds_again(lambda: (project / "site" / "index.html").unlink())
    assert not builds_again(lambda: None)


def test_a_file_saved_twice_in_one_tick_of_a_coarse_clock_is_read_again(project, capsys):
    """On a file system that keeps times coarsely, two saves a moment apart can have the same
    size and time: a file saved a moment ago is never judged by its time."""
    import os

    product = project / "products" / "P-00003" / "product.yaml"
    product.write_text(product.read_text("utf-8").replace("stars: 3", "stars: 4"), "utf-8")
    first_save = product.stat()
    assert build(project, capsys=capsys)[0] == 0
    product.write_text(product.read_text("utf-8").replace("stars: 4", "stars: 5"), "utf-8")
    os.utime(product, ns=(first_save.st_atime_ns, first_save.st_mtime_ns))  # the same tick
    assert product.stat().st_size == first_save.st_size
    assert build(project, capsys=capsys)[0] == 0
    assert "ocop-stars--5" in (project / "site" / "t" / "P-00003" / "index.html").read_text("utf-8")


def test_the_build_right_after_an_edit_lets_the_next_one_stop_at_once(project, capsys, monkeypatch):
    """A file saved a moment ago is known by its bytes as well as its time: the build just after an
    edit is recorded, and a build a moment later, with nothing new, stops before loading anything."""
    from builder.pipeline import build as pipeline

    settle(project)
    assert build(project, capsys=capsys)[0] == 0
    product = project / "products" / "P-00003" / "product.yaml"
    product.write_text(product.read_text("utf-8").replace("stars: 3", "stars: 4"), "utf-8")
    assert build(project, capsys=capsys)[0] == 0

    def built(*args, **kwargs):
        raise AssertionError("the catalogue was built again although nothing changed")

    monkeypatch.setattr(pipeline.Builder, "build", built)
    code, _, err = run_ocop(project, "build", capsys=capsys)
    assert code == 0, err
    assert f"Nothing changed since the last build: {project / 'site'} is up to date" in err


def test_a_build_with_nothing_new_writes_nothing_and_does_not_start_the_theme_engine(project, capsys, monkeypatch):
    import mkdocs.commands.build

    assert build(project, capsys=capsys)[0] == 0
    before = file_states(project / "site")
    for path in (project / "products").rglob("*"):  # saved again unchanged: the whole pipeline looks
        path.touch()

    def theme_engine_started(*args, **kwargs):
        raise AssertionError("MkDocs ran although nothing it renders changed")

    monkeypatch.setattr(mkdocs.commands.build, "build", theme_engine_started)
    code, _, err = build(project, capsys=capsys)
    assert code == 0, err
    assert file_states(project / "site") == before


def test_one_edit_remakes_that_products_pages_and_the_files_that_list_every_product(project, capsys):
    assert build(project, capsys=capsys)[0] == 0
    before = file_states(project / "site")
    product = project / "products" / "P-00003" / "product.yaml"
    old_name = product.read_text("utf-8").split("  vi: ", 1)[1].split("\n", 1)[0]
    product.write_text(product.read_text("utf-8").replace(old_name, "Tên đã sửa"), "utf-8")
    assert build(project, capsys=capsys)[0] == 0
    after = file_states(project / "site")
    remade = {path for path, state in after.items() if before.get(path) != state and not Path(path).suffix == ""}
    shows_the_name = {path for path in remade if path.endswith((".html", ".xml", ".json"))
                      and "Tên đã sửa" in (project / "site" / path).read_text("utf-8")}
    assert {"t/P-00003/index.html", "feed.xml", "api/products.json", "products/ten-da-sua/index.html"} \
        <= shows_the_name
    other_products = {path for path in remade
                      if re.match(r"(\w\w/)?(t|products)/", path) and "P-00003" not in path and "ten-da-sua" not in path
                      and not path.startswith(("products/index.html", "en/products/index.html"))}
    assert not other_products, "pages of products that were not edited are left alone"


def test_an_edit_re_indexes_search_from_kept_documents_as_a_clean_build_would(project, tmp_path, capsys,
                                                                              monkeypatch):
    """Pagefind indexes a whole shard again after an edit; only the edited product's documents are made anew."""
    from builder.files import search

    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("search: false", "search: true"), "utf-8")
    assert build(project, capsys=capsys)[0] == 0
    indexed = kept_index_files(project)
    product = project / "products" / "P-00003" / "product.yaml"
    product.write_text(product.read_text("utf-8").replace("đặc sản", "đặc sản nổi tiếng", 1), "utf-8")
    made = []
    record = search.search_record
    monkeypatch.setattr(search, "search_record",
                        lambda item, lang, renderer: made.append((item.id, lang.code)) or record(item, lang, renderer))
    assert build(project, capsys=capsys)[0] == 0
    assert sorted(made) == [("P-00003", "en"), ("P-00003", "vi")]
    again = kept_index_files(project)
    unchanged = {name for name in set(indexed) & set(again) if indexed[name][0] == again[name][0]}
    assert any(name.startswith("fragment/") for name in unchanged)
    assert any(name.startswith("fragment/") for name in set(again) - set(indexed)), "the edited product's"
    assert all(indexed[name][1] == again[name][1] for name in unchanged), \
        "the files Pagefind wrote again with the same bytes are linked from the last index, not copied"
    shutil.rmtree(project / ".ocop-cache")
    assert build(project, tmp_path / "clean", capsys)[0] == 0
    index = {path: key for path, key in snapshot(project / "site").items() if path.startswith("pagefind")}
    assert index and index == {path: key for path, key in snapshot(tmp_path / "clean").items()
                               if path.startswith("pagefind")}


def kept_index_files(project) -> dict[str, tuple[bytes, int]]:
    """The files of the kept search index (one shard here), by name, with their bytes and inode."""
    (shard,) = [folder for folder in (project / ".ocop-cache" / "search").iterdir() if folder.is_dir()]
    return {path.relative_to(shard).as_posix(): (path.read_bytes(), path.stat().st_ino)
            for path in shard.rglob("*") if path.is_file()}


def test_pieces_kept_between_builds_are_not_used_by_other_code(tmp_path):
    from builder.stored import KeptPieces

    path = tmp_path / "pieces.pickle"
    first = KeptPieces(path, code="code of release 1")
    assert first.get(("feed", "P-1"), lambda: "entry made by release 1") == "entry made by release 1"
    first.save()
    assert KeptPieces(path, code="code of release 1").get(("feed", "P-1"), lambda: "made again") \
        == "entry made by release 1"
    assert KeptPieces(path, code="code of release 2").get(("feed", "P-1"), lambda: "made again") == "made again"


def test_a_build_that_re_renders_only_a_hand_written_page_keeps_the_sitemap(project, capsys):
    assert build(project, capsys=capsys)[0] == 0
    sitemap = read_sitemaps(project / "site")
    home = project / "catalogue" / "index.md"
    home.write_text(home.read_text("utf-8") + "\nMột dòng mới.\n", "utf-8")
    assert build(project, capsys=capsys)[0] == 0
    assert "Một dòng mới." in (project / "site" / "index.html").read_text("utf-8")
    assert read_sitemaps(project / "site") == sitemap  # ours, with the languages: not MkDocs' own
    assert not (project / "site" / "sitemap.xml.gz").exists()


def test_the_sitemap_is_made_again_only_when_the_pages_it_lists_change(project, capsys, monkeypatch):
    from builder.files import sitemap

    made = []
    write_sitemap = sitemap.write_sitemap
    monkeypatch.setattr(sitemap, "write_sitemap", lambda *args: made.append(1) or write_sitemap(*args))
    assert build(project, capsys=capsys)[0] == 0
    product = project / "products" / "P-00003" / "product.yaml"
    product.write_text(product.read_text("utf-8").replace("đặc sản", "đặc sản nổi tiếng", 1), "utf-8")
    assert build(project, capsys=capsys)[0] == 0
    assert made == [1], "a new text lists no new page"
    write_product(project, "BK-0017", PRODUCT_YAML.format(id="BK-0017"))
    assert build(project, capsys=capsys)[0] == 0
    assert made == [1, 1]
    assert "/products/mat-ong-bac-ha-bk-0017/</loc>" in read_sitemaps(project / "site")


def test_an_edit_makes_again_only_the_save_lists_of_the_edited_products_district(project, capsys, monkeypatch):
    from builder.files import offline

    made = []
    save_list = offline.district_save_list
    monkeypatch.setattr(offline, "district_save_list", lambda site, district_id, lang, *rest: made.append(
        (district_id, lang.code)) or save_list(site, district_id, lang, *rest))
    assert build(project, capsys=capsys)[0] == 0
    assert len({district for district, _ in made}) > 1
    home = project / "catalogue" / "index.md"  # a build in between that changes no product
    home.write_text(home.read_text("utf-8") + "\nMột dòng mới.\n", "utf-8")
    assert build(project, capsys=capsys)[0] == 0
    made.clear()
    product = project / "products" / "P-00003" / "product.yaml"
    product.write_text(product.read_text("utf-8").replace("stars: 3", "stars: 5"), "utf-8")
    assert build(project, capsys=capsys)[0] == 0
    [district] = {district for district, _ in made}
    assert sorted(language for _, language in made) == ["en", "vi"]
    saved = json.loads((project / "site" / "districts" / district / "offline.json").read_text("utf-8"))
    assert "../../t/P-00003/" in saved["pages"]


def test_a_group_of_files_is_the_files_its_making_put_first(tmp_path):
    """What a whole-catalogue group made is what the next build keeps when the group's key holds."""
    from builder.pipeline.write import Output

    output = Output(tmp_path / "first")
    output.put_bytes("products/a/index.html", b"a page")  # put before: not the group's

    def feeds():
        output.put_bytes("feed.xml", b"<feed/>")
        output.put_bytes("products/a/index.html", b"a page")
        output.made_by("inner", "key-2", lambda: output.put_bytes("en/feed.xml", b"<feed/>"))

    assert output.made_by("feeds", "key-1", feeds)
    assert output.groups == {"feeds": ("key-1", ["feed.xml", "en/feed.xml"]), "inner": ("key-2", ["en/feed.xml"])}

    again = Output(tmp_path / "second", dict(output.manifest), dict(output.groups))
    assert not again.made_by("feeds", "key-1", lambda: pytest.fail("an unchanged group is made again"))
    assert again.manifest == {"feed.xml": output.manifest["feed.xml"], "en/feed.xml": output.manifest["en/feed.xml"]}
    assert not (tmp_path / "second" / "feed.xml").exists()  # left as the last build published it
    third = Output(tmp_path / "third", dict(output.manifest), dict(output.groups))
    assert third.made_by("site files", "key-3", lambda: third.made_by("inner", "key-2", pytest.fail))
    assert third.groups["site files"] == ("key-3", ["en/feed.xml"])  # a group kept inside one made is in it


def test_the_site_model_is_whole_and_frozen_once_derived(project):
    """The photos stage hands its results to derive: no stage changes the model afterwards."""
    import dataclasses

    import pytest

    from builder.commands import default_adapter
    from builder.pipeline.build import prepare

    site = prepare(default_adapter().load_project(project))
    item = site.items[0]
    assert item.photos and item.photos[0].variants and item.card and item.card == item.cards["vi"]
    assert site.photo_pipeline is not None
    for model, name in ((item, "photos"), (item, "card"), (site, "items"), (site, "district_photos")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(model, name, None)
