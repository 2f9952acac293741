"""``admin/``: the editor for office staff, published with the site when the plugin
options name a Git host (``edit: {backend, repo, branch, ...}``).

Staff open ``<site>/admin/``, log in to the Git host, and every save is a commit
to that repository (or a pull request with ``publish_mode: editorial_workflow``);
the deploy workflow then validates and builds the site again. The page is written
apart from the catalogue's pages: no sitemap entry, search record or offline copy.
"""
from __future__ import annotations

from ..editor.config import cms_config, config_text
from ..editor.page import admin_page
from ..pipeline.write import Output

PASSED_ON = ("backend", "publish_mode")  # read here; every other key goes to the CMS's backend as written


def git_backend(edit: dict) -> dict:
    backend = {"name": edit["backend"], "branch": edit.get("branch", "main")}
    backend.update({key: value for key, value in sorted(edit.items()) if key not in PASSED_ON + ("branch",)})
    if backend["name"] == "gitea" and "api_root" not in backend and backend.get("base_url"):
        backend["api_root"] = str(backend["base_url"]).rstrip("/") + "/api/v1"  # the CMS would use try.gitea.io
    return backend


def write_editor(site, output: Output) -> None:
    project = site.project
    if not project.edit:
        return
    backend = git_backend(project.edit)
    config = cms_config(project, backend, publish_mode=project.edit.get("publish_mode"))
    output.put_bytes("admin/index.html", admin_page(project.site_name, backend))
    output.put_bytes("admin/config.yml", config_text(config).encode("utf-8"))
