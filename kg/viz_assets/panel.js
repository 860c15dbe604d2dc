/* kg view, part 3: the side panel, shared by every mode: an entity's attributes, relations and
 * provenance (KG.showEntity(i)), a relation's assertions (KG.showRelation(j)). A mode may add
 * a section to an entity's panel with KG.panelSections.push(function (i, body) {...}).
 */
(function () {
  "use strict";
  var el = KG.el, fmt = KG.fmt, T = KG.T, R = KG.R, N = KG.N, E = KG.E;
  var panel = document.getElementById("panel"), panelBody = document.getElementById("panel-body");
  var hidden = new Map((KG.data.hidden || []).map(function (h) { return [h[0], h[1]]; }));
  KG.panelSections = [];

  KG.clearPanel = function () {
    while (panelBody.firstChild) panelBody.removeChild(panelBody.firstChild);
    panel.hidden = false;
    panel.scrollTop = 0;
    return panelBody;
  };
  KG.closePanel = function () { panel.hidden = true; };
  document.getElementById("panel-close").addEventListener("click", function () {
    KG.closePanel();
    if (KG.network) KG.network.unselectAll();
  });
  function badge(text, color) {
    var b = el("span", "badge", text);
    b.style.background = color;
    return b;
  }
  // a link to another entity: the current mode shows it (and draws it if it was folded away)
  KG.jump = function (i) {
    var a = el("a", "jump", N[i].l);
    a.href = "#";
    a.addEventListener("click", function (ev) { ev.preventDefault(); KG.reveal(i); });
    return a;
  };
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
      var s = KG.D().sentences[ev[1]];
      li.appendChild(docLine(KG.D().docs[ev[0]]));
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
  function relations(i, body) {
    var mine = KG.adjacency[i], n = N[i];
    if (!mine.length) return;
    body.appendChild(el("h3", null, "关系（" + fmt(mine.length) + "）"));
    var ul = el("ul", "links");
    mine.slice(0, 80).forEach(function (j) {
      var e = E[j], li = el("li");
      li.appendChild(e.f === i ? el("b", null, KG.short(n.l, 18)) : KG.jump(e.f));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "rel", R[e.r].name));
      li.appendChild(e.t === i ? el("b", null, KG.short(n.l, 18)) : KG.jump(e.t));
      ul.appendChild(li);
    });
    body.appendChild(ul);
    if (mine.length > 80) body.appendChild(el("p", "more", "另有 " + fmt(mine.length - 80) + " 条关系。"));
  }
  KG.renderNode = function (i) {
    var n = N[i], x = KG.D().nodes[i], body = KG.clearPanel();
    var badges = el("div", "badges");
    x.ty.forEach(function (key) {
      var t = T.filter(function (x) { return x.key === key; })[0];
      if (t) badges.appendChild(badge(t.name, t.color));
    });
    body.appendChild(badges);
    body.appendChild(el("h2", null, n.l));
    if (n.al && n.al.length) body.appendChild(el("p", "aliases", "别名：" + n.al.join("、")));
    KG.panelSections.forEach(function (section) { section(i, body); });
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
    relations(i, body);
    if (hidden.has(i)) {
      body.appendChild(el("p", "more hidden-note", "另有 " + fmt(hidden.get(i)) + " 个相邻实体未在图中显示。"));
    }
    var m = x.m || [];
    body.appendChild(el("h3", null, "出处（" + fmt(m.length + (x.mx || 0)) + "）"));
    if (m.length) evidenceList(m, x.mx);
    else body.appendChild(el("p", "none", "没有记录出处。"));
    body.appendChild(el("p", "more", x.i));
  };
  KG.renderEdge = function (j) {
    var e = E[j], x = KG.D().edges[j], r = R[e.r], body = KG.clearPanel();
    var badges = el("div", "badges");
    badges.appendChild(badge("关系：" + r.name, r.color));
    body.appendChild(badges);
    var ends = el("p", "ends");
    ends.appendChild(KG.jump(e.f));
    ends.appendChild(el("span", "arrow", r.arrow ? "→ " + r.name + " →" : "— " + r.name + " —"));
    ends.appendChild(KG.jump(e.t));
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
  };
  // Show entity i in the panel (any mode may call it; the map does on hover and click).
  KG.showEntity = function (i) { KG.renderNode(i); };
  KG.showRelation = function (j) { KG.renderEdge(j); };
  // Draw entity i in the current mode (unfolding or unfiltering it if needed), select it, show it.
  KG.reveal = function (i, animate) {
    if (KG.mode && KG.mode.reveal) KG.mode.reveal(i, animate);
    KG.renderNode(i);
  };
})();
