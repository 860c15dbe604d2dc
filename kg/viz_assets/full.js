/* kg view, part 5: the full mode, every entity and relation at the positions kg computed
 * (a seeded layout; small graphs let vis-network's physics polish it for a few dozen steps).
 * Its data sets are made when the mode is first entered: a page opening on the overview never
 * pays for them unless asked.
 */
(function () {
  "use strict";
  var T = KG.T, R = KG.R, N = KG.N, E = KG.E, INK = KG.INK;
  // a precomputed layout packs nodes closer than physics does: smaller shapes there
  var big = KG.data.static;
  function radius(i) { return big ? N[i].s * 0.6 : N[i].s; }
  var EDGE_LABELS_UPTO = 24;                 // no relation names around an entity with more edges
  var nodes = null, edges = null, nodeView = null, edgeView = null, byDegree = null, labelText = null;

  function build() {
    // for large graphs no titles or per-edge option objects: vis-network clones its options for
    // every node and edge before the first frame
    nodes = new vis.DataSet(N.map(function (n, i) {
      var o = {id: i, group: "t" + n.t, size: radius(i), x: n.x, y: n.y};
      if (!big) o.title = n.l + " · " + T[n.t].name + (n.d ? " · " + n.d + " 条关系" : "");
      return o;
    }));
    edges = new vis.DataSet(E.map(function (e, j) {
      var r = R[e.r];
      var o = {id: j, from: e.f, to: e.t, rel: e.r, color: r.color};
      if (r.arrow) o.arrows = "to";
      if (!big) {
        o.title = N[e.f].l + " " + r.name + " " + N[e.t].l;
        o.color = {color: r.color, highlight: INK, hover: r.color, opacity: 0.85};
      }
      return o;
    }));
    nodeView = new vis.DataView(nodes, {filter: function (n) { return KG.pass[n.id] === 1; }});
    edgeView = new vis.DataView(edges, {filter: function (e) { return KG.passEdge[e.id] === 1; }});
    byDegree = N.map(function (_, i) { return i; }).sort(function (a, b) { return N[b].d - N[a].d || a - b; });
    labelText = N.map(function (n) { return KG.short(n.l, 16); });
  }
  var labels = {
    order: null, edges: null,
    text: function (i) { return labelText[i]; },
    radius: radius,
    size: function (i) { return 12 + N[i].s * 0.3; },
    forced: function () { return false; },
    edgeName: function (j) {
      var e = E[j];
      if (!e) return null;
      return KG.adjacency[e.f].length > EDGE_LABELS_UPTO || KG.adjacency[e.t].length > EDGE_LABELS_UPTO
        ? null : R[e.r].name;
    },
    neighbours: function (i) {
      if (!N[i]) return [];
      return KG.adjacency[i].map(function (j) { return [j, E[j].f === i ? E[j].t : E[j].f]; });
    }
  };
  // Keep where the simulation put the nodes, so that a type shown again comes back in place
  // (vis' storePositions() fails once some nodes are filtered out of the view).
  function remember() {
    if (big || !nodes) return;
    var pos = KG.network.getPositions();
    nodes.update(Object.keys(pos).map(function (id) { return {id: Number(id), x: pos[id].x, y: pos[id].y}; }));
  }
  KG.fullPhysics = big ? {enabled: false} : {
    enabled: true, solver: "forceAtlas2Based",
    forceAtlas2Based: {gravitationalConstant: -80, centralGravity: 0.012, springLength: 110,
                       springConstant: 0.06, damping: 0.55, avoidOverlap: 0.6},
    stabilization: {enabled: true, iterations: 60, updateInterval: 60, fit: true},
    minVelocity: 1, maxVelocity: 45, timestep: 0.4
  };
  var mode = {
    key: "full", name: "全图", labels: labels,
    enter: function () {
      if (!nodes) build();
      labels.order = byDegree;
      labels.edges = E.map(function (_, j) { return j; });
      KG.setNetwork({nodes: nodeView, edges: edgeView}, {
        physics: KG.fullPhysics,
        nodes: {borderWidth: big ? 0 : 1.5},
        interaction: {hover: !big, hideEdgesOnDrag: big, hideEdgesOnZoom: big}
      });
      KG.setDrawn(nodeView.length);
    },
    leave: function () { remember(); },
    refresh: function () {
      remember();
      nodeView.refresh();
      edgeView.refresh();
      KG.setDrawn(nodeView.length);
    },
    reveal: function (i, animate) {
      KG.unfilter(i);
      var network = KG.network;
      network.selectNodes([i]);
      var scale = Math.max(network.getScale(), big ? 1.0 : 1.15);
      network.focus(i, {scale: scale, animation: animate === false ? false : {duration: 450, easingFunction: "easeInOutQuad"}});
    },
    click: function (p) {
      if (p.nodes.length) KG.renderNode(p.nodes[0]);
      else if (p.edges.length) KG.renderEdge(p.edges[0]);
      else KG.closePanel();
    },
    visibleNodeIds: function () { return nodeView.getIds(); },
    visibleEdgeIds: function () { return edgeView.getIds(); }
  };
  KG.addMode(mode);
})();
