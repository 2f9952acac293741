"""The editor's page, ``admin/index.html``: the one page that loads a script from another host.

The CMS is a 5 MB script. It comes from a pinned CDN URL with a Subresource
Integrity hash (sha384 of the exact ``dist/decap-cms.js`` of that npm release,
which is what unpkg serves), so a changed file is refused by the browser. The
page has its own Content-Security-Policy, says ``noindex``, and is written
apart from the catalogue's pages: it is in no sitemap, search index or offline
cache.
"""
from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

# The CMS release, in one place: the version and the hash of its dist/decap-cms.js.
CMS_VERSION = "3.14.1"
CMS_INTEGRITY = "sha384-K+E/B3QG3FJrtRXoyUjME4ilx71pYGyrvAVxYvd/p0zCPuXsc3eoEuSzUW3Ke63V"
CMS_DIST = f"https://unpkg.com/decap-cms@{CMS_VERSION}/dist/"
CMS_URL = CMS_DIST + "decap-cms.js"

# The Git hosts' APIs the CMS talks to when it publishes through them (local editing needs none).
GIT_HOST_APIS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com", "gitea": None}


def connect_sources(backend: dict | None) -> list[str]:
    """Where the editor's page may send requests: its own server, and the Git host's API."""
    sources = ["'self'"]
    if backend:
        for key in ("api_root", "base_url"):
            if backend.get(key):
                parts = urlsplit(str(backend[key]))
                sources.append(f"{parts.scheme}://{parts.netloc}")
        if not backend.get("api_root") and GIT_HOST_APIS.get(backend.get("name")):
            sources.append(GIT_HOST_APIS[backend["name"]])
    return sorted(set(sources), key=sources.index)


def admin_policy(backend: dict | None = None) -> str:
    """The editor page's CSP. The CMS checks its config with ajv, which compiles the
    config's JSON Schema into functions ('unsafe-eval': no script of another origin
    gains anything by it, only the pinned file runs); it sets its styles inline
    (emotion) and shows photos from blob: URLs; its chunks come from the same
    pinned folder of the CDN."""
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'unsafe-eval' {CMS_DIST}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",
        "font-src 'self' data:",
        "connect-src " + " ".join(connect_sources(backend) + ["blob:"]),
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def admin_page(title: str, backend: dict | None = None) -> bytes:
    policy = admin_policy(backend)
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">
<meta name="referrer" content="strict-origin-when-cross-origin">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} — Biên tập</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>Trang biên tập cần bật JavaScript.</noscript>
<script src="{CMS_URL}" integrity="{CMS_INTEGRITY}" crossorigin="anonymous"></script>
</body>
</html>
""".encode("utf-8")
