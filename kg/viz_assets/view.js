/* kg view: builds a vis-network from the JSON block above.
 * Every string from the graph is article text, i.e. data: it reaches the page only through
 * textContent / createTextNode, never innerHTML. Tooltips are plain strings (vis-network 9
 * sets them with innerText). */
(function () {
  "use strict";

  performance.mark("kg-start");
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var detail = null;
  function D() {
    if (!detail) detail = JSON.parse(document.getElementById("kg-detail").textContent);
    return detail;
  }
  var T = data.types, R = data.relations, N = data.nodes, E = data.edges;
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var INK = "#1f2933";
  var hiddenTypes = new Set(), hiddenRels = new Set();
  var container = document.getElementById("graph");
  var panel = document.getElementById("panel"), panelBody = document.getElementById("panel-body");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function short(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }
  function norm(s) { return String(s).normalize("NFKC").toLowerCase().replace(/\s+/g, ""); }
  // (not toLocaleString: the first call loads ICU data, ~0.1 s before the first frame)
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  // ---- swatches (constant SVG, built with DOM calls) ----
  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function swatch(shape, color) {
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
  }
  function lineSwatch(color, arrow) {
    var s = svgEl("svg", {width: 22, height: 16, viewBox: "0 0 22 16"});
    s.appendChild(svgEl("line", {x1: 1, y1: 8, x2: arrow ? 15 : 21, y2: 8, stroke: color, "stroke-width": 2.5}));
    if (arrow) s.appendChild(svgEl("polygon", {points: "14,3.5 21,8 14,12.5", fill: color}));
    return s;
  }

  // ---- data sets ----
  var adjacency = N.map(function () { return []; });
  E.forEach(function (e, j) {
    adjacency[e.f].push(j);
    if (e.t !== e.f) adjacency[e.t].push(j);
  });

  // vis-network gets no labels and, for large graphs, no titles or per-edge option objects: it
  // clones its options for every node and edge and measures every label before the first frame.
  // drawLabels() writes the labels instead: only on screen, most connected first, none overlapping.
  var big = data.static;
  // a precomputed layout packs nodes closer than physics does: smaller shapes there
  function radius(i) { return big ? N[i].s * 0.6 : N[i].s; }
  var visNodes = new vis.DataSet(N.map(function (n, i) {
    var o = {id: i, group: "t" + n.t, size: radius(i), x: n.x, y: n.y};
    if (!big) o.title = n.l + " · " + T[n.t].name + (n.d ? " · " + n.d + " 条关系" : "");
    return o;
  }));
  var visEdges = new vis.DataSet(E.map(function (e, j) {
    var r = R[e.r];
    var o = {id: j, from: e.f, to: e.t, rel: e.r, color: r.color};
    if (r.arrow) o.arrows = "to";
    if (!big) {
      o.title = N[e.f].l + " " + r.name + " " + N[e.t].l;
      o.color = {color: r.color, highlight: INK, hover: r.color, opacity: 0.85};
    }
    return o;
  }));
  var nodeView = new vis.DataView(visNodes, {filter: function (n) { return !hiddenTypes.has(N[n.id].t); }});
  var edgeView = new vis.DataView(visEdges, {filter: function (e) { return !hiddenRels.has(e.rel); }});

  var groups = {};
  T.forEach(function (t, i) {
    groups["t" + i] = {
      shape: t.shape,
      color: {background: t.color, border: "rgba(0,0,0,.28)",
              highlight: {background: t.color, border: INK}, hover: {background: t.color, border: INK}}
    };
  });
  var options = {
    autoResize: true,
    groups: groups,
    // no border strokes on large graphs: 10k strokes cost more than the rest of a frame
    nodes: {borderWidth: big ? 0 : 1.5, borderWidthSelected: 3.5},
    edges: {
      width: 1.3, selectionWidth: 1.5, hoverWidth: 0.6, arrowStrikethrough: false, smooth: false,
      arrows: {to: {scaleFactor: 0.55}}, color: {highlight: INK, opacity: 0.85}
    },
    interaction: {
      hover: !big, tooltipDelay: 300, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
      keyboard: false, multiselect: false, zoomSpeed: 0.8
    },
    layout: {randomSeed: 7, improvedLayout: false},
    // Nodes start from the precomputed layout: a few dozen physics steps before the first frame.
    physics: big ? {enabled: false} : {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -80, centralGravity: 0.012, springLength: 110,
                         springConstant: 0.06, damping: 0.55, avoidOverlap: 0.6},
      stabilization: {enabled: true, iterations: 60, updateInterval: 60, fit: true},
      minVelocity: 1, maxVelocity: 45, timestep: 0.4
    }
  };

  performance.mark("kg-data");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, options);
  performance.mark("kg-network");
  network.once("afterDrawing", function () {
    window.__kgFirstDraw = performance.now();
    if (big) window.__kgStable = true;
  });
  network.on("stabilized", function () { window.__kgStable = true; });
  network.on("afterDrawing", drawLabels);

  // ---- labels ----
  var byDegree = N.map(function (_, i) { return i; }).sort(function (a, b) { return N[b].d - N[a].d || a - b; });
  var ALWAYS = 30;                           // the best-connected entities keep a label at any zoom
  var labelText = N.map(function (n) { return short(n.l, 16); });
  var labelWidth = new Float32Array(N.length).fill(-1);   // at 10px, measured once
  function fontSize(i) { return 12 + N[i].s * 0.3; }
  function drawLabels(ctx) {
    var scale = network.getScale(), bn = network.body.nodes, rd = network.renderer || {};
    var origin = network.canvasToDOM({x: 0, y: 0});
    var W = container.clientWidth, H = container.clientHeight;
    var ratio = ctx.canvas.width / Math.max(1, W);
    var placed = new Map(), CELL = 48;
    function free(x0, y0, x1, y1, take) {
      var cx0 = Math.floor(x0 / CELL), cx1 = Math.floor(x1 / CELL), cy0 = Math.floor(y0 / CELL), cy1 = Math.floor(y1 / CELL);
      for (var cx = cx0; cx <= cx1; cx++) for (var cy = cy0; cy <= cy1; cy++) {
        var cell = placed.get(cx * 100003 + cy);
        if (!cell) continue;
        for (var k = 0; k < cell.length; k++) {
          var r = cell[k];
          if (x0 < r[2] && x1 > r[0] && y0 < r[3] && y1 > r[1]) return false;
        }
      }
      if (take) mark(x0, y0, x1, y1);
      return true;
    }
    function mark(x0, y0, x1, y1) {
      var cx0 = Math.floor(x0 / CELL), cx1 = Math.floor(x1 / CELL), cy0 = Math.floor(y0 / CELL), cy1 = Math.floor(y1 / CELL);
      for (var cx = cx0; cx <= cx1; cx++) for (var cy = cy0; cy <= cy1; cy++) {
        var key = cx * 100003 + cy;
        if (!placed.has(key)) placed.set(key, []);
        placed.get(key).push([x0, y0, x1, y1]);
      }
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);      // draw in CSS pixels
    ctx.lineJoin = "round";
    ctx.strokeStyle = "rgba(255,255,255,.92)";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    var selected = network.getSelectedNodes(), first = [];
    selected.forEach(function (i) {
      first.push(i);
      adjacency[i].slice(0, 40).forEach(function (j) { first.push(E[j].f === i ? E[j].t : E[j].f); });
    });
    var forced = new Set(first), sel = new Set(selected), budget = 600;
    // labels should not hide nodes: the nodes on screen take their place first (unless crowded)
    var onScreen = [];
    for (var v = 0; v < N.length && onScreen.length <= 1500; v++) {
      var q0 = bn[v];
      if (!q0) continue;
      var sx = q0.x * scale + origin.x, sy = q0.y * scale + origin.y, sr = radius(v) * scale;
      if (sx > -sr && sx < W + sr && sy > -sr && sy < H + sr) onScreen.push([sx - sr, sy - sr, sx + sr, sy + sr]);
    }
    if (onScreen.length <= 1500) onScreen.forEach(function (b) { mark(b[0], b[1], b[2], b[3]); });
    var order = first.concat(byDegree);
    var be = network.body.edges, epx = Math.max(Math.min(11 * scale, 12), 10.5);
    function edgeLabel(j, force) {
      var a = bn[E[j].f], b = bn[E[j].t];
      if (!be[j] || !a || !b || a === b) return false;
      var ax = a.x * scale + origin.x, ay = a.y * scale + origin.y, bx = b.x * scale + origin.x, by = b.y * scale + origin.y;
      var mx = (ax + bx) / 2, my = (ay + by) / 2, name = R[E[j].r].name;
      if (mx < 0 || mx > W || my < 0 || my > H || (!force && Math.hypot(bx - ax, by - ay) < 70)) return false;
      var hw = name.length * epx / 2 + 2;
      if (!free(mx - hw, my - epx / 2, mx + hw, my + epx / 2, true)) {
        if (!force) return false;
        mark(mx - hw, my - epx / 2, mx + hw, my + epx / 2);
      }
      ctx.save();
      ctx.font = epx.toFixed(1) + "px " + FONT;
      ctx.textBaseline = "middle";
      ctx.lineWidth = 3;
      ctx.fillStyle = force ? INK : "#5b6672";
      ctx.strokeText(name, mx, my);
      ctx.fillText(name, mx, my);
      ctx.restore();
      return true;
    }
    // the relations of the selection are named at any zoom
    var selEdges = new Set(network.getSelectedEdges());
    selected.forEach(function (i) { adjacency[i].slice(0, 40).forEach(function (j) { selEdges.add(j); }); });
    selEdges.forEach(function (j) { edgeLabel(j, true); });

    for (var k = 0; k < order.length && budget > 0; k++) {
      var i = order[k], p = bn[i];
      if (!p || (k >= first.length && forced.has(i))) continue;
      var x = p.x * scale + origin.x, y = p.y * scale + origin.y;
      if (x < -100 || x > W + 100 || y < -60 || y > H + 60) continue;
      var px = fontSize(i) * scale;
      if (px < 8 && !forced.has(i) && k - first.length >= ALWAYS) continue;
      px = Math.min(Math.max(px, 11.5 + (N[i].s - 10) * 0.12), 24);   // hubs stay larger
      if (labelWidth[i] < 0) {
        ctx.font = "10px " + FONT;
        labelWidth[i] = ctx.measureText(labelText[i]).width;
      }
      var w = labelWidth[i] * px / 10, r = radius(i) * scale, h = px * 1.3;
      // below the node, else above, right, left; labels of the selection are drawn in any case
      var spots = [[x, y + r + 2], [x, y - r - 2 - h], [x + r + 6 + w / 2, y - h / 2], [x - r - 6 - w / 2, y - h / 2]];
      var spot = null;
      for (var q = 0; q < spots.length && !spot; q++) {
        if (free(spots[q][0] - w / 2 - 4, spots[q][1], spots[q][0] + w / 2 + 4, spots[q][1] + h, true)) spot = spots[q];
      }
      if (!spot) {
        if (!forced.has(i)) continue;
        spot = spots[0];
        mark(spot[0] - w / 2 - 4, spot[1], spot[0] + w / 2 + 4, spot[1] + h);
      }
      x = spot[0];
      var top = spot[1];
      ctx.font = (sel.has(i) ? "bold " : "") + px.toFixed(1) + "px " + FONT;
      ctx.lineWidth = 3.5;
      ctx.strokeText(labelText[i], x, top);
      ctx.fillStyle = INK;
      ctx.fillText(labelText[i], x, top);
      budget--;
    }
    // relation names on every edge once edges are long enough to carry one
    if (scale >= 0.7 && !rd.zooming && !rd.dragging) {
      for (var j = 0; j < E.length && budget > 0; j++) {
        if (!selEdges.has(j) && edgeLabel(j, false)) budget--;
      }
    }
    ctx.restore();
  }
  network.once("stabilizationIterationsDone", function () { window.__kgStabilised = performance.now(); });

  // ---- header, note, legend ----
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
  var stats = document.getElementById("stats");
  function updateStats() {
    var shown = nodeView.length;
    stats.textContent = (shown === N.length ? fmt(N.length) : fmt(shown) + " / " + fmt(N.length)) +
      " 个实体 · " + fmt(edgeView.length) + " 条关系";
  }
  // Keep where the simulation put the nodes, so that a type shown again comes back in place
  // (vis' storePositions() fails once some nodes are filtered out of the view).
  function remember() {
    if (big) return;
    var pos = network.getPositions();
    visNodes.update(Object.keys(pos).map(function (id) { return {id: Number(id), x: pos[id].x, y: pos[id].y}; }));
  }
  function setType(t, hidden) {
    remember();
    if (hidden) hiddenTypes.add(t); else hiddenTypes.delete(t);
    typeItems[t].classList.toggle("off", hidden);
    typeItems[t].setAttribute("aria-pressed", String(!hidden));
    nodeView.refresh();
    updateStats();
  }
  function setRelation(r, hidden) {
    if (hidden) hiddenRels.add(r); else hiddenRels.delete(r);
    relItems[r].classList.toggle("off", hidden);
    relItems[r].setAttribute("aria-pressed", String(!hidden));
    edgeView.refresh();
    updateStats();
  }
  function legendItem(list, sw, name, count, onClick, key) {
    var li = el("li");
    li.dataset.key = key;
    li.setAttribute("role", "button");
    li.setAttribute("aria-pressed", "true");
    li.title = "点击隐藏/显示";
    li.appendChild(sw);
    li.appendChild(el("span", "name", name));
    li.appendChild(el("span", "count", fmt(count)));
    if (!count) li.classList.add("empty");
    li.addEventListener("click", onClick);
    list.appendChild(li);
    return li;
  }
  var typeList = document.getElementById("legend-types"), relList = document.getElementById("legend-relations");
  var typeItems = T.map(function (t, i) {
    return legendItem(typeList, swatch(t.shape, t.color), t.name, t.count,
                      function () { setType(i, !hiddenTypes.has(i)); }, t.key);
  });
  var relItems = R.map(function (r, i) {
    return legendItem(relList, lineSwatch(r.color, r.arrow), r.name, r.count,
                      function () { setRelation(i, !hiddenRels.has(i)); }, r.key);
  });
  updateStats();

  // ---- side panel ----
  function clearPanel() {
    while (panelBody.firstChild) panelBody.removeChild(panelBody.firstChild);
    panel.hidden = false;
    panel.scrollTop = 0;
    return panelBody;
  }
  function closePanel() { panel.hidden = true; }
  document.getElementById("panel-close").addEventListener("click", function () {
    closePanel();
    network.unselectAll();
  });
  function badge(text, color) {
    var b = el("span", "badge", text);
    b.style.background = color;
    return b;
  }
  function jump(i) {
    var a = el("a", "jump", N[i].l);
    a.href = "#";
    a.addEventListener("click", function (ev) { ev.preventDefault(); showNode(i); });
    return a;
  }
  function docLine(d) {
    var head = el("div", "doc");
    var name = d.title || d.path || "（无标题）";
    if (d.source && /^https?:\/\//i.test(d.source)) {
      var a = el("a", null, name);
      a.href = d.source;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      head.appendChild(a);
    } else {
      head.appendChild(el("span", null, name));
    }
    var bits = [];
    if (d.date) bits.push(d.date);
    if (d.title && d.path) bits.push(d.path);
    if (bits.length) head.appendChild(document.createTextNode(" · " + bits.join(" · ")));
    return head;
  }
  function evidenceList(items, more, extra) {
    var ul = el("ul", "evidence");
    items.forEach(function (ev) {
      var li = el("li");
      var s = D().sentences[ev[1]];
      li.appendChild(docLine(D().docs[ev[0]]));
      var p = el("div", "sent");
      p.appendChild(document.createTextNode(s.slice(0, ev[2])));
      p.appendChild(el("mark", null, s.slice(ev[2], ev[3])));
      p.appendChild(document.createTextNode(s.slice(ev[3])));
      li.appendChild(p);
      if (extra) {
        var m = extra(ev);
        if (m) li.appendChild(el("div", "meta", m));
      }
      ul.appendChild(li);
    });
    panelBody.appendChild(ul);
    if (more) panelBody.appendChild(el("p", "more", "另有 " + fmt(more) + " 处出处未列出。"));
  }
  function renderNode(i) {
    var n = N[i], x = D().nodes[i], body = clearPanel();
    var badges = el("div", "badges");
    x.ty.forEach(function (key) {
      var t = T.filter(function (x) { return x.key === key; })[0];
      if (t) badges.appendChild(badge(t.name, t.color));
    });
    body.appendChild(badges);
    body.appendChild(el("h2", null, n.l));
    if (n.al && n.al.length) body.appendChild(el("p", "aliases", "别名：" + n.al.join("、")));
    if (x.at && x.at.length) {
      body.appendChild(el("h3", null, "属性"));
      var table = el("table", "attrs");
      x.at.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("th", null, row[0]));
        tr.appendChild(el("td", null, row[1]));
        table.appendChild(tr);
      });
      body.appendChild(table);
    }
    var mine = adjacency[i];
    if (mine.length) {
      body.appendChild(el("h3", null, "关系（" + fmt(mine.length) + "）"));
      var ul = el("ul", "links");
      mine.slice(0, 80).forEach(function (j) {
        var e = E[j], li = el("li");
        li.appendChild(e.f === i ? el("b", null, short(n.l, 18)) : jump(e.f));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "rel", R[e.r].name));
        li.appendChild(e.t === i ? el("b", null, short(n.l, 18)) : jump(e.t));
        ul.appendChild(li);
      });
      body.appendChild(ul);
      if (mine.length > 80) body.appendChild(el("p", "more", "另有 " + fmt(mine.length - 80) + " 条关系。"));
    }
    var m = x.m || [];
    body.appendChild(el("h3", null, "出处（" + fmt(m.length + (x.mx || 0)) + "）"));
    if (m.length) evidenceList(m, x.mx);
    else body.appendChild(el("p", "none", "没有记录出处。"));
    body.appendChild(el("p", "more", x.i));
  }
  function renderEdge(j) {
    var e = E[j], x = D().edges[j], r = R[e.r], body = clearPanel();
    var badges = el("div", "badges");
    badges.appendChild(badge("关系：" + r.name, r.color));
    body.appendChild(badges);
    var ends = el("p", "ends");
    ends.appendChild(jump(e.f));
    ends.appendChild(el("span", "arrow", r.arrow ? "→ " + r.name + " →" : "— " + r.name + " —"));
    ends.appendChild(jump(e.t));
    body.appendChild(ends);
    var p = x.p || [];
    body.appendChild(el("h3", null, "出处（" + fmt(p.length + (x.px || 0)) + "）"));
    if (p.length) {
      evidenceList(p, x.px, function (ev) {
        var bits = [];
        if (ev[4] !== null && ev[4] !== undefined) bits.push("置信度 " + ev[4]);
        if (ev[5]) bits.push("规则 " + ev[5]);
        return bits.join(" · ");
      });
    } else {
      body.appendChild(el("p", "none", "没有记录出处。"));
    }
  }

  function showNode(i, animate) {
    if (hiddenTypes.has(N[i].t)) setType(N[i].t, false);
    network.selectNodes([i]);
    var scale = Math.max(network.getScale(), big ? 1.0 : 1.15);
    network.focus(i, {scale: scale, animation: animate === false ? false : {duration: 450, easingFunction: "easeInOutQuad"}});
    renderNode(i);
  }
  network.on("click", function (p) {
    if (p.nodes.length) renderNode(p.nodes[0]);
    else if (p.edges.length) renderEdge(p.edges[0]);
    else closePanel();
  });

  // ---- search ----
  var searchInput = document.getElementById("search"), results = document.getElementById("results");
  var keys = null;                           // built at the first search, not before the first frame
  var hits = [], active = 0;
  function find(q) {
    q = norm(q);
    if (!q) return [];
    if (!keys) keys = N.map(function (n) { return [n.l].concat(n.al || []).map(norm); });
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
    if (!hits.length) {
      results.appendChild(el("li", "empty", "没有找到“" + searchInput.value.trim() + "”"));
    }
    hits.forEach(function (h, k) {
      var li = el("li", k === active ? "active" : "");
      li.setAttribute("role", "option");
      li.appendChild(swatch(T[N[h.i].t].shape, T[N[h.i].t].color));
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
    showNode(h.i);
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

  // ---- focus view: open on the focused entity ----
  if (data.focus && data.focus.length) {
    var openFocus = function () { showNode(data.focus[0], false); };
    if (big) network.once("afterDrawing", openFocus);
    else network.once("stabilizationIterationsDone", function () { setTimeout(openFocus, 0); });
  }

  // A small hook for tests and for people poking at the page from the console.
  window.kgView = {
    network: network, nodes: visNodes, edges: visEdges, data: data, detail: D,
    visibleNodeIds: function () { return nodeView.getIds(); },
    visibleEdgeIds: function () { return edgeView.getIds(); },
    select: function (i) { showNode(i, false); },
    panel: function (i) { network.selectNodes([i]); renderNode(i); },
    domPosition: function (i) {
      var p = network.getPositions([i])[i], d = network.canvasToDOM(p), r = container.getBoundingClientRect();
      return {x: r.left + d.x, y: r.top + d.y};
    }
  };
})();
