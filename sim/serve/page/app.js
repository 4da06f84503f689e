// app.js — plansim serve's page: builds a slider per lever of
// GET /api/scenario, runs the scenario (POST /api/run) whenever one moves,
// and draws the four charts and the scorecard; a batch (POST /api/batch)
// adds each target's odds and fans.  Compiled into the program.
"use strict";

const S = {
  scen: null,      // GET /api/scenario
  lang: "zh",      // labels in Chinese, English on the toggle
  set: {},         // levers moved: path -> value (what the run request sends)
  file: null,      // the file's run, drawn dashed for comparison
  last: null,      // the latest good run
  batch: null,     // the latest batch, for the current settings
  solve: null,     // the latest "what it takes", for the current settings
  charts: {},
  busy: false,     // a run request is under way
  again: false,    // the levers moved while it was
};

// The outputs the charts draw: a run request asks for these only.
const DRAWN = ["economy.gdp", "economy.gdp_growth", "compute.capacity", "water.use_conventional",
               "water.use_reclaimed", "water.cap", "water.demand_total", "carbon.intensity"];

const $ = (sel) => document.querySelector(sel);
const tr = (zh, en) => (S.lang === "zh" ? zh || en : en || zh);

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// A label in both languages: shown in the current one, kept for the toggle.
function bilingual(tag, zh, en, attrs) {
  const e = el(tag, Object.assign({ "data-zh": zh || en, "data-en": en || zh }, attrs || {}));
  e.textContent = tr(zh, en);
  return e;
}

function fmt(x, digits) {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(digits || 3);
  return Number(x.toPrecision(digits || 4)).toString();
}

// --- levers -----------------------------------------------------------

function leverRow(l) {
  const box = el("div", { class: "lever", "data-path": l.path });
  const head = el("div");
  head.append(bilingual("span", l.label_zh, l.label, { class: "name" }), " ",
              el("span", { class: "unit" }, l.unit ? "(" + l.unit + ")" : ""));
  const row = el("div", { class: "row" });
  const range = el("input", { type: "range", min: l.min, max: l.max, step: l.step,
                              value: l.value, "data-path": l.path,
                              "aria-label": l.label });
  const num = el("input", { type: "number", step: "any", value: l.value,
                            "data-path": l.path, "aria-label": l.label + " value" });
  row.append(range, num);
  const marks = el("div", { class: "marks", "data-path": l.path });
  const hi = l.hi === null ? "∞" : fmt(l.hi);
  const bounds = el("div", { class: "bounds" },
                    l.path + "  [" + fmt(l.lo) + ", " + hi + "]");
  box.append(head, row, marks, bounds);
  if (l.varies) {
    box.append(bilingual("div", "文件中逐年不同；移动后各年取同一值",
                         "varies by year in the file; moving sets every year", { class: "note" }));
  }
  range.addEventListener("input", () => {
    const v = Number(Number(range.value).toPrecision(12));
    num.value = v;
    moved(l, box, v);
  });
  num.addEventListener("change", () => {
    if (num.value.trim() === "" || !Number.isFinite(Number(num.value))) {
      showError(l.path + ": " + tr("需要一个数", "needs a number"));
      return;
    }
    const v = Number(num.value);
    range.value = v;
    moved(l, box, v);
  });
  return box;
}

function moved(l, box, v) {
  if (v === l.value) delete S.set[l.path];
  else S.set[l.path] = v;
  box.classList.toggle("changed", l.path in S.set);
  S.batch = null; // its odds were for other settings
  S.solve = null;
  drawMarks();
  schedule();
}

function buildLevers() {
  const aside = $("#levers");
  aside.textContent = "";
  const groups = new Map();
  for (const l of S.scen.levers) {
    if (!groups.has(l.model)) {
      const fs = el("fieldset");
      fs.append(bilingual("legend", l.model_label_zh, l.model_label));
      groups.set(l.model, fs);
      aside.append(fs);
    }
    groups.get(l.model).append(leverRow(l));
  }
}

// --- runs ---------------------------------------------------------------

async function post(url, body) {
  const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
                               body: JSON.stringify(body) });
  let data;
  try { data = await r.json(); } catch (e) { data = { error: "HTTP " + r.status }; }
  return { ok: r.ok, status: r.status, data };
}

// One run at a time; moves during a run are sent when it returns, so the
// page always ends on the latest settings.
function schedule() {
  if (S.busy) { S.again = true; return; }
  S.busy = true;
  requestAnimationFrame(runNow);
}

async function runNow() {
  const sent = Object.assign({}, S.set);
  const res = await post("/api/run", { set: sent, outputs: DRAWN });
  S.busy = false;
  markBad(res.ok ? null : res.data);
  if (res.ok) {
    S.last = res.data;
    hideError();
    $("#status").textContent = tr("运行 ", "run in ") + res.data.elapsed_us + " µs";
    drawAll();
  } else {
    showError(res.data.error || "HTTP " + res.status);
  }
  if (S.again) { S.again = false; schedule(); }
}

// Outlines the lever a 400 names.
function markBad(err) {
  document.querySelectorAll(".lever.bad").forEach((e) => e.classList.remove("bad"));
  if (!err || !err.error) return;
  for (const l of S.scen.levers) {
    if (err.error.includes(" " + l.path + ":") || err.error.startsWith(l.path + ":")) {
      document.querySelector('.lever[data-path="' + l.path + '"]').classList.add("bad");
    }
  }
}

function showError(text) {
  const e = $("#error");
  e.textContent = text;
  e.hidden = false;
}
function hideError() { $("#error").hidden = true; }

// --- charts -------------------------------------------------------------

function series(run, name) { return run ? run.outputs[name] : []; }

function unitOf(name) {
  const o = S.scen.outputs.find((x) => x.name === name);
  return o ? o.unit : "";
}

// Fan bands of output `name` from the batch: 5-95 % and 25-75 %, and the median.
function fanSeries(name, yAxisIndex) {
  const f = S.batch && S.batch.fans[name];
  if (!f) return [];
  const band = (lo, hi, label, opacity) => [
    { name: label, type: "line", data: f[lo], stack: label, lineStyle: { opacity: 0 },
      itemStyle: { color: "#3a6ea5" },
      symbol: "none", yAxisIndex, silent: true },
    { name: label, type: "line", data: f[hi].map((v, i) => v - f[lo][i]), stack: label,
      lineStyle: { opacity: 0 }, itemStyle: { color: "#3a6ea5" },
      areaStyle: { color: "#3a6ea5", opacity }, symbol: "none",
      yAxisIndex, silent: true },
  ];
  return band("p05", "p95", tr("批量 5–95%", "batch 5–95%"), 0.15)
    .concat(band("p25", "p75", tr("批量 25–75%", "batch 25–75%"), 0.25))
    .concat([{ name: tr("批量中位数", "batch median"), type: "line", data: f.p50, yAxisIndex,
               lineStyle: { type: "dotted", color: "#3a6ea5" }, itemStyle: { color: "#3a6ea5" },
               symbol: "none" }]);
}

function baseOption(title, unit) {
  return {
    animation: false,
    title: { text: title + (unit ? "  (" + unit + ")" : ""), left: 8, top: 4,
             textStyle: { fontSize: 13 } },
    tooltip: { trigger: "axis", valueFormatter: (v) => fmt(v) },
    legend: { bottom: 0, type: "scroll", textStyle: { fontSize: 11 } },
    grid: { left: 64, right: 56, top: 40, bottom: 48 },
    xAxis: { type: "category", data: S.last.years.map(String) },
    yAxis: [{ type: "value", scale: true, axisLabel: { formatter: (v) => fmt(v) } }],
  };
}

function targetOf(v, kind) {
  return S.scen.targets.find((t) => t.var === v && (!kind || t.kind === kind));
}

function drawGdp() {
  const o = baseOption(tr("地区生产总值与增速", "GDP and its growth"), unitOf("economy.gdp"));
  o.yAxis.push({ type: "value", name: "%/yr", scale: true, splitLine: { show: false },
                 nameTextStyle: { fontSize: 11 }, axisLabel: { formatter: (v) => fmt(v, 3) } });
  o.series = [
    { name: tr("GDP", "GDP"), type: "bar", data: series(S.last, "economy.gdp"), itemStyle: { color: "#5b8cc0" } },
    { name: tr("GDP（文件）", "GDP (file)"), type: "line", data: series(S.file, "economy.gdp"),
      lineStyle: { type: "dashed", color: "#888" }, symbol: "none" },
    { name: tr("增速 %", "growth %"), type: "line", yAxisIndex: 1,
      data: series(S.last, "economy.gdp_growth").map((g) => g * 100), itemStyle: { color: "#d9822b" } },
  ].concat(fanSeries("economy.gdp", 0));
  S.charts.gdp.setOption(o, true);
}

function drawCompute() {
  const o = baseOption(tr("算力规模", "Compute capacity"), unitOf("compute.capacity"));
  const t = targetOf("compute.capacity", "level");
  o.series = [
    { name: tr("算力", "capacity"), type: "line", data: series(S.last, "compute.capacity"),
      itemStyle: { color: "#7a4fb5" },
      markLine: t ? { symbol: "none", label: { position: "insideEndTop", formatter: tr("目标 ", "target ") + fmt(t.threshold) },
                      lineStyle: { color: "#2e7d32", type: "dashed" }, data: [{ yAxis: t.threshold }] } : undefined },
    { name: tr("算力（文件）", "capacity (file)"), type: "line", data: series(S.file, "compute.capacity"),
      lineStyle: { type: "dashed", color: "#888" }, symbol: "none" },
  ].concat(fanSeries("compute.capacity", 0));
  S.charts.compute.setOption(o, true);
}

// The water the red line counts: conventional use, and reclaimed use when
// the scenario counts it (water.reclaimed_in_cap).
function counted(run) {
  const c = series(run, "water.use_conventional");
  if (!S.scen.reclaimed_in_cap) return c;
  const r = series(run, "water.use_reclaimed");
  return c.map((v, i) => v + r[i]);
}

function drawWater() {
  const o = baseOption(tr("用水与红线", "Water use against the red line"), unitOf("water.cap"));
  o.series = [
    { name: tr("计入红线的用水", "use on the red line"), type: "line", data: counted(S.last),
      itemStyle: { color: "#1f77b4" } },
    { name: tr("用水总量红线", "red line"), type: "line", data: series(S.last, "water.cap"),
      lineStyle: { color: "#c0392b", width: 2 }, itemStyle: { color: "#c0392b" }, symbol: "none" },
    { name: tr("总需水", "total demand"), type: "line", data: series(S.last, "water.demand_total"),
      lineStyle: { type: "dashed", color: "#6baed6" }, symbol: "none" },
  ].concat(fanSeries("water.use_conventional", 0));
  S.charts.water.setOption(o, true);
}

function drawCarbon() {
  const o = baseOption(tr("碳排放强度与降幅目标", "Carbon intensity against its cut"),
                       unitOf("carbon.intensity"));
  const v = series(S.last, "carbon.intensity");
  const t = targetOf("carbon.intensity", "reduction");
  let mark;
  if (t) {
    const i0 = v[S.last.years.indexOf(t.from)];
    const goal = i0 * (1 - t.threshold / 100);
    mark = { symbol: "none", lineStyle: { color: "#2e7d32", type: "dashed" },
             label: { position: "insideEndTop", formatter: tr("降低 ", "cut ") + fmt(t.threshold) + "% → " + fmt(goal) },
             data: [{ yAxis: goal }] };
  }
  o.series = [
    { name: tr("碳排放强度", "carbon intensity"), type: "line", data: v,
      itemStyle: { color: "#555" }, markLine: mark },
    { name: tr("强度（文件）", "intensity (file)"), type: "line", data: series(S.file, "carbon.intensity"),
      lineStyle: { type: "dashed", color: "#aaa" }, symbol: "none" },
  ].concat(fanSeries("carbon.intensity", 0));
  S.charts.carbon.setOption(o, true);
}

// --- scorecard ----------------------------------------------------------

function planText(t) {
  if (t.kind === "synced") return tr("与 ", "in step with ") + t.ref + " ±" + fmt(t.tol);
  if (t.op === "~") return "≈ " + fmt(t.threshold) + " ±" + fmt(t.tol);
  return t.op.replace(">=", "≥").replace("<=", "≤") + " " + fmt(t.threshold);
}

function drawScorecard() {
  const body = $("#scorecard tbody");
  body.textContent = "";
  const info = new Map(S.scen.targets.map((t) => [t.id, t]));
  const odds = new Map(S.batch ? S.batch.targets.map((t) => [t.id, t.p_met]) : []);
  const rows = S.last.targets.slice().sort((a, b) =>
    (a.attribute === "binding" ? 0 : 1) - (b.attribute === "binding" ? 0 : 1));
  for (const r of rows) {
    const t = info.get(r.id) || r;
    const tr_ = el("tr", { "data-id": r.id, class: r.attribute });
    tr_.append(el("td", {}, r.attribute === "binding" ? tr("约束性", "binding") : tr("预期性", "expected")),
               el("td", { title: r.id }, tr(t.label_zh, t.label)),
               el("td", { class: "num" }, planText(r)),
               el("td", { class: "num" }, fmt(r.metric)),
               el("td", { class: "status " + r.status, "data-status": r.status },
                  r.met ? "✔ " + tr("达成", "met") : "✘ " + tr("未达成", "missed")),
               el("td", { class: "num odds" }, odds.has(r.id) ? fmt(100 * odds.get(r.id), 3) + " %" : ""),
               el("td", { class: "takes" }, takesText(r.id)));
    body.append(tr_);
  }
}

// "What it takes" for target id along the solved lever: where it turns met.
function takesText(id) {
  const t = S.solve && S.solve.targets.find((x) => x.id === id);
  if (!t) return "";
  if (!t.crossings.length) {
    return t.met_at_lo === 1 ? tr("全程达成", "met throughout") : tr("区间内无法达成", "not met in range");
  }
  return S.solve.lever + " " + t.crossings.map((c) => (c.met_side > 0 ? "≥ " : "≤ ") + fmt(c.value, 5)).join(", ");
}

// The solved targets' boundaries as marks under the lever's slider.
function drawMarks() {
  document.querySelectorAll(".marks").forEach((m) => { m.textContent = ""; });
  if (!S.solve) return;
  const box = document.querySelector('.marks[data-path="' + S.solve.lever + '"]');
  for (const t of S.solve.targets) {
    for (const c of t.crossings) {
      const at = (c.value - S.solve.lo) / (S.solve.hi - S.solve.lo);
      if (box && at >= 0 && at <= 1) {
        box.append(el("span", { class: "mark" + (c.met_side < 0 ? " below" : ""), style: "left:" + (100 * at) + "%",
                                title: t.id + (c.met_side > 0 ? " ≥ " : " ≤ ") + fmt(c.value, 5) }));
      }
    }
  }
}

async function solve() {
  $("#status").textContent = tr("求解中…", "solving…");
  const res = await post("/api/solve", { set: S.set, lever: $("#solve-lever").value });
  if (!res.ok) {
    showError(res.data.error || "HTTP " + res.status);
    $("#status").textContent = "";
    return;
  }
  hideError();
  S.solve = res.data;
  $("#status").textContent = tr("达标所需：沿 ", "what it takes along ") + res.data.lever;
  drawMarks();
  drawScorecard();
}

function drawAll() {
  if (!S.last) return;
  if (window.echarts) {
    drawGdp(); drawCompute(); drawWater(); drawCarbon();
  }
  drawScorecard();
}

// --- tools --------------------------------------------------------------

function setLines() {
  return Object.entries(S.set).map(([p, v]) => "--set " + p + "=" + v);
}

async function copySets() {
  const text = setLines().join(" \\\n") || tr("（未改动任何杠杆）", "(no lever moved)");
  const pre = $("#sets");
  pre.textContent = text;
  pre.hidden = false;
  try { await navigator.clipboard.writeText(text); $("#status").textContent = tr("已复制", "copied"); }
  catch (e) { $("#status").textContent = tr("请从下方复制", "copy from below"); }
}

// The moved levers as a libconfig file inheriting the loaded scenario.
function scenarioText() {
  const tree = {};
  for (const [path, v] of Object.entries(S.set)) {
    const keys = path.split(".");
    let node = tree;
    keys.slice(0, -1).forEach((k) => { node = node[k] = node[k] || {}; });
    node[keys[keys.length - 1]] = v;
  }
  const write = (node, indent) => Object.entries(node).map(([k, v]) =>
    typeof v === "object"
      ? indent + k + " = {\n" + write(v, indent + "  ") + indent + "};\n"
      : indent + k + " = " + String(v) + ";\n").join("");
  return "# " + S.scen.name + "-explorer.cfg — levers chosen in plansim serve\n" +
         "base = \"" + S.scen.base + "\";\n" +
         "name = \"" + S.scen.name + "-explorer\";\n" + write(tree, "");
}

function download() {
  const blob = new Blob([scenarioText()], { type: "text/plain;charset=utf-8" });
  const a = el("a", { href: URL.createObjectURL(blob), download: S.scen.name + "-explorer.cfg" });
  document.body.append(a);
  a.click();
  a.remove();
}

async function batch() {
  const runs = Number($("#runs").value);
  $("#status").textContent = tr("批量运行中…", "batch running…");
  const res = await post("/api/batch", { set: S.set, runs });
  if (!res.ok) {
    showError(res.data.error || "HTTP " + res.status);
    $("#status").textContent = "";
    return;
  }
  hideError();
  S.batch = res.data;
  $("#status").textContent = tr("批量 ", "batch of ") + res.data.runs + tr(" 次；全部约束性指标达成 ", " runs; all binding met ") +
    fmt(100 * res.data.all_binding, 3) + " %";
  drawAll();
}

function reset() {
  S.set = {};
  S.batch = null;
  S.solve = null;
  drawMarks();
  for (const l of S.scen.levers) {
    document.querySelectorAll('input[data-path="' + l.path + '"]').forEach((i) => { i.value = l.value; });
  }
  document.querySelectorAll(".lever.changed, .lever.bad").forEach((e) => e.classList.remove("changed", "bad"));
  $("#sets").hidden = true;
  hideError();
  schedule();
}

function toggleLang() {
  S.lang = S.lang === "zh" ? "en" : "zh";
  document.documentElement.lang = S.lang === "zh" ? "zh-CN" : "en";
  $("#lang").textContent = S.lang === "zh" ? "English" : "中文";
  document.querySelectorAll("[data-zh]").forEach((e) => { e.textContent = e.getAttribute("data-" + S.lang); });
  $("#title").textContent = tr(S.scen.title_zh, S.scen.title);
  drawAll();
}

async function init() {
  S.scen = await (await fetch("/api/scenario")).json();
  $("#title").textContent = tr(S.scen.title_zh, S.scen.title);
  $("#subtitle").textContent = S.scen.name + " · " + S.scen.start + "–" + S.scen.end + " · " + S.scen.file;
  buildLevers();
  if (window.echarts) {
    for (const k of ["gdp", "compute", "water", "carbon"]) S.charts[k] = echarts.init($("#chart-" + k));
    window.addEventListener("resize", () => Object.values(S.charts).forEach((c) => c.resize()));
  }
  $("#batch").disabled = !S.scen.batch;
  $("#lang").addEventListener("click", toggleLang);
  $("#reset").addEventListener("click", reset);
  $("#copy").addEventListener("click", copySets);
  $("#download").addEventListener("click", download);
  $("#batch").addEventListener("click", batch);
  for (const l of S.scen.levers) $("#solve-lever").append(el("option", { value: l.path }, l.path));
  $("#solve").addEventListener("click", solve);
  const file = await post("/api/run", { set: {}, outputs: DRAWN });
  if (file.ok) { S.file = file.data; S.last = file.data; drawAll(); }
  else showError(file.data.error);
}

init();
