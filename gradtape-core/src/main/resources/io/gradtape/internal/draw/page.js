// Draws the tape's graph (data in #tape-data) as SVG and shows a clicked node in #panel. No libraries, no network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("tape-data").textContent);
  var nodes = data.nodes, edges = data.edges, NS = "http://www.w3.org/2000/svg";
  if (!nodes.length) {
    document.getElementById("graph").textContent = data.empty;
    return;
  }
  var preds = nodes.map(function () { return []; });
  edges.forEach(function (e) { preds[e[1]].push(e[0]); });

  // layer = longest path from a leaf (memoised; the graph is acyclic)
  var layer = new Array(nodes.length);
  function layerOf(i) {
    if (layer[i] !== undefined) { return layer[i]; }
    layer[i] = 0;
    var best = 0;
    preds[i].forEach(function (p) { best = Math.max(best, layerOf(p) + 1); });
    layer[i] = best;
    return best;
  }
  nodes.forEach(function (n, i) { layerOf(i); });
  // a leaf sits just before its first consumer, not in the first column
  var succs = nodes.map(function () { return []; });
  edges.forEach(function (e) { succs[e[0]].push(e[1]); });
  nodes.forEach(function (n, i) {
    if (!preds[i].length && succs[i].length) {
      layer[i] = Math.max(0, Math.min.apply(null, succs[i].map(function (s) { return layer[s]; })) - 1);
    }
  });
  var layers = [];
  nodes.forEach(function (n, i) {
    var l = layer[i];
    (layers[l] = layers[l] || []).push(i);
  });

  // sizes from the text, positions by layer; each layer ordered by the mean row of its inputs
  var CH = 6.6, LINE = 14, PAD = 8, GAPX = 60, GAPY = 18;
  var size = nodes.map(function (n) {
    var lines = [n.title].concat(n.lines), w = 0;
    lines.forEach(function (s) { w = Math.max(w, s.length); });
    return { w: Math.min(300, w * CH + 2 * PAD), h: lines.length * LINE + 2 * PAD - 2, lines: lines };
  });
  var row = new Array(nodes.length), pos = new Array(nodes.length), x = 10, height = 0;
  layers.forEach(function (ids) {
    ids.forEach(function (i, k) {
      var ps = preds[i];
      row[i] = ps.length ? ps.reduce(function (s, p) { return s + row[p]; }, 0) / ps.length + k * 1e-3 : k;
    });
    ids.sort(function (a, b) { return row[a] - row[b]; });
    var y = 10, w = 0;
    ids.forEach(function (i, k) {
      row[i] = k;
      pos[i] = { x: x, y: y };
      y += size[i].h + GAPY;
      w = Math.max(w, size[i].w);
    });
    ids.forEach(function (i) { pos[i].x += (w - size[i].w) / 2; });
    height = Math.max(height, y);
    x += w + GAPX;
  });

  var svg = document.createElementNS(NS, "svg");
  svg.setAttribute("width", x);
  svg.setAttribute("height", height + 10);
  var defs = document.createElementNS(NS, "defs");
  defs.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
    + 'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#374151"/></marker>';
  svg.appendChild(defs);
  edges.forEach(function (e) {
    var a = pos[e[0]], b = pos[e[1]], sa = size[e[0]], sb = size[e[1]];
    var x1 = a.x + sa.w, y1 = a.y + sa.h / 2, x2 = b.x, y2 = b.y + sb.h / 2, mx = (x1 + x2) / 2;
    var path = document.createElementNS(NS, "path");
    path.setAttribute("d", "M" + x1 + "," + y1 + " C" + mx + "," + y1 + " " + mx + "," + y2 + " " + x2 + "," + y2);
    path.setAttribute("class", e[2] ? "edge cut" : "edge");
    path.setAttribute("marker-end", "url(#arrow)");
    svg.appendChild(path);
  });
  nodes.forEach(function (n, i) {
    var g = document.createElementNS(NS, "g");
    g.setAttribute("class", "node " + n.kind + (n.nograd ? " nograd" : ""));
    g.setAttribute("id", "node-" + i);
    g.setAttribute("transform", "translate(" + pos[i].x + "," + pos[i].y + ")");
    var r = document.createElementNS(NS, "rect");
    r.setAttribute("width", size[i].w);
    r.setAttribute("height", size[i].h);
    r.setAttribute("rx", n.kind === "op" ? 4 : 12);
    g.appendChild(r);
    size[i].lines.forEach(function (s, k) {
      var t = document.createElementNS(NS, "text");
      t.setAttribute("x", PAD);
      t.setAttribute("y", PAD + 10 + k * LINE);
      if (k === 0) { t.setAttribute("class", "title"); }
      t.textContent = s.length > 44 ? s.slice(0, 43) + "\u2026" : s;
      g.appendChild(t);
    });
    g.addEventListener("click", function () { show(i); });
    svg.appendChild(g);
  });
  document.getElementById("graph").appendChild(svg);

  function section(panel, title, text, id) {
    var h = document.createElement("h3");
    h.textContent = title;
    panel.appendChild(h);
    var pre = document.createElement("pre");
    pre.id = id;
    pre.textContent = text;
    panel.appendChild(pre);
  }

  function show(i) {
    var n = nodes[i], panel = document.getElementById("panel");
    Array.prototype.forEach.call(document.querySelectorAll("g.node.selected"), function (g) {
      g.classList.remove("selected");
    });
    document.getElementById("node-" + i).classList.add("selected");
    panel.innerHTML = "";
    var h = document.createElement("h2");
    h.id = "panel-title";
    h.textContent = n.title;
    panel.appendChild(h);
    if (n.type) { section(panel, "dtype and shape", n.type, "panel-type"); }
    if (n.value !== undefined) { section(panel, "value", n.value, "panel-value"); }
    if (n.grads.length) {
      n.grads.forEach(function (g, k) { section(panel, g.label, g.value, "panel-grad-" + k); });
    } else if (n.value !== undefined) {
      section(panel, "gradient", "none computed (the gradient shows after gradient() on a persistent tape)",
        "panel-grad-0");
    }
    if (n.rule) { section(panel, "rule: " + n.title.replace(/^.* = /, ""), n.rule, "panel-rule"); }
    if (n.why) { section(panel, "gradient flow", n.why, "panel-why"); }
    if (data.tapes > 1) {
      var on = [];
      for (var k = 0; k < data.tapes; k++) {
        if (n.tapes & (1 << k)) { on.push("tape " + (k + 1) + (k === 0 ? " (outermost)" : "")); }
      }
      section(panel, "recorded by", on.length ? on.join(", ") : "no tape", "panel-tapes");
    }
    if (!n.type) { section(panel, "folded", n.lines.join("\n"), "panel-value"); }
  }

  var select = /[?&]select=(\d+)/.exec(location.search);
  if (select && document.getElementById("node-" + select[1])) {
    document.getElementById("node-" + select[1]).dispatchEvent(new MouseEvent("click", { bubbles: true }));
    document.body.setAttribute("data-selected", select[1]);
  }
})();
