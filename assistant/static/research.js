// Staff research workspace: search and ask with filters, citations beside the passages,
// export of the research report; topic research as a timeline of resolutions; one resolution
// with its full text, history and referrers. Text is set with textContent only; links only http(s).
// Each new result replaces the previous one; an export is of what is on screen, not of what the
// fields say now. The key stays in this tab's sessionStorage; the staff login sets a cookie
// with which links open the originals.
"use strict";

const shown = { answer: null, topic: null };  // what the exports export
let typeNames = {};

function today() { return new Date().toISOString().slice(0, 10); }

// An internal source is marked wherever it is shown.
function internalMark(item) {
  if (!item.access || item.access === "public") return [];
  const mark = document.createElement("span");
  mark.className = "internal";
  mark.textContent = "NEVEŘEJNÉ";
  return [mark];
}

async function login() {
  rememberKey();
  try { await fetch("/api/staff/session", { method: "POST", headers: headers() }); } catch (e) { /* links then ask for the key */ }
  loadFacets();
}

// Results of another kind are cleared: a new question never sits under an old topic.
function clearResults(keep) {
  if (keep !== "answer") {
    $("answer").textContent = "Zatím nic.";
    $("citations").replaceChildren();
    $("passages").replaceChildren();
    $("exports").hidden = true;
    shown.answer = null;
  }
  if (keep !== "topic") { $("topic-card").hidden = true; shown.topic = null; }
  $("resolution-card").hidden = true;
}

function filters() {
  const f = { doc_types: [], bodies: [], date_from: $("date-from").value, date_to: $("date-to").value };
  if ($("doc-type").value) f.doc_types.push($("doc-type").value);
  if ($("body").value) f.bodies.push($("body").value);
  return f;
}

function link(url, text) {
  try {
    const u = new URL(url, location.origin);
    if (u.protocol === "http:" || u.protocol === "https:") {
      const a = document.createElement("a");
      a.href = u.href;
      a.textContent = text;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      return a;
    }
  } catch (e) { /* not a URL: plain text below */ }
  return document.createTextNode(text);
}

function reference(item) {
  const parts = [item.title];
  if (item.resolution) parts.push("usnesení č. " + item.resolution);
  if (item.date) parts.push(czechDate(item.date));
  if (item.page) parts.push("s. " + item.page);
  return parts.join(", ");
}

function showPassages(hits) {
  const box = $("passages");
  box.replaceChildren();
  if (!hits.length) { box.textContent = "Nic nenalezeno."; return; }
  for (const h of hits) {
    const div = document.createElement("div");
    div.className = "passage";
    const head = document.createElement("div");
    head.className = "ref";
    head.append(`${h.rank}. `, link(h.url || `/api/staff/documents/${h.doc_id}/file${h.page ? "#page=" + h.page : ""}`, reference(h)), ...internalMark(h));
    const p = document.createElement("p");
    p.textContent = h.text;
    div.append(head, p);
    box.append(div);
  }
}

function showAnswer(answer) {
  $("answer").textContent = answer.answer;
  const list = $("citations");
  list.replaceChildren();
  for (const c of answer.citations) {
    const li = document.createElement("li");
    li.append(link(c.url, `[${c.n}] ${reference(c)}`), ...internalMark(c));
    const quote = document.createElement("div");
    quote.className = "ref";
    quote.textContent = "„" + c.quote + "“" + (c.ocr ? " (text rozpoznaný ze skenu, opravený strojově)" : "");
    li.append(quote);
    list.append(li);
  }
  $("exports").hidden = answer.abstained;
}

async function run(ask) {
  const question = $("question").value.trim();
  if (!question) { status("Zadejte otázku."); return; }
  status(ask ? "Hledám odpověď…" : "Vyhledávám…");
  const asked = { question, filters: filters() };
  try {
    const searched = await post("/api/staff/search?detail=true", { ...asked, k: 10 });
    clearResults();
    showPassages((await searched.json()).hits);
    if (ask) {
      const answered = await post("/api/staff/chat?detail=true", { ...asked, stream: false });
      const answer = await answered.json();
      showAnswer(answer);
      shown.answer = asked;
      status(answer.abstained ? "Odpověď v dokumentech nebyla nalezena." : "Odpověď je hotová.");
    } else {
      status("Vyhledávání je hotové.");
    }
  } catch (e) {
    status(e.message);
  }
}

async function exportReport(format) {
  if (!shown.answer) return;
  status("Připravuji rešerši…");
  try {
    const r = await post("/api/staff/research/export", { ...shown.answer, format });
    await download(r, `reserse.${format}`);
    status("Rešerše je stažena.");
  } catch (e) {
    status(e.message);
  }
}

const STATES = { valid: "platné", amended: "změněno", cancelled: "zrušeno" };
const NUMBER = /^\s*(\d{1,5})\s*\/\s*(\d{2,4})\s*\/\s*(RK|ZK)\s*$/i;

// A resolution's number as a button that opens it in the resolution view.
function opener(number, text) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "linkish";
  b.textContent = text || number;
  b.addEventListener("click", () => showResolution(number));
  return b;
}

// Title, status with the amending or cancelling resolutions, parts, tasks, vote and source.
function resolutionDetails(r) {
  const title = document.createElement("p");
  title.textContent = r.title;
  const state = document.createElement("p");
  state.className = "state " + r.status;
  state.append(STATES[r.status]);
  const by = [...r.cancelled_by, ...r.amended_by];
  by.forEach((n, i) => state.append(i ? ", " : " usnesením ", opener(n)));
  const parts = document.createElement("ul");
  for (const p of r.parts) {
    const item = document.createElement("li");
    item.textContent = `${p.label}. ${p.verb} ${p.text}`;
    parts.append(item);
  }
  const on = $("date-to").value || today();
  for (const t of r.tasks) {
    const item = document.createElement("li");
    item.textContent = `Úkol: ${t.whom} – ${t.what}` + (t.deadline ? ` (termín ${czechDate(t.deadline)})` : "");
    if (t.deadline && t.deadline < on && r.status !== "cancelled") {
      const late = document.createElement("strong");
      late.className = "overdue";
      late.textContent = " – po termínu";
      item.append(late);
    }
    parts.append(item);
  }
  const source = document.createElement("p");
  source.className = "ref";
  if (r.vote) source.append(`Hlasování: pro ${r.vote.pro}, proti ${r.vote.proti}, zdržel se ${r.vote.zdrzel_se} · `);
  source.append(link(`/api/staff/documents/${r.doc_id}/file${r.page ? "#page=" + r.page : ""}`, r.source + (r.page ? ", s. " + r.page : "")));
  return [title, state, parts, source];
}

function resolutionItem(r) {
  const li = document.createElement("li");
  const h = document.createElement("h3");
  h.append(opener(r.number, `Usnesení č. ${r.number}`), ` ze dne ${czechDate(r.date)}`, ...internalMark(r));
  li.append(h, ...resolutionDetails(r));
  return li;
}

async function showResolution(number) {
  status(`Načítám usnesení č. ${number}…`);
  try {
    const asOf = $("date-to").value ? "?as_of=" + $("date-to").value : "";
    const r = await fetch("/api/staff/resolutions/" + number.replace(/\s+/g, "").toUpperCase() + asOf, { headers: headers() });
    if (!r.ok) {
      let detail = "Usnesení se nepodařilo načíst.";
      try { detail = (await r.json()).detail || detail; } catch (e) { /* keep default */ }
      throw new Error(detail);
    }
    const data = await r.json();
    $("resolution-title").textContent = `Usnesení č. ${data.number} ze dne ${czechDate(data.date)}`;
    $("resolution-detail").replaceChildren(...resolutionDetails(data));
    $("resolution-history").replaceChildren(...data.history.map((h) => {
      const li = document.createElement("li");
      const current = h.number === data.number;
      li.append(current ? `č. ${h.number}` : opener(h.number, `č. ${h.number}`),
        ` ze dne ${czechDate(h.date)}: ${h.title} (${STATES[h.status]})` + (current ? " – toto usnesení" : ""));
      return li;
    }));
    const referrers = data.referenced_by.map((x) => {
      const li = document.createElement("li");
      li.append(opener(x.number, `č. ${x.number}`), ` ${x.relation} toto usnesení`);
      return li;
    });
    if (!referrers.length) referrers.push(Object.assign(document.createElement("li"), { textContent: "Žádné usnesení v indexu na ně neodkazuje." }));
    $("resolution-referrers").replaceChildren(...referrers);
    $("resolution-text").textContent = data.text;
    $("resolution-card").hidden = false;
    $("resolution-title").focus();
    status(`Usnesení č. ${data.number}: ${STATES[data.status]}.`);
  } catch (e) {
    status(e.message);
  }
}

function showTyped() {
  const typed = $("question").value.match(NUMBER);
  if (!typed) { status("Zadejte číslo usnesení, např. 287/24/ZK."); return; }
  clearResults();
  showResolution(`${typed[1]}/${typed[2]}/${typed[3].toUpperCase()}`);
}

function material(m) {
  const li = document.createElement("li");
  const item = m.resolution ? `, podklad k usnesení č. ${m.resolution}` : "";
  li.append(link(`/api/staff/documents/${m.doc_id}/file${m.page ? "#page=" + m.page : ""}`, m.title),
    ` (${czechDate(m.date)}${item})`, ...internalMark(m));
  return li;
}

async function runTopic() {
  if (!$("question").value.trim()) { status("Zadejte téma."); return; }
  status("Připravuji rešerši k tématu…");
  const asked = { topic: $("question").value.trim(), filters: filters(), as_of: $("date-to").value };
  try {
    const data = await (await post("/api/staff/research/topic", { ...asked, format: "json" })).json();
    clearResults("topic");
    shown.topic = asked;
    const s = data.summary;
    $("topic-summary").textContent = s.resolutions
      ? `Usnesení: ${s.resolutions} (${czechDate(s.from)} – ${czechDate(s.to)}), materiálů: ${s.materials}.`
      : "K tématu nebylo nalezeno žádné usnesení.";
    $("timeline").replaceChildren(...data.resolutions.map(resolutionItem));
    $("materials").replaceChildren(...data.materials.map(material));
    $("materials-title").hidden = !data.materials.length;
    $("topic-card").hidden = false;
    status(`Rešerše k tématu je hotová: ${s.resolutions} usnesení.`);
  } catch (e) {
    status(e.message);
  }
}


async function exportTopic(format) {
  if (!shown.topic) return;
  status("Připravuji rešerši k tématu…");
  try {
    await download(await post("/api/staff/research/topic", { ...shown.topic, format }), "reserse-tema." + format);
    status("Rešerše k tématu je stažena.");
  } catch (e) {
    status(e.message);
  }
}

async function loadFacets() {
  try {
    const r = await fetch("/api/staff/facets", { headers: headers() });
    if (!r.ok) return;
    const select = $("doc-type");
    const current = select.value;
    select.replaceChildren(new Option("všechny", ""));
    const facets = await r.json();
    typeNames = facets.doc_type_names || {};
    for (const t of facets.doc_types) select.append(new Option(typeNames[t] || t, t));
    select.value = current;
  } catch (e) { /* filters stay at "all" */ }
}

$("form").addEventListener("submit", (e) => { e.preventDefault(); run(true); });
$("search").addEventListener("click", () => run(false));
$("export-docx").addEventListener("click", () => exportReport("docx"));
$("export-md").addEventListener("click", () => exportReport("md"));
$("topic").addEventListener("click", runTopic);
$("show-resolution").addEventListener("click", showTyped);
$("topic-docx").addEventListener("click", () => exportTopic("docx"));
$("topic-md").addEventListener("click", () => exportTopic("md"));
$("key").addEventListener("change", login);
if (restoreKey()) login(); else loadFacets();
