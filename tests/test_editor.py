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
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from builder.commands import default_adapter
from builder.editor.api import EditorApi, client_allowed
from builder.editor.page import CMS_DIST, CMS_INTEGRITY, CMS_URL
from conftest import REPO, in_chromium, start_preview

DIST = REPO / "tests" / "node_modules" / "decap-cms" / "dist"
pytestmark = pytest.mark.usefixtures("node_packages")  # the CMS's script, installed from tests/package-lock.json
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


def test_a_new_object_holding_only_defaults_is_left_out(api):
    """A new entry's form fills defaults in: {price: {currency: VND}} alone is no price."""
    editor, project = api
    path = project / BK1
    path.write_text(re.sub(r"(?m)^specs:\n(  .*\n)+", "", path.read_text("utf-8")), "utf-8")
    before = path.read_text("utf-8")
    form = entry_text(editor, BK1) + "specs:\n  volume: ''\n  price: {currency: VND}\nqr: product\nunknown: ignored\n"
    status, answer = persist(editor, BK1, form)
    assert status == 200, answer
    assert path.read_text("utf-8") == before


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
    other = form.replace("BK-0007", "BK-0008").replace("province: bac-kan", "province: ha-giang") \
        .replace("district: ba-be", "district: dong-van")
    status, answer = persist(editor, "products/bk-0008/product.yaml", other)
    assert status == 422 and "a product of ha-giang is numbered HG-…; use HG-0008" in answer["error"]  # HG-0007 is the sample's cookies
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


# --- in Chromium, through ocop serve on a copy of the sample -------------------------------

SHOTS = Path("/tmp/shots-26")


@pytest.fixture(scope="module")
def editor_server(tmp_path_factory):
    """ocop serve on a copy of the sample, listening on every interface (the API still answers
    this computer only); yields (url on 127.0.0.1, port, project)."""
    project = sample_copy(tmp_path_factory.mktemp("editor") / "project")
    server, url = start_preview(project, "0.0.0.0:0")
    port = int(re.fullmatch(r"http://0\.0\.0\.0:(\d+)/", url).group(1))
    yield f"http://127.0.0.1:{port}/", port, project
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def editor(browser, editor_server):
    """The editor's page, logged in to the local backend, with the CMS script from tests/node_modules."""
    url, _, project = editor_server
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page.route(CMS_DIST + "*", lambda route: route.fulfill(
        path=str(DIST / route.request.url.rsplit("/", 1)[1]), content_type="text/javascript"))
    page.goto(url + "admin/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("BK-0001 · Miến dong Na Rì").wait_for()
    yield page, url, project
    page.close()


def control(scope, label: str):
    """The form control labelled ``label`` (its label starts with it) inside ``scope``."""
    page = scope if hasattr(scope, "goto") else scope.page
    return scope.locator("[class*=ControlContainer]").filter(
        has=page.locator(":scope > div > label", has_text=re.compile("^" + re.escape(label))))


def text_in(scope, label: str, language: str = "Tiếng Việt (vi)"):
    return control(control(scope, label), language).locator("input, textarea").first


def choose(scope, label: str, option: str):
    control(scope, label).first.locator("input").first.click()
    (scope if hasattr(scope, "goto") else scope.page).get_by_role("option", name=option, exact=True).click()


def publish(page) -> None:
    page.get_by_role("button", name="Công bố").click()
    page.get_by_role("menuitem", name="Công bố ngay").click()


def add_photo(page, photo: Path, alt: str) -> None:
    images = control(page, "Ảnh").first
    images.get_by_role("button", name="Add ảnh").click()
    images.get_by_role("button", name="Chọn một hình").click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    control(control(images, "Mô tả ảnh").last, "Tiếng Việt (vi)").locator("input").fill(alt)


@in_chromium
def test_editing_a_summary_changes_only_those_values_and_the_preview_shows_them(editor):
    page, url, project = editor
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "list-vi.png"))
    before = (project / BK1).read_text("utf-8")
    page.get_by_text("BK-0001 · Miến dong Na Rì").click()
    text_in(page, "Tóm tắt").fill("Miến dong Na Rì làm thủ công, phơi nắng tự nhiên.")
    text_in(page, "Tóm tắt", "Tiếng Anh (en)").fill("Na Ri vermicelli, made by hand and dried in the sun.")
    page.screenshot(path=str(SHOTS / "product-editor-vi.png"))
    publish(page)
    page.get_by_text("Mục đã được lưu").wait_for()
    after = (project / BK1).read_text("utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [
        ("  vi: Miến làm từ tinh bột dong riềng trồng trên đồi Côn Minh, sợi dai, không hóa chất tẩy trắng.",
         "  vi: Miến dong Na Rì làm thủ công, phơi nắng tự nhiên."),
        ("  en: 'Vermicelli made from arrowroot starch grown on the Con Minh hills: chewy, with no bleaching "
         "chemicals.'", "  en: 'Na Ri vermicelli, made by hand and dried in the sun.'")]
    assert len(before.splitlines()) == len(after.splitlines())
    assert [line for line in after.splitlines() if line.startswith("#")] == \
        [line for line in before.splitlines() if line.startswith("#")]
    page.goto(url + "products/mien-dong-na-ri/")  # the preview rebuilds and reloads as for a hand edit
    page.get_by_text("Miến dong Na Rì làm thủ công, phơi nắng tự nhiên.").first.wait_for(timeout=120_000)


@in_chromium
def test_an_uploaded_photo_lands_beside_the_product_and_in_its_images(editor, tmp_path):
    page, _, project = editor
    photo = tmp_path / "Bó miến mới.jpg"
    Image.new("RGB", (640, 480), (120, 160, 80)).save(photo, "JPEG")
    page.get_by_text("BK-0001 · Miến dong Na Rì").click()
    add_photo(page, photo, "Bó miến dong mới")
    publish(page)
    page.get_by_text("Mục đã được lưu").wait_for()
    saved = project / "products/BK-0001/bo-mien-moi.jpg"
    assert saved.read_bytes() == photo.read_bytes()
    assert "- file: bo-mien-moi.jpg\n  alt: Bó miến dong mới\n" in (project / BK1).read_text("utf-8")


@in_chromium
def test_a_renamed_text_file_is_refused_with_a_message_and_nothing_changes(editor, tmp_path):
    page, _, project = editor
    fake = tmp_path / "thuc-don.jpg"
    fake.write_text("Thực đơn: miến xào, miến trộn", "utf-8")
    folder = project / "products/BK-0001"
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    page.get_by_text("BK-0001 · Miến dong Na Rì").click()
    add_photo(page, fake, "Thực đơn")
    publish(page)
    page.get_by_text(re.compile("Không tải lên được .*'thuc-don.jpg' is not a real JPEG image")).wait_for()
    page.screenshot(path=str(SHOTS / "refused-upload-vi.png"))
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


@in_chromium
def test_a_product_created_in_the_editor_builds_and_appears_in_the_preview(editor):
    page, url, project = editor
    page.goto(url + "admin/#/collections/products/new")
    assert control(page, "Mã sản phẩm").locator("input").first.input_value() == "BK-0007"
    text_in(page, "Tên sản phẩm").fill("Mật ong bạc hà Na Rì")
    choose(page, "Nhóm sản phẩm", "Thực phẩm")
    choose(page, "Số sao", "3 sao")
    certificate = control(page, "Quyết định công nhận").first
    control(certificate, "Số quyết định").locator("input").fill("2001/QĐ-UBND")
    control(certificate, "Ngày ban hành").locator("input").first.fill("2025-11-20")
    text_in(certificate, "Cơ quan ban hành").fill("UBND tỉnh Thái Nguyên")
    producer = control(page, "Chủ thể sản xuất").first
    control(producer, "Tên chủ thể").locator("input").fill("HTX Ong mật Na Rì")
    choose(producer, "Loại hình", "Hợp tác xã")
    text_in(producer, "Địa chỉ").fill("Xã Côn Minh, Thái Nguyên")
    location = control(page, "Địa điểm").first
    control(location, "Tỉnh").locator("input").fill("bac-kan")
    control(location, "Khu vực").locator("input").fill("na-ri")
    text_in(page, "Tóm tắt").fill("Mật ong từ hoa bạc hà trên núi đá Na Rì.")
    publish(page)
    page.get_by_text("Mục đã được lưu").wait_for()
    text = (project / "products/BK-0007/product.yaml").read_text("utf-8")
    assert text.startswith("id: BK-0007\nname: Mật ong bạc hà Na Rì\ngroup: food\nstars: 3\ncertificate:\n")
    assert "  issued: 2025-11-20\n" in text
    assert "BK: 7" in (project / "catalogue/import-state.yaml").read_text("utf-8")
    page.goto(url + "districts/na-ri/")  # its area's page reloads when the rebuild is done
    page.get_by_role("link", name=re.compile("Mật ong bạc hà Na Rì")).first.click(timeout=120_000)
    page.locator("h1", has_text="Mật ong bạc hà Na Rì").first.wait_for()
    assert page.url == url + "products/mat-ong-bac-ha-na-ri/"


def test_the_editor_page_has_its_own_policy_and_stays_out_of_search_engines(editor_server):
    url, _, _ = editor_server
    with urllib.request.urlopen(url + "admin/") as response:
        html = response.read().decode()
        policy = response.headers["Content-Security-Policy"]
        assert response.headers["X-Robots-Tag"] == "noindex"
    assert f'<script src="{CMS_URL}" integrity="{CMS_INTEGRITY}" crossorigin="anonymous"></script>' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert f"script-src 'self' 'unsafe-eval' {CMS_DIST}" in policy and "connect-src 'self' blob:" in policy
    with urllib.request.urlopen(url + "admin/config.yml") as response:
        assert "proxy_url: /__ocop/cms/api/v1" in response.read().decode()
    with urllib.request.urlopen(url) as response:  # the public pages load nothing from elsewhere
        assert "unpkg.com" not in response.read().decode()


def non_loopback_address() -> str | None:
    """This computer's address on its network, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def post(url: str, body: dict, content_type="application/json") -> tuple[int, dict]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_the_api_answers_this_computer_only_even_on_every_interface(editor_server):
    url, port, project = editor_server
    assert post(url + "__ocop/cms/api/v1", {"action": "info"})[0] == 200
    assert post(url + "__ocop/cms/api/v1", {"action": "info"}, "text/plain")[0] == 403
    address = non_loopback_address()
    if address is None:
        pytest.skip("this computer has no network address besides loopback")
    status, answer = post(f"http://{address}:{port}/__ocop/cms/api/v1", {"action": "getEntry", "params": {"path": BK1}})
    assert status == 403 and "only this computer" in answer["error"]
