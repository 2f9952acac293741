"""A recalled lot in words, the same sentence everywhere: the lot page's banner,
the product's pages, the kiosk and the feeds. The state is worked out when the
site is built (a lot is recalled when its file says so); no script restates it."""
from __future__ import annotations

from markupsafe import Markup, escape

BANNER_ANCHOR = "recall"  # the red banner of a recalled lot's page
STATUS_ANCHOR = "recall-status"  # "no recall known as of <build date>" on the other lots' pages


def sentence_html(lot, lang) -> Markup:
    """"This lot was recalled on <date>: <reason>; <what to do>", text in another language marked as such."""
    recall = lot.recall
    return Markup(escape(lang.ui("recall.banner"))).format(
        date=Markup('<time datetime="{}">{}</time>').format(recall.date.isoformat(), lang.date(recall.date)),
        reason=lang.text(recall.reason), action=lang.text(recall.action))


def line_html(lot, lang) -> Markup:
    """"Lot <LOT> was recalled on <date>: <reason>; <what to do>", for the product's pages."""
    recall = lot.recall
    return Markup(escape(lang.ui("recall.lot_line"))).format(
        lot=lot.lot, date=lang.date(recall.date), reason=lang.text(recall.reason), action=lang.text(recall.action))


def sentence(lot, lang) -> str:
    recall = lot.recall
    return lang.ui("recall.banner", date=lang.date(recall.date), reason=lang.plain(recall.reason),
                   action=lang.plain(recall.action))


def anchor(lot) -> str:
    """Where gs1:recallStatus points on the lot's page."""
    return BANNER_ANCHOR if lot.recall else STATUS_ANCHOR
