// Staff research workspace: search and ask with filters, citations beside the passages,
// export of the research report; topic research as a timeline of resolutions; one resolution
// with its full text, history and referrers. Text is set with textContent only; links only http(s).
"use strict";

const $ = (id) => document.getElementById(id);
const status = (text) => { $("status").textContent = text; };

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = $("key").value.trim();
  if (key) h.Authorization = "Bearer " + key;
  return h;
}

function filters() {
  const f = { doc_types: [], bodies: [], date_from: $("date-from").value, date_to: $("date-to").value };
  if ($("doc-type").value) f.doc_types.push($("doc-type").value);
  if ($("body").value) f.bodies.push($("body").value);
  return f;
}

function czechDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return m ? `${+m[3]}. ${+m[2]}. ${m[1]}` : "";
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

async function call(path, body) {
  const r = await fetch(path, { method: "POST", headers: headers(), body: JSON.stringify(body) });
  if (!r.ok) {
    let detail = "Požadavek se nezdařil.";
    try { detail = (await r.json()).detail || detail; } catch (e) { /* keep default */ }
    throw new Error(detail);
  }
  return r;
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
    head.append(`${h.rank}. `, link(h.url || `/api/staff/documents/${h.doc_id}/file${h.page ? "#page=" + h.page : ""}`, reference(h)));
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
    li.append(link(c.url, `[${c.n}] ${reference(c)}`));
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
  try {
    const searched = await call("/api/staff/search?detail=true", { question, k: 10, filters: filters() });
    showPassages((await searched.json()).hits);
    if (ask) {
      const answered = await call("/api/staff/chat?detail=true", { question, stream: false, filters: filters() });
      const answer = await answered.json();
      showAnswer(answer);
      status(answer.abstained ? "Odpověď v dokumentech nebyla nalezena." : "Odpověď je hotová.");
    } else {
      status("Vyhledávání je hotové.");
    }
  } catch (e) {
    status(e.message);
  }
}

async function exportReport(format) {
  const question = $("question").value.trim();
  status("Připravuji rešerši…");
  try {
    const r = await call("/api/staff/research/export", { question, filters: filters(), format });
    await download(r, format === "docx" ? "reserse.docx" : "reserse.md");
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
  for (const t of r.tasks) {
    const item = document.createElement("li");
    item.textContent = `Úkol: ${t.whom} – ${t.what}` + (t.deadline ? ` (termín ${czechDate(t.deadline)})` : "");
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
  h.append(opener(r.number, `Usnesení č. ${r.number}`), ` ze dne ${czechDate(r.date)}`);
  li.append(h, ...resolutionDetails(r));
  return li;
}

async function showResolution(number) {
  status(`Načítám usnesení č. ${number}…`);
  try {
    const r = await fetch("/api/staff/resolutions/" + number.replace(/\s+/g, "").toUpperCase(), { headers: headers() });
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
  showResolution(`${typed[1]}/${typed[2]}/${typed[3].toUpperCase()}`);
}

function topicBody(format) {
  return { topic: $("question").value.trim(), filters: filters(), format };
}

async function runTopic() {
  if (!$("question").value.trim()) { status("Zadejte téma."); return; }
  status("Připravuji rešerši k tématu…");
  try {
    const data = await (await call("/api/staff/research/topic", topicBody("json"))).json();
    const s = data.summary;
    $("topic-summary").textContent = s.resolutions
      ? `Usnesení: ${s.resolutions} (${czechDate(s.from)} – ${czechDate(s.to)}), materiálů: ${s.materials}.`
      : "K tématu nebylo nalezeno žádné usnesení.";
    $("timeline").replaceChildren(...data.resolutions.map(resolutionItem));
    $("topic-card").hidden = false;
    status(`Rešerše k tématu je hotová: ${s.resolutions} usnesení.`);
  } catch (e) {
    status(e.message);
  }
}

async function download(response, name) {
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

async function exportTopic(format) {
  status("Připravuji rešerši k tématu…");
  try {
    await download(await call("/api/staff/research/topic", topicBody(format)), "reserse-tema." + format);
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
    for (const t of (await r.json()).doc_types) select.append(new Option(t, t));
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
$("key").addEventListener("change", loadFacets);
loadFacets();
