"""The page's server: aiohttp, GET only, JSON and server-sent events over the story buffer.

Everything here runs on the event loop; the reader's thread hands records over with
call_soon_threadsafe, so the buffer needs no lock.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from aiohttp import web

from . import stories
from .buffer import StoryBuffer

STATIC = Path(str(resources.files(__package__) / "static"))
# The page's own script and stylesheet only: no inline script or style, no other origin, no
# plugins, no framing, no form posts. Article text that slipped into markup would still not run.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
SUBSCRIBER_QUEUE = 1000  # a page this far behind is dropped; its EventSource reconnects and reloads


class _Close:
    """The mark that ends a page's event stream."""


_CLOSE = _Close()
# What a page's queue holds: (event, data) to send, or the close mark.
Item = tuple[str, Any] | _Close


def sse_frame(event: str, data: Any) -> bytes:
    """One server-sent event. json.dumps escapes newlines, so the data is always one `data:` line
    and a body holding "\\n\\nevent: ..." cannot forge a second event."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


class ViewState:
    """The buffer, the reader's last word on the broker, and the pages listening for news."""

    def __init__(self, capacity: int, idle_seconds: float, topics: list[str],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.buffer = StoryBuffer(capacity)
        self.idle_seconds = idle_seconds
        self.topics = topics
        self.clock = clock
        self.broker = "connecting"
        self.detail = ""
        self._quiet_since = clock()  # last story, or since the reader connected
        self._subscribers: set[asyncio.Queue[Item]] = set()

    def add(self, record: dict[str, Any], timestamp_ms: int) -> None:
        if self.buffer.add(record, timestamp_ms):
            self._quiet_since = self.clock()
            self._publish("story", stories.summary(record))

    def set_broker(self, state: str, detail: str) -> None:
        if state == "connected" and self.broker != "connected":
            self._quiet_since = self.clock()
        self.broker, self.detail = state, detail
        self._publish("status", self.status())

    def status(self) -> dict[str, Any]:
        quiet = self.clock() - self._quiet_since
        return {
            "broker": self.broker,
            "detail": self.detail,
            "idle": self.broker == "connected" and quiet >= self.idle_seconds,
            "idle_after": self.idle_seconds,
            "stories": len(self.buffer),
            "topics": self.topics,
        }

    def subscribe(self) -> asyncio.Queue[Item]:
        queue: asyncio.Queue[Item] = asyncio.Queue(SUBSCRIBER_QUEUE)
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Item]) -> None:
        self._subscribers.discard(queue)

    def close_all(self) -> None:
        for queue in list(self._subscribers):
            self._offer(queue, _CLOSE)

    def _publish(self, event: str, data: Any) -> None:
        for queue in list(self._subscribers):
            self._offer(queue, (event, data))

    def _offer(self, queue: asyncio.Queue[Item], item: Item) -> None:
        try:
            queue.put_nowait(item)
        except asyncio.QueueFull:
            self._subscribers.discard(queue)
            # make room for the close mark, the only item that still matters (typeshed omits _queue)
            queue._queue.clear()  # type: ignore[attr-defined]
            queue.put_nowait(_CLOSE)


STATE = web.AppKey("state", ViewState)
TICK = web.AppKey("tick", float)


def make_app(state: ViewState, tick: float = 2.0) -> web.Application:
    """`tick`: how often an open event stream re-checks the status (idle comes from time passing)."""
    app = web.Application()
    app[STATE] = state
    app[TICK] = tick
    app.on_response_prepare.append(_security_headers)
    app.on_shutdown.append(_close_streams)
    app.router.add_get("/", index)
    app.router.add_get("/api/stories", list_stories)
    app.router.add_get("/api/story", one_story)
    app.router.add_get("/api/facets", facets)
    app.router.add_get("/api/status", status)
    app.router.add_get("/events", events)
    app.router.add_static("/static/", STATIC, show_index=False, follow_symlinks=False)
    return app


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    # on_response_prepare covers every response: pages, files, JSON, errors and the event stream.
    response.headers.update(SECURITY_HEADERS)
    if request.path.startswith("/api/") or request.path == "/":
        response.headers["Cache-Control"] = "no-store"


async def _close_streams(app: web.Application) -> None:
    app[STATE].close_all()


async def index(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Content-Type": "text/html; charset=utf-8"})


async def list_stories(request: web.Request) -> web.Response:
    state = request.app[STATE]
    query = stories.Query.from_params(request.query)
    records = state.buffer.newest_first()
    selected = [r for r in records if query.matches(r)]
    return web.json_response({
        "stories": [stories.summary(r) for r in selected[: query.limit]],
        "matched": len(selected),
        "total": len(records),
    }, dumps=_dumps)


async def one_story(request: web.Request) -> web.Response:
    record = request.app[STATE].buffer.get(request.query.get("id", ""))
    if record is None:
        return web.json_response({"error": "no such story in the view's buffer"}, status=404)
    return web.json_response(stories.detail(record), dumps=_dumps)


async def facets(request: web.Request) -> web.Response:
    return web.json_response(stories.facets(request.app[STATE].buffer.newest_first()), dumps=_dumps)


async def status(request: web.Request) -> web.Response:
    return web.json_response(request.app[STATE].status(), dumps=_dumps)


async def events(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE]
    response = web.StreamResponse(headers={
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache",
        "X-Accel-Buffering": "no",  # a proxy in front must not hold events back
    })
    await response.prepare(request)
    queue = state.subscribe()
    try:
        last = state.status()
        await response.write(b"retry: 2000\n" + sse_frame("status", last))
        while True:
            try:
                item = await asyncio.wait_for(queue.get(), timeout=request.app[TICK])
            except TimeoutError:
                now = state.status()
                # Idle is time passing with nothing happening: no event says it, the tick does.
                await response.write(sse_frame("status", now) if now != last else b": keepalive\n\n")
                last = now
                continue
            if isinstance(item, _Close):
                break
            event, data = item
            if event == "status":
                last = data
            await response.write(sse_frame(event, data))
    except ConnectionResetError:
        pass  # the page went away
    finally:
        state.unsubscribe(queue)
    return response


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
