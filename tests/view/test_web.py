"""The view's web app through aiohttp's test client: headers, GET only, JSON, server-sent events."""

import asyncio
import json
import re

from aiohttp.test_utils import TestClient, TestServer

from streams.view.web import CONTENT_SECURITY_POLICY, STATIC, ViewState, make_app, sse_frame
from tests.view.test_stories import record


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def run(scenario, state=None, tick=0.05):
    """Run `scenario(client, state)` against a fresh app on a real local socket."""
    state = state or ViewState(capacity=50, idle_seconds=30, topics=["t.enriched", "t.diplomacy"])

    async def main():
        async with TestClient(TestServer(make_app(state, tick=tick))) as client:
            return await scenario(client, state)

    return asyncio.run(main())


def test_every_response_carries_the_content_security_policy():
    async def scenario(client, state):
        state.add(record(), 1)
        for path in ("/", "/static/app.js", "/static/style.css", "/api/stories", "/api/story?id=a1",
                     "/api/story?id=missing", "/api/facets", "/api/status", "/nope"):
            response = await client.get(path)
            assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["X-Frame-Options"] == "DENY"
        response = await client.get("/events")
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        response.close()

    run(scenario)
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'none'"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "unsafe-eval" not in CONTENT_SECURITY_POLICY


def test_no_write_endpoints():
    async def scenario(client, state):
        for path in ("/", "/api/stories", "/api/story", "/events", "/static/app.js"):
            for method in ("POST", "PUT", "DELETE", "PATCH"):
                response = await client.request(method, path)
                assert response.status == 405, (method, path)
        assert len(state.buffer) == 0

    run(scenario)


def test_page_has_no_inline_script_and_loads_nothing_from_elsewhere():
    page = (STATIC / "index.html").read_text()
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script src="/static/app.js" defer>']  # the only script, from this server
    assert not re.search(r"\son[a-z]+\s*=", page)  # no inline handlers
    for name in ("index.html", "app.js", "style.css"):
        text = (STATIC / name).read_text()
        # a URL with a host (http://x.y/, //x.y/): the page must work with no network but this server
        assert not re.search(r"//[a-z0-9-]+(\.[a-z0-9-]+)+[/:'\"]", text, re.I), f"{name} points elsewhere"
        assert "@import" not in text and "url(" not in text, name


def test_the_script_never_turns_text_into_markup():
    script = (STATIC / "app.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "DOMParser", "createContextualFragment", "srcdoc"):
        assert sink not in script, sink
    assert "textContent" in script and "createTextNode" in script


def test_index_and_static_files_are_served():
    async def scenario(client, state):
        page = await client.get("/")
        assert page.status == 200 and page.content_type == "text/html"
        assert 'id="stories"' in await page.text()
        script = await client.get("/static/app.js")
        assert script.status == 200 and "javascript" in script.content_type
        assert (await client.get("/static/")).status in (403, 404)  # no directory listing
        assert (await client.get("/static/../web.py")).status in (403, 404)

    run(scenario)


def test_stories_newest_first_and_filtered():
    async def scenario(client, state):
        state.add(record(id="old"), 100)
        state.add(record(id="sport", countries=["NO"], people=["Erling Haaland"],
                         diplomacy={"is_diplomacy": False, "score": 0.1, "threshold": 0.5, "signals": []}), 300)
        state.add(record(id="new"), 200)
        every = await (await client.get("/api/stories")).json()
        assert [s["id"] for s in every["stories"]] == ["sport", "new", "old"]
        assert (every["matched"], every["total"]) == (3, 3)
        dip = await (await client.get("/api/stories", params={"diplomacy": "1"})).json()
        assert [s["id"] for s in dip["stories"]] == ["new", "old"] and dip["matched"] == 2
        by_person = await (await client.get("/api/stories", params={"person": "Erling Haaland"})).json()
        assert [s["id"] for s in by_person["stories"]] == ["sport"]
        facets = await (await client.get("/api/facets")).json()
        assert facets["countries"][0]["code"] == "RU" and facets["countries"][0]["stories"] == 2

    run(scenario)


def test_one_story_and_a_missing_one():
    async def scenario(client, state):
        state.add(record(id="a/b?c"), 1)  # ids are free text: they travel as a query value
        story = await client.get("/api/story", params={"id": "a/b?c"})
        detail = await story.json()
        assert detail["id"] == "a/b?c" and detail["quote_list"][0]["speaker"] == "Vladimir Putin"
        missing = await client.get("/api/story", params={"id": "nope"})
        assert missing.status == 404 and "error" in await missing.json()

    run(scenario)


def test_sse_frames_are_one_event_each_whatever_the_text():
    frame = sse_frame("story", {"headline": "line one\n\nevent: status\ndata: forged\r\n"})
    text = frame.decode()
    assert text.endswith("\n\n") and text.count("\n\n") == 1
    lines = text[:-2].split("\n")
    assert lines[0] == "event: story" and len(lines) == 2 and lines[1].startswith("data: ")
    assert json.loads(lines[1][len("data: "):])["headline"] == "line one\n\nevent: status\ndata: forged\r\n"
    assert "\u2028" in sse_frame("x", {"t": "a\u2028b"}).decode()  # kept as text; it is not an SSE line break


async def read_events(response, count, timeout=5.0):
    """The next `count` events from an event stream, as (event, data); comments are skipped."""
    events, buffer = [], b""
    while len(events) < count:
        chunk = await asyncio.wait_for(response.content.readany(), timeout)
        assert chunk, "the event stream ended"
        buffer += chunk
        while b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            fields = {}
            for line in block.decode().split("\n"):
                if line and not line.startswith(":") and ": " in line:
                    key, value = line.split(": ", 1)
                    fields[key] = value
            if "event" in fields:
                events.append((fields["event"], json.loads(fields["data"])))
    return events


def test_event_stream_sends_status_then_each_new_story_once():
    async def scenario(client, state):
        response = await client.get("/events")
        assert response.headers["Content-Type"].startswith("text/event-stream")
        [(event, status)] = await read_events(response, 1)
        assert event == "status" and status["broker"] == "connecting"
        state.set_broker("connected", "reading 4 partition(s)")
        state.add(record(id="s1"), 10)
        state.add(record(id="s1"), 11)  # the diplomacy topic's copy: not news
        state.add(record(id="s2", headline="<b>second</b>"), 12)
        got = await read_events(response, 3)
        assert got[0][0] == "status" and got[0][1]["broker"] == "connected"
        assert [(e, d["id"]) for e, d in got[1:]] == [("story", "s1"), ("story", "s2")]
        assert got[2][1]["headline"] == "<b>second</b>"
        response.close()

    run(scenario)


def test_event_stream_says_when_the_stream_goes_idle():
    clock = Clock()
    state = ViewState(capacity=10, idle_seconds=30, topics=["t"], clock=clock)

    async def scenario(client, state):
        state.set_broker("connected", "ok")
        state.add(record(), 1)
        response = await client.get("/events")
        [(_, first)] = await read_events(response, 1)
        assert first["idle"] is False and first["stories"] == 1
        clock.now += 31  # no story for longer than idle_seconds; the next tick notices
        [(event, later)] = await read_events(response, 1)
        assert event == "status" and later["idle"] is True
        state.add(record(id="fresh"), 2)
        got = await read_events(response, 1)
        assert got[0][0] == "story"
        status = await (await client.get("/api/status")).json()
        assert status["idle"] is False and status["stories"] == 2
        response.close()

    run(scenario, state)


def test_unreachable_broker_is_reported():
    async def scenario(client, state):
        state.set_broker("unreachable", "cannot connect to Kafka at 127.0.0.1:1 (PLAINTEXT): connection refused")
        status = await (await client.get("/api/status")).json()
        assert status["broker"] == "unreachable" and "connection refused" in status["detail"]
        assert status["idle"] is False  # not idle: broken

    run(scenario)


def test_a_page_that_stops_reading_is_dropped_not_buffered_forever():
    state = ViewState(capacity=5000, idle_seconds=30, topics=["t"])

    async def main():
        queue = state.subscribe()
        for n in range(1200):
            state.add(record(id=f"s{n}"), n)
        assert queue not in state._subscribers
        assert queue.qsize() == 1  # only the close mark is left

    asyncio.run(main())
