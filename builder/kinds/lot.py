"""One lot's traceability page: ``t/<ID>/<LOT>/`` (the lot QR code's target) and ``<L>t/<ID>/<LOT>/``."""
from __future__ import annotations

from . import Job, PageKind
from .. import links as paths
from ..status import status_on_day
from .trace import QR, inputs, is_qr_target, standalone


def item_jobs(renderer, item, lang):
    for lot in item.lots:
        if lang.prefix:
            yield Job(paths.lot_path(item.id, lot.lot, lang), "lot", lang.code, (item.id, lot.lot))
        else:
            yield Job(paths.lot_path(item.id, lot.lot), "lot", lang.code, (item.id, lot.lot, QR))


def render(renderer, job: Job, lang, links) -> str:
    item = renderer.items_by_id[job.ref[0]]
    lot = next(l for l in item.lots if l.lot == job.ref[1])
    extra = {"lot": lot, "status_at_production": status_on_day(item.product.certificate, item.dates, lot.produced)}
    return standalone(renderer, "lot.html", job, lang, links, item, extra)


def beside(renderer, job: Job) -> list:
    if not is_qr_target(job):
        return []
    return renderer.qr_codes.beside(job.path, renderer.items_by_id[job.ref[0]], job.ref[1])


KIND = PageKind("lot", render, inputs, item_jobs=item_jobs, beside=beside)
