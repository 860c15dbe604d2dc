/* kg view, part 6: the overview, for graphs past a few hundred entities. The division hierarchy
 * is the skeleton: each entity is folded into its container (data.nodes[i].p, see
 * kg/viz/overview.py) and a folded place shows how many entities it holds. The first screen
 * opens the largest places until about BUDGET nodes are drawn; clicking a place opens it in
 * place, clicking a group or a "more" node shows more. What lies in no place is gathered in
 * groups: one per type for the connected, one for the unconnected.
 * Positions: a balloon tree (each open node's contents on a ring around it), top-level items
 * packed in rows; recomputed on every change, the clicked node kept where it was on screen.
 */
(function () {
  "use strict";
  if (!KG.data.overview) return;
  var N = KG.N, E = KG.E, T = KG.T, R = KG.R, P = KG.parent, C = KG.children, fmt = KG.fmt;
  var PAGE = 40, BUDGET = 300, MIN_SCALE = 0.75, NT = T.length;
  var GROUP_NAMES = {District: "其他行政区", Park: "未定位的园区", IndustrialCluster: "跨地区的产业集群",
                     Project: "未定位的项目", Organization: "未定位的机构"};
  var ALONE = "g:alone", MORE_PLACES = "g:places", TOP_PLACES = 40, overflow = new Set();
  var located = R.map(function (r) { return r.key; }).indexOf("locatedIn");
  var inside = new Int32Array(N.length), byType = new Int32Array(N.length * NT);
  var open = new Set(), pages = new Map(), pinned = new Set(), opened = false, place = -1;
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var drawn = [], kidsOf = new Map(), groupMembers = new Map();

  // children before their containers, for the counts
  var post = (function () {
    var out = [], stack = [];
    P.forEach(function (p, v) { if (p < 0) stack.push([v, 0]); });
    while (stack.length) {
      var top = stack[stack.length - 1], v = top[0];
      if (top[1] < C[v].length) stack.push([C[v][top[1]++], 0]);
      else { out.push(v); stack.pop(); }
    }
    return out;
  })();
  function count() {
    inside.fill(0);
    byType.fill(0);
    post.forEach(function (v) {
      var p = P[v];
      if (p < 0) return;
      inside[p] += inside[v] + KG.pass[v];
      byType[p * NT + N[v].t] += KG.pass[v];
      for (var t = 0; t < NT; t++) byType[p * NT + t] += byType[v * NT + t];
    });
  }
  function visible(v) { return KG.pass[v] === 1 || inside[v] > 0; }
  function isGroup(id) { return typeof id === "string"; }
  function weight(id) {
    if (!isGroup(id)) return inside[id] + 1;
    return (groupMembers.get(id) || []).reduce(function (s, v) { return s + inside[v] + 1; }, 0);
  }
  // where a top-level entity goes: drawn itself (a place holding something), or into a group
  function groupOf(v) {
    if (KG.isPlace(v) && (inside[v] > 0 || N[v].d > 0)) return null;
    if (N[v].d === 0 && inside[v] === 0) return ALONE;
    return "g:" + T[N[v].t].key;
  }
  function byWeight(a, b) { return weight(b) - weight(a) || (isGroup(a) ? 1 : a) - (isGroup(b) ? 1 : b); }
  // the top level: places, then groups; under a place filter the place, then what passes
  // outside it (the industries developed there) in groups
  function topItems() {
    var only = KG.filters.place, above = new Set();
    for (var u = only; u >= 0; u = P[u]) above.add(u);
    groupMembers = new Map();
    var top = only >= 0 && visible(only) ? [only] : [];
    P.forEach(function (p, v) {
      if (p >= 0 || !visible(v) || above.has(v)) return;
      var g = groupOf(v);
      if (only >= 0 && g === null) g = "g:" + T[N[v].t].key;
      if (g === null) { top.push(v); return; }
      if (!groupMembers.has(g)) { groupMembers.set(g, []); top.push(g); }
      groupMembers.get(g).push(v);
    });
    top.sort(function (a, b) { return (b === only) - (a === only) || byWeight(a, b); });
    // past TOP_PLACES top-level places (districts whose province the corpus never names) the
    // lighter ones wait in a group of their own
    var places = top.filter(function (t) { return !isGroup(t) && t !== only; });
    overflow = new Set(places.slice(TOP_PLACES));
    if (!overflow.size) return top;
    groupMembers.set(MORE_PLACES, places.slice(TOP_PLACES));
    return top.filter(function (t) { return !overflow.has(t); }).concat([MORE_PLACES]).sort(function (a, b) {
      return (b === only) - (a === only) || byWeight(a, b);
    });
  }
  function kids(id) {
    var list = isGroup(id) ? groupMembers.get(id) || [] : C[id].filter(visible);
    return list.slice().sort(byWeight);
  }
  function groupName(id) {
    if (id === ALONE) return "未连接的实体";
    if (id === MORE_PLACES) return "其他地区";
    return GROUP_NAMES[id.slice(2)] || id.slice(2);
  }

  // ---- what is drawn ----
  function collect(tops) {
    drawn = [];
    kidsOf = new Map();
    function visit(id, parent) {
      drawn.push({id: id, parent: parent});
      if (!open.has(id)) return;
      var all = kids(id), limit = pages.get(id) || PAGE;
      var shown = all.filter(function (k, n) { return n < limit || pinned.has(k); });
      kidsOf.set(id, shown.slice());
      shown.forEach(function (k) { visit(k, id); });
      if (all.length > shown.length) {
        var more = "m:" + id;
        drawn.push({id: more, parent: id, more: all.length - shown.length});
        kidsOf.get(id).push(more);
      }
    }
    tops.forEach(function (t) { visit(t, null); });
  }
  // Open the largest places, largest first, while the drawing still fits the screen at a
  // scale where labels do not crowd (MIN_SCALE) and stays within BUDGET nodes.
  function autoOpen(tops) {
    var queue = tops.filter(function (t) { return !isGroup(t); });
    if (KG.filters.place >= 0) open.add(KG.filters.place);
    while (queue.length) {
      queue.sort(byWeight);
      var v = queue.shift(), ks = kids(v);
      if (!ks.length) continue;
      var was = open.has(v);
      open.add(v);
      collect(tops);
      if (!was && (drawn.length > BUDGET || fitScale(layout()) < MIN_SCALE)) { open.delete(v); continue; }
      ks.slice(0, PAGE).forEach(function (k) { if (KG.isPlace(k)) queue.push(k); });
    }
  }
  function fitScale(box) {
    return Math.min(KG.container.clientWidth / box.width, KG.container.clientHeight / box.height);
  }

  // ---- looks ----
  function folded(id) { return !open.has(id) && (isGroup(id) ? true : inside[id] > 0); }
  function radius(id) {
    if (String(id).slice(0, 2) === "m:") return 9;
    if (isGroup(id)) return Math.min(14 + 4 * Math.log2(1 + weight(id)), 40);
    if (folded(id)) return Math.min(10 + 4.5 * Math.log2(1 + inside[id]), 40);
    return N[id].s * 0.7;
  }
  function text(d) {
    var id = d.id;
    if (d.more) return "另有 " + fmt(d.more) + " 个…";
    if (isGroup(id)) return groupName(id) + "（" + fmt(weight(id)) + "）";
    return KG.short(N[id].l, 14) + (folded(id) ? "（" + fmt(inside[id]) + "）" : "");
  }
  function contents(v) {
    return T.map(function (t, k) { return [t.name, byType[v * NT + k]]; })
      .filter(function (c) { return c[1] > 0; })
      .map(function (c) { return c[0] + " " + fmt(c[1]); }).join(" · ");
  }
  function title(d) {
    var id = d.id;
    if (d.more) return "点击显示更多";
    if (isGroup(id)) return groupName(id) + " · " + fmt(weight(id)) + " 个 · 点击" + (open.has(id) ? "收起" : "展开");
    var s = N[id].l + " · " + T[N[id].t].name;
    if (inside[id] > 0) s += " · 含 " + contents(id) + (open.has(id) ? "" : " · 点击展开");
    return s;
  }
  function visNode(d) {
    var id = d.id, o = {id: id, size: radius(id), title: title(d)};
    if (d.more || isGroup(id)) {
      o.shape = "dot";
      o.color = {background: d.more ? "#c3cad3" : "#9aa5b1", border: "#66727f",
                 highlight: {background: "#9aa5b1", border: KG.INK}, hover: {background: "#9aa5b1", border: KG.INK}};
      o.borderWidth = 1.5;
      if (!d.more && !open.has(id)) o.shapeProperties = {borderDashes: [5, 3]};
    } else {
      o.group = "t" + N[id].t;
      if (folded(id)) { o.borderWidth = 2.5; o.shapeProperties = {borderDashes: [5, 3]}; }
      if (!KG.pass[id]) o.opacity = 0.3;     // filtered out, drawn for what it holds
    }
    return o;
  }

  // ---- layout: balloons ----
  // half the width a node and its label take, at the smallest scale the first screen allows
  // (labels keep a least size on screen: labels.js); a character is about 1 em wide
  var LABEL_H = 20 / MIN_SCALE;
  function fontSize(id) { return 12 + radius(id) * 0.15; }
  function em(id) {
    return Math.max(fontSize(id), (11.5 + (radius(id) - 10) * 0.12) / MIN_SCALE) * 1.04;
  }
  function footprint(d) { return Math.max(radius(d.id), text(d).length * em(d.id) / 2) + 10; }
  function layout() {
    var byId = new Map(drawn.map(function (d) { return [d.id, d]; })), ext = new Map(), pos = new Map();
    function measure(id) {
      var d = byId.get(id), own = footprint(d), ks = kidsOf.get(id) || [];
      if (!ks.length) { ext.set(id, {r: own, ring: 0}); return; }
      var sum = 0, biggest = 0;
      ks.forEach(function (k) { measure(k); var r = ext.get(k).r; sum += 2 * r; biggest = Math.max(biggest, r); });
      var ring = Math.max(own + biggest + 20, sum / (2 * Math.PI * 0.85));
      ext.set(id, {r: ring + biggest, ring: ring});
    }
    function place(id, x, y, away) {
      pos.set(id, [x, y]);
      var ks = kidsOf.get(id) || [], e = ext.get(id);
      if (!ks.length) return;
      var total = ks.reduce(function (s, k) { return s + ext.get(k).r; }, 0);
      var span = d(id).parent === null ? 2 * Math.PI : 2 * Math.PI * 0.85;
      var a = away - span / 2;
      ks.forEach(function (k) {
        var share = span * ext.get(k).r / total, mid = a + share / 2;
        place(k, x + e.ring * Math.cos(mid), y + e.ring * Math.sin(mid), mid);
        a += share;
      });
    }
    function d(id) { return byId.get(id); }
    var tops = drawn.filter(function (x) { return x.parent === null; }).map(function (x) { return x.id; });
    tops.forEach(measure);
    // top-level items packed in rows, about as wide as the screen is wide: a folded item takes
    // its label's width and its node's height, an open one its balloon's square
    function box(t) {
      var e = ext.get(t);
      return e.ring ? [2 * e.r, 2 * e.r, e.r] : [2 * e.r, 2 * radius(t) + LABEL_H + 16, radius(t) + 8];
    }
    function pack(width, put) {
      var x = 0, y = 0, row = 0, right = 1;
      tops.forEach(function (t) {
        var b = box(t);
        if (x > 0 && x + b[0] > width) { x = 0; y += row; row = 0; }
        if (put) place(t, x + b[0] / 2, y + b[2], -Math.PI / 2);
        x += b[0];
        right = Math.max(right, x);
        row = Math.max(row, b[1]);
      });
      return {width: right, height: Math.max(1, y + row)};
    }
    // the row width that lets the whole fit the screen at the largest scale
    var widest = Math.max.apply(null, tops.map(function (t) { return box(t)[0]; }).concat([1]));
    var total = tops.reduce(function (s, t) { return s + box(t)[0]; }, 0), best = null;
    for (var k = 0; k <= 24; k++) {
      var w = widest + (Math.max(total, widest) - widest) * k / 24, b = pack(w, false), f = fitScale(b);
      if (!best || f > best.f + 1e-9) best = {w: w, f: f};
    }
    var size = pack(best.w, true);
    return {pos: pos, width: size.width, height: size.height};
  }

  // ---- edges: the tree, and the relations between entities drawn as themselves ----
  function drawnEdges(pos) {
    var out = [], shown = new Set();
    function ancestor(a, v) { for (var u = P[v]; u >= 0; u = P[u]) if (u === a) return true; return false; }
    drawn.forEach(function (d) {
      if (d.parent === null) return;
      var id = d.id, p = d.parent, real = -1;
      if (!isGroup(id) && !isGroup(p)) {
        KG.adjacency[id].forEach(function (j) {
          if (real < 0 && KG.passEdge[j] && (E[j].f === p || E[j].t === p)) real = j;
        });
      }
      if (real >= 0) { out.push(edge(real)); shown.add(real); }
      else out.push({id: "c:" + id, from: id, to: p, dashes: [4, 4], color: {color: "#b7bfc9", opacity: 0.9}, width: 1});
    });
    drawn.forEach(function (d) {
      if (isGroup(d.id)) return;
      KG.adjacency[d.id].forEach(function (j) {
        var e = E[j];
        if (shown.has(j) || !KG.passEdge[j] || !pos.has(e.f) || !pos.has(e.t)) return;
        if (e.r === located && ancestor(e.t, e.f)) return;     // the tree says it already
        shown.add(j);
        out.push(edge(j));
      });
    });
    return out;
  }
  function edge(j) {
    var e = E[j], r = R[e.r], o = {id: "e:" + j, from: e.f, to: e.t, color: {color: r.color, highlight: KG.INK, opacity: 0.85}};
    if (r.arrow) o.arrows = "to";
    o.title = N[e.f].l + " " + r.name + " " + N[e.t].l;
    return o;
  }

  // ---- drawing ----
  var labels = {
    order: [], edges: [],
    text: function () { return ""; },        // set by draw()
    radius: radius,
    size: fontSize,
    // places and groups are labelled in any case, unless zoomed out past where the layout
    // leaves room for their labels
    forced: function (id) {
      return (isGroup(id) || (typeof id === "number" && KG.isPlace(id))) && KG.network.getScale() >= MIN_SCALE * 0.8;
    },
    edgeName: function (id) {
      if (id.slice(0, 2) !== "e:") return null;
      var e = E[+id.slice(2)];
      return e.r === located ? null : R[e.r].name;
    },
    neighbours: function (id) {
      return edges.get({filter: function (e) { return e.from === id || e.to === id; }})
        .map(function (e) { return [e.id, e.from === id ? e.to : e.from]; });
    }
  };
  function draw(anchor) {
    var network = KG.network, before = null;
    if (anchor !== undefined && nodes.get(anchor)) before = network.canvasToDOM(network.getPositions([anchor])[anchor]);
    count();
    var tops = topItems();
    if (place !== KG.filters.place) {        // a new place to look at: open it afresh
      place = KG.filters.place;
      open.clear();
      pages.clear();
      opened = false;
    }
    if (!opened) { autoOpen(tops); opened = true; }
    collect(tops);
    var pos = layout().pos, texts = new Map(drawn.map(function (d) { return [d.id, text(d)]; }));
    labels.text = function (id) { return texts.get(id) || ""; };
    labels.order = drawn.map(function (d) { return d.id; }).sort(function (a, b) {
      return (labels.forced(b) ? 1 : 0) - (labels.forced(a) ? 1 : 0) || radius(b) - radius(a);
    });
    nodes.clear();
    nodes.add(drawn.map(function (d) { var o = visNode(d), p = pos.get(d.id); o.x = p[0]; o.y = p[1]; return o; }));
    edges.clear();
    var es = drawnEdges(pos);
    edges.add(es);
    labels.edges = es.map(function (e) { return e.id; });
    KG.setDrawn(drawn.length);
    if (before) {                     // keep the clicked node where it was on screen
      var now = network.canvasToDOM(network.getPositions([anchor])[anchor]), view = network.getViewPosition(), s = network.getScale();
      network.moveTo({position: {x: view.x + (now.x - before.x) / s, y: view.y + (now.y - before.y) / s}, scale: s});
    }
  }
  function toggle(id) {
    if (open.has(id)) {
      open.delete(id);
      pages.delete(id);
    } else {
      open.add(id);
    }
    draw(id);
    if (open.has(id)) {
      KG.centre([id].concat(kidsOf.get(id) || []), {duration: 400, easingFunction: "easeInOutQuad"});
    }
  }
  function holder(v) {          // the drawn top-level item that holds entity v
    var r = v;
    while (P[r] >= 0) r = P[r];
    return overflow.has(r) ? MORE_PLACES : groupOf(r) || r;
  }
  var mode = {
    key: "overview", name: "概览", labels: labels,
    enter: function () {
      KG.setNetwork({nodes: nodes, edges: edges}, {
        physics: {enabled: false}, nodes: {borderWidth: 1.5},
        interaction: {hover: true, hideEdgesOnDrag: false, hideEdgesOnZoom: false}
      });
      draw();
      KG.network.fit({animation: false});
    },
    leave: function () {},
    refresh: function () {
      draw();
      KG.network.fit({animation: false});
    },
    reveal: function (i, animate) {
      KG.unfilter(i);
      count();
      topItems();
      for (var v = i; v >= 0; v = P[v]) { pinned.add(v); if (P[v] >= 0) open.add(P[v]); }
      if (KG.filters.place < 0 && holder(i) !== i) open.add(holder(i));
      draw();
      KG.network.selectNodes([i]);
      KG.network.focus(i, {scale: Math.max(KG.network.getScale(), 1.0),
                           animation: animate === false ? false : {duration: 450, easingFunction: "easeInOutQuad"}});
    },
    click: function (p) {
      if (p.nodes.length) {
        var id = p.nodes[0];
        if (isGroup(id) && id.slice(0, 2) === "m:") {
          var owner = id.slice(2), key = /^\d+$/.test(owner) ? +owner : owner;
          pages.set(key, (pages.get(key) || PAGE) + PAGE);
          draw(id);
        } else if (isGroup(id)) {
          toggle(id);
          KG.closePanel();
        } else {
          KG.renderNode(id);
          if (!open.has(id) && inside[id] > 0) {
            toggle(id);
            KG.renderNode(id);
          }
          KG.network.selectNodes([id]);
        }
      } else if (p.edges.length && String(p.edges[0]).slice(0, 2) === "e:") {
        KG.renderEdge(+p.edges[0].slice(2));
      } else {
        KG.closePanel();
      }
    },
    visibleNodeIds: function () { return nodes.getIds(); },
    visibleEdgeIds: function () { return edges.getIds(); },
    isOpen: function (id) { return open.has(id); },
    toggle: toggle
  };
  // a container's panel says what it holds, and opens, closes or filters on it
  KG.panelSections.push(function (i, body) {
    if (KG.mode !== mode || inside[i] === 0) return;
    body.appendChild(KG.el("p", "contents", "包含 " + contents(i)));
    var row = KG.el("div", "actions");
    var b = KG.el("button", null, open.has(i) ? "收起" : "展开");
    b.type = "button";
    b.addEventListener("click", function () { toggle(i); KG.renderNode(i); KG.network.selectNodes([i]); });
    row.appendChild(b);
    if (KG.isPlace(i) && KG.filters.place !== i) {
      var only = KG.el("button", null, "只看这里");
      only.type = "button";
      only.addEventListener("click", function () { KG.setFilter({place: i}); });
      row.appendChild(only);
    }
    body.appendChild(row);
  });
  KG.addMode(mode);
  KG.overview = mode;
})();
