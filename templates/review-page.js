/* tripreport serve, the review page: what every module shares. The page's state, talking to serve,
   making elements (text always goes in with textContent), and telling the reviewer what happened. */

const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
export const TOKEN = meta("tripreport-token"), HEADER = meta("tripreport-token-header");
export const API = meta("tripreport-api"), EVENTS = meta("tripreport-events"), REPORT = meta("tripreport-report");
export const STATES = { machine: "machine English", "needs-review": "needs review", reviewed: "reviewed" };
export const $ = (id) => document.getElementById(id);
export const main = $("units");

export const page = {
  units: [], // in document order
  byId: new Map(),
  order: new Map(), // id → place in units
  byDay: new Map(), // day → its units
  days: [],
  data: null,
  current: null, // id of the passage the keys act on
  editor: null, // {id, key, revision, start, box, area, message, preview, suggestion}
  asking: null, // {action, id}: M or C asked to be pressed again before it replaces a person's English
  history: null, // id of the passage whose history is open
  filter: { state: "all", flag: "all", day: "all" },
  outcomes: new Map(), // id → {text, kind}: the last outcome of a passage, shown beside it
  drafts: new Set(), // keys of the passages with an unsaved draft
  rendered: new Set(), // days whose passages are in the page
  observer: null,
  generation: null,
  saving: Promise.resolve(), // the saves asked for, one after another
};

export async function call(method, path, body) {
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

export function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

// The top notice tells the latest outcome, whatever it was: each one replaces the one before.
export function notice(text, kind = "info") {
  const box = $("notice");
  box.textContent = text;
  box.dataset.kind = kind;
}

// An outcome of a passage: beside it, and in the top notice.
export function tell(id, text, kind = "info") {
  page.outcomes.set(id, { text, kind });
  const element = $(`unit-${id}`);
  const line = element && element.querySelector(":scope > .outcome");
  if (line) { line.textContent = text; line.dataset.kind = kind; }
  notice(text, kind);
}

export function clock(date = new Date()) {
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
