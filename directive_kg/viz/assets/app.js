/* dkg viz page script: graph (vis-network) or heat map, legend, filters, search and node details.
   All document text is inserted with textContent, never as HTML. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('dkg-data').textContent);
  var body = document.body;
  var meta = data.meta || {};
  if (location.hash === '#print') { body.classList.add('print'); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function fold(s) {
    return String(s || '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ');
  }
  function $(id) { return document.getElementById(id); }

  // ------------------------------------------------------------------ header, collapsed banner
  $('title').textContent = data.title;
  $('subtitle').textContent = data.subtitle || '';
  document.title = data.title;
  if (data.collapsed && data.collapsed.length) {
    var box = $('collapsed');
    box.hidden = false;
    box.appendChild(el('strong', null, 'Đã gộp bớt / collapsed: '));
    var ul = el('ul');
    data.collapsed.forEach(function (s) { ul.appendChild(el('li', null, s)); });
    box.appendChild(ul);
  }

  // ------------------------------------------------------------------ legend
  var SVGNS = 'http://www.w3.org/2000/svg';
  function icon(shape, color, dashes) {
    var s = document.createElementNS(SVGNS, 'svg');
    s.setAttribute('width', '22'); s.setAttribute('height', '16'); s.setAttribute('viewBox', '0 0 22 16');
    var p;
    if (shape === 'edge') {
      p = document.createElementNS(SVGNS, 'line');
      p.setAttribute('x1', '1'); p.setAttribute('y1', '8'); p.setAttribute('x2', '21'); p.setAttribute('y2', '8');
      p.setAttribute('stroke', color); p.setAttribute('stroke-width', '2.5');
      if (dashes) { p.setAttribute('stroke-dasharray', '4 3'); }
    } else if (shape === 'dot') {
      p = document.createElementNS(SVGNS, 'circle');
      p.setAttribute('cx', '11'); p.setAttribute('cy', '8'); p.setAttribute('r', '6');
    } else if (shape === 'ellipse') {
      p = document.createElementNS(SVGNS, 'ellipse');
      p.setAttribute('cx', '11'); p.setAttribute('cy', '8'); p.setAttribute('rx', '10'); p.setAttribute('ry', '6');
    } else if (shape === 'box' || shape === 'square') {
      p = document.createElementNS(SVGNS, 'rect');
      var w = shape === 'box' ? 20 : 12;
      p.setAttribute('x', String(11 - w / 2)); p.setAttribute('y', '2'); p.setAttribute('width', String(w));
      p.setAttribute('height', '12'); p.setAttribute('rx', shape === 'box' ? '2' : '0');
    } else {
      var pts = {
        star: '11,1 13,6 19,6 14,10 16,15 11,12 6,15 8,10 3,6 9,6',
        diamond: '11,1 19,8 11,15 3,8',
        triangle: '11,1 19,15 3,15',
        hexagon: '6,1 16,1 20,8 16,15 6,15 2,8'
      }[shape] || '3,3 19,3 19,13 3,13';
      p = document.createElementNS(SVGNS, 'polygon');
      p.setAttribute('points', pts);
    }
    if (shape !== 'edge') { p.setAttribute('fill', color); p.setAttribute('stroke', '#37474f'); p.setAttribute('stroke-width', '0.8'); }
    s.appendChild(p);
    return s;
  }
  (function legend() {
    var lg = $('legend');
    var L = data.legend || {kinds: [], edges: []};
    lg.appendChild(el('div', 'title', 'Chú giải / Legend'));
    L.kinds.forEach(function (k) {
      var it = el('div', 'item');
      it.appendChild(icon(k.shape, k.color));
      it.appendChild(el('span', null, k.vi));
      it.appendChild(el('span', 'en', k.en));
      lg.appendChild(it);
    });
    L.edges.forEach(function (k) {
      var it = el('div', 'item');
      it.appendChild(icon('edge', k.color, k.dashes));
      it.appendChild(el('span', null, k.vi));
      lg.appendChild(it);
    });
    (L.marks || []).forEach(function (k) {
      var it = el('div', 'item');
      var sw = el('i'); sw.style.display = 'inline-block'; sw.style.width = '18px'; sw.style.height = '12px';
      sw.style.border = '3px solid ' + k.color; sw.style.background = '#fff';
      it.appendChild(sw); it.appendChild(el('span', null, k.vi));
      lg.appendChild(it);
    });
    (L.scale || []).forEach(function (k) {
      var it = el('div', 'item');
      var sw = el('i'); sw.style.background = k.color; sw.style.display = 'inline-block';
      sw.style.width = '22px'; sw.style.height = '14px'; if (k.gap) { sw.className = 'gapswatch'; sw.style.border = '2px dashed #e57373'; }
      it.appendChild(sw); it.appendChild(el('span', null, k.vi));
      lg.appendChild(it);
    });
  })();

  // ------------------------------------------------------------------ filters
  var F = data.facets || {provinces: [], plans: [], units: [], groups: [], levels: []};
  function fill(id, items) {
    var s = $(id);
    items.forEach(function (it) {
      var o = el('option', null, typeof it === 'string' ? it : it.label);
      o.value = typeof it === 'string' ? it : it.id;
      s.appendChild(o);
    });
    if (!items.length) { s.disabled = true; }
  }
  fill('f-province', F.provinces); fill('f-plan', F.plans); fill('f-unit', F.units); fill('f-group', F.groups);
  fill('f-level', F.levels || []);
  function state() {
    return {province: $('f-province').value, plan: $('f-plan').value, unit: $('f-unit').value, level: $('f-level').value,
            group: $('f-group').value, q: fold($('search').value).trim()};
  }
  function active(st) { return !!(st.province || st.plan || st.unit || st.group || st.level || st.q); }
  function matches(m, st) {
    if (st.province && m.province !== st.province) { return false; }
    if (st.plan && m.plan !== st.plan) { return false; }
    if (st.level && ((m.details || {}).levels || []).indexOf(st.level) < 0) { return false; }
    if (st.unit && (m.units || []).indexOf(st.unit) < 0) { return false; }
    if (st.group && (m.cgroups || []).indexOf(st.group) < 0) { return false; }
    if (st.q) {
      var d = m.details || {};
      var hay = fold([m.label, m.text, d.identifier, d.title, d.province, d.commune].join(' '));
      if (hay.indexOf(st.q) < 0) { return false; }
    }
    return true;
  }

  // ------------------------------------------------------------------ details panel
  var DL = [['identifier', 'Số hiệu / mã'], ['title', 'Trích yếu'], ['date', 'Ngày ban hành'], ['level', 'Cấp'],
            ['province', 'Tỉnh'], ['commune', 'Xã / phường'], ['plan', 'Kế hoạch'], ['group', 'Nhóm nhiệm vụ'],
            ['lead', 'Chủ trì'], ['coordinating', 'Phối hợp'], ['deadline', 'Thời hạn'], ['output', 'Sản phẩm'],
            ['led', 'Số NV chủ trì'], ['coordinated', 'Số NV phối hợp'], ['count', 'Số lượng']];
  function showDetails(id, kindColor) {
    var m = meta[id];
    var box = $('details');
    box.textContent = '';
    if (!m) { return; }
    var d = m.details || {};
    var badge = el('span', 'kind', m.kindName);
    badge.style.background = kindColor || '#546e7a';
    box.appendChild(badge);
    box.appendChild(el('h2', null, m.label || d.identifier || id));
    var dl = el('dl');
    DL.forEach(function (pair) {
      var v = d[pair[0]];
      if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) { return; }
      dl.appendChild(el('dt', null, pair[1]));
      dl.appendChild(el('dd', null, Array.isArray(v) ? v.join('; ') : v));
    });
    box.appendChild(dl);
    if (d.text) { box.appendChild(el('h3', null, 'Nội dung (đã sửa lỗi OCR)')); box.appendChild(el('p', null, d.text)); }
    if (d.raw) { box.appendChild(el('h3', null, 'Nguyên văn trong nguồn')); box.appendChild(el('p', 'en', d.raw)); }
    if (d.alignments && d.alignments.length) {
      box.appendChild(el('h3', null, 'Căn chỉnh với / aligned to'));
      var ul = el('ul');
      d.alignments.forEach(function (a) {
        ul.appendChild(el('li', null, a.to + ' (' + (a.method || '?') + (a.score !== null && a.score !== undefined ? ' ' + Number(a.score).toFixed(2) : '') + ')'));
      });
      box.appendChild(ul);
    }
    var fs = d.findings || [];
    box.appendChild(el('h3', null, 'Kiểm tra (' + fs.length + ')'));
    if (!fs.length) { box.appendChild(el('p', 'hint', 'Không có phát hiện. / No findings.')); }
    fs.forEach(function (f) {
      var div = el('div', 'finding ' + f.severity);
      div.appendChild(el('span', 'rule', f.severity + ' · ' + f.rule + (f.lines ? ' · dòng ' + f.lines[0] : '')));
      div.appendChild(el('div', null, (f.about ? f.about + ': ' : '') + f.message));
      box.appendChild(div);
    });
    if (d.lines) {
      box.appendChild(el('h3', null, 'Nguồn: ' + (d.source || '?') + ', dòng ' + d.lines[0] +
        (d.lines[1] !== d.lines[0] ? '–' + d.lines[1] : '')));
      if (d.excerpt && d.excerpt.length) {
        var pre = el('pre', 'excerpt');
        d.excerpt.forEach(function (line, i) {
          if (i) { pre.appendChild(document.createTextNode('\n')); }
          pre.appendChild(el('span', 'ln', line[0]));
          pre.appendChild(document.createTextNode(line[1]));
        });
        box.appendChild(pre);
        if (d.excerpt_from === 'extracted') {
          box.appendChild(el('p', 'hint', 'Không có tệp nguồn (dùng --corpus): đây là văn bản trích xuất như in.'));
        }
        if (d.excerpt_more) { box.appendChild(el('p', 'hint', '… còn ' + d.excerpt_more + ' dòng')); }
      }
    }
    if (d.cells) {
      box.appendChild(el('h3', null, 'Nhiệm vụ (' + d.cells.length + ')'));
      d.cells.forEach(function (t) {
        var div = el('div', 'finding');
        div.style.borderColor = '#1e88e5'; div.style.background = '#e3f2fd';
        div.appendChild(el('span', 'rule', (t.lines ? 'dòng ' + t.lines[0] : '') + (t.lead ? ' · ' + t.lead : '') + (t.deadline ? ' · ' + t.deadline : '')));
        div.appendChild(el('div', null, t.text));
        box.appendChild(div);
      });
    }
    if (id.indexOf('http') === 0) { box.appendChild(el('p', 'iri', id)); }
  }
  window.dkgShow = function (id) { showDetails(id, ((data.legend.kinds || []).filter(function (k) {
    return meta[id] && k.kind === meta[id].kind; })[0] || {}).color); };
  function clearDetails() {
    var box = $('details');
    box.textContent = '';
    box.appendChild(el('p', 'hint', 'Bấm vào một nút để xem chi tiết. Click a node for its details.'));
  }

  function report(nodeCount, edgeCount) {
    body.dataset.nodeCount = String(nodeCount);
    window.dkgStats = {view: data.view, nodes: nodeCount, edges: edgeCount, collapsed: (data.collapsed || []).length};
    $('stats').textContent = data.view === 'coverage'
      ? nodeCount + ' kế hoạch × ' + (data.coverage.groups.length) + ' nhóm nhiệm vụ TW'
      : nodeCount + ' nút · ' + edgeCount + ' cạnh';
  }

  // ------------------------------------------------------------------ graph views
  function graphView() {
    var kindColor = {};
    (data.legend.kinds || []).forEach(function (k) { kindColor[k.kind] = k.color; });
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    var original = {};
    nodes.get().forEach(function (n) { original[n.id] = {font: n.font, opacity: 1}; });
    var edgeOriginal = {};
    edges.get().forEach(function (e) { edgeOriginal[e.id] = e.color; });
    var network = new vis.Network($('graph'), {nodes: nodes, edges: edges}, data.options);
    window.dkgNetwork = network;
    network.fit({animation: false});
    window.addEventListener('resize', function () { network.fit({animation: false}); });
    report(nodes.length, edges.length);
    network.once('afterDrawing', function () { body.dataset.ready = '1'; });
    // labels readable at every zoom: zoomed out, the small kinds' fonts grow (vis-network hides a label
    // under 7 px on screen); zoomed in, a task shows its number and the start of its text
    var zoomKinds = {task: 1, group: 1, cgroup: 1, ctask: 1, 'tasks-agg': 1};
    var zoomBucket = null;
    function wrapText(t, width, lines) {
      var words = String(t || '').split(/\s+/), out = [], line = '';
      for (var i = 0; i < words.length && out.length < lines; i++) {
        if ((line + ' ' + words[i]).trim().length > width && line) { out.push(line); line = words[i]; } else { line = (line + ' ' + words[i]).trim(); }
      }
      if (out.length < lines && line) { out.push(line); }
      var text = out.join('\n');
      return text.length < String(t || '').length ? text.replace(/\s*$/, '…') : text;
    }
    function relabel() {
      var s = network.getScale();
      var bucket = s >= 2.4 ? 'near' : (s >= 0.8 ? 'mid' : (s >= 0.45 ? 'far' : 'vfar'));
      if (bucket === zoomBucket) { return; }
      zoomBucket = bucket;
      var grow = {near: 1, mid: 1, far: 1.5, vfar: 2.2}[bucket];
      var upd = [];
      data.nodes.forEach(function (n) {
        var m = meta[n.id] || {};
        if (!zoomKinds[m.kind]) { return; }
        var f = {};
        Object.keys(original[n.id].font || {}).forEach(function (k) { f[k] = original[n.id].font[k]; });
        f.size = Math.round(((n.font || {}).size || 12) * grow);
        original[n.id].font = f;
        var u = {id: n.id, font: f};
        if (m.kind === 'task') {  // zoomed in: small type under the dot, ~14 px on screen, narrow enough for the grid
          u.label = bucket === 'near' ? ((n.label || '').trim() ? n.label + '. ' : '') + wrapText(m.text || m.label, 9, 2) : n.label;
          if (bucket === 'near') { f.size = 5; }
        }
        upd.push(u);
      });
      nodes.update(upd);
      body.dataset.zoom = bucket;
    }
    network.on('zoom', function () { clearTimeout(relabel.t); relabel.t = setTimeout(relabel, 120); });
    network.once('afterDrawing', relabel);
    window.dkgRelabel = relabel;
    var hiddenEdges = {};
    data.edges.forEach(function (e, i) { if (e.hidden) { hiddenEdges[edges.getIds()[i]] = true; } });
    var revealed = [];
    function reveal(id) {
      var back = revealed.map(function (e) { return {id: e, hidden: true}; });
      revealed = id ? network.getConnectedEdges(id).filter(function (e) { return hiddenEdges[e]; }) : [];
      edges.update(back.concat(revealed.map(function (e) { return {id: e, hidden: false}; })));
    }
    network.on('click', function (p) {
      if (p.nodes.length) { showDetails(p.nodes[0], kindColor[(meta[p.nodes[0]] || {}).kind]); } else { clearDetails(); }
      reveal(p.nodes.length ? p.nodes[0] : null);
    });
    $('fit').onclick = function () { network.fit({animation: false}); };
    $('zoomin').onclick = function () { network.moveTo({scale: network.getScale() * 1.4}); };
    $('zoomout').onclick = function () { network.moveTo({scale: network.getScale() / 1.4}); };

    function apply() {
      var st = state();
      if (!active(st)) {
        nodes.update(Object.keys(original).map(function (id) {
          return {id: id, opacity: 1, font: original[id].font};
        }));
        edges.update(Object.keys(edgeOriginal).map(function (id) { return {id: id, color: edgeOriginal[id]}; }));
        $('matches').textContent = '';
        return;
      }
      var keep = {};
      var hits = [];
      Object.keys(meta).forEach(function (id) {
        if (matches(meta[id], st)) {
          hits.push(id);
          keep[id] = true;
          ((meta[id].details || {}).anc || []).forEach(function (a) { keep[a] = true; });
        }
      });
      nodes.update(Object.keys(original).map(function (id) {
        if (keep[id]) { return {id: id, opacity: 1, font: original[id].font}; }
        var f = Object.assign({}, original[id].font || {}, {color: 'rgba(90,90,90,0.18)'});
        return {id: id, opacity: 0.12, font: f};
      }));
      edges.update(edges.get().map(function (e) {
        var on = keep[e.from] && keep[e.to];
        var c = Object.assign({}, edgeOriginal[e.id] || {}, on ? {} : {opacity: 0.05});
        return {id: e.id, color: c};
      }));
      $('matches').textContent = hits.length + ' khớp / matches';
      if (hits.length && hits.length < 400) { network.fit({nodes: Object.keys(keep), animation: false}); }
    }
    var timer = null;
    $('search').addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 180); });
    ['f-province', 'f-plan', 'f-unit', 'f-group', 'f-level'].forEach(function (id) { $(id).addEventListener('change', apply); });
    $('filters').addEventListener('reset', function () { setTimeout(function () { apply(); network.fit(); }, 0); });
    $('filters').addEventListener('submit', function (ev) { ev.preventDefault(); apply(); });
  }

  // ------------------------------------------------------------------ coverage heat map
  function heatView() {
    var C = data.coverage;
    var stage = $('heatmap');
    stage.hidden = false;
    $('graph').hidden = true;
    $('tools').hidden = true;
    $('f-unit').disabled = true;
    var table = el('table', 'heat');
    var thead = el('thead');
    var hr = el('tr');
    hr.appendChild(el('th', null, 'Kế hoạch / plan'));
    hr.appendChild(el('th', 'group', 'Số NV'));
    C.groups.forEach(function (g) {
      var th = el('th', 'group');
      th.appendChild(el('b', null, 'Nhóm ' + g.n));
      th.appendChild(document.createTextNode(g.short));
      th.title = g.name;
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    table.appendChild(thead);
    var tb = el('tbody');
    var rows = [];
    C.rows.forEach(function (r) {
      var tr = el('tr');
      var td = el('td', 'plan', r.plan);
      td.appendChild(el('small', null, [r.commune, r.province, r.level].filter(Boolean).join(' · ')));
      tr.appendChild(td);
      tr.appendChild(el('td', 'total', r.tasks));
      r.counts.forEach(function (c, i) {
        var cell = el('td', c ? null : 'gap', c ? c : 'trống');
        if (c) { cell.style.background = r.colors[i]; cell.style.color = r.ink[i]; }
        cell.title = r.plan + ' × nhóm ' + C.groups[i].n + ': ' + c + ' nhiệm vụ';
        cell.addEventListener('click', function () {
          Array.prototype.forEach.call(document.querySelectorAll('td.selected'), function (x) { x.classList.remove('selected'); });
          cell.classList.add('selected');
          showDetails(r.cellIds[i]);
        });
        tr.appendChild(cell);
      });
      rows.push({tr: tr, m: meta[r.id]});
      tb.appendChild(tr);
    });
    table.appendChild(tb);
    stage.appendChild(table);
    report(C.rows.length, 0);
    function apply() {
      var st = state();
      var n = 0;
      rows.forEach(function (r) {
        var ok = !active(st) || (r.m && matches(r.m, st));
        r.tr.classList.toggle('dim', !ok);
        if (ok) { n += 1; }
      });
      $('matches').textContent = active(st) ? n + ' khớp / matches' : '';
    }
    $('search').addEventListener('input', apply);
    ['f-province', 'f-plan', 'f-group'].forEach(function (id) { $(id).addEventListener('change', apply); });
    $('filters').addEventListener('reset', function () { setTimeout(apply, 0); });
    $('filters').addEventListener('submit', function (ev) { ev.preventDefault(); apply(); });
    body.dataset.ready = '1';
  }

  if (data.view === 'coverage') { heatView(); } else { graphView(); }
})();
