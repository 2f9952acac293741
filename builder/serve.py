"""``ocop serve``: a live preview that rebuilds only what an edit changes.

One long-lived process: a watcher on the project's files, a ``Builder`` that
keeps its caches (validated products, photo index, page keys, theme shells)
in memory, and a small web server for the preview's copy of the site, which
stays in the cache for the next start (``preview_folder``). Every HTML page it
serves gets one script, which reloads the page when a rebuild finishes, or
shows the problems of a bad edit over the last good page.
"""
from __future__ import annotations

import dataclasses
import http.server
import json
import logging
import re
import signal
import sys
import threading
import time
from functools import partial
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .adapters import ProjectError
from .commands import default_adapter
from .editor.api import API_PATH, MAX_REQUEST_BYTES, EditorApi, client_allowed
from .editor.config import MissingHint, cms_config, config_text
from .editor.fields import UnknownFieldType
from .editor.page import admin_page, admin_policy
from .pipeline.build import Builder
from .problems import CatalogueError
from .progress import Progress

LIVE_SCRIPT = Path(__file__).parent / "static" / "live.js"
LIVE_PATH = "/__ocop/"
WAIT_SECONDS = 25  # a long poll answers at the latest after this, so proxies never time it out
# The preview must always show the latest edit: it replaces any service worker
# an earlier visit to a built site on this address left, with one that removes itself.
UNREGISTERING_WORKER = b"""self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.registration.unregister()));
"""


class PreviewState:
    """The preview's version and the problems of the last build, shared with the browser."""

    def __init__(self):
        self.version = 0
        self.problems: list[str] = []
        self.changed = threading.Condition()

    def publish(self, problems: list[str]) -> None:
        with self.changed:
            self.version += 1
            self.problems = problems
            self.changed.notify_all()

    def wait(self, since: int, timeout: float) -> dict:
        with self.changed:
            self.changed.wait_for(lambda: self.version != since, timeout)
            return {"version": self.version, "problems": self.problems}


ADMIN_PATH = "/admin/"
LOCAL_BACKEND = {"name": "proxy", "proxy_url": API_PATH}  # the CMS's local backend protocol, answered here


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    state: PreviewState
    editor: EditorApi

    def log_message(self, format, *args):  # the terminal shows rebuilds, not every request
        pass

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == LIVE_PATH + "live.js":
            return self.send_bytes(LIVE_SCRIPT.read_bytes(), "text/javascript")
        if url.path == LIVE_PATH + "state":
            since = int(parse_qs(url.query).get("since", ["-1"])[0])
            state = self.state.wait(since, WAIT_SECONDS if since >= 0 else 0)
            return self.send_bytes(json.dumps(state).encode(), "application/json")
        if url.path.endswith("/sw.js"):
            return self.send_bytes(UNREGISTERING_WORKER, "text/javascript")
        if url.path in (ADMIN_PATH, ADMIN_PATH + "index.html"):
            return self.send_bytes(admin_page(self.editor.project.site_name), "text/html; charset=utf-8",
                                   {"Content-Security-Policy": admin_policy(), "X-Robots-Tag": "noindex"})
        if url.path == ADMIN_PATH + "config.yml":
            try:
                config = cms_config(self.editor.project, LOCAL_BACKEND, new_id=self.editor.next_product_id())
            except (MissingHint, UnknownFieldType) as exc:  # the schema gained a field the editor cannot show yet
                return self.send_bytes(str(exc).encode("utf-8"), "text/plain; charset=utf-8", status=500)
            return self.send_bytes(config_text(config).encode("utf-8"), "text/yaml; charset=utf-8")
        target = Path(self.translate_path(url.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            version = self.state.version  # read before the page, so a page is never newer than its version says
            return self.send_bytes(with_live_script(target.read_bytes(), version), "text/html; charset=utf-8")
        return super().do_GET()

    def do_POST(self):
        if urlsplit(self.path).path != API_PATH:
            return self.send_error(404)
        refused = client_allowed(self.client_address[0], self.headers.get("Host"), self.headers.get("Origin"),
                                 self.headers.get("Content-Type"))
        if refused:
            return self.send_json(403, {"error": refused})
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_REQUEST_BYTES:
            return self.send_json(413, {"error": "the request is empty or too large"})
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            return self.send_json(400, {"error": "the request is not JSON"})
        status, answer = self.editor.handle(body)
        return self.send_json(status, answer)

    def send_json(self, status: int, answer) -> None:
        self.send_bytes(json.dumps(answer, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8",
                        status=status)

    def send_bytes(self, data: bytes, content_type: str, headers: dict | None = None, status: int = 200) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)


def with_live_script(html: bytes, version: int) -> bytes:
    """The page with the reload script, told which build the page came from: a rebuild that
    ends before the script first asks still reloads the page."""
    tag = f'<script src="{LIVE_PATH}live.js" data-version="{version}"></script>'.encode()
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


class Preview:
    """Builds into the preview's folder (`preview_folder`) and rebuilds on every change the watcher reports."""

    def __init__(self, project_dir: Path, out=sys.stderr):
        logging.getLogger("mkdocs").setLevel(logging.WARNING)  # one line per rebuild, not the theme's
        adapter = default_adapter()
        project = dataclasses.replace(adapter.load_project(project_dir), preview=True)
        self.builder = Builder(project_dir, adapter, progress=Progress(quiet=True), live=True, project=project)
        self.project = self.builder.project
        self.site_dir = preview_folder(self.project)
        self.state = PreviewState()
        self.out = out

    def watched(self) -> list[Path]:
        return [path for path in (self.project.products_dir, self.project.catalogue_dir,
                                  self.project.root / "theme_overrides", self.project.config_file)
                if path.exists()]

    def rebuild(self) -> None:
        started = time.monotonic()
        try:
            report = self.builder.build(self.site_dir)
        except CatalogueError as exc:
            problems = [str(problem) for problem in exc.problems.sorted()]
            print("\n".join(problems + [f"{len(problems)} problem(s): still showing the last good build."]),
                  file=self.out)
            self.state.publish(problems)
            return
        except ProjectError as exc:
            print(f"{exc}\nStill showing the last good build.", file=self.out)
            self.state.publish([str(exc)])
            return
        print(f"Rebuilt in {time.monotonic() - started:.2f} s: {report.rendered} of {report.pages} "
              f"catalogue pages changed" + ("" if report.theme_rendered else "; theme unchanged"),
              file=self.out)
        self.state.publish([])

    def watch(self, stop: threading.Event) -> None:
        from watchfiles import watch

        for _changes in watch(*self.watched(), stop_event=stop, debounce=400, step=30):
            self.rebuild()


def preview_folder(project) -> Path:
    """The preview's copy of the site, kept in the cache: the next ``ocop serve`` renders only
    what changed since the last one stopped, not every page."""
    return project.cache_dir / "preview" / "site"


def serve(project_dir: Path, host: str = "127.0.0.1", port: int = 8000, ready=lambda url: None,
          stop: threading.Event | None = None) -> int:
    stop_as_ctrl_c_does()
    try:
        preview = Preview(project_dir)
    except ProjectError as exc:
        print(exc, file=sys.stderr)
        return 1
    stop = stop or threading.Event()
    preview.rebuild()
    editor = EditorApi(preview.project, known=lambda: preview.builder.caches.products.known
                       if preview.builder.caches.products else {})
    handler = type("Handler", (PreviewHandler,), {"state": preview.state, "editor": editor})
    server = LocalServer((host, port), partial(handler, directory=str(preview.site_dir)))
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    url = f"http://{host}:{server.server_port}/"
    print(f"Serving the preview on {url} (Ctrl-C stops it); the editor is at "
          f"http://127.0.0.1:{server.server_port}{ADMIN_PATH} on this computer", file=sys.stderr)
    ready(url)
    serve_until_stopped(server, stop)
    return 0


def stop_as_ctrl_c_does() -> None:
    """A closed terminal (SIGHUP) or a service manager (SIGTERM) stops the preview as Ctrl-C
    does: a build under way removes its unfinished files and frees the project's lock.

    SIGINT too: a script's background job starts with SIGINT ignored, and Python then
    leaves it ignored, so `kill -INT` would not stop a preview started that way.
    """
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, interrupt)


def interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class LocalServer(http.server.ThreadingHTTPServer):
    """The preview's and the kiosk's server. A browser that drops a request half-way (a
    closed tab, a photo no longer needed) is nobody's error: it prints no traceback."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError
            super().handle_error(request, client_address)


def serve_until_stopped(server: http.server.ThreadingHTTPServer, stop: threading.Event) -> None:
    """Serve until Ctrl-C or `stop` is set (tests set it), then free the port."""
    threading.Thread(target=lambda: (stop.wait(), server.shutdown()), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()


# --- ocop serve --kiosk: the built site, as it is ------------------------------------

KIOSK_PAGE = re.compile(r"(^|/)kiosk/(index\.html)?$")
# The kiosk's pages need nothing but their own files: no inline script or style, nothing from elsewhere.
KIOSK_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                "worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class KioskHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site read-only (GET and HEAD only), with no reload script:
    what a trade-fair stand runs, on the device the kiosk browser runs on."""

    def log_message(self, format, *args):
        pass

    def end_headers(self):
        # The kiosk keeps its own offline copy (sw-kiosk.js); the server just says: ask again.
        self.send_header("Cache-Control", "no-cache")
        if KIOSK_PAGE.search(urlsplit(self.path).path):
            self.send_header("Content-Security-Policy", KIOSK_POLICY)
        super().end_headers()


def serve_kiosk(site_dir: Path, host: str = "127.0.0.1", port: int = 8000, ready=lambda url: None,
                stop: threading.Event | None = None) -> int:
    stop_as_ctrl_c_does()
    if not (site_dir / "kiosk" / "index.html").is_file():
        print(f"{site_dir}: no built kiosk here; run 'ocop build' first", file=sys.stderr)
        return 1
    server = LocalServer((host, port), partial(KioskHandler, directory=str(site_dir)))
    url = f"http://{host}:{server.server_port}/kiosk/"
    print(f"Serving the kiosk on {url} from {site_dir} (Ctrl-C stops it)", file=sys.stderr)
    ready(url)
    serve_until_stopped(server, stop or threading.Event())
    return 0
