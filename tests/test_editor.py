"""The office's editor: ocop serve answers the CMS (Decap) at /admin/, and every save is the
office's file with only the changed values, validated before it is written.

The CMS's script is served from tests/node_modules/decap-cms/dist in place of the pinned CDN URL."""
from __future__ import annotations

import base64
import io
import json
import re
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from builder.adapters import default_adapter
from builder.editor.api import EditorApi, client_allowed
from builder.editor.page import CMS_DIST, CMS_INTEGRITY, CMS_URL
from conftest import REPO, in_chromium

DIST = REPO / "tests" / "node_modules" / "decap-cms" / "dist"
BK1 = "products/BK-0001/product.yaml"


def sample_copy(dest: Path) -> Path:
    for name in ("products", "catalogue", "theme_overrides"):
        shutil.copytree(REPO / name, dest / name)
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    # today's province of the office: new products are numbered BK-0007, BK-0008, ...
    (dest / "mkdocs.yml").write_text(config.replace("      page_size: 48\n",
                                                    "      page_size: 48\n      id_prefixes: {bac-kan: BK}\n"), "utf-8")
    return dest


def jpeg_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (90, 140, 60)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def api(tmp_path):
    project = sample_copy(tmp_path / "project")
    return EditorApi(default_adapter().load_project(project)), project


def entry_text(api, path):
    status, entry = api.handle({"action": "getEntry", "params": {"path": path}})
    assert status == 200
    return entry["data"]


def persist(api, path, raw, assets=()):
    return api.handle({"action": "persistEntry", "params": {
        "dataFiles": [{"path": path, "slug": Path(path).parent.name, "raw": raw}],
        "assets": list(assets), "options": {"commitMessage": "edit"}}})


# --- the API -----------------------------------------------------------------------------

def test_a_save_that_makes_the_catalogue_invalid_is_refused_and_nothing_changes(api):
    editor, project = api
    before = (project / BK1).read_bytes()
    status, answer = persist(editor, BK1, entry_text(editor, BK1).replace("stars: 4", "stars: 6"))
    assert status == 422
    assert "products/BK-0001/product.yaml:8: 'stars' must be one of 3, 4 or 5, not 6" in answer["error"]
    assert (project / BK1).read_bytes() == before


def test_a_save_changes_only_the_edited_values_and_keeps_the_comments(api):
    editor, project = api
    before = (project / BK1).read_text("utf-8")
    form = entry_text(editor, BK1)
    assert "summary:\n  vi: Miến làm từ" in form  # the form reads every text as {vi: ..., en: ...}
    form = form.replace("  vi: Miến làm từ tinh bột dong riềng trồng trên đồi Côn Minh, sợi dai, không hóa chất tẩy trắng.",
                        "  vi: Miến dong thủ công của Côn Minh.")
    status, _ = persist(editor, BK1, form.replace("stars: 4", "stars: '5'"))  # a select may send text
    assert status == 200
    after = (project / BK1).read_text("utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("stars: 4", "stars: 5"),
                       ("  vi: Miến làm từ tinh bột dong riềng trồng trên đồi Côn Minh, sợi dai, không hóa chất tẩy trắng.",
                        "  vi: Miến dong thủ công của Côn Minh.")]
    assert after.startswith("# yaml-language-server: $schema=../../builder/schemas/product.schema.json\n# draw: bag")


def test_a_plain_text_stays_plain_until_another_language_is_added(api):
    editor, project = api
    path = project / BK1
    path.write_text(path.read_text("utf-8").replace("category: {vi: 'Miến, bún khô', en: Dried noodles}",
                                                    "category: Miến khô  # review: loại sản phẩm"), "utf-8")
    form = entry_text(editor, BK1)
    assert "category:\n  vi: Miến khô\n" in form
    assert persist(editor, BK1, form.replace("  vi: Miến khô\n", "  vi: Miến dong khô\n"))[0] == 200
    assert re.search(r"\ncategory: Miến dong khô +# review: loại sản phẩm\n", path.read_text("utf-8"))
    form = entry_text(editor, BK1)
    assert persist(editor, BK1, form.replace("  vi: Miến dong khô\n", "  vi: Miến dong khô\n  en: Dried noodles\n"))[0] == 200
    assert re.search(r"\ncategory: +# review: loại sản phẩm\n  vi: Miến dong khô\n  en: Dried noodles\n",
                     path.read_text("utf-8"))


def test_an_upload_lands_beside_the_product_under_a_clean_name(api):
    editor, project = api
    form = entry_text(editor, BK1).replace("images:\n", "images:\n- file: Ảnh Mới (1).JPG\n  alt: {vi: Bó miến}\n", 1)
    asset = {"path": "products/BK-0001/Ảnh Mới (1).JPG", "content": base64.b64encode(jpeg_bytes()).decode(),
             "encoding": "base64"}
    status, answer = persist(editor, BK1, form, [asset])
    assert status == 200, answer
    assert (project / "products/BK-0001/anh-moi-1.jpg").read_bytes() == jpeg_bytes()
    assert "images:\n- file: anh-moi-1.jpg\n  alt: Bó miến\n" in (project / BK1).read_text("utf-8")


def test_a_fake_photo_is_refused_and_nothing_is_written(api):
    editor, project = api
    before = (project / BK1).read_bytes()
    form = entry_text(editor, BK1).replace("images:\n", "images:\n- file: menu.jpg\n  alt: {vi: Thực đơn}\n", 1)
    asset = {"path": "products/BK-0001/menu.jpg", "content": base64.b64encode(b"just text, renamed").decode(),
             "encoding": "base64"}
    status, answer = persist(editor, BK1, form, [asset])
    assert status == 422
    assert "the photo 'menu.jpg' is not a real JPEG image" in answer["error"]
    assert not (project / "products/BK-0001/menu.jpg").exists()
    assert (project / BK1).read_bytes() == before
    status, answer = editor.handle({"action": "persistMedia", "params": {"asset": asset}})
    assert status == 422 and not (project / "products/BK-0001/menu.jpg").exists()


def test_paths_outside_the_catalogue_are_refused(api):
    editor, _ = api
    for path in ("../mkdocs.yml", "/etc/passwd", "mkdocs.yml", "products/../../x.yaml", "products/.git/config"):
        status, answer = editor.handle({"action": "getEntry", "params": {"path": path}})
        assert status == 403, (path, answer)
    asset = {"path": "products/BK-0001/../../evil.jpg", "content": base64.b64encode(jpeg_bytes()).decode()}
    assert editor.handle({"action": "persistMedia", "params": {"asset": asset}})[0] == 403
    assert editor.handle({"action": "deleteFile", "params": {"path": BK1}})[0] == 403


def test_a_new_product_gets_the_next_number_of_the_province(api):
    editor, project = api
    assert editor.next_product_id() == "BK-0007"
    form = (project / "products/BK-0002/product.yaml").read_text("utf-8")
    form = re.sub(r"(?m)^id: BK-0002$", "id: BK-0007", form).replace("Trà hoa vàng Ba Bể", "Trà hoa vàng Ba Bể mới")
    form = re.sub(r"(?m)^  - file: .*\n(    .*\n)*", "", form.split("images:")[0]) + "points_of_sale: []\n"
    status, answer = persist(editor, "products/bk-0007/product.yaml", form)  # the CMS lower-cases new paths
    assert status == 200, answer
    assert (project / "products/BK-0007/product.yaml").is_file()
    assert "BK: 7" in (project / "catalogue/import-state.yaml").read_text("utf-8")
    assert editor.next_product_id() == "BK-0008"
    status, answer = persist(editor, "products/bk-0007/product.yaml", form.replace("mới", "khác"))
    assert status == 200  # saved again: it exists now


def test_a_point_of_sale_is_saved_as_its_own_file(api):
    editor, project = api
    raw = ("id: BK-AIRPORT-KIOSK\nname:\n  vi: Quầy OCOP sân bay\nkind: airport\nprovince: bac-kan\n"
           "district: na-ri\naddress:\n  vi: Nhà ga T1\n")
    status, answer = persist(editor, "catalogue/points_of_sale/bk-airport-kiosk.yaml", raw)
    assert status == 200, answer
    assert (project / "catalogue/points_of_sale/BK-AIRPORT-KIOSK.yaml").read_text("utf-8") == \
        "id: BK-AIRPORT-KIOSK\nname: Quầy OCOP sân bay\nkind: airport\nprovince: bac-kan\ndistrict: na-ri\naddress: Nhà ga T1\n"
    status, entries = editor.handle({"action": "entriesByFolder", "params": {
        "folder": "catalogue/points_of_sale", "extension": "yaml", "depth": 1}})
    assert [e["file"]["path"] for e in entries] == ["catalogue/points_of_sale/BK-AIRPORT-KIOSK.yaml"]


def test_only_this_computer_may_use_the_api():
    json_type = "application/json; charset=utf-8"
    assert client_allowed("127.0.0.1", "127.0.0.1:8000", None, json_type) is None
    assert client_allowed("::1", "localhost:8000", "http://localhost:8000", json_type) is None
    assert "only this computer" in client_allowed("192.168.1.20", "192.168.1.5:8000", None, json_type)
    assert "only this computer" in client_allowed("10.0.0.7", "127.0.0.1:8000", None, json_type)
    # a page elsewhere, through a DNS name pointed at 127.0.0.1, or posting a form
    assert client_allowed("127.0.0.1", "evil.example:8000", None, json_type)
    assert client_allowed("127.0.0.1", "127.0.0.1:8000", "https://evil.example", json_type)
    assert client_allowed("127.0.0.1", "127.0.0.1:8000", None, "text/plain")


def test_the_pinned_script_is_the_one_in_the_npm_package():
    import hashlib

    assert CMS_URL.startswith(CMS_DIST)
    version = json.loads((DIST.parent / "package.json").read_text())["version"]
    assert CMS_URL == f"https://unpkg.com/decap-cms@{version}/dist/decap-cms.js"
    digest = base64.b64encode(hashlib.sha384((DIST / "decap-cms.js").read_bytes()).digest()).decode()
    assert CMS_INTEGRITY == f"sha384-{digest}"
