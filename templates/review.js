/* tripreport serve: the review page's script (ES modules, no framework, nothing fetched but this
   server's answers). This one loads the passages, follows serve's builds and maps keys and buttons
   to actions; the others: review-page.js (state, calls, notices), review-passages.js (drawing,
   counts, filters, moving), review-editor.js (editing, saving), review-drafts.js, review-find.js. */

import { loadDrafts, moveDraft, showDraftsElsewhere } from "./review-drafts.js";
import {
  backToMachine, bringBack, cancel, closeEditor, confirmAsIs, discardDraft, openEditor, putInEditor, save,
  toggleHistory, warnIfChanged,
} from "./review-editor.js";
import { jump, prepareSearch, searchChanged } from "./review-find.js";
import { $, EVENTS, call, notice, page } from "./review-page.js";
import {
  applyFilter, focusUnit, index, machineOf, matches, move, nextUnreviewed, renderAll, replaceUnit, showCounts, showReportFindings,
} from "./review-passages.js";

async function load() {
  const { status, data } = await call("GET", "units");
  if (status !== 200) { notice(data.error || "the passages could not be read", "error"); return; }
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

function apply(data) {
  for (const unit of data.units) unit.terms = unit.terms.map((t) => (typeof t === "number" ? data.terms[t] : t));
  const first = page.data === null;
  const shape = (d) => JSON.stringify([d.days, d.units.map((u) => [u.id, u.day])]);
  const sameShape = !first && shape(data) === shape(page.data);
  const currentKey = page.current !== null && page.byId.has(page.current) ? page.byId.get(page.current).key : null;
  page.data = data;
  page.days = data.days;
  if (first) loadDrafts();
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
    const again = (key, id) => (data.units.find((u) => u.key === key) || data.units.find((u) => u.id === id) || {});
    index(data.units);
    if (page.current !== null) page.current = again(currentKey, page.current).id ?? null;
    if (page.editor) {
      const found = again(page.editor.key, page.editor.id);
      if (found.id !== undefined) {
        moveDraft(page.editor.key, found.key); // what was typed follows the passage
        Object.assign(page.editor, { id: found.id, key: found.key });
      } else {
        closeEditor(); // its draft stays, shown with the drafts of passages no longer in the notes
        notice("The passage you were editing is gone from the notes: your text is kept as a draft at the top of the page.", "error");
      }
    }
    renderAll();
  }
  showDraftsElsewhere();
  showCounts();
  applyFilter();
  if (page.editor) warnIfChanged();
  if (first && page.drafts.size) notice(`You have unsaved drafts (marked “unsaved draft”): open the passage (Enter) to go on with one.`);
  window.tripreportReviewShown = performance.now(); // for the benchmarks: the passages are in the page
  setTimeout(prepareSearch, 0);
}

// --- keys and buttons: one set of actions ----------------------------------------------------------

const ACTIONS = {
  next: () => move(1),
  previous: () => move(-1),
  "next-unreviewed": nextUnreviewed,
  search: focusSearch,
  edit: () => openEditor(),
  save: () => page.editor && save("review", page.editor.area.value),
  cancel,
  confirm: confirmAsIs,
  machine: backToMachine,
  history: toggleHistory,
  "discard-draft": discardDraft,
  "use-machine": () => putInEditor(machineOf(page.byId.get(page.editor.id))),
  "use-earlier": () => putInEditor(page.byId.get(page.editor.id).earlier),
};
const KEYS = new Map(); // key → action, as the page lists them
for (const kbd of document.querySelectorAll("kbd[data-key]")) KEYS.set(kbd.dataset.key.toLowerCase(), kbd.dataset.action);
const FOLLOWS_ASKING = new Set(["confirm", "machine", "cancel"]); // any other key forgets a question M or C asked

function focusSearch() {
  $("top").classList.add("open");
  $("more-toggle").setAttribute("aria-expanded", "true");
  $("search").focus();
  $("search").select();
}

function searchKeys(event) {
  if (event.key === "Enter") { event.preventDefault(); jump(event.shiftKey ? -1 : 1); }
  if (event.key === "Escape") {
    event.preventDefault();
    const element = page.current !== null && $(`unit-${page.current}`);
    if (element) element.focus({ preventScroll: true });
    else $("search").blur();
  }
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.altKey || event.isComposing) return;
  if (event.target === $("search")) { searchKeys(event); return; }
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
  const action = KEYS.get(event.key.toLowerCase());
  if (!action || action === "save") return;
  event.preventDefault();
  if (page.asking && !FOLLOWS_ASKING.has(action)) { const id = page.asking.id; page.asking = null; focusUnit(id, false); }
  ACTIONS[action]();
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (button && button.dataset.action === "bring-back") { bringBack(+button.dataset.index); return; }
  if (button && button.dataset.action && ACTIONS[button.dataset.action]) { ACTIONS[button.dataset.action](); return; }
  if (button && button.dataset.filter) {
    page.filter[button.dataset.filter] = button.dataset.value;
    showCounts();
    applyFilter();
    return;
  }
  if (button && button.id === "more-toggle") {
    const open = $("top").classList.toggle("open");
    button.setAttribute("aria-expanded", String(open));
    return;
  }
  if (event.target.closest("a, .editor, .history, summary")) return;
  const article = event.target.closest("article.unit");
  if (!article) return;
  const id = +article.dataset.id;
  if (page.current !== id) focusUnit(id, false);
  if (event.target.closest(".en")) openEditor();
});

$("search").addEventListener("input", searchChanged);
$("day-filter").addEventListener("change", (event) => {
  page.filter.day = event.target.value;
  const here = page.byId.get(page.current);
  if (page.filter.day !== "all" && (!here || here.day !== +page.filter.day)) { // to the day's first passage
    const first = (page.byDay.get(+page.filter.day) || []).find(matches);
    if (first) focusUnit(first.id);
  }
  showCounts();
  applyFilter();
});

// The sticky header's height, for scrolling: a passage brought into view is never under it.
new ResizeObserver(() => {
  document.documentElement.style.setProperty("--top", `${$("top").getBoundingClientRect().height}px`);
}).observe($("top"));

listen();
