/* kg view, part 2: labels, drawn by the page after each frame of vis-network.
 * vis-network gets no labels: it measures every label before the first frame. These are drawn
 * only on screen, most important first, none overlapping; those a mode forces (the selection,
 * the overview's places) are drawn in any case. The current mode says what to label:
 * KG.mode.labels = {order: [node ids, most important first], text(id), radius(id), forced(id),
 * size(id), edges: [edge ids], edgeName(id) (null: no label), neighbours(id): [[edge id, node id]]}.
 */
(function () {
  "use strict";
  var ALWAYS = 30;                          // the most important nodes keep a label at any zoom
  var widths = new Map();                   // label text -> width at 10px, measured once
  KG.labelled = new Set();                  // node ids labelled in the last frame
  KG.labelledEdges = new Set();

  function grid() {
    var placed = new Map(), CELL = 48;
    function cells(x0, y0, x1, y1, f) {
      var cx0 = Math.floor(x0 / CELL), cx1 = Math.floor(x1 / CELL), cy0 = Math.floor(y0 / CELL), cy1 = Math.floor(y1 / CELL);
      for (var cx = cx0; cx <= cx1; cx++) for (var cy = cy0; cy <= cy1; cy++) if (f(cx * 100003 + cy)) return true;
      return false;
    }
    return {
      free: function (x0, y0, x1, y1, take) {
        var hit = cells(x0, y0, x1, y1, function (key) {
          var cell = placed.get(key);
          return cell && cell.some(function (r) { return x0 < r[2] && x1 > r[0] && y0 < r[3] && y1 > r[1]; });
        });
        if (!hit && take) this.mark(x0, y0, x1, y1);
        return !hit;
      },
      mark: function (x0, y0, x1, y1) {
        cells(x0, y0, x1, y1, function (key) {
          if (!placed.has(key)) placed.set(key, []);
          placed.get(key).push([x0, y0, x1, y1]);
        });
      }
    };
  }

  KG.drawLabels = function (ctx) {
    var L = KG.mode && KG.mode.labels, network = KG.network;
    if (!L) return;
    var scale = network.getScale(), bn = network.body.nodes, rd = network.renderer || {};
    var origin = network.canvasToDOM({x: 0, y: 0}), container = KG.container;
    var W = container.clientWidth, H = container.clientHeight;
    var g = grid();
    KG.labelled = new Set();
    KG.labelledEdges = new Set();
    ctx.save();
    ctx.setTransform(ctx.canvas.width / Math.max(1, W), 0, 0, ctx.canvas.width / Math.max(1, W), 0, 0);
    ctx.lineJoin = "round";
    ctx.strokeStyle = "rgba(255,255,255,.92)";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    var selected = network.getSelectedNodes(), first = [], selEdges = new Set(network.getSelectedEdges());
    selected.forEach(function (i) {
      first.push(i);
      L.neighbours(i).slice(0, 40).forEach(function (p) { first.push(p[1]); selEdges.add(p[0]); });
    });
    var sel = new Set(selected), budget = 600;
    var order = first.concat(L.order);
    var seen = new Set();
    var epx = Math.min(Math.max(11 * scale, 10), 13);
    function edgeLabel(id, force) {
      var name = L.edgeName(id), be = network.body.edges[id];
      if (!name || !be || !bn[be.fromId] || !bn[be.toId]) return false;
      var a = bn[be.fromId], b = bn[be.toId];
      var ax = a.x * scale + origin.x, ay = a.y * scale + origin.y, bx = b.x * scale + origin.x, by = b.y * scale + origin.y;
      var mx = (ax + bx) / 2, my = (ay + by) / 2;
      if (mx < 0 || mx > W || my < 0 || my > H || (!force && Math.hypot(bx - ax, by - ay) < 70)) return false;
      var hw = name.length * epx / 2 + 2;
      if (!g.free(mx - hw, my - epx / 2, mx + hw, my + epx / 2, true)) {
        if (!force) return false;
        g.mark(mx - hw, my - epx / 2, mx + hw, my + epx / 2);
      }
      ctx.save();
      ctx.font = epx.toFixed(1) + "px " + KG.FONT;
      ctx.textBaseline = "middle";
      ctx.lineWidth = 3;
      ctx.fillStyle = force ? KG.INK : "#5b6672";
      ctx.strokeText(name, mx, my);
      ctx.fillText(name, mx, my);
      ctx.restore();
      KG.labelledEdges.add(id);
      return true;
    }
    // the relations of the selection are named at any zoom
    selEdges.forEach(function (j) { edgeLabel(j, true); });

    for (var k = 0; k < order.length && budget > 0; k++) {
      var i = order[k], p = bn[i];
      if (!p || seen.has(i)) continue;
      seen.add(i);
      var x = p.x * scale + origin.x, y = p.y * scale + origin.y;
      if (x < -100 || x > W + 100 || y < -60 || y > H + 60) continue;
      var forced = k < first.length || L.forced(i);
      var px = L.size(i) * scale;
      if (px < 8 && !forced && k - first.length >= ALWAYS) continue;
      px = Math.min(Math.max(px, 11.5 + (L.radius(i) - 10) * 0.12), 24);   // hubs stay larger
      var text = L.text(i);
      if (!widths.has(text)) {
        ctx.font = "10px " + KG.FONT;
        widths.set(text, ctx.measureText(text).width);
      }
      var w = widths.get(text) * px / 10, r = L.radius(i) * scale, h = px * 1.3;
      // below the node, else above, right, left; forced labels are drawn in any case
      var spots = [[x, y + r + 2], [x, y - r - 2 - h], [x + r + 6 + w / 2, y - h / 2], [x - r - 6 - w / 2, y - h / 2]];
      var spot = null;
      for (var q = 0; q < spots.length && !spot; q++) {
        if (g.free(spots[q][0] - w / 2 - 4, spots[q][1], spots[q][0] + w / 2 + 4, spots[q][1] + h, true)) spot = spots[q];
      }
      if (!spot) {
        if (!forced) continue;
        spot = spots[0];
        g.mark(spot[0] - w / 2 - 4, spot[1], spot[0] + w / 2 + 4, spot[1] + h);
      }
      ctx.font = (sel.has(i) ? "bold " : "") + px.toFixed(1) + "px " + KG.FONT;
      ctx.lineWidth = 3.5;
      ctx.strokeText(text, spot[0], spot[1]);
      ctx.fillStyle = KG.INK;
      ctx.fillText(text, spot[0], spot[1]);
      KG.labelled.add(i);
      budget--;
    }
    // relation names on every edge once edges are long enough to carry one
    if (scale >= 0.7 && !rd.zooming && !rd.dragging) {
      for (var j = 0; j < L.edges.length && budget > 0; j++) {
        if (!selEdges.has(L.edges[j]) && edgeLabel(L.edges[j], false)) budget--;
      }
    }
    ctx.restore();
  };
})();
