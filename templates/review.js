/* tripreport serve: the review page's script (no framework, nothing fetched but this server's answers).
   The passages come as JSON; their Spanish and English arrive as HTML the server rendered as the
   editions are rendered (raw HTML shown as text); every other text goes in with textContent. */
(() => {
  "use strict";
  const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
  const TOKEN = meta("tripreport-token"), HEADER = meta("tripreport-token-header");
  const API = meta("tripreport-api"), EVENTS = meta("tripreport-events");
  const STATES = { machine: "machine English", "needs-review": "needs review", reviewed: "reviewed" };
  const $ = (id) => document.getElementById(id);
  const main = $("units");

  const page = {
    units: [], // in document order
    byId: new Map(),
    order: new Map(), // id → place in units
    byDay: new Map(), // day → its units
    days: [],
    data: null,
    current: null, // id of the passage the keys act on
    editor: null, // {id, key, revision, box, area}
    filter: { state: "all", flag: "all" },
    rendered: new Set(), // days whose passages are in the page
    observer: null,
    generation: null,
    busy: false,
  };

  // --- talking to serve ------------------------------------------------------------------------

  async function call(method, path, body) {
    const options = { method, headers: { [HEADER]: TOKEN }, cache: "no-store", credentials: "same-origin" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(API + path, options);
    } catch (err) {
      return { status: 0, data: { error: "tripreport serve does not answer (stopped?)" } };
    }
    let data = {};
    try { data = await response.json(); } catch (err) { data = { error: `answer ${response.status}` }; }
    return { status: response.status, data };
  }

  async function load() {
    const { status, data } = await call("GET", "units");
    if (status !== 200) { notice(data.error || "the passages could not be read"); return; }
    apply(data);
  }

  function listen() {
    const source = new EventSource(EVENTS);
    source.addEventListener("state", (event) => {
      const state = JSON.parse(event.data);
      const box = $("build-error");
      box.hidden = !state.error;
      box.textContent = state.error ? "The last build failed; this page works on the last good one. " + state.error : "";
      if (state.generation !== page.generation) { page.generation = state.generation; load(); }
    });
  }

  // --- the passages ----------------------------------------------------------------------------

  function apply(data) {
    for (const unit of data.units) unit.terms = unit.terms.map((t) => (typeof t === "number" ? data.terms[t] : t));
    const first = page.data === null;
    const shape = (d) => JSON.stringify([d.days, d.units.map((u) => [u.id, u.day])]);
    const sameShape = !first && shape(data) === shape(page.data);
    const currentKey = page.current !== null && page.byId.has(page.current) ? page.byId.get(page.current).key : null;
    page.data = data;
    page.days = data.days;
    $("report-title").textContent = data.title ? `· ${data.title}` : "";
    $("po-error").hidden = !data.poError;
    $("po-error").textContent = data.poError ? "The PO file cannot be read, so nothing can be saved: " + data.poError : "";
    showReportFindings(data.report);
    if (sameShape) {
      for (const unit of data.units) {
        const old = page.byId.get(unit.id);
        if (JSON.stringify(old) !== JSON.stringify(unit)) replaceUnit(unit);
      }
    } else {
      // Passages came or went: find the same ones again by their Spanish, else by their place.
      const again = (key, id) => (page.units.find((u) => u.key === key) || page.byId.get(id) || {}).id;
      index(data.units);
      if (page.current !== null) page.current = again(currentKey, page.current) ?? null;
      if (page.editor) {
        const id = again(page.editor.key, page.editor.id);
        if (id !== undefined) page.editor.id = id;
        else { // nothing typed is lost: it stays on the page to copy
          notice(`The passage you were editing is gone from the notes. What you typed: ${page.editor.area.value}`);
          closeEditor();
        }
      }
      renderAll();
    }
    showCounts();
    applyFilter();
    if (page.editor) warnIfChanged();
    window.tripreportReviewShown = performance.now(); // for the benchmarks: the passages are in the page
  }

  function index(units) {
    page.units = units;
    page.byId = new Map(units.map((u) => [u.id, u]));
    page.order = new Map(units.map((u, i) => [u.id, i]));
    page.byDay = new Map();
    for (const unit of units) {
      if (!page.byDay.has(unit.day)) page.byDay.set(unit.day, []);
      page.byDay.get(unit.day).push(unit);
    }
  }

  function replaceUnit(unit) {
    const at = page.order.get(unit.id);
    if (at === undefined) return;
    page.units[at] = unit;
    page.byId.set(unit.id, unit);
    const day = page.byDay.get(unit.day);
    day[day.findIndex((u) => u.id === unit.id)] = unit;
    const element = $(`unit-${unit.id}`);
    if (element) fillUnit(element, unit);
  }

  function renderAll() {
    if (page.observer) page.observer.disconnect();
    page.rendered.clear();
    main.replaceChildren();
    page.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) if (entry.isIntersecting) renderDay(+entry.target.dataset.day);
    }, { rootMargin: "1500px 0px" });
    page.days.forEach((day, index) => {
      if (!page.byDay.has(index)) return;
      const section = document.createElement("section");
      section.className = "day pending";
      section.id = `day-${index}`;
      section.dataset.day = index;
      const title = document.createElement("h2");
      title.textContent = day.title || "Before the first day";
      const list = document.createElement("div");
      list.className = "day-units";
      list.style.minHeight = `${page.byDay.get(index).length * 6}em`; // until its passages are in
      section.append(title, list);
      main.append(section);
      page.observer.observe(section);
    });
    const firstDay = page.units.length ? page.units[0].day : null;
    if (firstDay !== null) renderDay(firstDay); // the first passages at once, the rest as they come into view
    if (page.editor) renderDay(page.byId.get(page.editor.id).day);
    if (page.current !== null) focusUnit(page.current, false);
    applyFilter();
  }

  function renderDay(index) {
    if (page.rendered.has(index)) return;
    const section = $(`day-${index}`);
    if (!section) return;
    page.rendered.add(index);
    page.observer.unobserve(section);
    section.classList.remove("pending");
    const list = section.querySelector(".day-units");
    list.style.minHeight = "";
    const fragment = document.createDocumentFragment();
    for (const unit of page.byDay.get(index) || []) {
      const element = document.createElement("article");
      element.id = `unit-${unit.id}`;
      element.tabIndex = -1;
      element.dataset.id = unit.id;
      fillUnit(element, unit);
      element.hidden = !shown(unit);
      fragment.append(element);
    }
    list.append(fragment);
  }

  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function fillUnit(element, unit) {
    const keepEditor = page.editor && page.editor.id === unit.id ? page.editor.box : null;
    const typing = keepEditor && document.activeElement === page.editor.area;
    element.className = `unit state-${unit.state}${unit.flags.length ? " flagged" : ""}${unit.id === page.current ? " current" : ""}`;
    element.setAttribute("aria-label", `${STATES[unit.state]}, ${unit.kind}${unit.where ? ", " + unit.where : ""}`);
    const head = el("div", "unit-head");
    head.append(el("span", "state", STATES[unit.state]), el("span", "kind", unit.kind));
    if (unit.where) head.append(el("span", "where", unit.where));
    for (const kind of new Set(unit.flags.map((f) => f.kind))) head.append(el("span", `badge kind-${kind}`, kind));
    const es = el("div", "es");
    es.lang = "es";
    es.innerHTML = unit.es; // rendered by serve as the editions are: raw HTML is text there
    const en = el("div", "en");
    en.lang = "en";
    if (unit.pending) en.append(el("em", "pending", "The machine's English comes with the next build."));
    else if (unit.en === undefined) en.textContent = unit.english; // plain text: sent once, as Markdown
    else en.innerHTML = unit.en;
    en.title = "Click to edit";
    const columns = el("div", "columns");
    columns.append(es, en);
    element.replaceChildren(head, columns);
    mark(en, unit.flags.filter((f) => f.kind === "untranslated").map((f) => f.subject));
    mark(es, unit.flags.filter((f) => f.kind !== "untranslated" && f.kind !== "forced-term").map((f) => f.subject));
    if (unit.state === "needs-review") element.append(earlierBox(unit));
    if (unit.flags.length) {
      const list = el("ul", "flags");
      for (const flag of unit.flags) list.append(el("li", `flag ${flag.level}`, `${flag.kind}: ${flag.message}`));
      element.append(list);
    }
    if (unit.terms.length || unit.mended.length) element.append(notesBox(unit));
    if (unit.id === page.current) element.append(unitActions(unit));
    if (keepEditor) element.append(keepEditor);
    if (typing) page.editor.area.focus();
  }

  // The machine's English, when known: the English shown, unless a person's is (then sent apart, if known).
  function machineOf(unit) {
    return unit.machine ?? (unit.state !== "reviewed" && !unit.pending ? unit.english : null);
  }

  function earlierBox(unit) {
    const box = el("div", "earlier");
    box.append(el("p", "label", "Your earlier English, for the Spanish before it changed:"));
    const text = el("div", "earlier-text");
    text.lang = "en";
    text.innerHTML = unit.earlierHtml || "";
    box.append(text);
    if (unit.diff) {
      const diff = el("p", "diff");
      diff.lang = "es";
      diff.append(el("span", "label", "How the Spanish changed: "));
      for (const [op, part] of unit.diff) diff.append(el(op === "-" ? "del" : op === "+" ? "ins" : "span", "", part));
      box.append(diff);
    }
    return box;
  }

  function notesBox(unit) {
    const box = el("div", "notes");
    if (unit.terms.length) {
      const list = el("ul", "terms");
      list.setAttribute("aria-label", "Glossary terms");
      for (const term of unit.terms) {
        const item = el("li");
        const es = el("span", "term-es", term.es);
        es.lang = "es";
        item.append(es, term.kept ? el("span", "", " kept as written") : el("span", "", ` → ${term.en}`));
        if (term.note) item.append(el("span", "note", ` (${term.note})`));
        list.append(item);
      }
      box.append(list);
    }
    if (unit.mended.length) {
      const text = unit.mended.map((m) => `“${m.written}” read as “${m.read}” (${m.kind})`).join("; ");
      box.append(el("p", "mended", `Mended before translating: ${text}`));
    }
    return box;
  }

  function unitActions(unit) {
    const box = el("div", "unit-actions");
    const button = (action, label, key, disabled) => {
      const b = el("button", "", label + " ");
      b.type = "button";
      b.dataset.action = action;
      b.disabled = !!disabled;
      b.append(el("kbd", "", key));
      box.append(b);
    };
    button("edit", "Edit", "Enter");
    button("confirm", "Confirm as is", "C", unit.state === "reviewed" || unit.pending);
    button("machine", "Back to machine English", "M", unit.state === "machine");
    return box;
  }

  // Leftover Spanish in the English, and what the English lost in the Spanish: marked as text, never as HTML.
  function mark(root, words) {
    const wanted = words.filter((w) => w && w.trim());
    if (!wanted.length) return;
    const escaped = wanted.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})(?![\\p{L}\\p{N}])`, "gu");
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      const text = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) continue;
      pattern.lastIndex = 0;
      const fragment = document.createDocumentFragment();
      let at = 0;
      for (const found of text.matchAll(pattern)) {
        fragment.append(text.slice(at, found.index), el("mark", "", found[0]));
        at = found.index + found[0].length;
      }
      fragment.append(text.slice(at));
      node.replaceWith(fragment);
    }
  }

  function showReportFindings(findings) {
    const box = $("report-findings");
    box.hidden = !findings.length;
    box.replaceChildren();
    if (!findings.length) return;
    box.append(el("h2", "", "About the whole report"));
    const list = el("ul", "flags");
    for (const f of findings) list.append(el("li", `flag ${f.level}`, `${f.where ? f.where + ": " : ""}${f.kind}: ${f.message}`));
    box.append(list);
  }

  // --- progress and filters --------------------------------------------------------------------

  function showCounts() {
    const count = (state) => page.units.filter((u) => u.state === state).length;
    const reviewed = count("reviewed"), needs = count("needs-review");
    const progress = $("progress");
    progress.replaceChildren(
      el("strong", "", `${reviewed} of ${page.units.length} reviewed`),
      `, ${page.data.counts.flagged} flagged`,
      needs ? `, ${needs} need${needs === 1 ? "s" : ""} review` : "",
    );
    const states = [["all", "All", page.units.length], ["machine", "Machine English", count("machine")],
      ["needs-review", "Needs review", needs], ["reviewed", "Reviewed", reviewed]];
    filterButtons($("state-filter"), "state", states);
    const kinds = page.data.counts.kinds;
    const flagged = page.units.filter((u) => u.flags.length).length;
    const flags = [["all", "Any flag or none", page.units.length], ["flagged", "Flagged", flagged]];
    for (const kind of Object.keys(kinds)) flags.push([kind, kind, page.units.filter((u) => u.flags.some((f) => f.kind === kind)).length]);
    filterButtons($("flag-filter"), "flag", flags);
  }

  function filterButtons(box, which, options) {
    box.replaceChildren();
    for (const [value, label, n] of options) {
      const b = el("button", "filter-option", `${label} (${n})`);
      b.type = "button";
      b.dataset.filter = which;
      b.dataset.value = value;
      b.setAttribute("aria-pressed", String(page.filter[which] === value));
      box.append(b);
    }
  }

  function matches(unit) {
    const { state, flag } = page.filter;
    if (state !== "all" && unit.state !== state) return false;
    if (flag === "flagged") return unit.flags.length > 0;
    return flag === "all" || unit.flags.some((f) => f.kind === flag);
  }

  // The passage the keys act on stays in view, even when a save takes it out of the filter.
  function shown(unit) { return unit.id === page.current || matches(unit); }

  function applyFilter() {
    for (const section of main.children) {
      let any = false;
      for (const unit of page.byDay.get(+section.dataset.day) || []) {
        const show = shown(unit);
        any = any || show;
        const element = $(`unit-${unit.id}`);
        if (element) element.hidden = !show;
      }
      section.hidden = !any;
    }
  }

  // --- moving ----------------------------------------------------------------------------------

  function move(step) {
    const at = page.current === null ? (step > 0 ? -1 : page.units.length) : page.order.get(page.current);
    for (let i = at + step; i >= 0 && i < page.units.length; i += step) {
      if (matches(page.units[i])) { focusUnit(page.units[i].id); return; }
    }
    notice(step > 0 ? "No more passages after this one." : "No more passages before this one.");
  }

  // The next passage not reviewed after the current one (going round): those that need review or are flagged first.
  function nextUnreviewed() {
    const at = page.current === null ? -1 : page.order.get(page.current);
    const open = (u) => u.state !== "reviewed" && u.id !== page.current && matches(u);
    const urgent = (u) => open(u) && (u.state === "needs-review" || u.flags.length > 0);
    const n = page.units.length;
    for (const wanted of [urgent, open]) {
      for (let k = 1; k <= n; k++) {
        const unit = page.units[(at + k + n) % n];
        if (wanted(unit)) { focusUnit(unit.id); return; }
      }
    }
    notice("Every passage is reviewed.");
  }

  function focusUnit(id, scroll = true) {
    const unit = page.byId.get(id);
    if (!unit) return;
    const previous = page.current;
    page.current = id;
    if (previous !== null && previous !== id) {
      const old = $(`unit-${previous}`);
      if (old && page.byId.has(previous)) {
        fillUnit(old, page.byId.get(previous));
        old.hidden = !shown(page.byId.get(previous));
      }
    }
    renderDay(unit.day);
    const element = $(`unit-${id}`);
    if (!element) return;
    fillUnit(element, unit);
    if (page.editor && page.editor.id === id) return;
    element.focus({ preventScroll: true });
    if (scroll) element.scrollIntoView({ block: "nearest" });
  }

  // --- editing and saving ----------------------------------------------------------------------

  function openEditor() {
    if (page.current === null) { notice("Press J to go to the first passage."); return; }
    if (page.editor) {
      if (page.editor.id === page.current) { page.editor.area.focus(); return; }
      notice("Save (Ctrl+Enter) or cancel (Esc) the passage you are editing first.");
      page.editor.area.focus();
      return;
    }
    const unit = page.byId.get(page.current);
    const box = el("div", "editor");
    const label = el("label", "", "Your English (inline Markdown)");
    const area = el("textarea");
    area.id = `editor-${unit.id}`;
    label.htmlFor = area.id;
    area.value = unit.state === "needs-review" && unit.earlier ? unit.earlier : unit.english;
    area.rows = Math.min(12, Math.max(2, Math.ceil(area.value.length / 70)));
    area.spellcheck = true;
    area.lang = "en";
    const buttons = el("div", "editor-actions");
    const add = (action, text, key) => {
      const b = el("button", "", text + (key ? " " : ""));
      b.type = "button";
      b.dataset.action = action;
      if (key) b.append(el("kbd", "", key));
      buttons.append(b);
    };
    add("save", "Save as reviewed", "Ctrl+Enter");
    add("cancel", "Cancel", "Esc");
    if (machineOf(unit)) add("use-machine", "Put the machine English here");
    if (unit.earlier) add("use-earlier", "Put your earlier English here");
    const suggestion = el("div", "suggestion");
    const message = el("p", "editor-message");
    message.setAttribute("role", "alert");
    box.append(label, area, buttons, suggestion, message);
    page.editor = { id: unit.id, key: unit.key, revision: unit.revision, box, area, message, suggestion };
    $(`unit-${unit.id}`).append(box);
    area.focus();
    if (page.data.second) askSecond(unit);
  }

  async function askSecond(unit) {
    const editor = page.editor;
    editor.suggestion.replaceChildren(el("p", "muted", `Asking ${page.data.second}…`));
    const { status, data } = await call("GET", `suggest?unit=${unit.id}`);
    if (page.editor !== editor) return;
    if (status !== 200) { editor.suggestion.replaceChildren(el("p", "muted", data.error || "no suggestion")); return; }
    const box = el("div", "second");
    box.append(el("span", "label", `${data.engine}: `));
    const text = el("span", "second-text");
    text.lang = "en";
    text.innerHTML = data.html; // rendered by serve as the editions are
    const use = el("button", "", "Put it here");
    use.type = "button";
    use.addEventListener("click", () => { editor.area.value = data.english; editor.area.focus(); });
    box.append(text, " ", use);
    editor.suggestion.replaceChildren(box);
  }

  function warnIfChanged() {
    const unit = page.byId.get(page.editor.id);
    if (unit && unit.revision !== page.editor.revision) {
      page.editor.message.textContent = "This passage changed in the PO file since you opened it: saving will be refused. Copy your text, press Esc, then edit again.";
    }
  }

  function closeEditor() {
    if (!page.editor) return;
    const id = page.editor.id;
    page.editor.box.remove();
    page.editor = null;
    const element = $(`unit-${id}`);
    if (element) element.focus({ preventScroll: true });
  }

  async function save(action, english) {
    if (page.busy) return;
    const id = action === "review" && page.editor ? page.editor.id : page.current;
    const unit = page.byId.get(id);
    if (!unit) return;
    const editing = page.editor && page.editor.id === id ? page.editor : null;
    const revision = editing ? editing.revision : unit.revision;
    page.busy = true;
    const { status, data } = await call("POST", "save", { unit: id, revision, action, english });
    page.busy = false;
    if (data.unit) replaceUnit(data.unit);
    if (status === 200) {
      if (editing && page.editor === editing) closeEditor();
      notice(action === "review" ? "Saved as reviewed." : "Sent back to machine English.");
      window.tripreportSaved = performance.now(); // for the benchmarks
    } else if (editing && page.editor === editing) {
      editing.message.textContent = data.error || `not saved (${status})`;
      editing.area.focus();
    } else {
      notice(data.error || `not saved (${status})`);
    }
    showCounts();
  }

  function confirmAsIs() {
    const unit = page.byId.get(page.current);
    if (!unit) { notice("Press J to go to the first passage."); return; }
    if (unit.state === "reviewed") { notice("This passage is already reviewed."); return; }
    if (!machineOf(unit)) { notice("The machine's English comes with the next build."); return; }
    save("review", machineOf(unit));
  }

  function backToMachine() {
    const unit = page.byId.get(page.current);
    if (!unit) { notice("Press J to go to the first passage."); return; }
    if (unit.state === "machine") { notice("This passage is machine English already."); return; }
    save("machine");
  }

  function notice(text) { $("notice").textContent = text; }

  // --- keys and buttons: one set of actions --------------------------------------------------------

  const ACTIONS = {
    next: () => move(1),
    previous: () => move(-1),
    "next-unreviewed": nextUnreviewed,
    edit: openEditor,
    save: () => page.editor && save("review", page.editor.area.value),
    cancel: closeEditor,
    confirm: confirmAsIs,
    machine: backToMachine,
    "use-machine": () => { page.editor.area.value = machineOf(page.byId.get(page.editor.id)); page.editor.area.focus(); },
    "use-earlier": () => { const u = page.byId.get(page.editor.id); page.editor.area.value = u.earlier; page.editor.area.focus(); },
  };
  const KEYS = new Map(); // key → action, as the page lists them
  for (const kbd of document.querySelectorAll("kbd[data-key]")) KEYS.set(kbd.dataset.key.toLowerCase(), kbd.dataset.action);

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.isComposing) return;
    const inEditor = page.editor && event.target === page.editor.area;
    if (inEditor) {
      const name = event.key === "Enter" && (event.ctrlKey || event.metaKey) ? "ctrl+enter" : event.key === "Escape" ? "escape" : null;
      if (name && KEYS.has(name)) { event.preventDefault(); ACTIONS[KEYS.get(name)](); }
      return;
    }
    if (event.ctrlKey || event.metaKey) return;
    const tag = event.target.tagName;
    if (["INPUT", "TEXTAREA", "SELECT"].includes(tag)) return;
    if (event.key === "Enter" && ["BUTTON", "A", "SUMMARY"].includes(tag)) return; // the control's own Enter
    const action = KEYS.get(event.key.length === 1 ? event.key.toLowerCase() : event.key.toLowerCase());
    if (!action || action === "save" || action === "cancel") return;
    event.preventDefault();
    ACTIONS[action]();
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button && button.dataset.action && ACTIONS[button.dataset.action]) { ACTIONS[button.dataset.action](); return; }
    if (button && button.dataset.filter) {
      page.filter[button.dataset.filter] = button.dataset.value;
      showCounts();
      applyFilter();
      return;
    }
    if (event.target.closest("a, .editor")) return;
    const article = event.target.closest("article.unit");
    if (!article) return;
    const id = +article.dataset.id;
    if (page.current !== id) focusUnit(id, false);
    if (event.target.closest(".en")) openEditor();
  });

  listen();
})();
