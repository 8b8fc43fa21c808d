// groundplan's web page: a story form, the plan streamed in as it is
// written (server-sent events read from a fetch body, since the plan is
// created by a POST), verification findings beside the lines they concern,
// the chosen context, the history, and downloads. No build step.
"use strict";

const $ = (sel) => document.querySelector(sel);
const TOKEN_KEY = "groundplan-token";

const state = {
  markdown: "",   // the plan shown
  plan: null,     // the plan as data
  report: null,   // its verification report
  context: null,  // the context it was grounded in
  id: 0,          // its history ID
  running: false,
};

// ---- API ------------------------------------------------------------------

function headers(extra) {
  const h = Object.assign({ "Accept": "application/json" }, extra || {});
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) h["Authorization"] = "Bearer " + token;
  return h;
}

class APIError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function failure(resp) {
  let code = "http_" + resp.status, message = resp.statusText;
  try {
    const body = await resp.json();
    if (body && body.error) ({ code, message } = body.error);
  } catch (_) { /* not JSON */ }
  if (resp.status === 401) $("#token-form").hidden = false;
  return new APIError(resp.status, code, message);
}

async function api(method, path, body) {
  const init = { method, headers: headers(body ? { "Content-Type": "application/json" } : {}) };
  if (body) init.body = JSON.stringify(body);
  const resp = await fetch(path, init);
  if (!resp.ok) throw await failure(resp);
  return resp.json();
}

// streamPlan posts a plan request and calls onEvent(name, data) for each
// server-sent event as it arrives.
async function streamPlan(body, onEvent) {
  const resp = await fetch("/api/plans", {
    method: "POST",
    headers: headers({ "Content-Type": "application/json", "Accept": "text/event-stream" }),
    body: JSON.stringify(body),
  });
  if (!resp.ok) throw await failure(resp);
  const reader = resp.body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      let name = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trimStart();
      }
      if (data) onEvent(name, JSON.parse(data));
    }
  }
}

// ---- status -----------------------------------------------------------------

function status(text, kind) {
  const el = $("#status");
  el.hidden = !text;
  el.textContent = text || "";
  el.className = "status" + (kind ? " " + kind : "");
}

function showError(err) {
  const msg = err instanceof APIError ? `${err.message} (${err.code})` : String(err.message || err);
  status(msg, "error");
}

// ---- the plan, line by line -----------------------------------------------------

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// inline renders `code` and **bold** spans of one line as DOM nodes (never
// as HTML: the plan is untrusted text).
function inline(parent, text) {
  const re = /(`[^`]+`|\*\*[^*]+\*\*)/g;
  let last = 0, m;
  while ((m = re.exec(text))) {
    if (m.index > last) parent.append(text.slice(last, m.index));
    const tok = m[0];
    if (tok.startsWith("`")) parent.append(el("code", "", tok.slice(1, -1)));
    else parent.append(el("strong", "", tok.slice(2, -2)));
    last = m.index + tok.length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

function findingNode(f) {
  const n = el("div", "finding " + f.severity);
  n.append(el("b", "", f.severity));
  n.append(f.message.replace(/`/g, ""));
  if (f.suggestion) n.append(el("span", "fix", "fix: " + f.suggestion.replace(/`/g, "")));
  n.title = f.rule;
  return n;
}

const sevRank = { error: 3, warning: 2, info: 1 };

function renderPlan() {
  const view = $("#plan-view");
  view.textContent = "";
  if (!state.markdown) {
    view.append(el("p", "placeholder", "Write a story and the plan appears here as it is written, checked line by line against the repository."));
    return;
  }
  // Findings by line (a finding may concern several lines).
  const byLine = new Map();
  const whole = [];
  for (const f of (state.report && state.report.findings) || []) {
    const lines = [f.line || 0].concat(f.also || []);
    if (!f.line) { whole.push(f); continue; }
    for (const l of lines) {
      if (!byLine.has(l)) byLine.set(l, []);
      byLine.get(l).push(f);
    }
  }
  const notes = $("#plan-notes");
  notes.textContent = "";
  notes.hidden = whole.length === 0;
  for (const f of whole) notes.append(findingNode(f));

  let fence = false;
  state.markdown.split("\n").forEach((line, i) => {
    const no = i + 1;
    const row = el("div", "ln");
    row.dataset.line = String(no);
    const isFence = /^\s*(```|~~~)/.test(line);
    let text = line;
    if (isFence) { row.classList.add("fence"); fence = !fence; }
    else if (fence) row.classList.add("code");
    else {
      const h = /^(#{1,6})\s+(.*)$/.exec(line);
      if (h) { row.classList.add("h" + Math.min(h[1].length, 3)); text = h[2]; }
    }
    row.append(el("span", "no", String(no)));
    const tx = el("span", "tx");
    if (fence || isFence) tx.textContent = text; else inline(tx, text);
    row.append(tx);
    const nt = el("span", "nt");
    const fs = byLine.get(no) || [];
    let worst = "";
    for (const f of fs) {
      if (f.line === no) nt.append(findingNode(f));
      if (!worst || sevRank[f.severity] > sevRank[worst]) worst = f.severity;
    }
    if (worst) row.classList.add("sev-" + worst);
    row.append(nt);
    view.append(row);
  });
}

let renderQueued = false;
function queueRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => { renderQueued = false; renderPlan(); });
}

function renderSummary() {
  const box = $("#summary");
  box.textContent = "";
  const r = state.report;
  const pills = [];
  if (r) {
    pills.push([r.ok ? "ok" : "bad", r.ok ? "verified" : "verification failed"]);
    pills.push(["", "score " + r.score.toFixed(2)]);
    pills.push([r.errors ? "bad" : "", r.errors + " error" + (r.errors === 1 ? "" : "s")]);
    pills.push([r.warnings ? "warn" : "", r.warnings + " warning" + (r.warnings === 1 ? "" : "s")]);
  }
  if (state.meta) {
    const m = state.meta;
    if (m.provider) pills.push(["", m.provider + (m.model ? " " + m.model : "")]);
    if (m.tokens) pills.push(["", m.tokens.toLocaleString() + " prompt tokens"]);
    if (m.id) pills.push(["", "plan #" + m.id]);
  }
  for (const [cls, text] of pills) box.append(el("span", "pill " + cls, text));
  box.hidden = pills.length === 0;
  renderCoverage();
}

function renderCoverage() {
  const box = $("#coverage");
  box.textContent = "";
  const cov = (state.report && state.report.coverage) || [];
  box.hidden = cov.length === 0;
  if (!cov.length) return;
  box.append(el("h3", "", "Acceptance criteria → steps → tests"));
  const t = el("table");
  const head = el("tr");
  for (const h of ["Criterion", "Text", "Steps", "Tests"]) head.append(el("th", "", h));
  t.append(head);
  for (const c of cov) {
    const tr = el("tr");
    tr.append(el("td", "", c.criterion), el("td", "", c.text));
    const steps = (c.steps || []).join(", "), tests = (c.tests || []).join(", ");
    tr.append(el("td", steps ? "" : "none", steps || "none"), el("td", tests ? "" : "none", tests || "none"));
    t.append(tr);
  }
  box.append(t);
}

function renderContext() {
  const list = $("#context-list");
  list.textContent = "";
  const c = state.context;
  if (!c) return;
  $("#context-summary").textContent =
    `${c.files.length} file${c.files.length === 1 ? "" : "s"} in ${c.tokens.toLocaleString()} of ${c.budget.toLocaleString()} tokens` +
    (c.language ? ` · ${c.language}` : "") + (c.framework ? ` · ${c.framework}` : "") +
    ` · prompt ${c.prompt_tokens.toLocaleString()} tokens`;
  for (const f of c.files) {
    const li = el("li");
    li.append(el("span", "path", f.path), el("span", "num", `${f.tokens} tokens · score ${(f.score || 0).toFixed(2)}`));
    const chips = el("div", "chips");
    for (const r of f.reasons || []) chips.append(el("span", "chip", r));
    for (const s of (f.symbols || []).slice(0, 6)) chips.append(el("span", "chip sym", s));
    li.append(chips);
    list.append(li);
  }
}

function setDownloads() {
  $("#download-md").disabled = !state.markdown || state.running;
  $("#download-json").disabled = !state.plan || state.running;
}

function resetPlan() {
  Object.assign(state, { markdown: "", plan: null, report: null, context: null, id: 0, meta: null });
  renderPlan(); renderSummary(); renderContext(); setDownloads();
  $("#plan-notes").hidden = true;
}

// ---- tabs -----------------------------------------------------------------------

function showTab(id) {
  for (const t of document.querySelectorAll(".tab")) {
    const on = t.id === id;
    t.classList.toggle("active", on);
    t.setAttribute("aria-selected", on ? "true" : "false");
    $("#" + t.dataset.panel).hidden = !on;
  }
}

// ---- actions ------------------------------------------------------------------

function storyFromForm() {
  const md = $("#markdown").value.trim();
  if ($("#md-story").open && md) return { markdown: md };
  return {
    actor: $("#actor").value.trim(),
    goal: $("#goal").value.trim(),
    benefit: $("#benefit").value.trim(),
    criteria: $("#criteria").value.split("\n").map((s) => s.trim()).filter(Boolean),
  };
}

async function writePlan(ev) {
  ev.preventDefault();
  if (state.running) return;
  resetPlan();
  showTab("tab-plan");
  state.running = true;
  $("#plan-btn").disabled = true;
  status("Starting…", "busy");
  const body = { story: storyFromForm(), template: $("#template").value, provider: $("#provider").value };
  try {
    await streamPlan(body, (name, data) => {
      switch (name) {
        case "stage": status(data.text.charAt(0).toUpperCase() + data.text.slice(1) + "…", "busy"); break;
        case "text": state.markdown += data.text; queueRender(); break;
        case "repair": state.markdown = ""; state.report = null; queueRender(); status("The plan failed verification; the model is repairing it…", "busy"); break;
        case "context": state.context = data; renderContext(); break;
        case "tokens": state.meta = Object.assign(state.meta || {}, { tokens: data.prompt_tokens }); break;
        case "plan":
          state.markdown = data.markdown; state.plan = data.plan;
          state.meta = Object.assign(state.meta || {}, { provider: data.provider, model: data.model });
          renderPlan(); renderSummary(); break;
        case "verification": state.report = data; renderPlan(); renderSummary(); break;
        case "saved": state.id = data.id; state.meta = Object.assign(state.meta || {}, { id: data.id }); renderSummary(); break;
        case "error": throw new APIError(data.status, data.error.code, data.error.message);
        case "done": status(""); break;
      }
    });
    loadHistory();
  } catch (err) {
    showError(err);
  } finally {
    state.running = false;
    $("#plan-btn").disabled = false;
    setDownloads();
  }
}

async function verifyPasted() {
  const markdown = $("#verify-text").value;
  if (!markdown.trim()) { status("Paste a plan first.", "error"); return; }
  status("Verifying…", "busy");
  try {
    const out = await api("POST", "/api/verify", { markdown });
    resetPlan();
    Object.assign(state, { markdown, plan: out.plan, report: out.report });
    renderPlan(); renderSummary(); setDownloads();
    showTab("tab-plan");
    status("");
  } catch (err) { showError(err); }
}

async function loadHistory() {
  try {
    const { plans } = await api("GET", "/api/plans?limit=50");
    const list = $("#history-list");
    list.textContent = "";
    $("#history-empty").hidden = plans.length > 0;
    for (const p of plans) {
      const li = el("li");
      const b = el("button");
      b.type = "button";
      b.dataset.id = String(p.id);
      b.classList.toggle("current", p.id === state.id);
      b.append(el("span", "title", p.story_title || "(untitled)"));
      const score = el("span", "pill " + (p.verified ? (p.errors ? "bad" : "ok") : ""), p.verified ? p.score.toFixed(2) : "—");
      b.append(score);
      const when = new Date(p.created_at);
      b.append(el("span", "meta", `#${p.id} · ${when.toLocaleString()} · ${p.provider}${p.model ? " " + p.model : ""} · ${p.door}`));
      b.addEventListener("click", () => openPlan(p.id));
      li.append(b);
      list.append(li);
    }
  } catch (err) {
    if (err.code === "no_history") { $("#history-empty").hidden = false; $("#history-empty").textContent = "This server keeps no history."; return; }
    showError(err);
  }
}

async function openPlan(id) {
  status("Loading plan #" + id + "…", "busy");
  try {
    const p = await api("GET", "/api/plans/" + id);
    resetPlan();
    Object.assign(state, { markdown: p.markdown, plan: p.plan, report: p.verification || null, id: p.id,
      meta: { provider: p.provider, model: p.model, tokens: p.prompt_tokens, id: p.id } });
    renderPlan(); renderSummary(); setDownloads();
    $("#context-summary").textContent = "The context of a plan from the history is not kept; write the plan again to see it.";
    showTab("tab-plan");
    for (const b of document.querySelectorAll("#history-list button")) b.classList.toggle("current", b.dataset.id === String(id));
    status("");
  } catch (err) { showError(err); }
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function baseName() {
  const t = (state.plan && state.plan.title) || "plan";
  const slug = t.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 50) || "plan";
  return state.id ? `${slug}-${state.id}` : slug;
}

// ---- start ----------------------------------------------------------------------

async function loadInfo() {
  try {
    const info = await api("GET", "/api/info");
    $("#repo").textContent = info.repo;
    document.title = "groundplan · " + info.repo;
    const tpl = $("#template");
    for (const t of info.templates) {
      const o = el("option", "", t.name + (t.input === "spec" ? " (spec)" : ""));
      o.value = t.name;
      o.title = t.description || "";
      tpl.append(o);
    }
    const prov = $("#provider");
    for (const p of info.providers) {
      const o = el("option", "", p);
      o.value = p;
      prov.append(o);
    }
    return true;
  } catch (err) {
    showError(err);
    return false;
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  $("#story-form").addEventListener("submit", writePlan);
  $("#verify-btn").addEventListener("click", verifyPasted);
  $("#history-refresh").addEventListener("click", loadHistory);
  for (const t of document.querySelectorAll(".tab")) t.addEventListener("click", () => showTab(t.id));
  $("#download-md").addEventListener("click", () => download(baseName() + ".md", "text/markdown", state.markdown));
  $("#download-json").addEventListener("click", () => {
    const plan = Object.assign({}, state.plan);
    if (state.report) plan.verification = state.report;
    download(baseName() + ".json", "application/json", JSON.stringify(plan, null, 2) + "\n");
  });
  $("#token-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    localStorage.setItem(TOKEN_KEY, $("#token").value.trim());
    $("#token-form").hidden = true;
    status("");
    if (await loadInfo()) loadHistory();
  });
  setDownloads();
  if (await loadInfo()) loadHistory();
});
