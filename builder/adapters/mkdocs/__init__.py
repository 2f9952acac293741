"""The MkDocs + Material adapter: the only package that imports ``mkdocs``.

See ``builder/adapters/__init__.py`` for the interface it provides.
"""
from __future__ import annotations

import logging
from pathlib import Path

import jinja2
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .. import ProjectError
from .config import project_from_mkdocs
from .errors import template_problem
from .plugin import MkDocsTheme, OcopPlugin

CONFIG_FILE = "mkdocs.yml"
__all__ = ["MkDocsAdapter", "OcopPlugin"]


def config_lines(config_file: Path):
    """Where each setting of mkdocs.yml is, to report a problem at its line (read only then)."""
    from ...config import ConfigLines

    return ConfigLines(config_file)


class CollectedErrors(logging.Handler):
    """MkDocs logs each configuration problem, then raises a bare "Aborted": keep the problems."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class MkDocsAdapter:
    name = "mkdocs"

    def config_file(self, project_dir: Path) -> Path:
        return project_dir / CONFIG_FILE

    def _config(self, config_file: Path, **overrides):
        errors = CollectedErrors()
        config_log = logging.getLogger("mkdocs.config")
        config_log.addHandler(errors)
        config_log.propagate = False  # reported once, below, with its line
        try:
            config = load_config(str(config_file), **overrides)
        except (ConfigurationError, Abort) as exc:
            lines = config_lines(config_file)
            raise ProjectError("\n".join(f"{config_file}:{lines.line_of_engine_message(message)}: {message}"
                                          for message in errors.messages or [str(exc)])) from None
        finally:
            config_log.removeHandler(errors)
            config_log.propagate = True
        if config.plugins.get("ocop") is None:
            raise ProjectError(f"{config_file}:{config_lines(config_file).line('plugins')}: "
                               "the 'ocop' plugin is not listed under plugins")
        return config

    def load_project(self, project_dir: Path):
        config_file = self.config_file(project_dir)
        if not config_file.is_file():
            raise ProjectError(f"{config_file}:1: no mkdocs.yml here; use --project DIR")
        config = self._config(config_file)
        return project_from_mkdocs(config, config.plugins["ocop"].config)

    def theme_inputs(self, project) -> list[Path]:
        """mkdocs.yml, the hand-written pages and the template overrides."""
        return [project.config_file, project.catalogue_dir, project.root / "theme_overrides"]

    def engine_versions(self) -> tuple:
        from importlib.metadata import version

        return tuple((name, version(name)) for name in ("mkdocs", "mkdocs-material"))

    def render(self, project, hooks, out_dir: Path) -> MkDocsTheme:
        from mkdocs.commands.build import build

        config = self._config(project.config_file, site_dir=str(out_dir))
        plugin: OcopPlugin = config.plugins["ocop"]
        plugin.drive(project, hooks)
        mkdocs_log = logging.getLogger("mkdocs")
        level = mkdocs_log.level
        mkdocs_log.setLevel(max(level, logging.WARNING))  # the build's own progress says what happens
        try:
            build(config)
        except (PluginError, ConfigurationError, Abort) as exc:
            line = config_lines(project.config_file).line_of_engine_message(str(exc))
            raise ProjectError(f"{project.config_file}:{line}: {exc}") from None
        except jinja2.TemplateError as exc:
            raise ProjectError(template_problem(exc, project.config_file)) from None
        finally:
            mkdocs_log.setLevel(level)
        return plugin.theme
