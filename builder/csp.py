"""The headers a static host cannot forget: a Content-Security-Policy and a
referrer policy, written into every page as ``<meta>`` elements.

Scripts and styles come from the site only. The few inline scripts that stay
inline (Material's small bootstrap, the certificate-status check, the QR
page's language offer) are allowed by their SHA-256 hash,
worked out from the finished page, so a changed script can never run with a
stale policy. ``'wasm-unsafe-eval'`` lets Pagefind's search run WebAssembly.

Styles: no ``style=`` attributes. A photo's placeholder colour (shown while it
loads) is a class, ``ocop-ph-<rrggbb>``; each page carries the few rules for
the colours it uses in one ``<style>`` element, allowed by its hash like the
light QR pages' inline stylesheet.
"""
from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache

REFERRER = '<meta name="referrer" content="strict-origin-when-cross-origin">'
# An element's body up to its first closing tag, written as runs without "<" (matched at
# once) rather than `(.*?)</script>`, which tries the closing tag at every character: 4x faster.
INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>([^<]*(?:<(?!/script>)[^<]*)*)</script>", re.I)
INLINE_STYLE = re.compile(r"<style\b[^>]*>([^<]*(?:<(?!/style>)[^<]*)*)</style>", re.I)
DATA_BLOCK = re.compile(r"""\btype=["']?application/(?:ld\+)?json""", re.I)
# No \b before the prefix: a pattern that starts with a literal is found by a fast scan (30x faster here).
PLACEHOLDER_CLASS = re.compile(r"ocop-ph-([0-9a-f]{6})\b")
CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.I)


@lru_cache(maxsize=4096)  # the same few scripts recur on every page
def source_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def placeholder_class(colour: str) -> str:
    """The class of a photo's placeholder colour ('#64967a' -> 'ocop-ph-64967a')."""
    return "ocop-ph-" + colour.lstrip("#").lower()


def placeholder_styles(html: str) -> str:
    """The rules for the placeholder colours the page uses, or ''."""
    colours = sorted(set(PLACEHOLDER_CLASS.findall(html)))
    return "".join(f".ocop-ph-{c}{{background:#{c}}}" for c in colours)


def policy(html: str) -> str:
    scripts = sorted({source_hash(body) for attributes, body in INLINE_SCRIPT.findall(html)
                      if "src=" not in attributes and not DATA_BLOCK.search(attributes) and body.strip()})
    styles = sorted({source_hash(body) for body in INLINE_STYLE.findall(html)})
    return "; ".join([  # Pagefind's worker comes from a file, not a blob: URL
        "default-src 'self'",
        " ".join(["script-src 'self' 'wasm-unsafe-eval'", *scripts]),
        " ".join(["style-src 'self'", *styles]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def with_policy(html: str, enforce: bool = True) -> str:
    """The page with its placeholder styles, its Content-Security-Policy and its
    referrer policy; the policy goes first in <head>, so it covers everything after.

    ``enforce=False`` (the live preview, whose reload script is inline and new on
    every request) leaves the policies out.
    """
    styles = placeholder_styles(html)
    if styles:
        html = html.replace("</head>", f"<style>{styles}</style>\n</head>", 1)
    if not enforce:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">\n{REFERRER}'
    found = CHARSET.search(html)
    if found:
        return html[:found.end()] + "\n" + meta + html[found.end():]
    return html.replace("<head>", "<head>\n" + meta, 1)
