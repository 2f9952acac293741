"""admin/ published with the site, for editing through a Git host (GitHub, GitLab, Gitea)."""
from __future__ import annotations

import yaml

from builder.editor.page import CMS_INTEGRITY, CMS_URL
from conftest import run_ocop

GITEA = """\
      edit:
        backend: gitea
        repo: so-nn-ptnt/ocop-catalogue
        branch: main
        base_url: https://git.example.vn
        app_id: 7f0c1a2b-0000-4000-8000-000000000001
"""


def with_edit(project, text: str) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("  - ocop:\n", "  - ocop:\n" + text, 1), "utf-8")


def test_a_site_with_a_git_host_publishes_the_editor(project, capsys):
    with_edit(project, GITEA)
    site = project / "site"
    code, _, err = run_ocop(project, "build", "--quiet", "--site-dir", str(site), capsys=capsys)
    assert code == 0, err
    page = (site / "admin" / "index.html").read_text("utf-8")
    assert f'<script src="{CMS_URL}" integrity="{CMS_INTEGRITY}" crossorigin="anonymous"></script>' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "connect-src &#x27;self&#x27; https://git.example.vn blob:" in page
    config = yaml.safe_load((site / "admin" / "config.yml").read_text("utf-8"))
    assert config["backend"] == {"name": "gitea", "branch": "main", "app_id": "7f0c1a2b-0000-4000-8000-000000000001",
                                 "base_url": "https://git.example.vn", "repo": "so-nn-ptnt/ocop-catalogue",
                                 "api_root": "https://git.example.vn/api/v1"}
    assert [c["name"] for c in config["collections"]] == ["products", "points_of_sale", "areas"]
    assert "local_backend" not in config and "proxy_url" not in str(config)
    # out of the sitemap, the search and the offline copy
    assert "admin" not in (site / "sitemap.xml").read_text("utf-8")
    assert "admin" not in (site / "sw.js").read_text("utf-8")
    assert not any("admin" in path.name for path in (site / "pagefind").rglob("*"))
    # the public pages still load nothing from other hosts
    assert "unpkg.com" not in (site / "index.html").read_text("utf-8")


def test_without_a_git_host_there_is_no_admin_folder(project, capsys):
    site = project / "site"
    code, _, err = run_ocop(project, "build", "--quiet", "--site-dir", str(site), capsys=capsys)
    assert code == 0, err
    assert not (site / "admin").exists()


def test_a_wrong_git_host_is_reported_at_its_line(project, capsys):
    with_edit(project, "      edit: {backend: bitbucket, repo: nope}\n")
    code, _, err = run_ocop(project, "validate", capsys=capsys)
    assert code == 1
    line = (project / "mkdocs.yml").read_text("utf-8").splitlines().index("      edit: {backend: bitbucket, repo: nope}") + 1
    assert f"mkdocs.yml:{line}: edit: backend must be one of github, gitlab, gitea, not 'bitbucket'" in err
    assert f"mkdocs.yml:{line}: edit: repo must name the repository as owner/name" in err
