// The newsroom page. Every piece of article text reaches the DOM as a text node or an
// attribute value, never as markup: nothing here parses HTML, and the server's CSP
// (script-src 'self') would refuse an inline script even if something did.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const state = { selected: null, fresh: new Set(), timer: null, facetsTimer: null };

  // el("span", {class: "chip", title: "..."}, "text", child) - children are strings (as text) or nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function query() {
    const params = new URLSearchParams();
    if ($("f-diplomacy").checked) params.set("diplomacy", "1");
    if ($("f-country").value) params.set("country", $("f-country").value);
    if ($("f-person").value) params.set("person", $("f-person").value);
    if ($("f-text").value.trim()) params.set("q", $("f-text").value.trim());
    return params;
  }

  async function getJSON(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  }

  function routeBadge(story) {
    return el("span", { class: `route route-${story.route === "diplomacy" ? "diplomacy" : "general"}` },
      `${story.route} ${Number(story.score).toFixed(2)}`);
  }

  function metaLine(story) {
    const bits = [story.source, story.dateline, story.published_at].filter(Boolean);
    return el("span", { class: "meta" }, bits.join(" · ") || "no source or dateline");
  }

  function storyItem(story) {
    const countries = story.countries.map((c) => el("span", { class: "chip country", title: c.name }, c.code));
    const people = story.people.map((p) => el("span", { class: "chip person" }, p));
    const item = el("li", { tabindex: "0", "data-id": story.id, "data-route": story.route },
      el("span", { class: "headline" }, story.headline),
      routeBadge(story), metaLine(story),
      el("div", { class: "chips" }, ...countries, ...people));
    if (story.id === state.selected) item.classList.add("selected");
    if (state.fresh.has(story.id)) item.classList.add("fresh");
    item.addEventListener("click", () => openStory(story.id));
    item.addEventListener("keydown", (e) => { if (e.key === "Enter") openStory(story.id); });
    return item;
  }

  async function loadStories() {
    const data = await getJSON(`/api/stories?${query()}`);
    $("stories").replaceChildren(...data.stories.map(storyItem));
    $("empty").hidden = data.stories.length > 0;
    $("count").textContent = `${data.matched} of ${data.total} stories`;
    state.fresh.clear();
  }

  function fillSelect(select, options, blank) {
    const current = select.value;
    const nodes = [el("option", { value: "" }, blank)];
    for (const [value, label] of options) nodes.push(el("option", { value }, label));
    select.replaceChildren(...nodes);
    if ([...select.options].some((o) => o.value === current)) select.value = current;
    else if (current) { select.append(el("option", { value: current }, current)); select.value = current; }
  }

  async function loadFacets() {
    const data = await getJSON("/api/facets");
    fillSelect($("f-country"), data.countries.map((c) => [c.code, `${c.name} (${c.stories})`]), "any");
    fillSelect($("f-person"), data.people.map((p) => [p.value, `${p.name} (${p.stories})`]), "anyone");
  }

  // A field cut by the server into groups (a quote, or text between quotes) of parts (entity or plain).
  function renderRuns(groups, quotes) {
    const out = document.createDocumentFragment();
    for (const group of groups) {
      const parts = group.parts.map((part) => part.entity
        ? el("span", { class: `ent ent-${part.entity}`, title: `${part.entity}: ${part.name || ""}` }, part.text)
        : document.createTextNode(part.text));
      if (group.quote === null || !quotes[group.quote]) { out.append(...parts); continue; }
      const quote = quotes[group.quote];
      const kind = quote.colour !== null ? `speaker-${quote.colour}` : quote.type === "term" ? "quote-term" : "quote-unattributed";
      out.append(
        el("span", { class: `quote-label ${kind}`, "aria-hidden": "true" }, quote.label),
        el("mark", { class: `quote ${kind}`, "data-quote": group.quote, "data-speaker": quote.speaker || "",
                     title: `${quote.type} quote: ${quote.label}${quote.cue ? ` (${quote.cue})` : ""}` }, ...parts));
    }
    return out;
  }

  function renderStory(story) {
    const pane = $("story");
    const link = story.url && /^https?:\/\//i.test(story.url)
      ? el("a", { class: "source-link", href: story.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original article")
      : null;
    const signals = story.signals.map((s) => el("li", { class: s.against ? "against" : "for" }, s.text));
    const legend = el("div", { class: "legend" },
      ...story.speakers.map((s) => el("span", { class: `quote-label speaker-${s.colour}` }, s.name)),
      el("span", { class: "quote-label quote-unattributed" }, "unattributed"),
      el("span", { class: "quote-label quote-term" }, "term"),
      el("span", { class: "ent ent-PERSON" }, "person"), el("span", { class: "ent ent-ORG" }, "organisation"),
      el("span", { class: "ent ent-GPE" }, "place"), el("span", { class: "ent ent-NORP" }, "nationality or group"));
    const quotes = story.quote_list.map((q) => el("li", {},
      el("q", {}, q.text), el("span", { class: "who" }, `— ${q.label}`), q.cue ? el("span", { class: "meta" }, ` (${q.cue}, ${q.type})`) : null));
    const statements = (story.statement_list || []).map((st) => el("li", {},
      el("span", { class: "who" }, st.label), el("span", { class: "meta" }, ` (${st.kind}) ${st.cue}: `), st.text));
    pane.replaceChildren(
      el("h2", { id: "story-headline" }, renderRuns(story.headline_runs, story.quote_list)),
      el("p", {}, routeBadge(story), metaLine(story), " ", link),
      el("div", { class: "chips" },
        ...story.countries.map((c) => el("span", { class: "chip country", title: c.code }, c.name)),
        ...story.all_people.map((p) => el("span", { class: "chip person" }, p))),
      el("h3", {}, `Why ${story.route === "diplomacy" ? "diplomacy" : "general"}: score ${Number(story.score).toFixed(2)}, threshold ${story.threshold}`),
      signals.length ? el("ul", { class: "signals", id: "signals" }, ...signals) : el("p", { class: "meta" }, "no signals"),
      el("h3", {}, "Story"), legend,
      el("div", { class: "body", id: "story-body" }, renderRuns(story.body_runs, story.quote_list)),
      el("h3", {}, `Quotes (${story.quote_list.length})`),
      el("ol", { class: "quotes-list" }, ...quotes),
      el("h3", {}, `Reported statements (${statements.length})`),
      el("ol", { class: "statements-list", id: "statements" }, ...statements));
    pane.dataset.id = story.id;
  }

  async function openStory(id) {
    state.selected = id;
    for (const item of $("stories").children) item.classList.toggle("selected", item.dataset.id === id);
    try {
      renderStory(await getJSON(`/api/story?${new URLSearchParams({ id })}`));
    } catch (error) {
      $("story").replaceChildren(el("p", { class: "hint" }, "That story is no longer in the view's buffer."));
    }
  }

  // Bursts of stories (a replay, a backlog) cost one reload of the list, not one per story.
  function refreshSoon() {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => loadStories().catch(() => {}), 250);
    clearTimeout(state.facetsTimer);
    state.facetsTimer = setTimeout(() => loadFacets().catch(() => {}), 1500);
  }

  function showStatus(status) {
    const box = $("status");
    let text, kind;
    if (status.broker === "unreachable") { kind = "unreachable"; text = `broker unreachable, retrying: ${status.detail}`; }
    else if (status.broker === "connecting") { kind = "connecting"; text = "connecting to Kafka…"; }
    else if (status.idle) { kind = "idle"; text = `stream idle: no new story for ${status.idle_after}s (${status.stories} kept)`; }
    else { kind = "live"; text = `live · ${status.stories} stories · ${status.topics.join(", ")}`; }
    box.dataset.state = kind;
    box.title = status.detail || "";
    box.textContent = text;
  }

  function listen() {
    const events = new EventSource("/events");
    events.addEventListener("story", (e) => { state.fresh.add(JSON.parse(e.data).id); refreshSoon(); });
    events.addEventListener("status", (e) => showStatus(JSON.parse(e.data)));
    let opened = false;
    events.addEventListener("open", () => { if (opened) refreshSoon(); opened = true; });  // after a reconnect, catch up
    events.addEventListener("error", () => showStatus({ broker: "unreachable", detail: "lost the view server; reconnecting" }));
  }

  function start() {
    $("filters").addEventListener("submit", (e) => e.preventDefault());
    for (const id of ["f-diplomacy", "f-country", "f-person"]) $(id).addEventListener("change", () => loadStories());
    let typing = null;
    $("f-text").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => loadStories(), 200); });
    loadStories().catch(() => {});
    loadFacets().catch(() => {});
    listen();
  }

  start();
})();
