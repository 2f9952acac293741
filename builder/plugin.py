"""Where `mkdocs.yml` finds the ocop plugin until the package is reinstalled; the plugin lives in adapters/mkdocs."""
from .adapters.mkdocs import OcopPlugin  # noqa: F401
