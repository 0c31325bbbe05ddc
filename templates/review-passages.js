/* tripreport serve, the review page: the passages on the page, their counts and filters, and moving
   between them. The passages' Spanish and English arrive as HTML serve rendered as the editions are
   (raw HTML through the notes' allow-list); every other text goes in with textContent. */

import { draftOf } from "./review-drafts.js";
import { highlight } from "./review-find.js";
import { $, STATES, el, main, notice, page } from "./review-page.js";

// --- the passages' data --------------------------------------------------------------------------

export function index(units) {
  page.units = units;
  page.byId = new Map(units.map((u) => [u.id, u]));
  page.order = new Map(units.map((u, i) => [u.id, i]));
  page.byDay = new Map();
  for (const unit of units) {
    if (!page.byDay.has(unit.day)) page.byDay.set(unit.day, []);
    page.byDay.get(unit.day).push(unit);
  }
}

export function replaceUnit(unit) {
  const at = page.order.get(unit.id);
  if (at === undefined) return;
  unit.terms = unit.terms.map((t) => (typeof t === "number" ? page.data.terms[t] : t));
  page.units[at] = unit;
  page.byId.set(unit.id, unit);
  const day = page.byDay.get(unit.day);
  day[day.findIndex((u) => u.id === unit.id)] = unit;
  refresh(unit.id);
}

// A passage drawn again from its data, if it is on the page.
export function refresh(id) {
  const element = $(`unit-${id}`);
  const unit = page.byId.get(id);
  if (element && unit) { fillUnit(element, unit); element.hidden = !shown(unit); }
}

// The machine's English, when known: the English shown, unless a person's is (then sent apart, if known).
export function machineOf(unit) {
  return unit.machine ?? (unit.state !== "reviewed" && !unit.pending ? unit.english : null);
}

// A person's English that M or C would replace: theirs (reviewed), or theirs for the Spanish before it changed.
export function personsEnglish(unit) {
  return unit.state === "reviewed" ? unit.english : unit.state === "needs-review" ? unit.earlier : null;
}

// --- drawing them --------------------------------------------------------------------------------

export function renderAll() {
  if (page.observer) page.observer.disconnect();
  page.rendered.clear();
  main.replaceChildren();
  page.observer = new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) renderDay(+entry.target.dataset.day);
  }, { rootMargin: "1500px 0px" });
  page.days.forEach((day, index) => {
    if (!page.byDay.has(index)) return;
    const section = el("section", "day pending");
    section.id = `day-${index}`;
    section.dataset.day = index;
    const list = el("div", "day-units");
    list.style.minHeight = `${page.byDay.get(index).length * 6}em`; // until its passages are in
    section.append(el("h2", "", day.title || "Before the first day"), list);
    main.append(section);
    page.observer.observe(section);
  });
  const firstDay = page.units.length ? page.units[0].day : null;
  if (firstDay !== null) renderDay(firstDay); // the first passages at once, the rest as they come into view
  if (page.editor) renderDay(page.byId.get(page.editor.id).day);
  if (page.current !== null) focusUnit(page.current, false);
  applyFilter();
}

export function renderDay(index) {
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
    const element = el("article");
    element.id = `unit-${unit.id}`;
    element.tabIndex = -1;
    element.dataset.id = unit.id;
    fillUnit(element, unit);
    element.hidden = !shown(unit);
    fragment.append(element);
  }
  list.append(fragment);
}

export function fillUnit(element, unit) {
  const editing = page.editor && page.editor.id === unit.id ? page.editor : null;
  const typing = editing && document.activeElement === editing.area;
  const current = unit.id === page.current;
  const draft = !editing && page.drafts.has(unit.key);
  const keys = keysOn(element); // a button that has the keyboard keeps it when the passage is drawn again
  element.className = `unit state-${unit.state}${unit.flags.length ? " flagged" : ""}${current ? " current" : ""}`
    + `${editing ? " editing" : ""}${draft ? " has-draft" : ""}`;
  element.setAttribute("aria-label", `${STATES[unit.state]}, ${unit.kind}${unit.where ? ", " + unit.where : ""}`);
  const head = el("div", "unit-head");
  head.append(el("span", "state", STATES[unit.state]), el("span", "kind", unit.kind));
  if (unit.where) head.append(el("span", "where", unit.where));
  for (const kind of new Set(unit.flags.map((f) => f.kind))) head.append(el("span", `badge kind-${kind}`, kind));
  if (draft) head.append(el("span", "badge draft", "unsaved draft"));
  const es = el("div", "es");
  es.lang = "es";
  es.innerHTML = unit.es; // rendered by serve as the editions are
  const en = el("div", "en");
  en.lang = "en";
  if (unit.pending) en.append(el("em", "pending", "The machine's English comes with the next build."));
  else if (unit.en === undefined) en.textContent = unit.english; // plain text: sent once, as Markdown
  else en.innerHTML = unit.en;
  en.title = "Click to edit";
  const columns = el("div", "columns");
  columns.append(es, en);
  const outcome = el("p", "outcome");
  outcome.setAttribute("role", "status");
  const told = page.outcomes.get(unit.id);
  if (told) { outcome.textContent = told.text; outcome.dataset.kind = told.kind; }
  element.replaceChildren(head, columns, outcome);
  mark(en, unit.flags.filter((f) => f.kind === "untranslated").map((f) => f.subject));
  mark(es, unit.flags.filter((f) => f.kind !== "untranslated" && f.kind !== "forced-term").map((f) => f.subject));
  if (current) { highlight(es); highlight(en); }
  if (unit.removed) element.append(el("p", "removed", `The notes' allow-list removed from this English (as every edition does): ${unit.removed.join(", ")}.`));
  if (unit.state === "needs-review") element.append(earlierBox(unit));
  if (unit.flags.length) {
    const list = el("ul", "flags");
    list.setAttribute("aria-label", "QA findings");
    for (const flag of unit.flags) list.append(el("li", `flag ${flag.level}`, `${flag.kind}: ${flag.message}`));
    element.append(list);
  }
  if (unit.terms.length || unit.mended.length) element.append(notesBox(unit));
  if (draft && current) element.append(draftNote(unit));
  if (current && page.asking && page.asking.id === unit.id) element.append(askBox(unit, page.asking.action));
  if (current) element.append(unitActions(unit));
  if (current && unit.history) element.append(historyBox(unit));
  if (editing) element.append(editing.box);
  if (typing) editing.area.focus({ preventScroll: true });
  else if (keys) element.querySelector(keys)?.focus({ preventScroll: true });
}

// The button inside ``element`` that has the keyboard, as a selector that finds it again once drawn anew
// (its action, and its place in the history: a build that ends meanwhile must not send Enter elsewhere).
function keysOn(element) {
  const focused = document.activeElement;
  if (!focused || focused.tagName !== "BUTTON" || !element.contains(focused) || !focused.dataset.action) return null;
  const at = focused.dataset.index === undefined ? "" : `[data-index="${focused.dataset.index}"]`;
  return `button[data-action="${focused.dataset.action}"]${at}`;
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
    const text = unit.mended.map((m) => `“${m.written}” read as “${m.read}” (${m.reading})`).join("; ");
    box.append(el("p", "mended", `Mended before translating: ${text}`));
  }
  return box;
}

function draftNote(unit) {
  const draft = draftOf(unit.key);
  const box = el("p", "draft-note");
  box.append(`Your unsaved draft: “${draft ? draft.english : ""}” — `, el("kbd", "", "Enter"), " goes on with it. ");
  const discard = el("button", "", "Discard the draft");
  discard.type = "button";
  discard.dataset.action = "discard-draft";
  box.append(discard);
  return box;
}

function askBox(unit, action) {
  const box = el("div", "ask");
  box.setAttribute("role", "alert");
  const key = action === "machine" ? "M" : "C";
  const what = action === "machine" ? "Send this passage back to machine English?" : "Confirm the machine's English as it is?";
  const whose = unit.state === "reviewed" ? "your English" : "your earlier English";
  box.append(el("strong", "", what + " "), `It replaces ${whose} “${personsEnglish(unit)}”, which stays in this passage's history (H). Press `,
    el("kbd", "", key), " again to do it, ", el("kbd", "", "Esc"), " to keep yours. ");
  const yes = el("button", "", action === "machine" ? "Yes, back to machine English" : "Yes, confirm the machine's");
  yes.type = "button";
  yes.dataset.action = action;
  const no = el("button", "", "Keep mine");
  no.type = "button";
  no.dataset.action = "cancel";
  box.append(yes, " ", no);
  return box;
}

function unitActions(unit) {
  const box = el("div", "unit-actions");
  const button = (action, label, key, disabled) => {
    const b = el("button", "", label + (key ? " " : ""));
    b.type = "button";
    b.dataset.action = action;
    b.disabled = !!disabled;
    if (key) b.append(el("kbd", "", key));
    box.append(b);
  };
  button("edit", "Edit", "Enter");
  button("confirm", "Confirm as is", "C", unit.state === "reviewed" || unit.pending);
  button("machine", "Back to machine English", "M", unit.state === "machine");
  if (unit.history) button("history", `Earlier English (${unit.history.length})`, "H");
  return box;
}

function historyBox(unit) {
  const box = el("details", "history");
  box.open = page.history === unit.id;
  box.addEventListener("toggle", () => { page.history = box.open ? unit.id : null; });
  box.append(el("summary", "", `Earlier English of this passage (${unit.history.length}), newest first`));
  const list = el("ol", "history-list");
  unit.history.forEach((past, at) => {
    const item = el("li");
    const when = new Date(past.when);
    const label = `${past.who === "machine" ? "machine" : "a person"}, ${isNaN(when) ? past.when : when.toLocaleString()}: `;
    const text = el("span", "history-text");
    text.lang = "en";
    text.innerHTML = past.html; // rendered by serve as the editions are
    const back = el("button", "", "Bring it back");
    back.type = "button";
    back.dataset.action = "bring-back";
    back.dataset.index = at;
    item.append(el("span", "muted", label), text, " ", back);
    list.prepend(item);
  });
  box.append(list);
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

export function showReportFindings(findings) {
  const box = $("report-findings");
  box.hidden = !findings.length;
  box.replaceChildren();
  if (!findings.length) return;
  box.append(el("h2", "", "About the whole report"));
  const list = el("ul", "flags");
  for (const f of findings) list.append(el("li", `flag ${f.level}`, `${f.where ? f.where + ": " : ""}${f.kind}: ${f.message}`));
  box.append(list);
}

// --- counts and filters: all from the passages as the page has them, so they agree, and follow each save

export function showCounts() {
  const units = page.units;
  const count = (test) => units.reduce((n, u) => n + (test(u) ? 1 : 0), 0);
  const reviewed = count((u) => u.state === "reviewed"), needs = count((u) => u.state === "needs-review");
  const flagged = count((u) => u.flags.length > 0), drafts = count((u) => page.drafts.has(u.key));
  $("progress").replaceChildren(
    el("strong", "", `${reviewed} of ${units.length} reviewed`),
    `, ${flagged} flagged`,
    needs ? `, ${needs} need${needs === 1 ? "s" : ""} review` : "",
    drafts ? `, ${drafts} unsaved draft${drafts === 1 ? "" : "s"}` : "",
  );
  const states = [["all", "All", units.length], ["machine", "Machine English", count((u) => u.state === "machine")],
    ["needs-review", "Needs review", needs], ["reviewed", "Reviewed", reviewed]];
  if (drafts || page.filter.state === "draft") states.push(["draft", "Unsaved drafts", drafts]);
  filterButtons($("state-filter"), "state", states);
  const kinds = [...new Set(units.flatMap((u) => u.flags.map((f) => f.kind)))].sort();
  const flags = [["all", "Any finding or none", units.length], ["flagged", "Flagged by QA", flagged]];
  for (const kind of kinds) flags.push([kind, kind, count((u) => u.flags.some((f) => f.kind === kind))]);
  flags.push(["mended", "Notes: words mended", count((u) => u.mended.length > 0)]);
  filterButtons($("flag-filter"), "flag", flags);
  dayOptions();
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

function dayOptions() {
  const select = $("day-filter");
  const options = [["all", `All days (${page.units.length})`]];
  page.days.forEach((day, i) => {
    if (page.byDay.has(i)) options.push([String(i), `${day.title || "Before the first day"} (${page.byDay.get(i).length})`]);
  });
  const shape = JSON.stringify(options);
  if (select.dataset.shape !== shape) {
    select.replaceChildren(...options.map(([value, label]) => { const o = el("option", "", label); o.value = value; return o; }));
    select.dataset.shape = shape;
  }
  select.value = String(page.filter.day);
}

export function matches(unit) {
  const { state, flag, day } = page.filter;
  if (day !== "all" && unit.day !== +day) return false;
  if (state === "draft" ? !page.drafts.has(unit.key) : state !== "all" && unit.state !== state) return false;
  if (flag === "flagged") return unit.flags.length > 0;
  if (flag === "mended") return unit.mended.length > 0;
  return flag === "all" || unit.flags.some((f) => f.kind === flag);
}

// The passage the keys act on stays in view, even when a save takes it out of the filter.
export function shown(unit) { return unit.id === page.current || matches(unit); }

export function applyFilter() {
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

// --- moving --------------------------------------------------------------------------------------

export function move(step) {
  const at = page.current === null ? (step > 0 ? -1 : page.units.length) : page.order.get(page.current);
  for (let i = at + step; i >= 0 && i < page.units.length; i += step) {
    if (matches(page.units[i])) { focusUnit(page.units[i].id); return; }
  }
  notice(step > 0 ? "No more passages after this one (under these filters)." : "No more passages before this one (under these filters).");
}

const worst = (unit, level) => unit.flags.some((f) => f.level === level);
// What N looks for, in turn: passages that need review, then QA errors, warnings, the rest not reviewed.
const URGENCY = [(u) => u.state === "needs-review", (u) => worst(u, "error"), (u) => worst(u, "warning"), () => true];

// The next passage not reviewed, walking them most urgent first and in document order within
// each kind (after the current one, going round), so that N skips on through a day as well.
export function nextUnreviewed() {
  const place = (u) => URGENCY.findIndex((wanted) => wanted(u)) * page.units.length + page.order.get(u.id);
  const here = page.byId.get(page.current);
  const from = here ? place(here) : -1;
  let next = null, first = null;
  for (const unit of page.units) {
    if (unit.state === "reviewed" || unit.id === page.current || !matches(unit)) continue;
    const at = place(unit);
    if (at > from && (!next || at < next.at)) next = { unit, at };
    if (!first || at < first.at) first = { unit, at };
  }
  const found = next || first;
  if (found) { focusUnit(found.unit.id); return; }
  const open = page.units.filter((u) => u.state !== "reviewed").length;
  if (!open) notice("Every passage is reviewed.");
  else if (open === 1 && here && here.state !== "reviewed") notice("This is the only passage not reviewed.");
  else notice(`No other passage to review under these filters; ${open} not reviewed in all (show All to see them).`);
}

export function focusUnit(id, scroll = true) {
  const unit = page.byId.get(id);
  if (!unit) return;
  const previous = page.current;
  page.current = id;
  if (previous !== id) {
    if (page.asking && page.asking.id !== id) page.asking = null;
    if (previous !== null) refresh(previous);
  }
  renderDay(unit.day);
  const element = $(`unit-${id}`);
  if (!element) return;
  fillUnit(element, unit);
  element.hidden = false;
  if (page.editor && page.editor.id === id) return;
  element.focus({ preventScroll: true });
  if (scroll) element.scrollIntoView({ block: "nearest" });
}
