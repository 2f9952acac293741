"""The drawn pictogram of each OCOP product group, shown where a product has no photo yet.

Line drawings in the text colour, inline (no request, no other host), and
plainly a drawing: a page never passes a stand-in off as a photo of the product.
"""
from __future__ import annotations

from markupsafe import Markup, escape

DRAWINGS = {
    # a jar with its lid
    "food": '<path d="M21 12h22v7H21z"/><path d="M18 21h28v29a5 5 0 0 1-5 5H23a5 5 0 0 1-5-5z"/><path d="M24 34h16"/>',
    # a steaming cup
    "beverages": '<path d="M12 28h32v9a13 13 0 0 1-13 13h-6a13 13 0 0 1-13-13z"/><path d="M44 31h3a6 6 0 0 1 0 12h-4"/>'
                 '<path d="M21 21c0-4 4-4 4-9M31 21c0-4 4-4 4-9"/><path d="M10 56h38"/>',
    # a leaf and its vein
    "herbal": '<path d="M12 52C12 28 28 14 54 10c0 26-16 42-42 42z"/><path d="M12 52L40 24"/>',
    # a woven basket
    "handicrafts": '<path d="M10 28h44l-6 25H16z"/><path d="M20 28c0-12 24-12 24 0"/>'
                   '<path d="M13 36h38M15 44h34M26 28l-2 25M38 28l2 25"/>',
    # a flower on its stem
    "ornamentals": '<circle cx="32" cy="13" r="6"/><circle cx="42" cy="22" r="6"/><circle cx="22" cy="22" r="6"/>'
                   '<circle cx="32" cy="22" r="3"/><path d="M32 28v28M32 46c4-6 10-7 14-5M32 50c-4-5-9-6-12-4"/>',
    # hills and the sun
    "tourism": '<path d="M6 52l17-25 10 14 8-10 17 21z"/><circle cx="46" cy="15" r="6"/>',
}


def pictogram(group: str, label: str) -> Markup:
    """An inline SVG drawing of ``group``, labelled for screen readers."""
    return Markup(
        '<svg class="ocop-pictogram" viewBox="0 0 64 64" fill="none" stroke="currentColor" stroke-width="3" '
        'stroke-linecap="round" stroke-linejoin="round" role="img" aria-label="{label}">{drawing}</svg>'
    ).format(label=label, drawing=Markup(DRAWINGS.get(group, DRAWINGS["food"])))


def no_photo_html(group: str, group_name: str, caption: str, card: bool = False) -> Markup:
    """The pictogram with the words "photo not yet provided", in place of a product's photos."""
    label = f"{group_name}: {caption}"
    if card:
        return Markup('<span class="ocop-nophoto ocop-nophoto--card">{}</span>').format(pictogram(group, label))
    return Markup('<figure class="ocop-nophoto">{}<figcaption>{}</figcaption></figure>').format(
        pictogram(group, label), escape(caption))
