"""`newsstreams view` put together: the reader's thread feeding the web app, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator, Callable

from aiohttp import web

from ..settings import Settings
from .reader import TopicReader
from .web import ViewState, make_app

log = logging.getLogger(__name__)


def view_url(settings: Settings) -> str:
    host = settings.view_bind
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{settings.view_port}/"


def build(settings: Settings) -> web.Application:
    topics = [settings.topic_enriched, settings.topic_diplomacy]
    state = ViewState(settings.view_buffer, settings.view_idle_seconds, topics)
    app = make_app(state)

    async def start_reader(app: web.Application) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        reader = TopicReader(
            settings, topics, settings.view_history,
            on_record=lambda record, ts: loop.call_soon_threadsafe(state.add, record, ts),
            on_status=lambda status, detail: loop.call_soon_threadsafe(state.set_broker, status, detail),
        )
        reader.start()
        yield
        await loop.run_in_executor(None, reader.stop)

    app.cleanup_ctx.append(start_reader)
    return app


def serve(settings: Settings, announce: Callable[[str], None] = print) -> None:
    """Blocks until SIGINT or SIGTERM. Raises OSError when the address cannot be bound."""
    asyncio.run(_serve(build(settings), settings, announce))


async def _serve(app: web.Application, settings: Settings, announce: Callable[[str], None]) -> None:
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=5)
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.view_bind, settings.view_port)
        await site.start()
        announce(view_url(settings))  # only once the port answers: a script may open it at once
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()
