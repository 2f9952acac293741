"""builder/config.py: the project's settings in mkdocs.yml, every mistake at its real line."""
from __future__ import annotations

import pytest
from conftest import run_ocop

from builder.config import ConfigLines


def line_number(config_text: str, text: str) -> int:
    return next(number for number, line in enumerate(config_text.splitlines(), 1) if text in line)


def test_three_mistakes_give_three_messages_at_their_lines(project, capsys):
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = text.replace("site_url: https://ocop.example.vn/", "site_url: ftp://ocop.example.vn/")
    text = text.replace("      search:", "      id_prefixes: {tra-vinh: tv}\n"
                                          "      kiosk:\n        products: [P-00001, NO-SUCH]\n      search:", 1)
    config.write_text(text, "utf-8")

    code, _, err = run_ocop(project, "validate", capsys=capsys)

    assert code == 1
    assert (f"mkdocs.yml:{line_number(text, 'site_url:')}: site_url 'ftp://ocop.example.vn/' is not an absolute "
            "web address") in err
    assert f"mkdocs.yml:{line_number(text, 'id_prefixes:')}: id_prefixes: 'tv' (for tra-vinh) must be capitals" in err
    assert f"mkdocs.yml:{line_number(text, 'products: [P-00001')}: kiosk: products: no product has the ID 'NO-SUCH'" \
        in err
    assert "3 problem(s) found." in err


def test_a_mistake_the_theme_engine_finds_is_reported_at_its_line(project, capsys):
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace("      search:", "      page_size: many\n      search:", 1)
    config.write_text(text, "utf-8")

    with pytest.raises(SystemExit) as stopped:  # what the command prints before it exits with status 1
        run_ocop(project, "validate")

    assert f"mkdocs.yml:{line_number(text, 'page_size: many')}: Config value 'plugins': Plugin 'ocop' option " \
           "'page_size'" in str(stopped.value)


def test_lines_are_found_in_either_plugin_form_and_despite_engine_tags(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: !ENV [SITE_NAME, 'OCOP']\n"
                      "markdown_extensions:\n"
                      "  - pymdownx.emoji:\n"
                      "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                      "plugins:\n"
                      "  - search\n"
                      "  - ocop:\n"
                      "      kiosk:\n"
                      "        districts:\n"
                      "          - na-ri\n"
                      "          - atlantis\n", "utf-8")
    lines = ConfigLines(config)
    assert lines.line("plugins", "ocop", "kiosk", "districts", 1) == 11
    assert lines.line("site_name") == 1
    assert lines.line("site_url") == 1  # not written: the top of the file
    config.write_text("plugins: [search, ocop]\n", "utf-8")
    assert ConfigLines(config).line("plugins", "ocop", "id_prefixes") == 1
