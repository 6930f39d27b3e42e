// Chat widget of the Liberec Region assistant: one <script> tag, a web component with Shadow
// DOM, Czech UI, streamed answers with numbered citations, feedback, WCAG 2.1 AA.
// Nothing is stored in the browser (no cookies, no storage); text is only ever set as text.

const script = document.currentScript;
const data = (name, fallback) => (script && script.getAttribute("data-" + name)) || fallback;
const API = data("api", script && script.src ? new URL(script.src).origin : location.origin).replace(/\/$/, "");
const CONFIG = {
  title: data("title", "Asistent Libereckého kraje"),
  greeting: data("greeting", "Dobrý den, zeptejte se na dokumenty a rozhodnutí Libereckého kraje."),
  color: data("color", "#1d4f91"),
  position: data("position", "right") === "left" ? "left" : "right",
  contact: data("contact", ""),
  contactLabel: data("contact-label", "kontakty krajského úřadu"),
};

// Text colour with enough contrast (WCAG) on the configured brand colour.
function onColor(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return "#fff";
  const lin = (v) => {
    const c = parseInt(v, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  const l = 0.2126 * lin(m[1]) + 0.7152 * lin(m[2]) + 0.0722 * lin(m[3]);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#000" : "#fff";
}

// Only http(s) (and mailto for the office contact) may become links.
function safeUrl(value, allowMail) {
  if (!value) return "";
  try {
    const url = new URL(value, API + "/");
    const ok = url.protocol === "http:" || url.protocol === "https:" || (allowMail && url.protocol === "mailto:");
    return ok ? url.href : "";
  } catch (e) {
    return "";
  }
}

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

const STYLE = `
:host{all:initial}
*{box-sizing:border-box}
.root{position:fixed;bottom:16px;z-index:2147483000;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a}
.right{right:16px}.left{left:16px}
button,textarea,select,a{font:inherit}
button{cursor:pointer;border-radius:6px;border:2px solid var(--c);padding:.45em .9em;background:#fff;color:#1a1a1a}
button.primary{background:var(--c);color:var(--on)}
.launcher{display:block;margin-left:auto;background:var(--c);color:var(--on);border-radius:24px;padding:.7em 1.2em;font-weight:600;box-shadow:0 2px 8px rgba(0,0,0,.3)}
.left .launcher{margin-left:0}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px;box-shadow:0 0 0 5px #1a1a1a}
.panel{display:flex;flex-direction:column;width:min(400px,calc(100vw - 32px));height:min(600px,calc(100vh - 100px));margin-bottom:10px;background:#fff;border:1px solid #6b6b6b;border-radius:10px;box-shadow:0 4px 20px rgba(0,0,0,.3);overflow:hidden}
.panel[hidden]{display:none}
header{display:flex;align-items:center;justify-content:space-between;gap:.5em;padding:.5em .75em;background:var(--c);color:var(--on)}
h2{margin:0;font-size:1.05em}
header button{background:transparent;color:var(--on);border-color:var(--on);padding:.2em .6em}
.body{flex:1;overflow-y:auto;padding:.75em}
.notice{font-size:.9em;background:#f3f3f3;border-left:4px solid var(--c);padding:.5em .75em;margin:0 0 .75em}
.notice p{margin:.3em 0}
summary{cursor:pointer;font-weight:600}
.msg{margin:.5em 0;padding:.5em .7em;border-radius:8px;overflow-wrap:anywhere}
.user{background:#e8eef7;margin-left:15%}
.bot{background:#f6f6f6;margin-right:5%}
.who{display:block;font-weight:700;font-size:.85em}
.text{margin:.2em 0;white-space:pre-wrap}
.cites{margin:.3em 0;padding:0;list-style:none;font-size:.9em}
.cites li{margin:.2em 0}
.cites .ocr{font-style:italic}
.related{margin:.3em 0;padding-left:1.2em;font-size:.9em}
.related .line{color:#444}
a{color:#0b4a8b;text-decoration:underline}
.help{font-size:.9em}
.thanks{flex-basis:100%;margin:.2em 0 0;font-size:.9em;font-weight:600}
.feedback{display:flex;flex-wrap:wrap;gap:.4em;margin-top:.4em;align-items:center}
.feedback button{padding:.15em .6em;font-size:.9em}
.feedback button[aria-pressed=true]{background:var(--c);color:var(--on)}
.reason{display:flex;flex-direction:column;gap:.3em;margin-top:.4em;font-size:.9em}
form{display:flex;gap:.5em;align-items:flex-end;padding:.6em .75em;border-top:1px solid #ccc}
.field{flex:1;display:flex;flex-direction:column}
label{font-size:.85em;font-weight:600}
textarea,select{width:100%;border:1px solid #595959;border-radius:6px;padding:.4em;color:#1a1a1a;background:#fff}
textarea{resize:vertical;min-height:2.6em}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.root{bottom:8px}.right{right:8px}.left{left:8px}.panel{width:calc(100vw - 16px);height:calc(100vh - 80px)}}
@media (prefers-reduced-motion:no-preference){.panel{transition:opacity .15s}}
`;

class LkAssistant extends HTMLElement {
  constructor() {
    super();
    this.history = [];
    this.busy = false;
    this.configured = false;
    const shadow = this.attachShadow({ mode: "open" });
    const style = el("style");
    style.textContent = STYLE;
    const root = el("div", { class: "root " + CONFIG.position, lang: "cs" });
    root.style.setProperty("--c", CONFIG.color);
    root.style.setProperty("--on", onColor(CONFIG.color));
    this.launcher = el("button", { class: "launcher", type: "button", "aria-expanded": "false", "aria-controls": "lk-panel" }, "Zeptat se asistenta");
    this.panel = el("section", { id: "lk-panel", class: "panel", "aria-labelledby": "lk-title", hidden: "" });
    const header = el("header");
    header.append(el("h2", { id: "lk-title" }, CONFIG.title));
    this.closer = el("button", { type: "button", "aria-label": "Zavřít asistenta" }, "Zavřít");
    header.append(this.closer);
    this.body = el("div", { class: "body" });
    this.notice = el("details", { class: "notice", open: "" });
    this.noticeText = el("div");
    this.notice.append(el("summary", {}, "O asistentovi a ochraně údajů"), this.noticeText);
    this.log = el("div", { role: "log", "aria-live": "polite", "aria-busy": "false", "aria-label": "Konverzace s asistentem" });
    this.log.append(this.message("bot", CONFIG.greeting));
    this.status = el("p", { role: "status", class: "sr" });
    this.body.append(this.notice, this.log);
    const form = el("form", { "aria-label": "Nová otázka" });
    const field = el("div", { class: "field" });
    this.input = el("textarea", { id: "lk-q", rows: "2", maxlength: "1000", autocomplete: "off" });
    field.append(el("label", { for: "lk-q" }, "Vaše otázka"), this.input);
    this.send = el("button", { type: "submit", class: "primary" }, "Odeslat");
    form.append(field, this.send);
    this.panel.append(header, this.body, this.status, form);
    root.append(this.panel, this.launcher);
    shadow.append(style, root);
    this.launcher.addEventListener("click", () => this.toggle());
    this.closer.addEventListener("click", () => this.toggle(false));
    this.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.toggle(false);
    });
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        form.requestSubmit ? form.requestSubmit() : this.ask();
      }
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.ask();
    });
  }

  toggle(open) {
    const show = open === undefined ? this.panel.hidden : open;
    const hadFocus = this.shadowRoot.activeElement && this.panel.contains(this.shadowRoot.activeElement);
    this.panel.hidden = !show;
    this.launcher.setAttribute("aria-expanded", String(show));
    this.launcher.textContent = show ? "Skrýt asistenta" : "Zeptat se asistenta";
    if (show && !this.configured) this.configure();
    // Focus is never moved on opening; closing from inside returns it to the launcher,
    // since the focused control disappears.
    if (!show && hadFocus) this.launcher.focus();
  }

  async configure() {
    this.configured = true;
    let cfg = {};
    try {
      const r = await fetch(API + "/api/config", { credentials: "omit" });
      if (r.ok) cfg = await r.json();
    } catch (e) {
      cfg = {};
    }
    const who = cfg.operator || "Krajský úřad Libereckého kraje";
    const days = cfg.retention_days ? `${cfg.retention_days} dní` : "omezenou dobu";
    this.noticeText.replaceChildren(
      el("p", {}, `Tohoto asistenta provozuje ${who}. Odpovídá umělá inteligence, a to jen z veřejných dokumentů kraje; může se mýlit, proto si odpověď ověřte v odkazovaném dokumentu.`),
      el("p", {}, `Otázky a odpovědi ukládáme bez e-mailů, telefonních a rodných čísel po dobu ${days}, abychom asistenta zlepšovali. Nezadávejte prosím osobní údaje. Prohlížeč si nic neukládá.`),
    );
    const privacy = safeUrl(cfg.privacy_url || "", false);
    if (privacy) {
      const p = el("p");
      p.append(el("a", { href: privacy, target: "_blank", rel: "noopener noreferrer" }, "Jak zpracováváme údaje"));
      this.noticeText.append(p);
    }
  }

  message(kind, text) {
    const box = el("div", { class: "msg " + kind });
    box.append(el("span", { class: "who" }, kind === "user" ? "Vy:" : "Asistent:"));
    const p = el("p", { class: "text" });
    p.textContent = text;
    box.append(p);
    return box;
  }

  // Follows a growing answer down, but never past its start: a long answer is read from its
  // first line, not from its feedback buttons.
  scroll(box) {
    const end = this.body.scrollHeight - this.body.clientHeight;
    const start = box ? box.offsetTop - this.body.offsetTop - 8 : end;
    this.body.scrollTop = Math.max(0, Math.min(end, start));
  }

  // After the first question the notice stays available, folded, above the conversation.
  collapseNotice() {
    this.notice.open = false;
  }

  setBusy(busy) {
    this.busy = busy;
    this.log.setAttribute("aria-busy", String(busy));
    this.send.disabled = busy;
  }

  async ask() {
    const question = this.input.value.trim();
    if (!question || this.busy) return;
    this.input.value = "";
    this.collapseNotice();
    this.log.append(this.message("user", question));
    const box = this.message("bot", "");
    const text = box.querySelector(".text");
    this.log.append(box);
    this.scroll(box);
    this.setBusy(true);
    this.status.textContent = "Asistent odpovídá…";
    let done = null;
    try {
      const r = await fetch(API + "/api/chat", {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question, history: this.history.slice(-6), stream: true }),
      });
      if (!r.ok) {
        let detail = "Asistent je teď nedostupný. Zkuste to prosím později.";
        try {
          detail = (await r.json()).detail || detail;
        } catch (e) {}
        throw new Error(detail);
      }
      done = await this.read(r, text);
    } catch (e) {
      text.textContent = e && e.message ? e.message : "Asistent je teď nedostupný. Zkuste to prosím později.";
    }
    if (done) this.finish(box, text, question, done);
    this.setBusy(false);
    this.status.textContent = done ? (done.abstained ? "Asistent odpověď nenašel." : "Odpověď je hotová.") : "Odpověď se nepodařilo získat.";
  }

  async read(response, text) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let done = null;
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = "message";
        let payload = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) payload += line.slice(5).trim();
        }
        if (!payload) continue;
        const body = JSON.parse(payload);
        if (event === "token") {
          text.textContent += body.text;
          this.scroll(text.closest(".msg"));
        }
        else if (event === "done") done = body;
        else if (event === "error") throw new Error(body.detail);
      }
    }
    return done;
  }

  finish(box, text, question, answer) {
    text.textContent = answer.answer;
    this.history.push({ role: "user", content: question }, { role: "assistant", content: answer.answer });
    if (answer.citations && answer.citations.length) {
      const list = el("ul", { class: "cites", "aria-label": "Zdroje odpovědi" });
      for (const c of answer.citations) {
        const label = `[${c.n}] ${c.title}${c.page ? ", s. " + c.page : ""}`;
        const href = safeUrl(c.url || "", false);
        const li = el("li");
        li.append(href ? el("a", { href, target: "_blank", rel: "noopener noreferrer" }, label) : el("span", {}, label));
        // A quote from a scan: the text was recognised (and repaired) by machine.
        if (c.ocr) li.append(el("span", { class: "ocr" }, " (text rozpoznaný ze skenu, může obsahovat chyby)"));
        list.append(li);
      }
      box.append(list);
    }
    if (answer.abstained && answer.related && answer.related.length) {
      // Documents about the question that do not answer it: what to read, never a source.
      const list = el("ul", { class: "related", "aria-label": "Související dokumenty (neobsahují přímou odpověď)" });
      for (const r of answer.related) {
        const href = safeUrl(r.url || "", false);
        const li = el("li");
        li.append(href ? el("a", { href, target: "_blank", rel: "noopener noreferrer" }, r.title) : el("span", {}, r.title));
        if (r.line) li.append(el("span", { class: "line" }, " – " + r.line));
        list.append(li);
      }
      box.append(list);
    }
    // The refusal's text already says to turn to the office: the contact follows once, as a link.
    const contact = safeUrl(CONFIG.contact, true);
    if (answer.abstained && contact) {
      const help = el("p", { class: "help" });
      help.append(el("a", { href: contact, target: "_blank", rel: "noopener noreferrer" }, "Kontakt: " + CONFIG.contactLabel));
      box.append(help);
    }
    if (answer.answer_id) box.append(this.feedback(answer.answer_id));
    this.scroll(box);
  }

  feedback(answerId) {
    const wrap = el("div", { class: "feedback", role: "group", "aria-label": "Hodnocení odpovědi" });
    const up = el("button", { type: "button", "aria-pressed": "false" }, "Pomohlo");
    const down = el("button", { type: "button", "aria-pressed": "false" }, "Nepomohlo");
    wrap.append(up, down);
    const send = async (rating, reason, comment) => {
      try {
        const r = await fetch(API + "/api/feedback", {
          method: "POST",
          credentials: "omit",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ answer_id: answerId, rating, reason, comment }),
        });
        this.status.textContent = r.ok ? "Děkujeme za hodnocení." : "Hodnocení se nepodařilo odeslat.";
      } catch (e) {
        this.status.textContent = "Hodnocení se nepodařilo odeslat.";
      }
      // Seen, not only announced: the thanks (or the failure) under the buttons.
      const shown = wrap.querySelector(".thanks") || wrap.appendChild(el("p", { class: "thanks" }));
      shown.textContent = this.status.textContent;
    };
    up.addEventListener("click", () => {
      up.setAttribute("aria-pressed", "true");
      down.setAttribute("aria-pressed", "false");
      send("up", "", "");
    });
    down.addEventListener("click", () => {
      down.setAttribute("aria-pressed", "true");
      up.setAttribute("aria-pressed", "false");
      if (wrap.querySelector(".reason")) return;
      const id = "lk-r-" + answerId.slice(0, 8);
      const box = el("div", { class: "reason" });
      const select = el("select", { id: id + "-s" });
      for (const option of ["", "Odpověď je nesprávná", "Odpověď je neúplná", "Odpověď je nesrozumitelná", "Jiný důvod"]) {
        select.append(el("option", { value: option }, option || "Vyberte důvod (nepovinné)"));
      }
      const comment = el("textarea", { id: id + "-c", rows: "2", maxlength: "1000" });
      const submit = el("button", { type: "button" }, "Odeslat hodnocení");
      submit.addEventListener("click", () => send("down", select.value, comment.value));
      box.append(el("label", { for: id + "-s" }, "Důvod"), select, el("label", { for: id + "-c" }, "Komentář (nepovinný, bez osobních údajů)"), comment, submit);
      wrap.append(box);
    });
    return wrap;
  }
}

if (!customElements.get("lk-asistent")) {
  customElements.define("lk-asistent", LkAssistant);
  const mount = () => document.body.append(document.createElement("lk-asistent"));
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
}
