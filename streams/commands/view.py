"""`newsstreams view`: the newsroom page over the enriched and diplomacy topics, in its own process."""

from __future__ import annotations

import errno

from ..errors import CommandError
from ..settings import Settings
from ..view.service import serve


def run_view(settings: Settings) -> int:
    def announce(url: str) -> None:
        print(f"newsroom view at {url}  (reading {settings.topic_enriched}, {settings.topic_diplomacy}; Ctrl-C stops)",
              flush=True)

    try:
        serve(settings, announce)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CommandError(f"{settings.view_bind}:{settings.view_port} is in use; set --view-port") from None
        raise CommandError(f"cannot serve on {settings.view_bind}:{settings.view_port}: {exc.strerror or exc}") from None
    return 0
