/* tripreport serve, the review page: editing and saving. The editor keeps what is typed as a draft
   (review-drafts.js) and shows it as the editions will (raw HTML through the notes' allow-list,
   and what that removes); M and C ask before they replace a person's English; every outcome is
   told beside the passage and at the top. */

import { draftOf, dropDraft, keepDraft } from "./review-drafts.js";
import { $, call, clock, el, notice, page, tell } from "./review-page.js";
import { applyFilter, machineOf, personsEnglish, refresh, replaceUnit, showCounts } from "./review-passages.js";

const PREVIEW_DELAY = 150; // ms after the last key

export function openEditor(text) {
  if (page.current === null) { notice("Press J to go to the first passage."); return; }
  if (page.editor) {
    if (page.editor.id !== page.current) notice("Save (Ctrl+Enter) or close (Esc) the passage you are editing first: what you typed stays as a draft.");
    page.editor.area.focus();
    return;
  }
  const unit = page.byId.get(page.current);
  const start = unit.state === "needs-review" && unit.earlier ? unit.earlier : unit.english;
  const draft = text === undefined ? draftOf(unit.key) : null;
  const box = el("div", "editor");
  const label = el("label", "", "Your English (inline Markdown; raw HTML as in the notes)");
  const area = el("textarea");
  area.id = `editor-${unit.id}`;
  label.htmlFor = area.id;
  area.value = text ?? (draft ? draft.english : start);
  area.rows = Math.min(12, Math.max(3, Math.ceil(area.value.length / 70)));
  area.spellcheck = true;
  area.lang = "en";
  const message = el("p", "editor-message");
  message.setAttribute("role", "alert");
  const editor = { id: unit.id, key: unit.key, revision: unit.revision, start, box, area, message, timer: null };
  editor.preview = el("div", "preview");
  editor.suggestion = el("div", "suggestion");
  box.append(label, message);
  if (draft) box.append(draftLine(editor, draft, unit));
  box.append(area, editorButtons(unit), editor.preview, editor.suggestion);
  area.addEventListener("input", () => typed(editor));
  page.editor = editor;
  if (text !== undefined) typed(editor);
  refresh(unit.id);
  area.focus();
  area.setSelectionRange(area.value.length, area.value.length);
  box.scrollIntoView({ block: "nearest" });
  showPreview(editor);
  if (page.data.second) askSecond(unit, editor);
}

function draftLine(editor, draft, unit) {
  const line = el("p", "draft-line");
  const since = draft.revision !== unit.revision ? " The passage changed since you typed it: what it says now is shown above." : "";
  line.append(`Your unsaved draft of ${clock(new Date(draft.saved))} is in the box.${since} `);
  const again = el("button", "", "Start again from the English shown (discards the draft)");
  again.type = "button";
  again.addEventListener("click", () => {
    editor.area.value = editor.start;
    typed(editor);
    line.remove();
    editor.area.focus();
    notice("Draft discarded: the box holds the English shown.");
  });
  line.append(again);
  return line;
}

function editorButtons(unit) {
  const buttons = el("div", "editor-actions");
  const add = (action, text, key) => {
    const b = el("button", "", text + (key ? " " : ""));
    b.type = "button";
    b.dataset.action = action;
    if (key) b.append(el("kbd", "", key));
    buttons.append(b);
  };
  add("save", "Save as reviewed", "Ctrl+Enter");
  add("cancel", "Close", "Esc");
  if (machineOf(unit)) add("use-machine", "Put the machine English here");
  if (unit.earlier) add("use-earlier", "Put your earlier English here");
  return buttons;
}

// Each change is a draft at once (a crash loses nothing), unless the box is back to where it started.
function typed(editor) {
  if (editor.area.value === editor.start) dropDraft(editor.key);
  else keepDraft(editor.key, editor.area.value, editor.revision);
  clearTimeout(editor.timer);
  editor.timer = setTimeout(() => showPreview(editor), PREVIEW_DELAY);
}

export function putInEditor(text) {
  page.editor.area.value = text;
  typed(page.editor);
  page.editor.area.focus();
}

async function showPreview(editor) {
  const text = editor.area.value;
  const { status, data } = await call("POST", "preview", { english: text });
  if (page.editor !== editor || editor.area.value !== text) return;
  if (status !== 200) { editor.preview.replaceChildren(el("p", "muted", data.error || "no preview")); return; }
  const shown = el("div", "preview-text");
  shown.lang = "en";
  shown.innerHTML = data.html; // rendered by serve as the editions are
  editor.preview.replaceChildren(el("span", "label", "As the editions will show it:"), shown);
  if (data.removed.length) {
    editor.preview.append(el("p", "removed", `The notes' allow-list removes (here as in every edition): ${data.removed.join(", ")}.`));
  }
}

async function askSecond(unit, editor) {
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
  use.addEventListener("click", () => putInEditor(data.english));
  box.append(text, " ", use);
  editor.suggestion.replaceChildren(box);
}

export function warnIfChanged() {
  const unit = page.byId.get(page.editor.id);
  if (unit && unit.revision !== page.editor.revision) {
    page.editor.message.textContent = "This passage changed in the PO file since you opened it (it shows what it is now): saving will be refused. Esc, then Enter, goes on with your draft from there.";
  }
}

// Closing keeps what was typed as a draft; ``saved``: it went into the PO file.
export function closeEditor(saved = false) {
  const editor = page.editor;
  if (!editor) return;
  clearTimeout(editor.timer);
  editor.box.remove();
  page.editor = null;
  if (saved || editor.area.value === editor.start) dropDraft(editor.key);
  else tell(editor.id, "Closed without saving: what you typed is kept as a draft (Enter goes on with it).");
  refresh(editor.id);
  showCounts();
  const element = $(`unit-${editor.id}`);
  if (element) element.focus({ preventScroll: true });
}

// One save at a time, in the order asked: a key pressed while the last save is answered (C right
// after Ctrl+Enter) waits its turn instead of being lost.
export function save(action, english) {
  const id = action === "review" && page.editor ? page.editor.id : page.current;
  if (!page.byId.get(id)) return;
  const editing = page.editor && page.editor.id === id ? page.editor : null;
  page.asking = null;
  page.saving = page.saving.then(() => send(id, editing, action, english)).catch((err) => notice(`Not saved: ${err}`, "error"));
}

async function send(id, editing, action, english) {
  const unit = page.byId.get(id);
  if (!unit || (editing && page.editor !== editing)) return; // that editor was saved or closed meanwhile
  notice("Saving…");
  const { status, data } = await call("POST", "save", { unit: id, revision: editing ? editing.revision : unit.revision, action, english });
  window.tripreportAnswers = (window.tripreportAnswers || 0) + 1; // for tests: a save was answered
  if (status === 200) {
    if (editing && page.editor === editing) closeEditor(true);
    if (data.unit) replaceUnit(data.unit);
    tell(id, action === "review" ? `Saved as reviewed at ${clock()}.` : `Sent back to machine English at ${clock()} (the next build brings its English).`, "ok");
    window.tripreportSaved = performance.now(); // for the benchmarks
  } else {
    if (data.unit) replaceUnit(data.unit);
    let text = data.error || `not saved (answer ${status})`;
    if (status === 0) text = `Not saved: ${text}.${editing ? " What you typed is kept as a draft." : ""}`;
    if (status === 409 && editing) text += ". The passage shows what it is now; Esc, then Enter, goes on with your draft from there.";
    tell(id, text, "error");
    if (editing && page.editor === editing) { editing.message.textContent = text; editing.area.focus(); }
  }
  showCounts();
  applyFilter();
  const element = $(`unit-${id}`);
  if (element) element.scrollIntoView({ block: "nearest" }); // the outcome where the eyes are, not under the header
}

// M and C replace a person's English only when asked twice (the key again, or the button "Yes").
function asked(action, unit) {
  if (!personsEnglish(unit)) return true; // nothing of a person's to replace
  if (page.asking && page.asking.id === unit.id && page.asking.action === action) return true;
  page.asking = { action, id: unit.id };
  refresh(unit.id);
  const key = action === "machine" ? "M" : "C";
  notice(`Press ${key} again to replace your English (it stays in the passage's history), Esc to keep it.`);
  return false;
}

export function confirmAsIs() {
  const unit = page.byId.get(page.current);
  if (!unit) { notice("Press J to go to the first passage."); return; }
  if (unit.state === "reviewed") { tell(unit.id, "This passage is already reviewed."); return; }
  if (!machineOf(unit)) { tell(unit.id, "The machine's English comes with the next build."); return; }
  if (asked("confirm", unit)) save("review", machineOf(unit));
}

export function backToMachine() {
  const unit = page.byId.get(page.current);
  if (!unit) { notice("Press J to go to the first passage."); return; }
  if (unit.state === "machine") { tell(unit.id, "This passage is machine English already."); return; }
  if (asked("machine", unit)) save("machine");
}

export function cancel() {
  if (page.asking) {
    const id = page.asking.id;
    page.asking = null;
    refresh(id);
    tell(id, "Kept your English.");
  } else if (page.editor) closeEditor();
  else if (page.history !== null) {
    const id = page.history;
    page.history = null;
    refresh(id);
  }
}

// An English of the passage's history, back in the editor (saved only with Ctrl+Enter).
export function bringBack(index) {
  const unit = page.byId.get(page.current);
  const past = unit && unit.history && unit.history[index];
  if (!past) return;
  const editing = page.editor && page.editor.id === unit.id;
  if (page.editor && !editing) { openEditor(); return; } // says to finish that edit first
  if (editing ? page.editor.area.value !== page.editor.start : page.drafts.has(unit.key)) {
    tell(unit.id, "This passage has an unsaved draft: save or discard it first (Enter goes on with it).", "error");
    return;
  }
  page.history = null; // done with it
  if (editing) putInEditor(past.english);
  else openEditor(past.english);
  notice("Brought back into the editor: Ctrl+Enter saves it as reviewed.");
}

export function discardDraft() {
  const unit = page.byId.get(page.current);
  if (!unit) return;
  dropDraft(unit.key);
  refresh(unit.id);
  showCounts();
  tell(unit.id, "Draft discarded.");
}

export function toggleHistory() {
  const unit = page.byId.get(page.current);
  if (!unit || !unit.history) { notice(unit ? "This passage has no earlier English saved." : "Press J to go to the first passage."); return; }
  page.history = page.history === unit.id ? null : unit.id;
  refresh(unit.id);
  const first = document.querySelector(`#unit-${unit.id} .history[open] button`);
  if (first) { first.focus(); first.scrollIntoView({ block: "nearest" }); }
}
