/* kg view, part 1 of the scripts page.py inlines in order (base, labels, panel, full, overview,
 * filters, view): the shared namespace KG, the data, helpers and the registry of modes.
 *
 * Every string from the graph is article text, i.e. data: it reaches the page only through
 * textContent / createTextNode, never innerHTML. Tooltips are plain strings (vis-network 9
 * sets them with innerText).
 *
 * A mode draws the graph one way (the full graph, the overview, a map) and is registered with
 * KG.addMode({key, name, enter(), leave(), reveal(i), refresh()}): enter() draws it and calls
 * KG.setDrawn(n); reveal(i) makes entity i visible and selects it; refresh() redraws after a
 * filter changed. Any mode shows an entity in the shared side panel with KG.showEntity(i).
 */
var KG = (function () {
  "use strict";

  performance.mark("kg-start");
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var detail = null;
  var KG = {
    data: data, T: data.types, R: data.relations, N: data.nodes, E: data.edges,
    FONT: '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
    INK: "#1f2933",
    container: document.getElementById("graph"),
    modes: [], mode: null, network: null
  };
  KG.D = function () {
    if (!detail) detail = JSON.parse(document.getElementById("kg-detail").textContent);
    return detail;
  };

  KG.el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };
  KG.short = function (s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; };
  KG.norm = function (s) { return String(s).normalize("NFKC").toLowerCase().replace(/\s+/g, ""); };
  // (not toLocaleString: the first call loads ICU data, ~0.1 s before the first frame)
  KG.fmt = function (n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); };

  // ---- swatches (constant SVG, built with DOM calls) ----
  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  KG.swatch = function (shape, color) {
    var s = svgEl("svg", {width: 16, height: 16, viewBox: "0 0 16 16"});
    var a = {fill: color, stroke: "rgba(0,0,0,.25)", "stroke-width": 1};
    var shapes = {
      hexagon: ["polygon", {points: "8,1 14,4.5 14,11.5 8,15 2,11.5 2,4.5"}],
      square: ["rect", {x: 2.5, y: 2.5, width: 11, height: 11}],
      diamond: ["polygon", {points: "8,1 15,8 8,15 1,8"}],
      triangle: ["polygon", {points: "8,1.5 15,14 1,14"}],
      dot: ["circle", {cx: 8, cy: 8, r: 6.5}]
    };
    var spec = shapes[shape] || shapes.dot;
    s.appendChild(svgEl(spec[0], Object.assign(a, spec[1])));
    return s;
  };
  KG.lineSwatch = function (color, arrow) {
    var s = svgEl("svg", {width: 22, height: 16, viewBox: "0 0 22 16"});
    s.appendChild(svgEl("line", {x1: 1, y1: 8, x2: arrow ? 15 : 21, y2: 8, stroke: color, "stroke-width": 2.5}));
    if (arrow) s.appendChild(svgEl("polygon", {points: "14,3.5 21,8 14,12.5", fill: color}));
    return s;
  };

  // ---- the graph's structure ----
  KG.adjacency = KG.N.map(function () { return []; });
  KG.E.forEach(function (e, j) {
    KG.adjacency[e.f].push(j);
    if (e.t !== e.f) KG.adjacency[e.t].push(j);
  });
  KG.isPlace = function (i) { return KG.T[KG.N[i].t].key === "District"; };
  // the overview's tree: each entity's container (data.nodes[i].p) and contents
  KG.parent = KG.N.map(function (n) { return n.p === undefined ? -1 : n.p; });
  KG.children = KG.N.map(function () { return []; });
  KG.parent.forEach(function (p, i) { if (p >= 0) KG.children[p].push(i); });

  // vis-network groups, one per entity type
  KG.groups = {};
  KG.T.forEach(function (t, i) {
    KG.groups["t" + i] = {
      shape: t.shape,
      color: {background: t.color, border: "rgba(0,0,0,.28)",
              highlight: {background: t.color, border: KG.INK}, hover: {background: t.color, border: KG.INK}}
    };
  });

  // ---- modes ----
  KG.addMode = function (mode) {
    KG.modes.push(mode);
    if (KG.onModes) KG.onModes();
  };
  KG.modeByKey = function (key) { return KG.modes.filter(function (m) { return m.key === key; })[0]; };
  KG.setMode = function (key) {
    var next = KG.modeByKey(key);
    if (!next || next === KG.mode) return;
    if (KG.mode) KG.mode.leave();
    KG.mode = next;
    document.documentElement.dataset.mode = key;
    next.enter();
    if (KG.onModeChange) KG.onModeChange(key);
  };
  // the number of nodes drawn on the current screen, for tests and benchmarks
  KG.setDrawn = function (n) {
    document.documentElement.dataset.drawnNodes = String(n);
    if (KG.onDrawn) KG.onDrawn(n);
  };
  return KG;
})();
