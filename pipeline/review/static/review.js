// Review page: walks through records, shows evidence, edits and saves gold labels. No build step.
"use strict";

const CONFIG = JSON.parse(document.getElementById("config").textContent);
const SCORED = ["is_incident", "company", "date", "incident_date", "data_types", "victim_count", "cause",
  "penalties", "keep", "drop"];
const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const state = { docs: [], current: null, doc: null, busy: false };
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function show(message, kind = "ok") {
  const box = $("message");
  box.textContent = message;
  box.className = kind;
}

async function api(url, options = {}) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    throw new Error("the review server does not answer (is it still running?)");
  }
  let data = null;
  try { data = await response.json(); } catch (error) { data = null; }
  if (!response.ok || data === null) {
    throw new Error((data && data.error) || `the server answered ${response.status} ${response.statusText}`);
  }
  return data;
}

// ---- document list -------------------------------------------------------------------------------
async function loadList() {
  const data = await api(`/api/docs?filter=${encodeURIComponent($("filter").value)}`);
  state.docs = data.documents;
  showProblems(data);
  const withGold = data.documents.filter((d) => d.has_gold).length;
  $("counts").textContent = `${data.documents.length} shown of ${data.total} · ${withGold} shown with gold`;
  const list = $("doclist");
  list.replaceChildren();
  for (const doc of data.documents) {
    const item = el("li", { "data-doc": doc.doc_id, title: doc.title, onclick: () => openDoc(doc.doc_id) },
      doc.doc_id);
    if (doc.has_gold) item.append(el("span", { class: "badge gold", text: "gold" }));
    if (doc.errors) item.append(el("span", { class: "badge err", text: `${doc.errors} err` }));
    if (doc.doc_id === state.current) item.classList.add("current");
    list.append(item);
  }
}

function showProblems(data) {
  const box = $("problems");
  box.replaceChildren();
  for (const problem of data.problems) box.append(el("div", { class: "problem records-problem", text: problem }));
  for (const line of data.broken_gold) {
    box.append(el("div", { class: "problem broken-gold" },
      `gold line ${line.line} is broken (${line.problem}); it is kept as it is and never overwritten:`,
      el("pre", { text: line.text })));
  }
  if (data.gold_not_in_records_count) {
    box.append(el("div", { class: "problem", text: `${data.gold_not_in_records_count} gold lines are for doc_ids ` +
      `that are not in the records file (kept): ${data.gold_not_in_records.slice(0, 5).join(", ")}` }));
  }
}

// ---- one document ----------------------------------------------------------------------------------
async function openDoc(docId) {
  // true when the document is shown; a failure is a message in the page
  try {
    const doc = await api(`/api/doc?id=${encodeURIComponent(docId)}`);
    state.current = docId;
    state.doc = doc;
    history.replaceState(null, "", `#doc=${encodeURIComponent(docId)}`);
    renderDoc(doc);
    renderForm(doc.gold ? { ...doc.suggested, ...doc.gold } : doc.suggested, doc);
    for (const item of $("doclist").children) item.classList.toggle("current", item.dataset.doc === docId);
    return true;
  } catch (error) {
    show(error.message, "error");
    return false;
  }
}

function renderDoc(doc) {
  $("doc-title").textContent = doc.title || doc.doc_id;
  $("doc-meta").textContent = `${doc.doc_id} · ${doc.url || doc.path}`;
  const text = $("text");
  text.replaceChildren();
  for (const segment of doc.segments) {
    if (!segment.fields.length) { text.append(segment.text); continue; }
    const mark = el("mark", { class: segment.fields.map((f) => `f-${f}`).join(" "),
      "data-fields": segment.fields.join(" "), title: segment.fields.join(", "), text: segment.text });
    const colourField = segment.fields.find((f) => f !== "keep" && f !== "drop");
    if (colourField) mark.style.background = CONFIG.colours[colourField] || "#eee";
    text.append(mark);
  }
  const legend = $("legend");
  legend.replaceChildren();
  for (const [name, colour] of Object.entries(CONFIG.colours)) {
    const chip = el("span", { text: name });
    chip.style.background = colour;
    legend.append(chip);
  }
  const errors = $("doc-errors");
  errors.replaceChildren();
  for (const error of doc.errors) {
    errors.append(el("div", { class: "doc-error", "data-field": error.field,
      text: `against saved gold: ${error.field}: gold ${JSON.stringify(error.gold)}, predicted ${JSON.stringify(error.predicted)}` }));
  }
}

// ---- the form ----------------------------------------------------------------------------------------
function fieldset(name, label, ...body) {
  const scored = el("input", { type: "checkbox", class: "scored", "data-field": name });
  const box = el("fieldset", { "data-field": name },
    el("legend", {}, label, el("label", {}, scored, " scored")), ...body);
  box.style.setProperty("--colour", CONFIG.colours[name] || "#ddd");
  return box;
}

function predictedHint(name, value) {
  return el("div", { class: "predicted", text: `predicted: ${JSON.stringify(value ?? null)}` });
}

function listEditor(name, values, editable) {
  const list = el("ul", { class: "items", id: `f-${name}` });
  for (const value of values) list.append(listItem(name, value, editable));
  return list;
}

function listItem(name, value, editable) {
  const remove = el("button", { type: "button", class: "remove", text: "×", title: "remove",
    onclick: (event) => event.target.closest("li").remove() });
  const body = editable ? el("input", { type: "text", class: "value", value }) : el("span", { class: "value", text: value });
  return el("li", { "data-field": name }, body, remove);
}

function codeBoxes(name, codes, chosen) {
  return el("div", { class: "codes", id: `f-${name}` }, ...codes.map((code) => el("label", {},
    checkbox(name, code, chosen.includes(code)), ` ${code}`)));
}

function checkbox(name, value, checked) {
  const box = el("input", { type: "checkbox", name, value });
  box.checked = checked;
  return box;
}

function penaltyRow(amount = "", currency = "EUR") {
  return el("tr", {},
    el("td", {}, el("input", { type: "text", class: "amount", inputmode: "decimal", value: amount ?? "" })),
    el("td", {}, el("input", { type: "text", class: "currency", maxlength: "3", value: currency ?? "" })),
    el("td", {}, el("button", { type: "button", text: "×", onclick: (e) => e.target.closest("tr").remove() })));
}

function renderForm(gold, doc) {
  const prediction = doc.prediction;
  const form = $("form");
  form.replaceChildren();
  state.base = gold;
  const incident = checkbox("is_incident", "true", Boolean(gold.is_incident));
  incident.id = "f-is_incident";
  const unit = el("select", { id: "f-victim_unit" }, el("option", { value: "", text: "(unit)" }),
    ...CONFIG.units.map((u) => el("option", { value: u, text: u })));
  unit.value = gold.victim_unit || (prediction.victim_count && prediction.victim_count.unit) || "";
  const penalties = el("tbody", { id: "f-penalties" },
    ...(gold.penalties || []).map((p) => penaltyRow(p[0], p[1])));
  form.append(
    fieldset("is_incident", "incident", el("label", {}, incident, " reports a data-protection incident"),
      predictedHint("is_incident", prediction.is_incident)),
    fieldset("company", "company (acceptable spellings of the main organisation)",
      listEditor("company", gold.company || [], true),
      el("button", { type: "button", id: "add-company", text: "+ spelling",
        onclick: () => addItem("company", "", true) }),
      predictedHint("company", [...new Set([prediction.company, ...(prediction.companies || [])].filter(Boolean))])),
    fieldset("date", "publication date", dateInput("date", gold.date), predictedHint("date", prediction.date)),
    fieldset("incident_date", "incident date", dateInput("incident_date", gold.incident_date),
      predictedHint("incident_date", prediction.incident_date)),
    fieldset("data_types", "data types", codeBoxes("data_types", CONFIG.data_types, gold.data_types || []),
      predictedHint("data_types", prediction.data_types)),
    fieldset("victim_count", "victim count",
      el("input", { type: "text", id: "f-victim_count", inputmode: "numeric", value: gold.victim_count ?? "",
        placeholder: "whole number, empty = none" }), " ", unit,
      predictedHint("victim_count", prediction.victim_count)),
    fieldset("cause", "cause", codeBoxes("cause", CONFIG.causes, gold.cause || []),
      predictedHint("cause", prediction.cause)),
    fieldset("penalties", "penalties",
      el("table", { class: "penalties" }, el("thead", {}, el("tr", {}, el("th", { text: "amount" }),
        el("th", { text: "currency" }), el("th"))), penalties),
      el("button", { type: "button", id: "add-penalty", text: "+ penalty",
        onclick: () => $("f-penalties").append(penaltyRow()) }),
      predictedHint("penalties", prediction.penalties)),
    fieldset("keep", "keep phrases (select text, then k)", listEditor("keep", gold.keep || [], false),
      el("button", { type: "button", id: "add-keep", text: "+ keep selection", onclick: () => addSelection("keep") })),
    fieldset("drop", "drop phrases (select text, then d)", listEditor("drop", gold.drop || [], false),
      el("button", { type: "button", id: "add-drop", text: "+ drop selection", onclick: () => addSelection("drop") })),
  );
  const hasGold = Boolean(doc.gold);
  for (const box of form.querySelectorAll("input.scored")) {
    box.checked = !hasGold || box.dataset.field in doc.gold;
  }
  for (const error of doc.errors) {
    const box = form.querySelector(`fieldset[data-field="${error.field}"]`);
    if (box) box.classList.add("error");
  }
}

function dateInput(name, value) {
  const input = el("input", { type: "text", id: `f-${name}`, value: value ?? "",
    placeholder: "YYYY, YYYY-MM or YYYY-MM-DD", pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?" });
  input.addEventListener("input", () => input.classList.toggle("invalid", Boolean(input.value) && !DATE_RE.test(input.value.trim())));
  return input;
}

function addItem(name, value, editable) {
  const item = listItem(name, value, editable);
  $(`f-${name}`).append(item);
  const input = item.querySelector("input");
  if (input) input.focus();
}

function selectedText() {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed) return "";
  const text = $("text");
  if (!text.contains(selection.anchorNode) || !text.contains(selection.focusNode)) return "";
  return selection.toString().replace(/\s+/g, " ").trim();
}

function addSelection(name) {
  const phrase = selectedText();
  if (!phrase) { show(`select words in the text first, then press ${name === "keep" ? "k" : "d"}`, "error"); return; }
  const existing = [...$(`f-${name}`).querySelectorAll(".value")].map((v) => v.textContent || v.value);
  if (!existing.includes(phrase)) addItem(name, phrase, name === "company");
  const scored = $("form").querySelector(`input.scored[data-field="${name}"]`);
  if (scored) scored.checked = true;
  show(`${name}: added “${phrase}” (not saved yet: press s)`);
  window.getSelection().removeAllRanges();
}

function readForm() {
  const form = $("form");
  const values = (name) => [...$(`f-${name}`).querySelectorAll(".value")]
    .map((v) => (v.value ?? v.textContent).trim()).filter(Boolean);
  const codes = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((b) => b.value);
  const count = $("f-victim_count").value.trim();
  const all = {
    is_incident: $("f-is_incident").checked,
    company: values("company"),
    date: $("f-date").value.trim() || null,
    incident_date: $("f-incident_date").value.trim() || null,
    data_types: codes("data_types"),
    victim_count: count === "" ? null : count,
    victim_unit: count === "" ? null : ($("f-victim_unit").value || null),
    cause: codes("cause"),
    penalties: [...$("f-penalties").children].map((row) => [row.querySelector(".amount").value.trim(),
      row.querySelector(".currency").value.trim().toUpperCase()]).filter((row) => row[0] !== "" || row[1] !== ""),
    keep: values("keep"),
    drop: values("drop"),
  };
  const gold = { ...(state.base || {}), doc_id: state.current };
  for (const name of SCORED) {
    const scored = form.querySelector(`input.scored[data-field="${name}"]`).checked;
    if (scored) gold[name] = all[name]; else delete gold[name];
  }
  if (gold.victim_count === undefined || gold.victim_count === null || !all.victim_unit) delete gold.victim_unit;
  else gold.victim_unit = all.victim_unit;
  return gold;
}

async function save(gold, advance = false) {
  if (!state.current || state.busy) return;
  state.busy = true;
  const docId = state.current;
  const index = state.docs.findIndex((d) => d.doc_id === docId);
  const following = index >= 0 && index + 1 < state.docs.length ? state.docs[index + 1].doc_id : null;
  try {
    const result = await api(`/api/gold?id=${encodeURIComponent(docId)}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(gold) });
    show(`saved ${result.doc_id} at line ${result.line} of the gold file (${result.replaced ? "replaced" : "added"})`);
    await loadList();
    await openDoc(advance && following ? following : docId);
    if (advance && following) show(`saved ${result.doc_id} (line ${result.line}); now ${following}`);
  } catch (error) {
    show(error.message, "error");
  } finally {
    state.busy = false;
  }
}

function acceptPrediction() {
  if (!state.doc) return;
  const gold = { ...state.doc.suggested };
  save(gold, true);
}

function move(step) {
  const index = state.docs.findIndex((d) => d.doc_id === state.current);
  const next = state.docs[Math.min(Math.max(index + step, 0), state.docs.length - 1)];
  if (next) openDoc(next.doc_id);
}

function onKey(event) {
  if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(readForm()); return; }
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target instanceof HTMLInputElement && target.type !== "checkbox") return;
  if (target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
  const actions = { a: acceptPrediction, s: () => save(readForm()), k: () => addSelection("keep"),
    d: () => addSelection("drop"), n: () => move(1), p: () => move(-1), c: addCompanySelection };
  const action = actions[event.key];
  if (action) { event.preventDefault(); action(); }
}

function addCompanySelection() {
  const phrase = selectedText();
  if (!phrase) { show("select a company name in the text first, then press c", "error"); return; }
  addItem("company", phrase, true);
  window.getSelection().removeAllRanges();
  show(`company: added spelling “${phrase}” (not saved yet: press s)`);
}

async function start() {
  $("filter").addEventListener("change", () => loadList().catch((e) => show(e.message, "error")));
  $("accept").addEventListener("click", acceptPrediction);
  $("save").addEventListener("click", () => save(readForm()));
  $("next").addEventListener("click", () => move(1));
  $("prev").addEventListener("click", () => move(-1));
  document.addEventListener("keydown", onKey);
  try {
    await loadList();
  } catch (error) {
    show(error.message, "error");
    return;
  }
  const wanted = new URLSearchParams(location.hash.slice(1)).get("doc");
  const shown = wanted ? await openDoc(wanted) : false;
  if (!shown && state.docs.length) await openDoc(state.docs[0].doc_id);
  document.body.dataset.ready = "1";
}

start();
