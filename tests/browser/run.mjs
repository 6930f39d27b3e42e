// Browser scenarios in Debian's Chromium via playwright-core, run by tests/test_browser.py:
//   node run.mjs SCENARIO BASE_URL OUT_DIR [STAFF_KEY]
// Prints one JSON object with what was observed; pytest makes the assertions.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const [scenario, base, out, key] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
// CSP bypassed: the widget must be safe on host pages without a CSP, and axe is injected inline.
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, bypassCSP: true });
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));
const result = { scenario, errors };

const shadow = (selector) => page.locator("lk-asistent").locator(selector);
const active = () => page.evaluate(() => {
  const host = document.activeElement;
  const inner = host && host.shadowRoot ? host.shadowRoot.activeElement : null;
  const el = inner || host;
  return el ? (el.getAttribute("aria-label") || el.id || el.className || el.tagName) + "|" + (el.textContent || "").trim().slice(0, 40) : "";
});

async function tabUntil(predicate, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (predicate(await active())) return i + 1;
  }
  return -1;
}

async function storageState() {
  return page.evaluate(() => ({ cookie: document.cookie, local: localStorage.length, session: sessionStorage.length }));
}

async function askWithKeyboard(question) {
  const tabs = await tabUntil((a) => a.startsWith("lk-q"));
  await page.keyboard.type(question);
  let sawBusy = false;
  const poll = setInterval(async () => {
    try {
      if ((await shadow("[role=log]").getAttribute("aria-busy")) === "true") sawBusy = true;
    } catch (e) { /* page closing */ }
  }, 5);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => {
    const s = document.querySelector("lk-asistent").shadowRoot.querySelector("[role=status]").textContent;
    return s.includes("hotová") || s.includes("nenašel") || s.includes("nepodařilo");
  }, null, { timeout: 20000 });
  clearInterval(poll);
  return { tabs, sawBusy };
}

async function openAndAsk(question) {
  await page.goto(base + "/demo");
  await tabUntil((a) => a.includes("Zeptat se asistenta"));
  await page.keyboard.press("Enter");
  return askWithKeyboard(question);
}

// WCAG 2.1 AA violations of the widget, or of the whole page.
async function axe(whole = false) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async (whole) => {
    const r = await window.axe.run(whole ? document : { include: [["lk-asistent"]] }, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  }, whole);
}

// Host-page rules that must not leak into the widget's Shadow DOM (a real site has its own).
const HOSTILE = "button { background: hotpink; font-size: 30px; border-radius: 0; } p, div { letter-spacing: .05em; }";

if (scenario === "widget") {
  await page.goto(base + "/demo");
  await page.addStyleTag({ content: HOSTILE });
  result.demoButtons = await page.locator("main button").count();
  result.before = await storageState();
  result.launcherTabs = await tabUntil((a) => a.includes("Zeptat se asistenta"));
  await page.keyboard.press("Enter");
  result.expanded = await shadow("button.launcher").getAttribute("aria-expanded");
  result.focusAfterOpen = await active();
  await page.waitForFunction(() => document.querySelector("lk-asistent").shadowRoot.querySelector(".notice").textContent.includes("dní"));
  result.notice = await shadow(".notice").innerText();
  result.axeOpen = await axe();
  const asked = await askWithKeyboard("Kolik bude stát cyklostezka z Turnova do Přepeř?");
  Object.assign(result, asked);
  result.answer = await shadow(".bot .text").last().innerText();
  // The new answer is shown from its start: its first line inside the scrolled area.
  result.answerStartVisible = await page.evaluate(() => {
    const root = document.querySelector("lk-asistent").shadowRoot;
    const body = root.querySelector(".body").getBoundingClientRect();
    const bots = root.querySelectorAll(".bot");
    const top = bots[bots.length - 1].getBoundingClientRect().top;
    return top >= body.top - 1 && top < body.bottom;
  });
  result.citations = await shadow(".cites a").evaluateAll((as) => as.map((a) => ({ text: a.textContent, href: a.href })));
  result.logBusyAfter = await shadow("[role=log]").getAttribute("aria-busy");
  result.status = await shadow("[role=status]").innerText();
  result.focusAfterAnswer = await active();
  result.axeAnswered = await axe();
  await page.screenshot({ path: out + "/widget-desktop.png" });
  result.downTabs = await tabUntil((a) => a.includes("Nepomohlo"));
  await page.keyboard.press("Enter");
  await tabUntil((a) => a.startsWith("lk-r-") && a.includes("-s|"));
  await page.keyboard.press("ArrowDown");
  await tabUntil((a) => a.startsWith("lk-r-") && a.includes("-c|"));
  await page.keyboard.type("Chybí datum zahájení stavby, volejte mi na 602 123 456.");
  await tabUntil((a) => a.includes("Odeslat hodnocení"));
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("lk-asistent").shadowRoot.querySelector("[role=status]").textContent.includes("Děkujeme"));
  result.feedbackStatus = await shadow("[role=status]").innerText();
  result.thanks = await shadow(".bot .thanks").last().innerText();
  result.after = await storageState();
  await page.setViewportSize({ width: 320, height: 640 });
  // The widget itself at 320 px: the panel inside the viewport, nothing in it wider than the
  // panel, no horizontal scrolling inside it; and, separately, the demo page around it.
  result.narrow = await page.evaluate(() => {
    const root = document.querySelector("lk-asistent").shadowRoot;
    const panel = root.querySelector(".panel");
    const box = panel.getBoundingClientRect();
    const outside = [...root.querySelectorAll(".panel *")]
      .filter((el) => { const b = el.getBoundingClientRect(); return b.width > 0 && (b.left < box.left - 0.5 || b.right > box.right + 0.5); })
      .map((el) => el.tagName + "." + el.className);
    return { left: box.left, right: box.right, scroll: panel.scrollWidth, client: panel.clientWidth, outside,
             page: document.documentElement.scrollWidth };
  });
  await page.screenshot({ path: out + "/widget-320.png" });
  result.axeNarrow = await axe();
  await page.keyboard.press("Escape");
  result.closedExpanded = await shadow("button.launcher").getAttribute("aria-expanded");
  result.focusAfterClose = await active();
}

if (scenario === "abstain") {
  await openAndAsk("Jaký je jízdní řád lodí na Máchově jezeře?");
  result.status = await shadow("[role=status]").innerText();
  result.help = await shadow(".help").innerText();
  result.refusal = await shadow(".bot").last().innerText();
  result.contact = await shadow(".help a").getAttribute("href");
}

if (scenario === "ocr") {
  await openAndAsk("O kolik procent snížily nové kotle spotřebu plynu?");
  result.answer = await shadow(".bot .text").last().innerText();
  result.citations = await shadow(".cites li").allInnerTexts();
  result.axe = await axe();
}

if (scenario === "xss") {
  await openAndAsk("Co obsahuje testovací dokument o bezpečnosti webu se skriptem?");
  result.answer = await shadow(".bot .text").last().innerText();
  result.executed = await page.evaluate(() => window.__xss === true || document.title === "XSS");
  result.scripts = await page.evaluate(() => document.querySelector("lk-asistent").shadowRoot.querySelectorAll("script, img, iframe").length);
  result.hrefs = await shadow("a").evaluateAll((as) => as.map((a) => a.href));
}

if (scenario === "research") {
  await page.goto(base + "/research");
  await page.fill("#key", key);
  await page.dispatchEvent("#key", "change");
  await page.waitForFunction(() => document.getElementById("doc-type").options.length > 1, null, { timeout: 10000 });
  result.typeLabels = await page.locator("#doc-type option").allInnerTexts();
  await page.fill("#question", "Jaké jsou celkové náklady cyklostezky Turnov – Přepeře?");
  await page.selectOption("#body", "zastupitelstvo");
  await page.click("#ask");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("hotová"), null, { timeout: 20000 });
  result.answer = await page.innerText("#answer");
  result.citations = await page.locator("#citations li").allInnerTexts();
  result.passages = await page.locator("#passages .passage .ref").allInnerTexts();
  await page.screenshot({ path: out + "/research.png", fullPage: true });
  // The field changed after the answer: the export is still of the answer on screen.
  await page.fill("#question", "Něco úplně jiného");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-docx")]);
  await download.saveAs(out + "/reserse.docx");
  result.download = download.suggestedFilename();
  // An internal source is marked on screen; the key survives a reload of the tab.
  await page.reload();
  result.keyAfterReload = (await page.inputValue("#key")) === key;
  await page.selectOption("#body", "");
  await page.fill("#question", "Jaký schodek předpokládá návrh rozpočtu kraje na rok 2026?");
  await page.click("#ask");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("hotová"), null, { timeout: 20000 });
  result.internalCitations = await page.locator("#citations li").allInnerTexts();
  // An original opens from its link for the signed-in browser, and not without the login.
  const href = await page.locator('#citations a[href*="/api/staff/documents/"]').first().getAttribute("href");
  const opened = await context.request.get(new URL(href, base).href);
  result.original = { status: opened.status(), type: opened.headers()["content-type"] };
  const stranger = await browser.newContext();
  result.originalWithoutLogin = (await stranger.request.get(new URL(href, base).href)).status();
  await stranger.close();
  result.axe = await axe(true);
  await page.screenshot({ path: out + "/research-internal.png", fullPage: true });
  const [internal] = await Promise.all([page.waitForEvent("download"), page.click("#export-docx")]);
  await internal.saveAs(out + "/reserse-interni.docx");
  // A topic replaces the answer; an answer replaces the topic.
  await page.fill("#question", "Jizerská cyklostezka Turnov – Přepeře");
  await page.click("#topic");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("hotová"), null, { timeout: 20000 });
  result.afterTopic = { answer: await page.innerText("#answer"), citations: await page.locator("#citations li").count(), exports: await page.isVisible("#exports") };
  await page.click("#ask");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("hotová"), null, { timeout: 20000 });
  result.topicAfterAnswer = await page.isVisible("#topic-card");
  await page.fill("#key", "spatny-klic");
  await page.click("#ask");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("klíč"), null, { timeout: 10000 });
  result.badKeyStatus = await page.innerText("#status");
}

if (scenario === "topic") {
  await page.goto(base + "/research");
  await page.fill("#key", key);
  await page.focus("#question");
  await page.keyboard.type("Jizerská cyklostezka Turnov – Přepeře");
  result.topicTabs = await tabUntil((a) => a.startsWith("topic|"));
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("hotová"), null, { timeout: 20000 });
  result.status = await page.innerText("#status");
  result.summary = await page.innerText("#topic-summary");
  result.timeline = await page.locator("#timeline > li").allInnerTexts();
  result.links = await page.locator("#timeline a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  result.materials = await page.locator("#materials li").allInnerTexts();
  result.axe = await axe(true);
  await page.screenshot({ path: out + "/topic.png", fullPage: true });
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#topic-docx")]);
  await download.saveAs(out + "/reserse-tema.docx");
  result.download = download.suggestedFilename();
}

if (scenario === "resolution") {
  await page.goto(base + "/research");
  await page.fill("#key", key);
  await page.focus("#question");
  await page.keyboard.type("113/25/ZK");
  result.showTabs = await tabUntil((a) => a.startsWith("show-resolution|"));
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Usnesení č."), null, { timeout: 20000 });
  const view = async () => ({
    status: await page.innerText("#status"),
    focused: await page.evaluate(() => document.activeElement.id),
    title: await page.innerText("#resolution-title"),
    detail: await page.innerText("#resolution-detail"),
    history: await page.locator("#resolution-history > li").allInnerTexts(),
    referrers: await page.locator("#resolution-referrers > li").allInnerTexts(),
    text: await page.textContent("#resolution-text"),
  });
  result.typed = await view();
  result.axe = await axe(true);
  await page.screenshot({ path: out + "/resolution.png", fullPage: true });
  // From a topic's timeline: the number opens the same view.
  await page.fill("#question", "Jizerská cyklostezka Turnov – Přepeře");
  await page.evaluate(() => { document.getElementById("resolution-card").hidden = true; });
  await page.focus("#topic");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("hotová"), null, { timeout: 20000 });
  await page.focus("#timeline button");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.getElementById("resolution-card").hidden, null, { timeout: 20000 });
  result.fromTimeline = await view();
  await page.fill("#question", "cyklostezka");
  await page.click("#show-resolution");
  result.notANumber = await page.innerText("#status");
  await page.fill("#question", "999/25/ZK");
  await page.click("#show-resolution");
  await page.waitForFunction(() => !document.getElementById("status").textContent.startsWith("Načítám"), null, { timeout: 20000 });
  result.missing = await page.innerText("#status");
}

if (scenario === "review") {
  await page.goto(base + "/review");
  await page.fill("#key", key);
  await page.focus("#key");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Načteno"), null, { timeout: 20000 });
  result.loaded = await page.innerText("#status");
  result.items = await page.locator("#feedback .item").count();
  result.firstQuestion = await page.innerText("#feedback .item h3 >> nth=0");
  // Marked by keyboard: Tab to the first item's "wrong" button.
  await page.fill("#correct-1", "Parkoviště je za budovou úřadu.");
  await page.focus("#correct-1");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("označena"), null, { timeout: 10000 });
  result.marked = await page.innerText("#feedback .item >> nth=0 >> .verdict");
  const [sheet] = await Promise.all([page.waitForEvent("download"), page.click("#sheet")]);
  await sheet.saveAs(out + "/hodnoceni.csv");
  result.sheet = sheet.suggestedFilename();
  await page.click("#gaps");
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("hotový"), null, { timeout: 60000 });
  result.gapsSummary = await page.innerText("#gaps-summary");
  result.topics = await page.locator("#gaps-rows > tr").evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.innerText)));
  result.reports = await page.locator("#reports li").allInnerTexts();
  result.axe = await axe(true);
  await page.screenshot({ path: out + "/review.png", fullPage: true });
}

await browser.close();
console.log(JSON.stringify(result));
