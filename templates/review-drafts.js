/* tripreport serve, the review page: drafts. What a reviewer types is kept in the browser
   (localStorage) as they type, under the report and the passage's key, until it is saved or
   discarded: a reload, a crash of the browser, a rebuild or a refused save loses none of it. */

import { REPORT, el, notice, page, $ } from "./review-page.js";

const PREFIX = `tripreport-draft:${REPORT}:`;
let storageWorks = true;

function storage() {
  try { return window.localStorage; } catch (err) { return null; } // off in this browser
}

function failed() {
  if (!storageWorks) return;
  storageWorks = false;
  notice("This browser does not keep drafts (its storage is off or full): save each passage before you reload.", "error");
}

// The draft of a passage's key: {english, revision, saved (ms)}, or null.
export function draftOf(key) {
  const store = storage();
  if (!store || !key) return null;
  try {
    const draft = JSON.parse(store.getItem(PREFIX + key));
    return draft && typeof draft.english === "string" ? draft : null;
  } catch (err) { return null; }
}

export function keepDraft(key, english, revision) {
  const store = storage();
  if (!store) { failed(); return; }
  try {
    store.setItem(PREFIX + key, JSON.stringify({ english, revision, saved: Date.now() }));
    page.drafts.add(key);
  } catch (err) { failed(); }
}

export function dropDraft(key) {
  const store = storage();
  if (store) store.removeItem(PREFIX + key);
  page.drafts.delete(key);
}

export function loadDrafts() { page.drafts = new Set(draftKeys()); }

// Keys of this report's drafts.
export function draftKeys() {
  const store = storage();
  const keys = [];
  if (!store) return keys;
  for (let i = 0; i < store.length; i++) {
    const name = store.key(i);
    if (name && name.startsWith(PREFIX)) keys.push(name.slice(PREFIX.length));
  }
  return keys;
}

// When the passage being edited got a new key (its Spanish changed), its draft goes with it.
export function moveDraft(from, to) {
  if (from === to) return;
  const draft = draftOf(from);
  if (!draft) return;
  keepDraft(to, draft.english, draft.revision);
  dropDraft(from);
}

// Drafts whose passage is no longer in the notes: shown with their text, to copy or discard.
export function showDraftsElsewhere() {
  const box = $("drafts-elsewhere");
  const known = new Set(page.units.map((u) => u.key));
  const orphans = draftKeys().filter((key) => !known.has(key));
  box.hidden = !orphans.length;
  box.replaceChildren();
  if (!orphans.length) return;
  box.append(el("h2", "", "Unsaved drafts of passages no longer in the notes (their Spanish changed or went)"));
  for (const key of orphans) {
    const row = el("div", "draft-elsewhere");
    const text = el("p", "", draftOf(key).english);
    text.lang = "en";
    const discard = el("button", "", "Discard this draft");
    discard.type = "button";
    discard.addEventListener("click", () => { dropDraft(key); showDraftsElsewhere(); notice("Draft discarded."); });
    row.append(text, discard);
    box.append(row);
  }
}
