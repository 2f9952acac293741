"""The offline page, ``<L>offline/``: what a visitor without a network sees
for a page this device has not saved, with the list of what it has.

The service worker keeps it and answers with it for any page it cannot
fetch, so it is light and standalone, like the traceability pages.
"""
from __future__ import annotations

from . import Job, PageKind
from ..settings import LANGUAGE_NAMES


def site_jobs(renderer, lang):
    yield Job(f"{lang.prefix}offline/", "offline", lang.code, ())


def inputs(renderer, job: Job) -> tuple:
    return (job,)


def render(renderer, job: Job, lang, links) -> str:
    alternates = [{"lang": code, "tag": other.tag, "name": LANGUAGE_NAMES.get(code, code), "path": f"{other.prefix}offline/"}
                  for code, other in renderer.langs.items()]
    context = renderer.context(lang, links, title=lang.ui("offline_title"), page_path=job.path,
                               alternates=alternates, home_path=lang.prefix, trace_css=renderer.trace_css)
    return renderer.template("offline.html").render(context)


KIND = PageKind("offline", render, inputs, site_jobs=site_jobs)
