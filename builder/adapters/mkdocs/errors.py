"""The theme engine's failures, told as ``path:line: message``."""
from __future__ import annotations

import traceback
from pathlib import Path

import jinja2


def template_problem(exc: jinja2.TemplateError, config_file: Path) -> str:
    """A mistake in a theme template (an override in theme_overrides/, say) at its own line.

    Jinja gives a syntax error's place; for a mistake found while rendering, the
    place is the innermost template frame of the traceback, which Jinja rewrites
    to point into the template itself.
    """
    message = f"the template '{exc.name}' does not exist" if isinstance(exc, jinja2.TemplateNotFound) \
        else exc.message or str(exc)
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}: {message}"
    in_templates = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename.endswith(".html")]
    if in_templates:
        return f"{in_templates[-1].filename}:{in_templates[-1].lineno}: {message}"
    return f"{config_file}:1: the theme's templates failed: {message}"
