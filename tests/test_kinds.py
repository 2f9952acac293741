"""builder/kinds: the registry of page kinds plans exactly the pages the site holds."""
from __future__ import annotations

import re

from builder.pipeline.build import prepare
from builder.pipeline.keys import RENDERING_ROOTS, kinds_modules, modules_behind
from builder.commands import load_project
from builder.kinds import kinds, sitemap_paths
from builder.pipeline.render import Renderer
from conftest import run_ocop


def planned(project):
    renderer = Renderer(prepare(load_project(project)))
    return renderer, renderer.jobs()


def test_every_kind_is_a_module_with_its_own_pages(project):
    assert list(kinds()) == ["product", "trace", "lot", "listing", "index", "season", "offline", "office", "kiosk"]
    _, jobs = planned(project)
    by_kind = {name: [job.path for job in jobs if job.kind == name] for name in kinds()}
    assert "products/" in by_kind["product"][0] and "en/products/" in by_kind["product"][1]
    assert "t/P-00000/" in by_kind["trace"] and "en/t/P-00000/" in by_kind["trace"]
    assert by_kind["lot"] and all(re.fullmatch(r"(en/)?t/P-\d{5}/[A-Z0-9-]+/", path) for path in by_kind["lot"])
    assert "districts/" in by_kind["index"] and "en/points-of-sale/" in by_kind["index"]
    assert any(path.startswith("stars/") for path in by_kind["listing"])
    assert {f"season/{month}/" for month in range(1, 13)} <= set(by_kind["listing"]), "a list for each month"
    assert by_kind["kiosk"] == ["kiosk/", "en/kiosk/"]
    assert by_kind["season"] == ["season/", "en/season/"]


def test_the_plan_is_the_site(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("search: false", "search: false\n      page_size: 2"), "utf-8")
    assert run_ocop(project, "build", "--quiet")[0] == 0
    _, jobs = planned(project)
    site = project / "site"
    built = {p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")}
    theme_pages = {"./", "en/", "about-ocop/", "en/about-ocop/"}
    gs1_pages = {path for path in built if path.startswith("01/")}
    assert {job.path for job in jobs} == built - theme_pages - gs1_pages
    assert any("/page/2/" in job.path for job in jobs), "long lists continue on page 2"
    assert "season/1/page/2/" in built and "en/season/1/page/2/" in built, "a month's list too"


def test_qr_codes_sit_beside_the_pages_they_open(project):
    renderer, jobs = planned(project)
    beside = {path for job in jobs if job.kind != "office" for path, _, _ in renderer.beside(job)}
    assert "t/P-00000/qr.svg" in beside and "t/P-00000/qr.png" in beside
    assert not any(path.startswith("en/") for path in beside), "codes open the language-free URL"
    assert all(path.startswith("t/") for path in beside)


def test_the_sitemap_lists_catalogue_pages_not_traceability_pages(project):
    _, jobs = planned(project)
    listed = sitemap_paths(jobs, "vi")
    assert any(path.startswith("products/") for path in listed) and "districts/" in listed
    assert "season/" in listed and "season/1/" in listed
    assert not any(path.startswith(("t/", "en/")) for path in listed)


def test_page_keys_cover_every_module_that_renders():
    names = {path.relative_to(path.parents[1]).as_posix() if path.parent.name != "builder" else path.name
             for path in modules_behind(*RENDERING_ROOTS, *kinds_modules())}
    assert {"pipeline/render.py", "settings.py", "i18n.py", "pipeline/derive.py", "jsonld.py", "links.py",
            "status.py", "markdown_safe.py"} <= names
    assert {f"kinds/{kind}.py" for kind in ("product", "trace", "lot", "listing", "index")} <= names
    assert "cli.py" not in names and "serve.py" not in names
    # the code that stores pages and runs Pagefind does not change a page: changing it renders nothing again
    assert "pipeline/write.py" not in names and "files/search.py" not in names and "pipeline/build.py" not in names


def test_the_season_page_is_made_again_only_when_what_it_shows_changes(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("search: false", "search: false\n      page_size: 2"), "utf-8")
    renderer, jobs = planned(project)
    season = next(job for job in jobs if job.path == "season/")
    by_month = renderer.site.by_month
    shown = {item.id for items in by_month.values() for item in items[:2]}
    unseen = next(item for items in by_month.values() for item in items[2:] if item.id not in shown)
    month = next(month for month, items in by_month.items() if unseen in items)
    its_page = next(job for job in jobs if job.path == f"season/{month}/page/{by_month[month].index(unseen) // 2 + 1}/")
    before = renderer.inputs(season), renderer.inputs(its_page)

    def edit(product_id):
        product = project / "products" / product_id / "product.yaml"
        product.write_text(product.read_text("utf-8").replace("đặc sản", "đặc sản nổi tiếng", 1), "utf-8")
        renderer = planned(project)[0]
        return renderer.inputs(season), renderer.inputs(its_page)

    after = edit(unseen.id)
    assert after[0] == before[0], "a product past every month's first page: the season page stays"
    assert after[1] != before[1], "its month's list page is made again"
    assert edit(sorted(shown)[0])[0] != after[0], "a product the season page shows"
