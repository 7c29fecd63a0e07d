"""The newsroom page in a real browser (Debian's chromium), over a real broker and a real worker.

One worker and one view for the module: the example articles and a hostile one are enriched
by the worker before the page opens; each test then loads the page afresh.
"""

import json
import time
import uuid
from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer

from streams.kafka.admin import ensure_topics
from streams.view.stories import visible
from tests.support.browser import ARTIFACTS, HitCounter, ViewProcess, chromium
from tests.support.kafka import WorkerProcess, free_port, isolated_settings, produce, read_topic

pytestmark = pytest.mark.integration
selenium = pytest.importorskip("selenium")
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
ARTICLES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".json"))
SEED_HEADLINE = "Bush letter to Putin opens up possibility of deeper negotiations"
WAIT = 30  # the most any wait below may take; a pass is usually far quicker


def hostile_article(port: int) -> dict:
    payload = f"http://127.0.0.1:{port}"
    return {
        "id": "hostile-1",
        "headline": f'<script>alert("headline")</script><img src="{payload}/headline.png" onerror="alert(1)"> '
                    "Envoys \u202eresolve\u202c border talks",
        "url": f"javascript:fetch('{payload}/url')",
        "source": f'<img src="{payload}/source.png" onerror="alert(2)">',
        "body": (
            "Foreign ministers of Japan and South Korea met in Seoul on Tuesday to resume border talks. "
            f'<script src="{payload}/body.js"></script>\n'
            f'"We agreed to keep talking <img src="{payload}/quote.png" onerror="alert(3)">," '
            "said Japanese Foreign Minister Aiko Tanabe.\n"
            f'Officials said the next round would be held in \u202eTokyo\u202c. <a href="javascript:alert(4)">read more</a> '
            f'<iframe src="{payload}/frame"></iframe>'
        ),
    }


def wait_for_topics(settings, timeout=60):
    consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers)
    try:
        deadline = time.monotonic() + timeout
        while not all(consumer.partitions_for_topic(t) for t in settings.all_topics):
            assert time.monotonic() < deadline, "the new topics never showed in the metadata"
            time.sleep(0.5)
    finally:
        consumer.close()


def forged_record(record: dict) -> dict:
    """`record` with bidi overrides in its headline and at the end of its body (its spans still fit)."""
    forged = json.loads(json.dumps(record))
    forged["id"] = "hostile-bidi"
    forged["headline"] = "Envoys \u202eresolve\u202c talks \u2066<b>bold</b>\u2069"
    forged["body"] = record["body"] + "\nThe envoys' statement: \u202edetaerts\u202c."
    forged["quotes"] = [q for q in record["quotes"] if q["field"] == "body"]
    for entity in forged["entities"]:
        entity["mentions"] = [m for m in entity["mentions"] if m["field"] == "body"] or entity["mentions"][:0]
    forged["entities"] = [e for e in forged["entities"] if e["mentions"]]
    return forged


@pytest.fixture(scope="module")
def hits():
    with HitCounter() as counter:
        yield counter


@pytest.fixture(scope="module")
def newsroom(kafka_bootstrap, tmp_path_factory, hits):
    settings = isolated_settings(kafka_bootstrap, view_port=free_port(), view_history=100, view_idle_seconds=5.0)
    logs = tmp_path_factory.mktemp("view")
    # Topics first and seen in the metadata: a worker that joins before a new topic is visible
    # gets no partitions and waits for the next metadata refresh, minutes away.
    ensure_topics(settings)
    wait_for_topics(settings)
    worker = WorkerProcess(settings, logs / "worker.log").start()
    view = driver = None
    try:
        hostile = hostile_article(hits.port)
        produce(settings, [p.read_bytes() for p in ARTICLES] + [json.dumps(hostile).encode()])
        on_topic = read_topic(settings, settings.topic_enriched, expected=len(ARTICLES) + 1, settle=0.5)
        records = {m.key.decode(): json.loads(m.value) for m in on_topic}
        assert len(records) == len(ARTICLES) + 1, worker.tail()
        # The worker strips bidi controls from its input; a record from any other producer on the
        # topic may still hold them, so one is written straight to the enriched topic.
        forged = forged_record(records["hostile-1"])
        producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all")
        producer.send(settings.topic_enriched, key=forged["id"].encode(), value=json.dumps(forged).encode())
        producer.flush(30)
        producer.close()
        records[forged["id"]] = forged
        view = ViewProcess(settings, logs / "view.log").start()
        driver = chromium()
        yield {"settings": settings, "records": records, "view": view, "driver": driver, "worker": worker}
    finally:
        if driver is not None:
            driver.quit()
        if view is not None:
            view.stop()
        worker.stop()


# The list is rebuilt whenever news arrives, so it is read in one script call (a snapshot)
# and clicked by id with a retry, never through element handles kept across a rebuild.
SNAPSHOT = """return [...document.querySelectorAll('#stories li')].map(li => ({
  id: li.dataset.id, route: li.dataset.route,
  headline: li.querySelector('.headline').textContent, badge: li.querySelector('.route').textContent,
  countries: [...li.querySelectorAll('.chip.country')].map(c => c.textContent), text: li.innerText}))"""


def listed(driver) -> list[dict]:
    return driver.execute_script(SNAPSHOT)


def listed_ids(driver) -> list[str]:
    return [story["id"] for story in listed(driver)]


def open_page(newsroom, count=None):
    driver = newsroom["driver"]
    driver.get(newsroom["view"].url)
    expected = count if count is not None else len(newsroom["records"])
    WebDriverWait(driver, WAIT).until(lambda d: len(listed(d)) >= expected)
    return driver


def shown(driver, headline) -> bool:
    return any(story["headline"] == headline for story in listed(driver))


def open_story(driver, story_id):
    for _ in range(20):
        try:
            driver.find_element(By.CSS_SELECTOR, f'#stories li[data-id="{story_id}"]').click()
            break
        except StaleElementReferenceException:
            time.sleep(0.1)
    WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.ID, "story").get_attribute("data-id") == story_id)


def field_text(driver, element_id) -> str:
    """A field's text as shown, less the speaker labels the page adds before each quote."""
    return driver.execute_script(
        "const copy = document.getElementById(arguments[0]).cloneNode(true);"
        "copy.querySelectorAll('.quote-label').forEach(n => n.remove()); return copy.textContent;", element_id)


def no_dialog(driver) -> bool:
    try:
        _ = driver.switch_to.alert  # raises when no dialog is open
    except NoAlertPresentException:
        return True
    return False


def test_the_page_lists_the_stories_already_on_the_topics(newsroom):
    driver = open_page(newsroom)
    stories = {story["id"]: story for story in listed(driver)}
    assert set(stories) == set(newsroom["records"])
    for story_id, record in newsroom["records"].items():
        story = stories[story_id]
        assert story["headline"] == visible(record["headline"])
        route = "diplomacy" if record["diplomacy"]["is_diplomacy"] else "general"
        assert story["route"] == route and story["badge"] == f"{route} {record['diplomacy']['score']:.2f}"
        assert story["countries"] == record["countries"]
    seed = next(s for s in stories.values() if s["headline"] == SEED_HEADLINE)
    assert "NEW YORK TIMES" in seed["text"] and "MOSCOW" in seed["text"] and "Vladimir Putin" in seed["text"]
    assert {"diplomacy", "general"} == {s["route"] for s in stories.values()}
    status = driver.find_element(By.ID, "status")
    WebDriverWait(driver, WAIT).until(lambda d: status.get_attribute("data-state") in ("live", "idle"))


def test_a_story_produced_while_the_page_is_open_appears_without_a_reload(newsroom):
    driver = open_page(newsroom)
    driver.execute_script("document.body.dataset.loadedOnce = 'yes'")  # gone if the page reloads
    run = uuid.uuid4().hex[:8]
    headline = f"Chile and Peru sign a maritime border accord {run}"
    body = ("Chile and Peru signed an accord on their maritime border in Lima on Friday, ending a dispute "
            "that had strained relations between the two governments for a decade.\n"
            "\"This is a day for both our peoples,\" said Peruvian Foreign Minister Elena Castro.")
    produce(newsroom["settings"], [json.dumps({"id": f"live-{run}", "headline": headline, "body": body}).encode()])
    WebDriverWait(driver, WAIT).until(lambda d: shown(d, headline))
    assert listed_ids(driver)[0] == f"live-{run}", "newest first"
    assert driver.execute_script("return document.body.dataset.loadedOnce") == "yes"
    # The later tests expect it too, as the worker wrote it.
    on_topic = read_topic(newsroom["settings"], newsroom["settings"].topic_enriched, want={f"live-{run}"}, settle=0)
    newsroom["records"].update((m.key.decode(), json.loads(m.value)) for m in on_topic)


def test_the_diplomacy_filter_hides_the_sports_story(newsroom):
    driver = open_page(newsroom)
    records = newsroom["records"]
    sports = next(r for r in records.values() if "qualifier" in r.get("body", "").lower())
    assert not sports["diplomacy"]["is_diplomacy"] and sports["id"] in listed_ids(driver)
    driver.find_element(By.ID, "f-diplomacy").click()
    WebDriverWait(driver, WAIT).until(lambda d: sports["id"] not in listed_ids(d))
    stories = listed(driver)
    assert {s["route"] for s in stories} == {"diplomacy"}
    assert {s["id"] for s in stories} == {i for i, r in records.items() if r.get("diplomacy", {}).get("is_diplomacy")}

    driver.find_element(By.ID, "f-diplomacy").click()
    search = driver.find_element(By.ID, "f-text")
    search.send_keys("qualifier")
    WebDriverWait(driver, WAIT).until(lambda d: listed_ids(d) == [sports["id"]])
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.BACKSPACE)
    WebDriverWait(driver, WAIT).until(lambda d: len(listed(d)) == len(records))

    Select(driver.find_element(By.ID, "f-person")).select_by_value("Vladimir Putin")
    with_putin = {i for i, r in records.items() if "Vladimir Putin" in r.get("people", [])}
    WebDriverWait(driver, WAIT).until(lambda d: set(listed_ids(d)) == with_putin)
    assert sports["id"] not in with_putin

    Select(driver.find_element(By.ID, "f-person")).select_by_value("")
    Select(driver.find_element(By.ID, "f-country")).select_by_value("NO")
    in_norway = {i for i, r in records.items() if "NO" in r.get("countries", [])}
    WebDriverWait(driver, WAIT).until(lambda d: set(listed_ids(d)) == in_norway)
    assert sports["id"] in in_norway and len(in_norway) < len(records)


def test_the_seed_story_shows_its_quotes_attributed_to_putin(newsroom):
    driver = open_page(newsroom)
    record = next(r for r in newsroom["records"].values() if r.get("headline") == SEED_HEADLINE)
    open_story(driver, record["id"])
    marks = driver.find_elements(By.CSS_SELECTOR, "#story mark.quote")
    assert len(marks) == len(record["quotes"])
    by_text = {m.get_attribute("textContent"): m for m in marks}
    serious = by_text["a very serious document."]
    believe = next(m for t, m in by_text.items() if t.startswith("We believe that in some of these issues"))
    for mark in (serious, believe):
        assert mark.get_attribute("data-speaker") == "Vladimir Putin"
        label = mark.find_element(By.XPATH, "preceding-sibling::span[1]")
        assert label.text == "Vladimir Putin" and "quote-label" in label.get_attribute("class")
        assert mark.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert serious.get_attribute("class") == believe.get_attribute("class")  # one colour per speaker
    term = by_text["strategic framework"]
    assert "quote-term" in term.get_attribute("class") and term.get_attribute("data-speaker") == ""
    assert term.find_element(By.XPATH, "preceding-sibling::span[1]").text == "term"

    people = {e.get_attribute("textContent") for e in driver.find_elements(By.CSS_SELECTOR, "#story-body .ent-PERSON")}
    assert "Putin" in people and "Condoleezza Rice" in people
    assert driver.find_elements(By.CSS_SELECTOR, "#story-body .ent-GPE")
    body = driver.find_element(By.ID, "story-body").get_attribute("textContent")
    labels = "".join(s.get_attribute("textContent") for s in driver.find_elements(By.CSS_SELECTOR, "#story-body .quote-label"))
    assert body.replace(labels, "") == record["body"] or len(body) - len(labels) == len(record["body"])
    signals = [li.get_attribute("textContent") for li in driver.find_elements(By.CSS_SELECTOR, "#signals li")]
    assert signals == [s.removeprefix("against:").strip() for s in record["diplomacy"]["signals"]]
    assert signals, "the reasons for the route are listed"
    statements = [li.get_attribute("textContent") for li in driver.find_elements(By.CSS_SELECTOR, "#statements li")]
    assert len(statements) == len(record["statements"])
    assert any(s.startswith("Vladimir Putin") and "warned" in s and "significant differences remained" in s
               for s in statements)

    driver.execute_script("document.getElementById('list-pane').scrollTop = 0")  # the newest stories in the picture
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "newsroom-view.png"
    assert driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_hostile_text_is_shown_as_text_and_runs_nothing(newsroom, hits):
    driver = open_page(newsroom)
    hostile = newsroom["records"]["hostile-1"]
    listed_hostile = next(s for s in listed(driver) if s["id"] == "hostile-1")
    assert listed_hostile["headline"].startswith('<script>alert("headline")</script><img src=')
    open_story(driver, "hostile-1")

    assert field_text(driver, "story-headline") == hostile["headline"]
    assert field_text(driver, "story-body") == hostile["body"]
    body = driver.find_element(By.ID, "story-body").text  # as rendered, so visible
    assert '<script src="http://127.0.0.1:' in body and '<a href="javascript:alert(4)">read more</a>' in body
    assert 'onerror="alert(3)"' in body and "<iframe src=" in body
    assert f'<img src="http://127.0.0.1:{hits.port}/source.png" onerror="alert(2)">' in driver.find_element(By.ID, "story").text
    assert driver.find_elements(By.CSS_SELECTOR, "#story a") == []  # its javascript: url is dropped

    open_story(driver, "hostile-bidi")
    assert driver.find_element(By.ID, "story-headline").text == "Envoys [U+202E]resolve[U+202C] talks [U+2066]<b>bold</b>[U+2069]"
    assert driver.find_element(By.ID, "story-body").text.endswith("The envoys' statement: [U+202E]detaerts[U+202C].")

    # Nothing became markup: no images, frames or extra scripts, no link to the javascript: URL.
    assert driver.find_elements(By.CSS_SELECTOR, "img, iframe, object, embed") == []
    scripts = [s.get_attribute("src") for s in driver.find_elements(By.TAG_NAME, "script")]
    assert scripts == [newsroom["view"].url + "static/app.js"]
    assert driver.find_elements(By.CSS_SELECTOR, "a[href^='javascript' i], b") == []
    assert no_dialog(driver)
    # Nothing ran or loaded: the payloads' address got no request, and the browser refused nothing
    # (a CSP report here would mean markup got in and only the policy stopped it).
    assert hits.hits == []
    console = [e["message"] for e in driver.get_log("browser")]
    assert console == [], "the page loads and runs without one error or refusal"


def test_the_page_says_when_the_stream_is_idle(newsroom):
    driver = open_page(newsroom, count=1)
    status = driver.find_element(By.ID, "status")
    # view_idle_seconds is 5 here: with nothing produced the page must say so on its own.
    WebDriverWait(driver, WAIT).until(lambda d: status.get_attribute("data-state") == "idle")
    assert status.text.startswith("stream idle")


def test_the_page_says_when_the_broker_is_unreachable(kafka_bootstrap, tmp_path):
    settings = isolated_settings(f"127.0.0.1:{free_port()}", view_port=free_port())  # nothing listens there
    view = ViewProcess(settings, tmp_path / "view.log").start()
    driver = chromium()
    try:
        driver.get(view.url)
        status = driver.find_element(By.ID, "status")
        WebDriverWait(driver, WAIT).until(lambda d: status.get_attribute("data-state") == "unreachable")
        assert status.text.startswith("broker unreachable") and "connection refused" in status.text
        assert driver.find_elements(By.CSS_SELECTOR, "#stories li") == []
    finally:
        driver.quit()
        view.stop()
