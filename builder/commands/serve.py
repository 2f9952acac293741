"""ocop serve: the live-reloading preview, or a built site served read-only for a kiosk."""
from __future__ import annotations

from pathlib import Path

from . import load_project


def run(args) -> int:
    from ..serve import serve, serve_kiosk

    host, _, port = args.dev_addr.rpartition(":")
    if args.kiosk:
        site_dir = Path(args.site_dir) if args.site_dir else load_project(args.project).site_dir
        return serve_kiosk(site_dir.resolve(), host or "127.0.0.1", int(port))
    return serve(args.project, host or "127.0.0.1", int(port))
