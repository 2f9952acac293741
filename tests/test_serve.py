"""ocop serve in Chromium: an edit reloads the page; a bad edit shows its problems over the last good page;
and a request the browser drops prints nothing.

The `preview` fixture (conftest.py) starts `ocop serve` on a copy of the test catalogue."""
from __future__ import annotations

import os
import re
import socket
import struct
import urllib.request

from builder.serve import LocalServer
from conftest import LIST_WORKER_REGISTRATIONS, in_chromium, search, served, wait_until


@in_chromium
def test_an_edit_reloads_the_page_and_a_bad_edit_shows_its_problems(browser, preview):
    url, project, server = preview
    page = browser.new_page()
    page.add_init_script(LIST_WORKER_REGISTRATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(url + "t/P-00001/")
    assert 'http-equiv="Content-Security-Policy"' in page.content()  # the preview keeps the site's policy
    heading = page.locator("h1").first
    old_name = heading.inner_text()
    page.wait_for_load_state("load")  # past the load event, where a built site starts its service worker
    assert page.evaluate("window.registeredWorkers") == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    product = project / "products" / "P-00001" / "product.yaml"
    good = product.read_text("utf-8")
    product.write_text(good.replace(old_name, "Tên mới để thử"), "utf-8")
    page.locator("h1", has_text="Tên mới để thử").first.wait_for(timeout=30_000)

    product.write_text(good.replace("stars:", "stars: [", 1), "utf-8")
    overlay = page.locator("#ocop-problems")
    overlay.wait_for(timeout=30_000)
    assert "products/P-00001/product.yaml:" in overlay.inner_text()
    assert "last good build" in overlay.inner_text()
    page.reload()  # the last good site is still served, with the problems over it
    assert "Tên mới để thử" in page.locator("h1").first.inner_text()
    page.locator("#ocop-problems").wait_for(timeout=10_000)

    product.write_text(good, "utf-8")  # fixed: the overlay goes and the page shows the file's name again
    page.locator("h1", has_text=old_name).first.wait_for(timeout=30_000)
    assert page.locator("#ocop-problems").count() == 0
    assert not [text for text in console if "Content Security Policy" in text], console


@in_chromium
def test_a_page_served_before_a_rebuild_ends_reloads_when_the_script_first_asks(browser, preview):
    """The editor's save, then opening the product: the page can come from the old build while
    its script asks for the preview's state only after the new build is done."""
    url, project, _ = preview
    page = browser.new_page()
    held = []
    page.route("**/__ocop/state*",  # the script's first question waits here; later ones go through
               lambda route: route.continue_() if held else held.append(route))
    page.goto(url + "t/P-00001/")
    # Playwright runs the route handler only while it is called: evaluate lets it run
    wait_until(lambda: page.evaluate("true") and held, "the reload script's first question")
    product = project / "products" / "P-00001" / "product.yaml"
    old_name = page.locator("h1").first.inner_text()
    product.write_text(product.read_text("utf-8").replace(old_name, "Tên sau khi lưu"), "utf-8")
    wait_until(lambda: "Tên sau khi lưu" in urllib.request.urlopen(url + "t/P-00001/").read().decode(),
               "the rebuild to end")
    held[0].continue_()
    page.locator("h1", has_text="Tên sau khi lưu").first.wait_for(timeout=30_000)


@in_chromium
def test_the_preview_splits_its_search_index_finer_and_finds_an_edit_in_it(browser, project, monkeypatch):
    """An edit re-indexes one small shard of the preview's search (the published index keeps big ones)."""
    from builder import search_box
    from builder.serve import Preview

    monkeypatch.setattr(search_box, "PREVIEW_PRODUCTS_PER_SHARD", 2)  # as a big catalogue's preview would
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("search: false", "search: true"), "utf-8")
    preview = Preview(project, out=open(os.devnull, "w"))
    preview.rebuild()
    assert (preview.site_dir / "pagefind-2" / "pagefind-entry.json").is_file()
    product = project / "products" / "P-00003" / "product.yaml"
    old_name = product.read_text("utf-8").split("  vi: ", 1)[1].split("\n", 1)[0]
    product.write_text(product.read_text("utf-8").replace(old_name, "Tên để tìm thử"), "utf-8")
    preview.rebuild()
    with served(preview.site_dir) as url:
        page = browser.new_page()
        page.goto(url)
        assert search(page, "ten de tim thu")[:1] == ["Tên để tìm thử"]
        page.close()


def test_a_mistake_in_a_theme_override_is_shown_over_the_last_good_preview(project):
    """The preview goes on: the mistake is told at its line, and fixing it rebuilds."""
    import io

    from builder.serve import Preview

    out = io.StringIO()
    preview = Preview(project, out=out)
    preview.rebuild()
    home = (preview.site_dir / "index.html").read_bytes()
    override = project / "theme_overrides" / "main.html"
    good = override.read_text("utf-8")
    override.write_text(good + "{% block broken %\n", "utf-8")
    preview.rebuild()
    [problem] = preview.state.problems
    assert problem.startswith(f"{override}:{good.count(chr(10)) + 1}: "), problem
    assert "Still showing the last good build." in out.getvalue() and "Traceback" not in out.getvalue()
    assert (preview.site_dir / "index.html").read_bytes() == home
    override.write_text(good, "utf-8")
    preview.rebuild()
    assert preview.state.problems == []


def test_a_preview_does_not_make_the_next_build_render_every_page(project, capsys):
    """Edit, preview, publish: after a preview, an edit's build renders the pages it renders
    without one. They shared one record of what the site holds: every page was rendered again."""
    import io

    from builder.serve import Preview
    from conftest import run_ocop

    product = project / "products" / "P-00003" / "product.yaml"
    old_name = product.read_text("utf-8").split("  vi: ", 1)[1].split("\n", 1)[0]

    def rendered_after_renaming(name: str) -> int:
        product.write_text(product.read_text("utf-8").replace(old_name, name), "utf-8")
        code, _, err = run_ocop(project, "build", capsys=capsys)
        assert code == 0, err
        return int(re.search(r"\((\d+) rendered, \d+ unchanged\)", err).group(1))

    assert run_ocop(project, "build", capsys=capsys)[0] == 0
    without_preview = rendered_after_renaming("Tên thứ nhất")
    old_name = "Tên thứ nhất"
    Preview(project, out=io.StringIO()).rebuild()
    assert rendered_after_renaming("Tên thứ hai") == without_preview


@in_chromium
def test_the_preview_removes_a_service_worker_left_by_a_built_site(preview):
    import urllib.request

    url, _, _ = preview
    worker = urllib.request.urlopen(url + "sw.js").read().decode()
    assert "unregister()" in worker
    page_html = urllib.request.urlopen(url).read().decode()
    assert re.search(r'<script src="/__ocop/live.js" data-version="\d+"></script></body>\n</html>$',
                     page_html.rstrip())


def test_a_browser_dropping_a_request_prints_no_traceback(tmp_path, capfd):
    """A kiosk or preview tab closed while a photo downloads: the terminal stays clean."""
    finished = []

    class CountingServer(LocalServer):
        """LocalServer, noting each request it is done with (and has reported any error of)."""
        def process_request_thread(self, request, client_address):
            try:
                super().process_request_thread(request, client_address)
            finally:
                finished.append(client_address)

    (tmp_path / "big.jpg").write_bytes(os.urandom(32 * 2**20))
    with served(tmp_path, CountingServer) as url:
        port = int(url.rsplit(":", 1)[1].strip("/"))
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", port)) as client:
                client.sendall(b"GET /big.jpg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                client.recv(1024)  # the download has begun
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not closed
        wait_until(lambda: len(finished) >= 3, "the server to be done with the three dropped requests")
        with urllib.request.urlopen(url + "big.jpg") as response:  # and it keeps serving
            assert len(response.read()) == 32 * 2**20
    assert "Traceback" not in capfd.readouterr().err


def test_stopping_the_preview_any_way_stops_it_as_ctrl_c_does(project, tmp_path):
    """Ctrl-C, a closed terminal or a service manager, also when a script started the preview
    in the background (with SIGINT ignored): it ends normally, and leaves nothing in the
    temporary folder. Its pages stay in the cache, for the next start."""
    import signal

    from conftest import start_preview

    for signum, background in ((signal.SIGINT, False), (signal.SIGINT, True), (signal.SIGTERM, False),
                               (signal.SIGHUP, False)):
        temporary = tmp_path / f"tmp-{signum}-{background}"
        temporary.mkdir()
        server, url = start_preview(project, env={"TMPDIR": str(temporary)}, as_background_job=background)
        assert urllib.request.urlopen(url).status == 200
        server.send_signal(signum)
        assert server.wait(timeout=60) == 0, f"signal {signum} did not stop the preview as Ctrl-C does"
        server.stderr.close()
        assert list(temporary.iterdir()) == [], f"signal {signum} left files in the temporary folder"
    assert (project / ".ocop-cache" / "preview" / "site" / "index.html").is_file()


def test_the_next_preview_starts_from_the_last_ones_pages(project):
    """Stopped and started again after an edit, the preview renders what the edit changed, as a
    running preview would: it kept its pages, not only its caches."""
    import io

    from builder.serve import Preview

    def rendered(out: io.StringIO) -> int:
        return int(re.findall(r"Rebuilt in [\d.]+ s: (\d+) of \d+ catalogue pages changed", out.getvalue())[-1])

    Preview(project, out=io.StringIO()).rebuild()
    product = project / "products" / "P-00003" / "product.yaml"
    old_name = product.read_text("utf-8").split("  vi: ", 1)[1].split("\n", 1)[0]
    product.write_text(product.read_text("utf-8").replace(old_name, "Tên khi dừng"), "utf-8")
    out = io.StringIO()
    restarted = Preview(project, out=out)
    restarted.rebuild()
    after_restart = rendered(out)
    assert "Tên khi dừng" in (restarted.site_dir / "t" / "P-00003" / "index.html").read_text("utf-8")
    assert "theme unchanged" in out.getvalue()
    product.write_text(product.read_text("utf-8").replace("Tên khi dừng", "Tên khi chạy"), "utf-8")
    restarted.rebuild()
    assert after_restart == rendered(out)


def test_two_previews_of_one_project_each_serve_the_files_as_they_are(project):
    """Two terminals, each running ocop serve: they share the copy of the site in the cache.
    One rebuilds after the other changed it; what it remembered of the copy is out of date."""
    import io

    from builder.serve import Preview

    product = project / "products" / "P-00003" / "product.yaml"
    name = product.read_text("utf-8").split("  vi: ", 1)[1].split("\n", 1)[0]
    page = project / ".ocop-cache" / "preview" / "site" / "t" / "P-00003" / "index.html"
    first, second = Preview(project, out=io.StringIO()), Preview(project, out=io.StringIO())
    first.rebuild()
    second.rebuild()
    product.write_text(product.read_text("utf-8").replace(name, "Tên tạm thời"), "utf-8")
    first.rebuild()
    assert "Tên tạm thời" in page.read_text("utf-8")
    product.write_text(product.read_text("utf-8").replace("Tên tạm thời", name), "utf-8")
    second.rebuild()  # its page is as it last saw it, but the first preview changed it since
    assert "Tên tạm thời" not in page.read_text("utf-8") and name in page.read_text("utf-8")
