/* kg view, part 7 (last): the header, the legend, the search, the mode switch and the network,
 * then the first mode entered: the overview when the page has one, else the full graph.
 */
(function () {
  "use strict";
  var el = KG.el, fmt = KG.fmt, T = KG.T, R = KG.R, N = KG.N, E = KG.E, data = KG.data;
  var F = KG.filters;

  // ---- the network, shared by the modes that draw with vis-network ----
  var options = {
    autoResize: true,
    groups: KG.groups,
    // no border strokes on large graphs: 10k strokes cost more than the rest of a frame
    nodes: {borderWidth: 1.5, borderWidthSelected: 3.5},
    edges: {
      width: 1.3, selectionWidth: 1.5, hoverWidth: 0.6, arrowStrikethrough: false, smooth: false,
      arrows: {to: {scaleFactor: 0.55}}, color: {highlight: KG.INK, opacity: 0.85}
    },
    interaction: {tooltipDelay: 300, keyboard: false, multiselect: false, zoomSpeed: 0.8},
    layout: {randomSeed: 7, improvedLayout: false}
  };
  KG.setNetwork = function (sets, extra) {
    var opts = Object.assign({}, options, extra, {
      nodes: Object.assign({}, options.nodes, extra.nodes),
      interaction: Object.assign({}, options.interaction, extra.interaction)
    });
    if (!KG.network) {
      performance.mark("kg-data");
      KG.network = new vis.Network(KG.container, sets, opts);
      performance.mark("kg-network");
      KG.network.once("afterDrawing", function () {
        window.__kgFirstDraw = performance.now();
        if (!opts.physics.enabled) window.__kgStable = true;
      });
      KG.network.on("stabilized", function () { window.__kgStable = true; });
      KG.network.once("stabilizationIterationsDone", function () { window.__kgStabilised = performance.now(); });
      KG.network.on("afterDrawing", KG.drawLabels);
      KG.network.on("click", function (p) { if (KG.mode && KG.mode.click) KG.mode.click(p); });
    } else {
      KG.network.unselectAll();
      KG.network.setOptions(opts);
      KG.network.setData(sets);
    }
  };

  // Fit the view to nodes ``ids`` in the part of the canvas the side panel leaves free,
  // centred on the first of them.
  KG.centre = function (ids, animation) {
    var network = KG.network, panel = document.getElementById("panel");
    var covered = panel.hidden ? 0 : panel.offsetWidth, W = KG.container.clientWidth;
    var view = network.getViewPosition(), scale0 = network.getScale();
    network.fit({nodes: ids, animation: false});
    var scale = network.getScale() * Math.max(0.2, (W - covered) / Math.max(1, W));
    var at = network.getPositions([ids[0]])[ids[0]];
    if (animation) network.moveTo({position: view, scale: scale0, animation: false});
    network.moveTo({position: {x: at.x + covered / 2 / scale, y: at.y}, scale: scale, animation: animation || false});
  };

  // ---- header and note ----
  document.getElementById("title").textContent = data.title;
  var corpus = data.corpus || {documents: 0, titles: []};
  if (corpus.documents) {
    var line = "来自 " + fmt(corpus.documents) + " 篇文章";
    if (corpus.titles.length) {
      line += "：" + corpus.titles.map(function (t) { return "《" + t + "》"; }).join("、") +
        (corpus.documents > corpus.titles.length ? " 等" : "");
    }
    var corpusLine = document.getElementById("corpus");
    corpusLine.textContent = line;
    corpusLine.title = line;
  }
  if (data.note) {
    var note = document.getElementById("note");
    note.textContent = data.note;
    note.hidden = false;
  }

  // ---- legend: counts over everything that passes the filters, drawn or not ----
  var stats = document.getElementById("stats");
  function updateStats() {
    var shown = 0, rels = 0;
    for (var i = 0; i < N.length; i++) shown += KG.pass[i];
    for (var j = 0; j < E.length; j++) rels += KG.passEdge[j];
    var text = (shown === N.length ? fmt(N.length) : fmt(shown) + " / " + fmt(N.length)) + " 个实体 · " + fmt(rels) + " 条关系";
    var drawn = document.documentElement.dataset.drawnNodes;
    if (KG.mode && KG.mode.key !== "full" && drawn !== undefined) text += " · 画出 " + fmt(+drawn) + " 个";
    stats.textContent = text;
  }
  function legendItem(list, sw, name, onClick, key) {
    var li = el("li");
    li.dataset.key = key;
    li.setAttribute("role", "button");
    li.setAttribute("aria-pressed", "true");
    li.title = "点击隐藏/显示";
    li.appendChild(sw);
    li.appendChild(el("span", "name", name));
    li.appendChild(el("span", "count"));
    li.addEventListener("click", onClick);
    list.appendChild(li);
    return li;
  }
  function toggleIn(set, k) {
    if (set.has(k)) set.delete(k); else set.add(k);
    KG.applyFilters();
  }
  var typeItems = T.map(function (t, i) {
    return legendItem(document.getElementById("legend-types"), KG.swatch(t.shape, t.color), t.name,
                      function () { toggleIn(F.types, i); }, t.key);
  });
  var relItems = R.map(function (r, i) {
    return legendItem(document.getElementById("legend-relations"), KG.lineSwatch(r.color, r.arrow), r.name,
                      function () { toggleIn(F.rels, i); }, r.key);
  });
  function updateLegend() {
    var tc = T.map(function () { return 0; }), rc = R.map(function () { return 0; });
    N.forEach(function (n, i) { tc[n.t] += KG.keep[i]; });
    E.forEach(function (e, j) { rc[e.r] += KG.keepEdge[j]; });
    [[typeItems, tc, F.types], [relItems, rc, F.rels]].forEach(function (x) {
      x[0].forEach(function (li, k) {
        li.querySelector(".count").textContent = fmt(x[1][k]);
        li.classList.toggle("empty", !x[1][k]);
        li.classList.toggle("off", x[2].has(k));
        li.setAttribute("aria-pressed", String(!x[2].has(k)));
      });
    });
    updateStats();
  }
  KG.filterListeners.push(updateLegend);
  KG.filterListeners.push(function () {    // the panel's entity filtered away: close it
    var sel = KG.network ? KG.network.getSelectedNodes() : [];
    if (sel.length && typeof sel[0] === "number" && !KG.pass[sel[0]]) KG.closePanel();
  });
  KG.onDrawn = updateStats;

  // ---- mode switch: one button per mode, shown when there are two or more ----
  var switcher = document.getElementById("modes");
  function renderModes() {
    while (switcher.firstChild) switcher.removeChild(switcher.firstChild);
    KG.modes.forEach(function (m) {
      var b = el("button", KG.mode === m ? "on" : "", m.name);
      b.type = "button";
      b.dataset.mode = m.key;
      b.setAttribute("aria-pressed", String(KG.mode === m));
      b.addEventListener("click", function () { KG.setMode(m.key); });
      switcher.appendChild(b);
    });
    switcher.hidden = KG.modes.length < 2;
  }
  KG.onModes = renderModes;
  KG.onModeChange = function () { renderModes(); KG.closePanel(); updateStats(); };

  // ---- search: over every entity, drawn or not ----
  var searchInput = document.getElementById("search"), results = document.getElementById("results");
  var keys = null;                           // built at the first search, not before the first frame
  var hits = [], active = 0;
  function find(q) {
    q = KG.norm(q);
    if (!q) return [];
    if (!keys) keys = N.map(function (n) { return [n.l].concat(n.al || []).map(KG.norm); });
    var found = [];
    for (var i = 0; i < N.length; i++) {
      var best = 9, via = null, k = keys[i];
      for (var a = 0; a < k.length; a++) {
        var at = k[a].indexOf(q);
        if (at < 0) continue;
        var rank = (k[a] === q ? 0 : at === 0 ? 1 : 2) + (a > 0 ? 0.5 : 0);
        if (rank < best) { best = rank; via = a > 0 ? N[i].al[a - 1] : null; }
      }
      if (best < 9) found.push({i: i, rank: best, via: via});
    }
    found.sort(function (x, y) {
      return x.rank - y.rank || N[y.i].d - N[x.i].d || N[x.i].l.length - N[y.i].l.length || x.i - y.i;
    });
    return found.slice(0, 12);
  }
  function renderResults() {
    while (results.firstChild) results.removeChild(results.firstChild);
    if (!searchInput.value.trim()) { results.hidden = true; return; }
    if (!hits.length) results.appendChild(el("li", "empty", "没有找到“" + searchInput.value.trim() + "”"));
    hits.forEach(function (h, k) {
      var li = el("li", k === active ? "active" : "");
      li.setAttribute("role", "option");
      li.appendChild(KG.swatch(T[N[h.i].t].shape, T[N[h.i].t].color));
      li.appendChild(el("span", "label", N[h.i].l));
      if (h.via) li.appendChild(el("span", "alias", "别名 " + h.via));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(k); });
      results.appendChild(li);
    });
    results.hidden = false;
  }
  function update() {
    hits = find(searchInput.value);
    active = 0;
    renderResults();
  }
  function pick(k) {
    var h = hits[k];
    if (!h) return;
    results.hidden = true;
    searchInput.blur();
    KG.reveal(h.i);
  }
  searchInput.addEventListener("input", function (ev) { if (!ev.isComposing) update(); });
  searchInput.addEventListener("compositionend", update);
  searchInput.addEventListener("focus", function () { if (searchInput.value.trim()) update(); });
  searchInput.addEventListener("blur", function () { results.hidden = true; });
  searchInput.addEventListener("keydown", function (ev) {
    if (ev.isComposing) return;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (hits.length) {
        active = (active + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
        renderResults();
      }
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      pick(active);
    } else if (ev.key === "Escape") {
      searchInput.value = "";
      update();
      searchInput.blur();
    }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && document.activeElement !== searchInput) {
      ev.preventDefault();
      searchInput.focus();
    }
  });

  // ---- start ----
  updateLegend();
  var atMap = location.hash === "#map" && KG.modeByKey("map") && !(data.focus && data.focus.length);
  KG.setMode(atMap ? "map" : data.overview ? "overview" : "full");
  renderModes();

  // a focus view opens centred on its entity and the neighbours it shows, the entity selected
  if (data.focus && data.focus.length) {
    var f = data.focus[0];
    var openFocus = function () {
      var near = KG.adjacency[f].map(function (j) { return E[j].f === f ? E[j].t : E[j].f; });
      KG.network.selectNodes([f]);
      KG.renderNode(f);
      KG.centre([f].concat(near));
      window.__kgFocused = true;
    };
    if (!KG.fullPhysics.enabled) KG.network.once("afterDrawing", openFocus);
    else KG.network.once("stabilizationIterationsDone", function () { setTimeout(openFocus, 0); });
  }

  // A small hook for tests and for people poking at the page from the console.
  window.kgView = {
    get network() { return KG.network; }, data: data, detail: KG.D, KG: KG,
    mode: function () { return KG.mode.key; },
    setMode: KG.setMode,
    visibleNodeIds: function () { return KG.mode.visibleNodeIds(); },
    visibleEdgeIds: function () { return KG.mode.visibleEdgeIds(); },
    labelled: function () { return Array.from(KG.labelled); },
    labelledEdges: function () { return Array.from(KG.labelledEdges); },
    labelText: function (id) { return KG.mode.labels.text(id); },
    setFilter: KG.setFilter,
    select: function (i) { KG.reveal(i, false); },
    panel: function (i) { KG.network.selectNodes([i]); KG.renderNode(i); },
    domPosition: function (i) {
      var p = KG.network.getPositions([i])[i], d = KG.network.canvasToDOM(p), r = KG.container.getBoundingClientRect();
      return {x: r.left + d.x, y: r.top + d.y};
    }
  };
})();
