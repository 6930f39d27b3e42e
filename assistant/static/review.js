// The AI working group's page: answers rated "Nepomohlo" to mark right or wrong (and export
// as a review sheet), the content-gap report, the latest evaluation reports. Text is set with
// textContent only. The key stays in this tab's sessionStorage.
"use strict";

function text(tag, value, className) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (className) el.className = className;
  return el;
}

const VERDICTS = { right: "správně", wrong: "špatně" };

function feedbackItem(item, n) {
  const div = document.createElement("div");
  div.className = "item";
  div.append(text("h3", `${n}. ${item.question}`));
  div.append(text("p", `Odpověď: ${item.answer}`, "answer"));
  const cited = item.citations.map((c) => `[${c.n}] ${c.title}${c.page ? ", s. " + c.page : ""}`).join("; ");
  if (cited) div.append(text("p", `Citace: ${cited}`, "ref"));
  div.append(text("p", `Důvod občana: ${item.reasons || "neuveden"} · ${czechDate(item.rated)}`, "ref"));
  const verdict = text("p", item.verdict ? `Hodnocení skupiny: ${VERDICTS[item.verdict]}` : "Zatím neohodnoceno.", "verdict");
  const label = text("label", "Správná odpověď (nepovinné)");
  const correct = document.createElement("textarea");
  correct.id = `correct-${n}`;
  label.htmlFor = correct.id;
  correct.value = item.correct || "";
  const marks = document.createElement("div");
  marks.className = "marks";
  for (const [value, name] of Object.entries(VERDICTS)) {
    const b = text("button", `Odpověď byla ${name}`);
    b.type = "button";
    b.addEventListener("click", async () => {
      try {
        await post(`/api/staff/review/feedback/${item.answer_id}`, { verdict: value, correct: correct.value });
        verdict.textContent = `Hodnocení skupiny: ${name}`;
        status(`Odpověď ${n} označena: ${name}.`);
      } catch (e) { status(e.message); }
    });
    marks.append(b);
  }
  div.append(verdict, label, correct, marks);
  return div;
}

async function loadFeedback() {
  const items = (await (await call("/api/staff/review/feedback")).json()).items;
  $("feedback").replaceChildren(...(items.length ? items.map((item, i) => feedbackItem(item, i + 1)) : [text("p", "Žádná odpověď zatím nebyla označena jako nepomáhající.")]));
  return items.length;
}

async function loadReports() {
  const found = (await (await call("/api/staff/review/reports")).json()).reports;
  $("reports").replaceChildren(...(found.length ? found.map((r) => {
    const li = document.createElement("li");
    const a = text("a", r.name);
    a.href = `/api/staff/review/reports/${encodeURIComponent(r.name)}`;
    a.target = "_blank";
    a.rel = "noopener";
    li.append(a, ` (${czechDate(r.created)})`);
    return li;
  }) : [text("li", "Zatím žádné vyhodnocení: spusťte assistant eval.")]));
}

async function loadGaps() {
  status("Sestavuji přehled mezer v obsahu…");
  try {
    const data = await (await call("/api/staff/review/gaps")).json();
    const how = data.method === "dense" ? "podle významu (model e5)" : "podle společných slov";
    $("gaps-summary").textContent = `Nezodpovězených otázek: ${data.questions}, témat: ${data.topics.length}; seskupeno ${how}.`;
    $("gaps-rows").replaceChildren(...data.topics.map((t) => {
      const tr = document.createElement("tr");
      const months = Object.entries(t.months).map(([m, c]) => `${m}: ${c}`).join(", ");
      const examples = document.createElement("td");
      const list = document.createElement("ul");
      list.append(...t.examples.map((q) => text("li", q)));
      examples.append(list);
      tr.append(text("th", t.name), text("td", `${t.count} (odmítnuto ${t.refused}, nepomohlo ${t.disliked})`),
        text("td", months), examples, text("td", t.closest.join("; ") || "–"));
      tr.firstChild.scope = "row";
      return tr;
    }));
    $("gaps-table").hidden = false;
    status(`Přehled je hotový: ${data.topics.length} témat.`);
  } catch (e) { status(e.message); }
}

async function save(path, fallback) {
  try {
    await download(await call(path), fallback);
    status("Soubor je stažen.");
  } catch (e) { status(e.message); }
}

async function load() {
  rememberKey();
  status("Načítám…");
  try {
    const count = await loadFeedback();
    await loadReports();
    status(`Načteno: ${count} odpovědí, které nepomohly.`);
  } catch (e) { status(e.message); }
}

$("form").addEventListener("submit", (e) => { e.preventDefault(); load(); });
$("gaps").addEventListener("click", loadGaps);
$("gaps-csv").addEventListener("click", () => save("/api/staff/review/gaps?format=csv", "mezery-v-obsahu.csv"));
$("sheet").addEventListener("click", () => save("/api/staff/review/sheet", "hodnoceni.csv"));
if (restoreKey()) load();
