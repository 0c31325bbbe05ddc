/* tripreport serve, the review page: search. It looks through the Spanish and English of every
   passage as the page's data holds them, drawn on the page or not (a long report draws its days
   as they come into view, so the browser's own find would miss them): case and accents aside,
   under the filters in use. Enter goes to the next match, Shift+Enter to the previous one. */

import { $, el, notice, page } from "./review-page.js";
import { focusUnit, matches, refresh } from "./review-passages.js";

const texts = new Map(); // id → {unit, folded}: its text, made when first searched, again when it changes
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
let query = ""; // folded

export function fold(text) {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

// The text of HTML serve rendered (its tags and character references are all it has).
function plain(html) {
  return html.replace(/<[^>]*>/g, "").replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name) => {
    if (name[0] !== "#") return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : +name.slice(1);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function textOf(unit) {
  let known = texts.get(unit.id);
  if (!known || known.unit !== unit) {
    const english = unit.pending ? "" : unit.en !== undefined ? plain(unit.en) : unit.english;
    known = { unit, folded: fold(`${plain(unit.es)}\n${english}`) };
    texts.set(unit.id, known);
  }
  return known.folded;
}

export function prepareSearch() {
  for (const unit of page.units) textOf(unit); // before the first key, so the first search is as quick as the next
}

// The passages that match, in document order: under the filters, and how many more the filters hide.
function found() {
  const shown = [];
  let hidden = 0;
  if (!query) return { shown, hidden };
  for (const unit of page.units) {
    if (!textOf(unit).includes(query)) continue;
    if (matches(unit) || unit.id === page.current) shown.push(unit.id);
    else hidden++;
  }
  return { shown, hidden };
}

function showCount(result) {
  const { shown, hidden } = result;
  const at = shown.indexOf(page.current);
  const more = hidden ? ` (${hidden} more under other filters)` : "";
  $("search-count").textContent = !query ? "" : !shown.length ? `no passage${more}`
    : `${at >= 0 ? `${at + 1} of ` : ""}${shown.length} passage${shown.length === 1 ? "" : "s"}${more}`;
}

export function searchChanged() {
  const before = query;
  query = fold($("search").value.trim());
  if (query === before) return;
  showCount(found());
  if (page.current !== null) refresh(page.current);
}

// The next (or previous) passage that matches, going round.
export function jump(step) {
  searchChanged();
  const result = found();
  if (!query) { notice("Type a word to search for."); return; }
  if (!result.shown.length) { showCount(result); notice(`Nothing matches “${$("search").value.trim()}”${result.hidden ? " under these filters" : ""}.`); return; }
  const at = page.current === null ? -1 : page.order.get(page.current);
  const n = result.shown.length;
  let next = step > 0 ? result.shown.find((id) => page.order.get(id) > at) : [...result.shown].reverse().find((id) => page.order.get(id) < at);
  if (next === undefined) next = step > 0 ? result.shown[0] : result.shown[n - 1];
  focusUnit(next);
  showCount(result);
}

// The search's matches in a passage's text, marked (as text, never HTML).
export function highlight(root) {
  if (!query) return;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const text = node.nodeValue;
    let folded = "";
    const from = [], to = [];
    for (let i = 0; i < text.length;) {
      const char = String.fromCodePoint(text.codePointAt(i));
      const folding = fold(char);
      folded += folding;
      for (let j = 0; j < folding.length; j++) { from.push(i); to.push(i + char.length); } // by UTF-16 unit, as indexOf counts
      i += char.length;
    }
    const spans = [];
    for (let k = folded.indexOf(query); k >= 0; k = folded.indexOf(query, k + query.length)) {
      spans.push([from[k], to[k + query.length - 1]]);
    }
    if (!spans.length) continue;
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const [start, end] of spans) {
      fragment.append(text.slice(at, start), el("mark", "found", text.slice(start, end)));
      at = end;
    }
    fragment.append(text.slice(at));
    node.replaceWith(fragment);
  }
}
