/* tripreport serve: the review page's glossary entries (pipeline/review/teach.py).
   Select Spanish words in a passage, press G (or the button by the selection), give the English they
   should get: the entry goes into glossary.yaml, and the next build translates every passage still in
   machine English with it; this panel then lists the passages that changed. Apart from review.js: it
   reads only the page's own markup (article.unit, its .es cell, #day-N) and talks to serve itself. */
(() => {
  "use strict";
  const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
  const TOKEN = meta("tripreport-token"), HEADER = meta("tripreport-token-header");
  const API = meta("tripreport-api"), EVENTS = meta("tripreport-events");
  const KINDS = [
    ["term", "Term: always this English"],
    ["keep", "Keep: never translated (a name, jargon)"],
    ["sense", "Word sense: this English for the word (dictionary form)"],
  ];
  let panel = null, offer = null, chosen = null, waiting = false;

  async function call(method, path, body) {
    const options = { method, headers: { [HEADER]: TOKEN }, cache: "no-store", credentials: "same-origin" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    try {
      const response = await fetch(API + path, options);
      let data = {};
      try { data = await response.json(); } catch (err) { data = { error: `answer ${response.status}` }; }
      return { status: response.status, data };
    } catch (err) {
      return { status: 0, data: { error: "tripreport serve does not answer (stopped?)" } };
    }
  }

  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  }

  // --- what is selected ------------------------------------------------------------------------

  function selectedWords() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const node = selection.getRangeAt(0).commonAncestorContainer;
    const cell = (node.nodeType === 1 ? node : node.parentElement).closest("article.unit .es");
    const words = selection.toString().replace(/\s+/g, " ").trim();
    if (!cell || !words) return null;
    return { id: +cell.closest("article.unit").dataset.id, words };
  }

  function showOffer() {
    const picked = selectedWords();
    if (!picked) { if (offer) offer.hidden = true; return; }
    chosen = picked;
    if (!offer) {
      offer = el("button", "glossary-offer", "Glossary entry… ");
      offer.type = "button";
      offer.append(el("kbd", "", "G"));
      offer.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
      offer.addEventListener("click", () => open(chosen));
      document.body.append(offer);
    }
    const box = document.getSelection().getRangeAt(0).getBoundingClientRect();
    offer.style.top = `${Math.max(0, box.bottom + 6)}px`;
    offer.style.left = `${Math.max(0, box.left)}px`;
    offer.hidden = false;
  }

  // --- the panel -------------------------------------------------------------------------------

  function field(label, name, value) {
    const wrap = el("label", "glossary-field");
    wrap.append(el("span", "", label));
    const input = el("input");
    input.name = name;
    input.value = value || "";
    input.autocomplete = "off";
    wrap.append(input);
    return wrap;
  }

  function open(picked) {
    if (!picked) {
      const current = document.querySelector("article.unit.current");
      if (!current) return;
      picked = { id: +current.dataset.id, words: "" };
    }
    if (offer) offer.hidden = true;
    if (panel) panel.remove();
    panel = el("section", "glossary-panel");
    panel.id = "glossary-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", "Glossary entry from this passage");
    panel.dataset.unit = picked.id;
    panel.dataset.words = picked.words;
    const form = el("form");
    form.append(el("h2", "", "Teach the report"));
    form.append(field("Spanish", "es", picked.words));
    const kinds = el("fieldset", "glossary-kinds");
    kinds.append(el("legend", "", "As"));
    for (const [value, text] of KINDS) {
      const label = el("label");
      const radio = el("input");
      radio.type = "radio";
      radio.name = "kind";
      radio.value = value;
      radio.checked = value === "term";
      label.append(radio, ` ${text}`);
      kinds.append(label);
    }
    form.append(kinds);
    form.append(field("English", "en", ""));
    form.append(field("Not in (a sentence where it must not apply; optional)", "not", ""));
    form.append(field("Note for the glossary appendix (optional)", "note", ""));
    form.append(el("p", "glossary-where"));
    const buttons = el("p", "glossary-buttons");
    const save = el("button", "", "Save to glossary.yaml ");
    save.type = "submit";
    save.append(el("kbd", "", "Ctrl+Enter"));
    const cancel = el("button", "", "Close ");
    cancel.type = "button";
    cancel.append(el("kbd", "", "Esc"));
    cancel.addEventListener("click", close);
    buttons.append(save, cancel);
    form.append(buttons);
    form.append(el("p", "glossary-status"));
    form.addEventListener("submit", (event) => { event.preventDefault(); submit(); });
    form.addEventListener("change", () => { form.elements.en.disabled = kind() === "keep"; });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); close(); }
      else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); submit(); }
    });
    panel.append(form);
    document.body.append(panel);
    form.elements[picked.words ? "en" : "es"].focus();
    if (picked.words) occurrences(picked.words);
  }

  function kind() {
    return panel.querySelector('input[name="kind"]:checked').value;
  }

  function close() {
    if (panel) panel.remove();
    panel = null;
    const current = document.querySelector("article.unit.current");
    if (current) current.focus({ preventScroll: true });
  }

  function say(text, error) {
    if (!panel) return;
    const status = panel.querySelector(".glossary-status");
    status.textContent = text;
    status.setAttribute("role", error ? "alert" : "status");
    status.classList.toggle("error", !!error);
  }

  function passageList(ids, days) {
    const list = el("ul", "glossary-passages");
    for (const id of ids) {
      const item = el("li");
      const button = el("button", "", document.getElementById(`unit-${id}`)?.querySelector(".where")?.textContent || `passage ${id}`);
      button.type = "button";
      button.dataset.unit = id;
      button.addEventListener("click", () => goTo(id, days ? days.get(id) : undefined));
      item.append(button);
      list.append(item);
    }
    return list;
  }

  async function occurrences(words) {
    const { status, data } = await call("GET", `occurrences?es=${encodeURIComponent(words)}`);
    if (!panel || status !== 200) return;
    const here = +panel.dataset.unit;
    const machine = data.machine.filter((id) => id !== here), reviewed = data.reviewed.filter((id) => id !== here);
    const where = panel.querySelector(".glossary-where");
    where.replaceChildren();
    if (!machine.length && !reviewed.length) { where.textContent = "Only in this passage."; return; }
    where.append(`Also in ${machine.length + reviewed.length} other passage${machine.length + reviewed.length === 1 ? "" : "s"}: ` +
      `the entry gives the ${machine.length} in machine English the same English` +
      (reviewed.length ? `; the ${reviewed.length} you reviewed keep your English (look at them):` : "."));
    if (reviewed.length) where.append(passageList(reviewed));
  }

  async function submit() {
    if (!panel) return;
    const form = panel.querySelector("form");
    const values = Object.fromEntries(["es", "en", "not", "note"].map((name) => [name, form.elements[name].value.trim()]));
    const body = { unit: +panel.dataset.unit, kind: kind(), es: values.es, words: panel.dataset.words || values.es };
    if (body.kind !== "keep") body.en = values.en;
    if (values.not) body.not = values.not;
    if (values.note) body.note = values.note;
    say("Saving…");
    const { status, data } = await call("POST", "glossary", body);
    if (status !== 200) { say(data.error || `not added (answer ${status})`, true); return; }
    waiting = true;
    say(`Saved in glossary.yaml, line ${data.saved.line}. Translating the machine passages again…`);
    window.tripreportGlossarySaved = performance.now(); // for the benchmarks
  }

  // --- what the entry changed --------------------------------------------------------------------

  async function lesson() {
    const { status, data } = await call("GET", "lesson");
    if (status !== 200 || !data.lesson || data.lesson.pending) return;
    if (!waiting && document.getElementById("glossary-changed")) return;
    waiting = false;
    showChanged(data.lesson);
  }

  function showChanged(taught) {
    let box = document.getElementById("glossary-changed");
    if (!box) {
      box = el("section", "glossary-changed");
      box.id = "glossary-changed";
      box.setAttribute("aria-label", "Passages the last glossary entry changed");
      document.body.append(box);
    }
    const count = taught.changed.length;
    const what = taught.kind === "keep" ? `${taught.es} (kept)` : `${taught.es} → ${taught.en}`;
    const head = el("p", "", `Glossary entry ${what} (glossary.yaml, line ${taught.line}): ${count} passage${count === 1 ? "" : "s"} changed.`);
    head.setAttribute("role", "status");
    const hide = el("button", "", "Close");
    hide.type = "button";
    hide.addEventListener("click", () => box.remove());
    const days = new Map(taught.changed.map((unit) => [unit.id, unit.day]));
    box.replaceChildren(head, passageList(taught.changed.map((unit) => unit.id), days), hide);
    for (const article of document.querySelectorAll("article.unit.taught")) article.classList.remove("taught");
    for (const unit of taught.changed) document.getElementById(`unit-${unit.id}`)?.classList.add("taught");
    say(`${count} passage${count === 1 ? "" : "s"} changed: listed at the bottom of the page.`);
  }

  function goTo(id, day) {
    const show = (article) => { article.scrollIntoView({ block: "center" }); article.click(); article.classList.add("taught"); };
    const found = document.getElementById(`unit-${id}`);
    if (found) { show(found); return; }
    const section = day === undefined ? null : document.getElementById(`day-${day}`);
    if (!section) return;
    section.scrollIntoView(); // review.js draws a day's passages when it comes into view
    const watcher = new MutationObserver(() => {
      const drawn = document.getElementById(`unit-${id}`);
      if (drawn) { watcher.disconnect(); show(drawn); }
    });
    watcher.observe(document.body, { childList: true, subtree: true });
  }

  document.addEventListener("selectionchange", () => { if (!panel) requestAnimationFrame(showOffer); });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "g" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName)) return;
    event.preventDefault();
    open(selectedWords());
  });
  new EventSource(EVENTS).addEventListener("state", lesson); // a build done: what the entry changed
})();
