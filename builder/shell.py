"""Page shells: a theme's chrome rendered once, filled thousands of times.

Rendering a theme's page template costs milliseconds a page; a catalogue has
tens of thousands of generated pages whose chrome differs only in title,
description, URL, head extras and content. So a theme adapter renders its
real template once per (language, section, depth) with the sentinel values
below, and ``split_shell`` cuts it at them: each page is then a string join,
with the theme's exact markup.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

TITLE = "ocopshelltitle"
DESCRIPTION = "ocopshelldescription"
REST = "ocopshellrest"
HEAD = "<!--ocopshellhead-->"
CONTENT = '<h1 id="ocopshellcontent"></h1>'
_SLOTS = {TITLE: "title", DESCRIPTION: "description", HEAD: "head", CONTENT: "content"}


@dataclass(frozen=True)
class Shell:
    parts: tuple  # literal strings and slot names, alternating as split
    rest_tokens: tuple[str, ...]

    def fill(self, *, rest: str, title: str, description: str, head: str, content: str) -> str:
        values = {
            "title": html.escape(title, quote=True),
            "description": html.escape(description, quote=True),
            "head": head,
            "content": content,
        }
        out = []
        for kind, text in self.parts:
            if kind == "text":
                out.append(text)
            elif kind == "rest":
                out.append(rest)
            else:
                out.append(values[kind])
        return "".join(out)


def rest_sentinel(segments: int) -> str:
    return "/".join(f"{REST}{i}" for i in range(segments))


def split_shell(rendered: str, segments: int) -> Shell:
    rest = rest_sentinel(segments) if segments else None
    tokens = [re.escape(t) for t in _SLOTS] + ([re.escape(rest)] if rest else [])
    pieces = re.split("(" + "|".join(tokens) + ")", rendered)
    parts = []
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            parts.append(("text", piece))
        elif piece == rest:
            parts.append(("rest", piece))
        else:
            parts.append((_SLOTS[piece], piece))
    if REST in "".join(p for kind, p in parts if kind == "text"):
        raise RuntimeError("a shell URL was changed by the theme; cannot reuse it")
    return Shell(tuple(parts), (rest,) if rest else ())
