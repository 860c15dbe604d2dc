/* kg view, part 6b: the map mode (page.py inlines it after the overview, before view.js). The
 * districts of the "kg-map" block (kg/viz/geo.py) are drawn at their coordinates on a canvas laid
 * over the graph's box: an equirectangular projection (longitudes shrunk by the cosine of the
 * districts' mean latitude), no tiles, no request. Each district is a disc whose area grows with
 * the parks, projects and companies that sit there (those that pass the filters), cut into the
 * colours of its leading clusters; the county seats of the whole country are faint dots under
 * them, the provinces' names faint text. Hover shows a tooltip, a click the shared side panel
 * (KG.showEntity). Strings from the graph reach the page through textContent and fillText only.
 */
(function () {
  "use strict";

  var FONT = KG.FONT, INK = KG.INK, NONE = "#dfe7f1", RIM = "#4E79A7";
  var APPROX = {parent: "位置取上级行政区驻地（近似）", town: "位置取所在县区驻地（近似）",
                in: "位置取所在行政区（近似）", centre: "位置取全省县级驻地的中心"};
  var graphBox = KG.container;
  var box = document.getElementById("map");
  var M = null, N = KG.N, P = [], colour = {}, byNode = {}, placeOf = {};
  var canvas, ctx, tip, legendBox, W = 0, H = 0, ratio = 1;
  var view = null, fitted = null, selected = -1, hover = -1, active = false;
  var el = KG.el, short = KG.short, fmt = KG.fmt;

  // ---- data: parsed when the map first opens ----
  var TYPE = {};                             // node index -> its type's key
  var order = [];                            // the districts shown, in drawing order
  function load() {
    if (M) return;
    M = JSON.parse(document.getElementById("kg-map").textContent);
    var data = KG.data;
    M.clusters.forEach(function (c) { colour[c[0]] = c[1]; });
    var lat = 0;
    M.places.forEach(function (p) { lat += p[2]; });
    M.k = Math.cos((M.places.length ? lat / M.places.length : 35) * Math.PI / 180);
    P = M.places.map(function (p, j) {
      byNode[p[0]] = j;
      p[4].forEach(function (m) {
        TYPE[m] = data.types[N[m].t].key;
        if (!(m in placeOf)) placeOf[m] = j;
      });
      return {node: p[0], x: p[1] * M.k, y: -p[2], how: p[3], members: p[4], clusters: p[5],
              r: 0, dx: 0, dy: 0, sx: 0, sy: 0};
    });
    var at = {};
    P.forEach(function (p, j) { (at[p.x + "," + p.y] = at[p.x + "," + p.y] || []).push(j); });
    groups = Object.keys(at).map(function (key) { return at[key]; }).filter(function (g) { return g.length > 1; });
    tally();
    build();
  }

  // What each district shows: its members and clusters that pass the page's filters (KG.pass),
  // the leading clusters among them; a district filtered out is off.
  function passes(i) { return KG.pass[i] === 1; }
  function tally() {
    P.forEach(function (p) {
      p.off = !passes(p.node);
      p.parks = p.projects = p.firms = 0;
      p.members.forEach(function (m) {
        if (!passes(m)) return;
        if (TYPE[m] === "Park") p.parks++;
        else if (TYPE[m] === "Project") p.projects++;
        else p.firms++;
      });
      p.top = [];
      p.clusters.forEach(function (c) {
        var n = passes(c[0]) ? c[1].filter(passes).length : 0;
        if (n) p.top.push([c[0], n]);
      });
      p.top = p.top.sort(function (a, b) { return b[1] - a[1]; }).slice(0, M.leading);   // stable: ties keep their order
      p.total = p.top.reduce(function (a, c) { return a + c[1]; }, 0);
      p.weight = p.parks + p.projects + p.firms;
      p.r0 = Math.min(4 + 2.6 * Math.sqrt(p.weight), 32);
    });
    // drawn largest first, so that the smaller lie on top
    order = P.map(function (_, j) { return j; }).filter(function (j) { return !P[j].off; })
      .sort(function (a, b) { return P[b].weight - P[a].weight; });
  }

  // Disc sizes: at the fitted view the discs cover at most a sixteenth of the map (a country-wide map
  // of hundreds of districts would be one blot), growing to their full size as one zooms in.
  // Districts at the same point (towns at their county's seat) are set round the first, in order.
  var groups = [], cover = 1;
  function radii() {
    var k = Math.min(1, cover * Math.sqrt(view.s / fitted.s));
    P.forEach(function (p) { p.r = Math.max(p.r0 * k, 2.5); });
    groups.forEach(function (group) {
      var first = P[group[0]];
      for (var i = 1; i < group.length; i++) {
        var q = P[group[i]], a = 2 * Math.PI * (i - 1) / (group.length - 1) - Math.PI / 2;
        var d = first.r + q.r + 2 + (group.length > 7 ? q.r * (group.length - 7) / 3 : 0);
        q.dx = Math.cos(a) * d;
        q.dy = Math.sin(a) * d;
      }
    });
  }

  function build() {
    canvas = el("canvas");
    canvas.setAttribute("aria-label", "地图");
    ctx = canvas.getContext("2d");
    tip = el("div", "map-tip");
    tip.hidden = true;
    box.appendChild(canvas);
    box.appendChild(tip);
    legendBox = legend();
    box.appendChild(legendBox);
    canvas.addEventListener("mousemove", onMove);
    canvas.addEventListener("mouseleave", function () { setHover(-1); });
    canvas.addEventListener("mousedown", onDown);
    canvas.addEventListener("wheel", onWheel, {passive: false});
    window.addEventListener("resize", function () { if (active) { size(); draw(); } });
  }

  function legend() {
    var box = el("div", "map-legend");
    box.appendChild(el("h2", null, "地图"));
    box.appendChild(el("p", "hint", "圆的面积：位于该地的园区、项目、企业数；颜色：主要产业集群。"));
    var ul = el("ul");
    M.clusters.forEach(function (c) { ul.appendChild(swatchRow(c[1], N[c[0]].l)); });
    if (P.some(function (p) { return p.top.some(function (c) { return !(c[0] in colour); }); })) {
      ul.appendChild(swatchRow(M.other, "其他产业"));
    }
    ul.appendChild(swatchRow(NONE, "未记录产业"));
    box.appendChild(ul);
    var line = fmt(P.length) + " 个行政区";
    if (P.some(function (p) { return p.how in APPROX && p.how !== "centre"; })) line += "；虚线圈为近似位置";
    if (M.unplaced) line += "；另有 " + fmt(M.unplaced) + " 个地点没有坐标（境外等），未画出";
    box.appendChild(el("p", "hint", line + "。"));
    return box;
  }
  function swatchRow(color, name) {
    var li = el("li"), s = el("span", "swatch");
    s.style.background = color;
    li.appendChild(s);
    li.appendChild(el("span", "name", name));
    return li;
  }

  // ---- projection ----
  function size() {
    // the map lies over the graph's box, which keeps its size: vis-network is never resized
    box.style.left = graphBox.offsetLeft + "px";
    box.style.top = graphBox.offsetTop + "px";
    box.style.width = graphBox.offsetWidth + "px";
    box.style.height = graphBox.offsetHeight + "px";
    W = Math.max(1, graphBox.offsetWidth);
    H = Math.max(1, graphBox.offsetHeight);
    ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(W * ratio);
    canvas.height = Math.round(H * ratio);
    canvas.style.width = W + "px";
    canvas.style.height = H + "px";
  }
  function fit() {
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    P.forEach(function (p) {
      x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
    });
    if (!P.length) { x0 = 73 * M.k; x1 = 135 * M.k; y0 = -54; y1 = -18; }
    // into the box left of the legend, with room for labels right of the discs
    var lw = legendBox.offsetWidth + 10, dx = Math.max(x1 - x0, 3), dy = Math.max(y1 - y0, 3);
    var s = Math.max(Math.min((W - lw - 140) / dx, (H - 90) / dy), 1);
    fitted = {cx: (x0 + x1) / 2 + lw / 2 / s, cy: (y0 + y1) / 2, s: s};
    view = {cx: fitted.cx, cy: fitted.cy, s: fitted.s};
    var area = 0;
    P.forEach(function (p) { area += Math.PI * p.r0 * p.r0; });
    cover = Math.min(1, Math.sqrt(W * H / 16 / Math.max(area, 1)));
  }
  function sx(x) { return (x - view.cx) * view.s + W / 2; }
  function sy(y) { return (y - view.cy) * view.s + H / 2; }

  // ---- drawing ----
  function draw() {
    radii();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, W, H);
    var seats = M.base.seats;
    ctx.fillStyle = "#d3d9e0";
    for (var i = 0; i < seats.length; i += 2) {
      var x = sx(seats[i] / 100 * M.k), y = sy(-seats[i + 1] / 100);
      if (x > -2 && x < W + 2 && y > -2 && y < H + 2) ctx.fillRect(x - 0.9, y - 0.9, 1.8, 1.8);
    }
    ctx.font = "15px " + FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillStyle = "rgba(102,114,127,.45)";
    M.base.provinces.forEach(function (p) { ctx.fillText(p[0], sx(p[1] * M.k), sy(-p[2])); });

    var drawn = 0;
    order.forEach(function (j) {
      var p = P[j];
      p.sx = sx(p.x) + p.dx;
      p.sy = sy(p.y) + p.dy;
      if (p.sx < -p.r || p.sx > W + p.r || p.sy < -p.r || p.sy > H + p.r) return;
      drawn++;
      disc(p);
    });
    labels();
    KG.setDrawn(drawn);
    if (window.__kgMapFirstDraw === undefined) window.__kgMapFirstDraw = performance.now();
  }
  function disc(p) {
    var j = byNode[p.node];
    ctx.save();
    ctx.globalAlpha = 0.9;
    if (!p.total) {
      ctx.beginPath();
      ctx.arc(p.sx, p.sy, p.r, 0, 2 * Math.PI);
      ctx.fillStyle = NONE;
      ctx.fill();
    } else {
      var a = -Math.PI / 2;
      p.top.forEach(function (c) {
        var b = a + 2 * Math.PI * c[1] / p.total;
        ctx.beginPath();
        ctx.moveTo(p.sx, p.sy);
        ctx.arc(p.sx, p.sy, p.r, a, b);
        ctx.closePath();
        ctx.fillStyle = colour[c[0]] || M.other;
        ctx.fill();
        a = b;
      });
    }
    ctx.globalAlpha = 1;
    ctx.beginPath();
    ctx.arc(p.sx, p.sy, p.r, 0, 2 * Math.PI);
    ctx.lineWidth = j === selected ? 3 : j === hover ? 2 : 1.2;
    ctx.strokeStyle = j === selected || j === hover ? INK : RIM;
    if (p.how in APPROX && p.how !== "centre") ctx.setLineDash([3, 2]);
    ctx.stroke();
    ctx.restore();
  }
  // labels of the largest districts first, none over another; the selected and hovered always
  var drawnLabels = [];
  function labels() {
    var boxes = [], budget = 60;
    drawnLabels = [];
    function free(b) {
      for (var i = 0; i < boxes.length; i++) {
        var o = boxes[i];
        if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) return false;
      }
      return true;
    }
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "rgba(255,255,255,.92)";
    var first = order.filter(function (j) { return j !== hover && j !== selected; });
    [hover, selected].forEach(function (j) { if (j >= 0 && !P[j].off && first.indexOf(j) < 0) first.unshift(j); });
    first.forEach(function (j) {
      var p = P[j], forced = j === selected || j === hover;
      if (!forced && budget <= 0) return;
      if (p.sx < 0 || p.sx > W || p.sy < 0 || p.sy > H) return;
      var px = Math.min(11.5 + p.r * 0.18, 16), text = short(N[p.node].l, 16);
      ctx.font = (forced ? "bold " : "") + px.toFixed(1) + "px " + FONT;
      var w = ctx.measureText(text).width, h = px * 1.25;
      // right of the disc, else left, below, above (the text's left end and middle)
      var spots = [[p.sx + p.r + 3, p.sy], [p.sx - p.r - 3 - w, p.sy],
                   [p.sx - w / 2, p.sy + p.r + 2 + h / 2], [p.sx - w / 2, p.sy - p.r - 2 - h / 2]];
      var spot = null;
      for (var q = 0; q < spots.length && !spot; q++) {
        var b = [spots[q][0] - 2, spots[q][1] - h / 2, spots[q][0] + w + 2, spots[q][1] + h / 2];
        if (free(b)) { spot = spots[q]; boxes.push(b); }
      }
      if (!spot) {
        if (!forced) return;
        spot = spots[0];
      }
      ctx.lineWidth = 3.5;
      ctx.strokeText(text, spot[0], spot[1]);
      ctx.fillStyle = forced ? INK : "#2d3a46";
      ctx.fillText(text, spot[0], spot[1]);
      drawnLabels.push({node: p.node, text: text, x0: spot[0], y0: spot[1] - h / 2, x1: spot[0] + w, y1: spot[1] + h / 2});
      if (!forced) budget--;
    });
    ctx.restore();
  }

  // ---- hover, click, pan, zoom ----
  function hit(ev) {
    var r = canvas.getBoundingClientRect();
    return hitAt(ev.clientX - r.left, ev.clientY - r.top);
  }
  function hitAt(x, y) {
    for (var k = order.length - 1; k >= 0; k--) {          // the smallest are drawn last, on top
      var p = P[order[k]], d = Math.hypot(p.sx - x, p.sy - y);
      if (d <= Math.max(p.r, 5) + 1) return order[k];
    }
    return -1;
  }
  function setHover(j, ev) {
    if (j !== hover) {
      hover = j;
      canvas.style.cursor = j >= 0 ? "pointer" : "grab";
      draw();
    }
    if (j < 0) { tip.hidden = true; return; }
    var p = P[j];
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    tip.appendChild(el("b", null, N[p.node].l));
    tip.appendChild(el("div", null, "园区 " + fmt(p.parks) + " · 项目 " + fmt(p.projects) + " · 企业 " + fmt(p.firms)));
    if (p.top.length) {
      tip.appendChild(el("div", null, "主要产业：" + p.top.map(function (c) { return N[c[0]].l; }).join("、")));
    }
    if (p.how in APPROX) tip.appendChild(el("div", "approx", APPROX[p.how]));
    tip.hidden = false;
    var r = box.getBoundingClientRect();
    var left = ev ? ev.clientX - r.left + 14 : p.sx + p.r + 6, top = ev ? ev.clientY - r.top + 14 : p.sy;
    tip.style.left = Math.min(left, W - tip.offsetWidth - 4) + "px";
    tip.style.top = Math.min(top, H - tip.offsetHeight - 4) + "px";
  }
  function onMove(ev) { if (!drag) setHover(hit(ev), ev); }
  var drag = null;
  function onDown(ev) {
    if (ev.button !== 0) return;
    drag = {x: ev.clientX, y: ev.clientY, cx: view.cx, cy: view.cy, moved: false};
    window.addEventListener("mousemove", onDrag);
    window.addEventListener("mouseup", onUp, {once: true});
  }
  function onDrag(ev) {
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    tip.hidden = true;
    view.cx = drag.cx - dx / view.s;
    view.cy = drag.cy - dy / view.s;
    draw();
  }
  function onUp(ev) {
    window.removeEventListener("mousemove", onDrag);
    var moved = drag && drag.moved;
    drag = null;
    if (!moved) click(hit(ev));
  }
  function onWheel(ev) {
    ev.preventDefault();
    var r = canvas.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
    var wx = (x - W / 2) / view.s + view.cx, wy = (y - H / 2) / view.s + view.cy;
    var s = Math.min(Math.max(view.s * Math.pow(1.0015, -ev.deltaY), fitted.s / 3), fitted.s * 80);
    var j = hitAt(x, y);
    if (j >= 0) {
      // a disc under the cursor stays there: it is drawn moved off its place (dx, dy) by as many
      // pixels at any zoom, so the point to hold is its own, not the place's under the cursor
      var p = P[j];
      view.cx = p.x - (p.sx - p.dx - W / 2) / s;
      view.cy = p.y - (p.sy - p.dy - H / 2) / s;
    } else {
      view.cx = wx - (x - W / 2) / s;
      view.cy = wy - (y - H / 2) / s;
    }
    view.s = s;
    tip.hidden = true;
    draw();
  }
  function click(j) {
    select(j);
    if (j >= 0) KG.showEntity(P[j].node);
    else KG.closePanel();
    draw();
  }
  // select district j, whose panel opens: it covers the map's right side, so a district under it
  // (or off the screen) moves to the middle of the rest
  function select(j) {
    selected = j;
    tip.hidden = true;
    if (j < 0) return;
    var free = W - Math.min(380, 0.9 * W), p = P[j];      // the panel (380px, at most 90%) opens
    if (p.sx > free - 40 || p.sx < 0 || p.sy < 0 || p.sy > H) {
      view.cx = p.x + (p.dx - (free / 2 - W / 2)) / view.s;
      view.cy = p.y + (p.dy) / view.s;
    }
  }

  // ---- the mode ----
  var mode = {
    key: "map", name: "地图", labels: null,
    enter: function () {
      active = true;
      document.body.classList.add("map-mode");
      box.hidden = false;
      load();
      size();
      if (!view) fit();
      tally();
      draw();
      if (document.fonts) document.fonts.ready.then(function () {
        if (active) draw();
        window.__kgMapStable = true;
      });
      else window.__kgMapStable = true;
    },
    leave: function () {
      active = false;
      document.body.classList.remove("map-mode");
      box.hidden = true;
      tip.hidden = true;
    },
    refresh: function () {
      tally();
      if (selected >= 0 && P[selected].off) selected = -1;
      draw();
    },
    // entity i's district (a district itself, or where it sits) selected and in view
    reveal: function (i) {
      KG.unfilter(i);
      var j = i in byNode ? byNode[i] : i in placeOf ? placeOf[i] : -1;
      if (j >= 0 && P[j].off) j = -1;
      select(j);
      draw();
    },
    visibleNodeIds: function () {
      return order.filter(function (j) { return P[j].sx >= 0 && P[j].sx <= W && P[j].sy >= 0 && P[j].sy <= H; })
        .map(function (j) { return P[j].node; });
    },
    visibleEdgeIds: function () { return []; }
  };
  if (KG.data.mapPlaces) KG.addMode(mode);     // no district with coordinates: no map to offer

  window.kgMap = {
    labels: function () { return drawnLabels.slice(); },
    places: function () {
      return P.map(function (p) { return {node: p.node, label: N[p.node].l, x: p.sx, y: p.sy, r: p.r, shown: !p.off}; });
    },
    // a point of the page where a click reaches the district (its centre, unless a smaller disc covers it)
    domPosition: function (node) {
      var j = byNode[node], p = P[j], r = canvas.getBoundingClientRect();
      if (j === undefined || p.off) return null;
      for (var d = 0; d <= p.r; d += 1.5) {
        for (var a = 0; a < 12; a++) {
          var x = Math.round(r.left + p.sx + d * Math.cos(a * Math.PI / 6)) - r.left;
          var y = Math.round(r.top + p.sy + d * Math.sin(a * Math.PI / 6)) - r.top;
          if ([[0, 0], [-1, -1], [1, -1], [-1, 1], [1, 1]].every(function (o) { return hitAt(x + o[0], y + o[1]) === j; })) {
            return {x: r.left + x, y: r.top + y};
          }
          if (!d) break;
        }
      }
      return null;
    }
  };
})();
