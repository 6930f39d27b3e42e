// What the staff pages (/research, /review) share: the key kept in the tab, requests with it,
// Czech dates and downloads named as the server names them. Text is set with textContent only.
"use strict";

const $ = (id) => document.getElementById(id);
const status = (text) => { $("status").textContent = text; };
const KEY_STORE = "lk-staff-key";

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = $("key").value.trim();
  if (key) h.Authorization = "Bearer " + key;
  return h;
}

// The key stays in this tab until it is closed (sessionStorage), never longer.
function rememberKey() {
  const key = $("key").value.trim();
  if (key) sessionStorage.setItem(KEY_STORE, key); else sessionStorage.removeItem(KEY_STORE);
}

function restoreKey() {
  $("key").value = sessionStorage.getItem(KEY_STORE) || "";
  return Boolean($("key").value);
}

// A request with the key; a failure throws the server's Czech message.
async function call(path, options = {}) {
  const r = await fetch(path, { headers: headers(), ...options });
  if (!r.ok) {
    let detail = "Požadavek se nezdařil.";
    try { detail = (await r.json()).detail || detail; } catch (e) { /* keep default */ }
    throw new Error(detail);
  }
  return r;
}

const post = (path, body) => call(path, { method: "POST", body: JSON.stringify(body) });

function czechDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return m ? `${+m[3]}. ${+m[2]}. ${m[1]}` : "";
}

// The file is named as the server names it: the subject and the date.
async function download(response, fallback) {
  const named = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = named ? named[1] : fallback;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
