"""Atom feeds, ``<L>feed.xml``: the newest products by recognition date and every lot
recall by recall date, newest first, for newsrooms and provincial portals.

Every date comes from the data (the certificates), never from the clock, so two
builds of the same catalogue give the same feed.
"""
from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from .. import links as paths
from .. import recall
from ..pipeline.write import Output

ATOM = "http://www.w3.org/2005/Atom"
# The newest recognitions a feed carries; every recall is in it however old. A reader polls the
# feed: with every product it would weigh about 18 MB a language at 20,000 products.
NEWEST = 100


def write_feeds(site, renderer, output: Output) -> None:
    for lang in renderer.langs.values():
        output.put_bytes(f"{lang.prefix}feed.xml", atom_feed(site, renderer, lang))


def by_recognition(items) -> list:
    return sorted(items, key=lambda item: (-item.dates.issued.toordinal(), item.id))


def timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def recalls(items) -> list[tuple]:
    """(item, lot) of every recalled lot."""
    return [(item, lot) for item in items for lot in item.recalled_lots]


def atom_feed(site, renderer, lang) -> bytes:
    site_url = site.project.site_url
    items = by_recognition(site.items)
    recalled = recalls(items)
    updated = max([item.dates.revoked or item.dates.issued for item in items]
                  + [lot.recall.date for _, lot in recalled], default=site.project.build_date)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="{ATOM}" xml:lang="{lang.tag}">',
             f"<title>{escape(site.project.site_name)}</title>",
             f"<subtitle>{escape(lang.ui('feed_subtitle'))}</subtitle>",
             f"<id>{escape(site_url + lang.prefix + 'feed.xml')}</id>",
             f'<link rel="self" type="application/atom+xml" href={quoteattr(site_url + lang.prefix + "feed.xml")}/>',
             f'<link rel="alternate" type="text/html" href={quoteattr(site_url + lang.prefix)}/>',
             f"<updated>{timestamp(updated)}</updated>",
             f"<author><name>{escape(site.project.site_name)}</name></author>"]
    dated = [((-item.dates.issued.toordinal(), item.id, ""), ("feed", renderer.item_key(item), lang.code),
              lambda item=item: entry(item, lang, site_url, renderer.places)) for item in items[:NEWEST]]
    dated += [((-lot.recall.date.toordinal(), item.id, lot.lot), ("feed-recall", renderer.item_key(item), lot.lot, lang.code),
               lambda item=item, lot=lot: recall_entry(item, lot, lang, site_url)) for item, lot in recalled]
    lines.extend(renderer.remembered(key, make) for _, key, make in sorted(dated, key=lambda entry: entry[0]))
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


# Official units as Atom categories: the term is the GSO code, the label the official name.
PLACE_SCHEMES = {"province": "urn:vn:gso:province", "commune": "urn:vn:gso:commune",
                 "former_province": "urn:vn:gso:former-province", "former_district": "urn:vn:gso:former-district"}


def place_categories(item) -> list[str]:
    place = item.place
    units = {"province": place.province, "commune": place.commune, "former_province": place.former_province,
             "former_district": place.former_district}
    return [f'<category scheme="{PLACE_SCHEMES[field]}" term="{unit.code}" label={quoteattr(unit.name)}/>'
            for field, unit in units.items() if unit]


def entry(item, lang, site_url: str, places) -> str:
    p = item.product
    page = site_url + paths.product_path(item.slug, lang)
    facts = lang.ui("feed_entry", stars=p.stars, number=p.certificate.number, date=lang.date(item.dates.issued),
                    place=places.plain(item, lang), producer=p.producer.name)
    summary = " ".join(part for part in (lang.plain(p.summary), facts) if part)
    return "\n".join([
        "<entry>",
        f"<title>{escape(lang.plain(p.name))}</title>",
        f"<id>{escape(page)}</id>",
        f'<link rel="alternate" type="text/html" href={quoteattr(page)}/>',
        f"<published>{timestamp(item.dates.issued)}</published>",
        f"<updated>{timestamp(item.dates.revoked or item.dates.issued)}</updated>",
        f"<author><name>{escape(p.producer.name)}</name></author>",
        f'<category term="{p.group}" label={quoteattr(lang.ui(f"group.{p.group}"))}/>',
        *place_categories(item),
        f"<summary>{escape(summary)}</summary>",
        "</entry>",
    ])


def recall_entry(item, lot, lang, site_url: str) -> str:
    """A lot recall, dated by the recall, linking to the banner on the lot's page."""
    p = item.product
    page = site_url + paths.lot_path(item.id, lot.lot, lang if lang.prefix else None) + "#" + recall.BANNER_ANCHOR
    day = timestamp(lot.recall.date)
    return "\n".join([
        "<entry>",
        f"<title>{escape(lang.ui('feed_recall_title', name=lang.plain(p.name), lot=lot.lot))}</title>",
        f"<id>{escape(page)}</id>",
        f'<link rel="alternate" type="text/html" href={quoteattr(page)}/>',
        f"<published>{day}</published>",
        f"<updated>{day}</updated>",
        f"<author><name>{escape(p.producer.name)}</name></author>",
        f'<category term="recall" label={quoteattr(lang.ui("recall.section"))}/>',
        f"<summary>{escape(recall.sentence(lot, lang))}</summary>",
        "</entry>",
    ])
