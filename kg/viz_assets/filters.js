/* kg view, part 6: the filters, shared by every mode: entity types and relations (the legend),
 * a province or city (the place and everything located in it, transitively), a source
 * document, a date range. KG.pass[i] / KG.passEdge[j] say what passes; KG.applyFilters()
 * recomputes them and redraws the current mode.
 */
(function () {
  "use strict";
  var el = KG.el, N = KG.N, E = KG.E, docs = KG.data.documents || [];
  var F = KG.filters = {types: new Set(), rels: new Set(), place: -1, doc: -1, from: "", to: ""};
  KG.pass = new Uint8Array(N.length).fill(1);
  KG.passEdge = new Uint8Array(E.length).fill(1);
  // what passes every filter but the legend's toggles (the legend counts it)
  KG.keep = new Uint8Array(N.length).fill(1);
  KG.keepEdge = new Uint8Array(E.length).fill(1);
  KG.filterListeners = [];
  var relKeys = KG.R.map(function (r) { return r.key; });
  var located = relKeys.indexOf("locatedIn"), develops = relKeys.indexOf("developsCluster");

  // the place and everything in it: its contents in the overview's tree and whatever is
  // located in it, transitively; and the industries developed there
  function within(place) {
    var inside = new Uint8Array(N.length), stack = [place], found = [];
    inside[place] = 1;
    while (stack.length) {
      var v = stack.pop();
      found.push(v);
      KG.children[v].forEach(add);
      KG.adjacency[v].forEach(function (j) { if (E[j].r === located && E[j].t === v) add(E[j].f); });
    }
    function add(u) { if (!inside[u]) { inside[u] = 1; stack.push(u); } }
    found.forEach(function (v) {
      KG.adjacency[v].forEach(function (j) { if (E[j].r === develops && E[j].f === v) inside[E[j].t] = 1; });
    });
    return inside;
  }
  function documentsWanted() {
    if (F.doc >= 0) return new Set([F.doc]);
    if (!F.from && !F.to) return null;
    var wanted = new Set();
    docs.forEach(function (d, k) {
      if (d[1] && (!F.from || d[1] >= F.from) && (!F.to || d[1] <= F.to)) wanted.add(k);
    });
    return wanted;
  }
  function fromDocs(item, wanted) {
    return !wanted || (item.dc || []).some(function (d) { return wanted.has(d); });
  }
  KG.filtered = function () { return F.place >= 0 || F.doc >= 0 || !!F.from || !!F.to; };
  KG.applyFilters = function () {
    var inside = F.place >= 0 ? within(F.place) : null, wanted = documentsWanted();
    for (var i = 0; i < N.length; i++) {
      KG.keep[i] = (!inside || inside[i]) && fromDocs(N[i], wanted) ? 1 : 0;
      KG.pass[i] = KG.keep[i] && !F.types.has(N[i].t) ? 1 : 0;
    }
    for (var j = 0; j < E.length; j++) {
      var e = E[j];
      KG.keepEdge[j] = KG.pass[e.f] && KG.pass[e.t] && fromDocs(e, wanted) ? 1 : 0;
      KG.passEdge[j] = KG.keepEdge[j] && !F.rels.has(e.r) ? 1 : 0;
    }
    KG.filterListeners.forEach(function (f) { f(); });
    if (KG.mode) KG.mode.refresh();
  };
  // make entity i pass again: drop the filters that leave it out (a search or a link asks for it)
  KG.unfilter = function (i) {
    if (KG.pass[i]) return;
    if (F.types.has(N[i].t)) F.types.delete(N[i].t);
    if (F.place >= 0 && !within(F.place)[i]) F.place = -1;
    if (!fromDocs(N[i], documentsWanted())) { F.doc = -1; F.from = F.to = ""; }
    syncInputs();
    KG.applyFilters();
  };

  // ---- the form in the legend ----
  var form = document.getElementById("filters");
  var placeInput = document.getElementById("filter-place"), docInput = document.getElementById("filter-doc");
  var fromInput = document.getElementById("filter-from"), toInput = document.getElementById("filter-to");
  var clear = document.getElementById("filter-clear");
  function options(list, id, items) {
    var dl = document.getElementById(id), byValue = new Map();
    items.forEach(function (it) {
      var value = it[0];
      if (byValue.has(value)) value += " #" + it[1];
      byValue.set(value, it[1]);
      var o = document.createElement("option");
      o.value = value;
      dl.appendChild(o);
    });
    list.setAttribute("list", id);
    return byValue;
  }
  // places that hold something: provinces first, then cities, then the rest, each by size
  var places = N.map(function (_, i) { return i; }).filter(function (i) {
    return KG.isPlace(i) && (KG.children[i].length || KG.adjacency[i].length);
  });
  var LEVEL = {province: 0, city: 1};
  function level(i) { return LEVEL[N[i].lv] === undefined ? 2 : LEVEL[N[i].lv]; }
  var placeValues = null, docValues = null;
  function fillOptions() {                  // at first use, not before the first frame
    if (placeValues) return;
    places.sort(function (a, b) { return level(a) - level(b) || N[b].d - N[a].d || a - b; });
    placeValues = options(placeInput, "filter-places", places.map(function (i) {
      var p = KG.parent[i];
      return [N[i].l + (p >= 0 ? "（" + N[p].l + "）" : ""), i];
    }));
    docValues = options(docInput, "filter-docs", docs.map(function (d, k) {
      return [(d[1] ? d[1] + " " : "") + (d[0] || "（无标题）"), k];
    }));
  }
  var dates = docs.map(function (d) { return d[1]; }).filter(Boolean).sort();
  if (dates.length) {
    [fromInput, toInput].forEach(function (x) { x.min = dates[0]; x.max = dates[dates.length - 1]; });
  } else {
    fromInput.parentNode.hidden = true;
  }
  function syncInputs() {
    fillOptions();
    function valueOf(map, k) {
      var out = "";
      map.forEach(function (v, key) { if (v === k) out = key; });
      return out;
    }
    placeInput.value = F.place >= 0 ? valueOf(placeValues, F.place) : "";
    docInput.value = F.doc >= 0 ? valueOf(docValues, F.doc) : "";
    fromInput.value = F.from;
    toInput.value = F.to;
    clear.hidden = !KG.filtered();
  }
  KG.setFilter = function (what) {         // {place, doc, from, to}: entity/document indexes, ISO dates
    Object.keys(what).forEach(function (k) { F[k] = what[k]; });
    syncInputs();
    KG.applyFilters();
  };
  [placeInput, docInput].forEach(function (input) {
    input.addEventListener("focus", fillOptions);
    input.addEventListener("change", function () {
      fillOptions();
      var map = input === placeInput ? placeValues : docValues, v = input.value.trim();
      var k = v ? map.get(v) : -1;
      if (k === undefined) { input.setCustomValidity("没有这一项"); input.reportValidity(); return; }
      input.setCustomValidity("");
      KG.setFilter(input === placeInput ? {place: k} : {doc: k});
    });
  });
  [fromInput, toInput].forEach(function (input) {
    input.addEventListener("change", function () { KG.setFilter({from: fromInput.value, to: toInput.value}); });
  });
  clear.addEventListener("click", function () { KG.setFilter({place: -1, doc: -1, from: "", to: ""}); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  if (!docs.length && !places.length) form.hidden = true;
})();
