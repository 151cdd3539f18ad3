// The national board: draws the figures from the embedded data and shows the rows behind any figure on a click.
// Every text from the documents goes through textContent (never innerHTML): document text cannot become markup.
(function () {
  'use strict';
  const D = JSON.parse(document.getElementById('dkg-data').textContent);
  const G = D.groups.length;
  const COV = 5 + G; // index of "groups covered" in a plan row
  const LEVEL = { province: 'cấp tỉnh', commune: 'cấp xã', central: 'trung ương' };
  const KIND = { group: 'nhóm nhiệm vụ', task: 'nhiệm vụ' };
  const STATUS = { gap: 'chưa có nhiệm vụ', weak: 'chỉ có liên kết yếu, cần xem lại' };
  const MAX_ROWS = 2000;

  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.'); }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  // a clickable figure: the number, and the function that lists its rows
  function num(value, fig, list) {
    const b = el('button', 'num', fmt(value));
    b.type = 'button';
    b.dataset.fig = fig;
    b.dataset.value = String(value);
    b.addEventListener('click', () => show(list()));
    return b;
  }

  // ------------------------------------------------------------------ the row lists behind the figures
  const PLAN_COLS = ['Kế hoạch', 'Cấp', 'Tỉnh', 'Xã/phường', 'Số nhiệm vụ']
    .concat(D.groups.map(g => 'Nhóm ' + g.n)).concat(['Nhóm được phủ']);
  function planRow(p) {
    return [p[0], LEVEL[p[1]] || p[1], p[2] || '', p[3] || ''].concat(p.slice(4, COV)).concat([p[COV] + '/' + G]);
  }
  function plansWhere(title, pred) {
    const rows = [];
    D.plans.forEach((p, i) => { if (pred(p, i)) rows.push(planRow(p)); });
    return { title, columns: PLAN_COLS, rows };
  }
  const GAP_COLS = ['Kế hoạch', 'Cấp', 'Tỉnh', 'Xã/phường', 'Nhiệm vụ TW chưa được thực hiện', 'Loại', 'Nội dung']
    .concat(D.gapStatus ? ['Trạng thái'] : []);
  function gapsWhere(title, pred) {
    const rows = [];
    for (const g of D.gaps) {
      if (!pred(g)) continue;
      const p = D.plans[g[0]], m = D.mandates[g[1]];
      const row = [p[0], LEVEL[p[1]] || p[1], p[2] || '', p[3] || '', m[0], KIND[m[1]] || m[1], m[2]];
      if (D.gapStatus) row.push(STATUS[g[2]] || g[2] || '');
      rows.push(row);
    }
    return { title, columns: GAP_COLS, rows };
  }
  function dueList() {
    return {
      title: 'Nhiệm vụ đến hạn ' + D.quarter.label + ' (' + D.quarter.from + ' – ' + D.quarter.to + ')',
      columns: ['Văn bản', 'Cấp', 'Đơn vị chủ trì', 'Nhiệm vụ', 'Thời hạn'],
      rows: D.due.map(r => [r[0], LEVEL[r[1]] || r[1] || '', r[2] || '', r[3] || '', r[4]]),
    };
  }
  function provincesList() {
    const rows = D.tiles.filter(t => t.plans.length).map(t => [t.name, t.plans.length, t.provincePlans,
      t.communesWithPlan + '/' + t.communes, t.gaps]);
    return { title: 'Tỉnh, thành phố có kế hoạch trong đồ thị',
      columns: ['Tỉnh', 'Số kế hoạch', 'Kế hoạch cấp tỉnh', 'Xã có kế hoạch', 'Khoảng trống'], rows };
  }

  // ------------------------------------------------------------------ drawer
  const drawer = document.getElementById('drawer');
  function show(list) {
    document.getElementById('drawer-title').textContent = list.title;
    const n = list.rows.length;
    document.getElementById('drawer-count').textContent =
      n > MAX_ROWS ? fmt(n) + ' dòng (hiện ' + fmt(MAX_ROWS) + ' dòng đầu)' : fmt(n) + ' dòng';
    const thead = document.querySelector('#rows thead'), tbody = document.querySelector('#rows tbody');
    thead.replaceChildren(); tbody.replaceChildren();
    const hr = el('tr');
    list.columns.forEach(c => hr.appendChild(el('th', '', c)));
    thead.appendChild(hr);
    const frag = document.createDocumentFragment();
    list.rows.slice(0, MAX_ROWS).forEach(r => {
      const tr = el('tr');
      r.forEach(v => tr.appendChild(el('td', typeof v === 'number' ? 'num' : '', v === null ? '' : v)));
      frag.appendChild(tr);
    });
    tbody.appendChild(frag);
    drawer.hidden = false;
    window.dkgShown = list;
    document.getElementById('drawer-close').focus();
  }
  document.getElementById('drawer-close').addEventListener('click', () => { drawer.hidden = true; });
  document.addEventListener('keydown', e => { if (e.key === 'Escape') drawer.hidden = true; });

  // ------------------------------------------------------------------ header and key figures
  document.getElementById('title').textContent = D.title;
  document.getElementById('asof').textContent = 'Số liệu tính đến ' + D.asOf.split('-').reverse().join('/');
  const F = D.figures;
  const kpis = document.getElementById('kpis');
  function kpi(label, value, fig, list, of, warn) {
    const k = el('div', 'kpi' + (warn ? ' warn' : ''));
    k.appendChild(el('div', 'label', label));
    const v = el('div', 'value');
    v.appendChild(num(value, fig, list));
    if (of) v.appendChild(el('span', 'of', ' / ' + fmt(of)));
    k.appendChild(v);
    kpis.appendChild(k);
  }
  const provPlan = new Set(D.withProvincePlan);
  kpi('Tỉnh có kế hoạch cấp tỉnh', F.provincePlans, 'provincePlans',
    () => plansWhere('Kế hoạch cấp tỉnh', (p, i) => p[1] === 'province' && provPlan.has(D.planProvince[i])),
    D.register.provinces);
  kpi('Tỉnh có kế hoạch (mọi cấp)', F.provincesAny, 'provincesAny', provincesList, D.register.provinces);
  kpi('Xã, phường có kế hoạch', F.communesWithPlan, 'communesWithPlan',
    () => plansWhere('Kế hoạch cấp xã', p => p[1] !== 'province' && p[3]), D.register.communes);
  kpi('Kế hoạch · nhiệm vụ', F.plans, 'plans', () => plansWhere('Tất cả kế hoạch địa phương', () => true));
  kpis.lastChild.querySelector('.value').appendChild(el('span', 'of', ' · '));
  kpis.lastChild.querySelector('.value').appendChild(
    num(F.tasks, 'tasks', () => plansWhere('Nhiệm vụ theo kế hoạch', () => true)));
  kpi('Khoảng trống đang mở', F.gaps, 'gaps', () => gapsWhere('Tất cả khoảng trống', () => true), null, true);
  kpi('Đến hạn ' + D.quarter.label, F.due, 'due', dueList, null, true);

  // ------------------------------------------------------------------ coverage by group
  const groups = document.getElementById('groups');
  const nPlans = D.plans.filter(p => p[4] > 0).length || D.plans.length;
  D.groups.forEach((g, gi) => {
    const col = 5 + gi;
    const covered = D.plans.filter(p => p[col] > 0).length;
    const tasks = D.plans.reduce((s, p) => s + p[col], 0);
    const box = el('div', 'group');
    const t = el('div', 'gt');
    t.appendChild(el('b', '', g.n + '. '));
    t.appendChild(document.createTextNode(g.title));
    t.title = g.title;
    box.appendChild(t);
    const bar = el('div', 'bar');
    const fill = el('div', 'fill');
    fill.style.width = (nPlans ? (100 * covered / nPlans) : 0).toFixed(1) + '%';
    bar.appendChild(fill);
    box.appendChild(bar);
    const v = el('div', 'gv');
    v.appendChild(num(covered, 'group' + g.n,
      () => plansWhere('Kế hoạch có nhiệm vụ thuộc nhóm ' + g.n + ' (' + fmt(tasks) + ' nhiệm vụ)', p => p[col] > 0)));
    v.appendChild(el('span', 'of', '/' + fmt(nPlans)));
    box.appendChild(v);
    const gaps = nPlans - covered;
    const gl = el('div', 'muted');
    gl.appendChild(document.createTextNode(fmt(tasks) + ' nhiệm vụ · chưa phủ: '));
    gl.appendChild(num(gaps, 'groupGap' + g.n,
      () => plansWhere('Kế hoạch không có nhiệm vụ nào thuộc nhóm ' + g.n, p => p[4] > 0 && p[col] === 0)));
    box.appendChild(gl);
    groups.appendChild(box);
  });

  // ------------------------------------------------------------------ tile map
  const tilesBox = document.getElementById('tiles');
  const maxGaps = Math.max(1, ...D.tiles.map(t => t.gaps));
  function colour(t, mode) {
    if (!t.plans.length) return null;
    if (mode === 'coverage') { // red (0 %) → amber → green (100 %)
      const h = Math.round(120 * (t.coverage || 0));
      return ['hsl(' + h + ', 60%, ' + (72 - 22 * (t.coverage || 0)).toFixed(0) + '%)', '#111'];
    }
    const s = t.gaps / maxGaps;
    return ['hsl(0, 70%, ' + (92 - 50 * s).toFixed(0) + '%)', s > 0.55 ? '#fff' : '#111'];
  }
  function drawTiles(mode) {
    tilesBox.replaceChildren();
    D.tiles.forEach(t => {
      const b = el('button', 'tile');
      b.type = 'button';
      b.style.left = (t.x * 116) + 'px';
      b.style.top = (t.y * 54) + 'px';
      b.dataset.code = t.code;
      b.dataset.fig = 'tile' + t.code;
      b.dataset.value = String(mode === 'coverage' ? t.plans.length : t.gaps);
      b.appendChild(el('span', 'n', t.name));
      const c = colour(t, mode);
      if (!c) { b.classList.add('none'); b.appendChild(el('span', 'v', 'chưa có')); }
      else {
        b.style.background = c[0]; b.style.color = c[1];
        b.appendChild(el('span', 'v', mode === 'coverage'
          ? fmt(t.plans.length) + ' KH · ' + Math.round(100 * t.coverage) + '%'
          : fmt(t.gaps) + ' khoảng trống'));
      }
      b.title = t.name + ': ' + t.plans.length + ' kế hoạch, ' + t.communesWithPlan + '/' + t.communes +
        ' xã có kế hoạch, ' + t.gaps + ' khoảng trống';
      const mine = new Set(t.plans);
      b.addEventListener('click', () => show(mode === 'gaps'
        ? gapsWhere('Khoảng trống: ' + t.name, g => mine.has(g[0]))
        : plansWhere('Kế hoạch: ' + t.name, (p, i) => mine.has(i))));
      tilesBox.appendChild(b);
    });
    const lg = document.getElementById('tile-legend');
    lg.replaceChildren();
    const stops = mode === 'coverage'
      ? [[0, '0 %'], [0.5, '50 %'], [1, '100 % nhóm được phủ']]
      : [[0.1, 'ít'], [0.5, ''], [1, 'nhiều khoảng trống (' + fmt(maxGaps) + ')']];
    stops.forEach(([s, label]) => {
      const i = el('i');
      const c = colour({ plans: [1], coverage: s, gaps: s * maxGaps }, mode);
      i.style.background = c[0];
      lg.appendChild(i); if (label) lg.appendChild(el('span', '', label));
    });
    const none = el('i'); none.style.background = '#fafafa'; none.style.borderStyle = 'dashed';
    lg.appendChild(none); lg.appendChild(el('span', '', 'chưa có kế hoạch'));
  }
  document.querySelectorAll('.toggle button').forEach(b => b.addEventListener('click', () => {
    document.querySelectorAll('.toggle button').forEach(x => x.classList.toggle('on', x === b));
    drawTiles(b.dataset.mode);
  }));
  drawTiles('coverage');

  // ------------------------------------------------------------------ top gaps, due, suspects
  const topList = document.getElementById('topgaps');
  D.top.forEach(t => {
    const m = D.mandates[t.mandate];
    const li = el('li');
    li.appendChild(el('span', 'm', m[0] + ': '));
    li.appendChild(num(t.count, 'top' + m[0], () => gapsWhere('Kế hoạch chưa thực hiện ' + m[0], g => g[1] === t.mandate)));
    li.appendChild(el('span', '', ' kế hoạch'));
    const tt = el('span', 't', m[2]);
    tt.title = m[2];
    li.appendChild(tt);
    topList.appendChild(li);
  });
  if (!D.top.length) topList.appendChild(el('li', 'muted', 'Không có khoảng trống.'));
  document.getElementById('due-title').textContent = 'Nhiệm vụ đến hạn ' + D.quarter.label;
  const due = document.getElementById('due');
  const dn = el('div'); dn.appendChild(el('span', 'big', '')).appendChild(num(F.due, 'due2', dueList));
  dn.appendChild(el('span', '', ' nhiệm vụ có thời hạn trong ' + D.quarter.from.split('-').reverse().join('/') +
    ' – ' + D.quarter.to.split('-').reverse().join('/')));
  due.appendChild(dn);
  const units = {};
  D.due.forEach(r => { const u = r[2] || '(chưa rõ đơn vị)'; units[u] = (units[u] || 0) + 1; });
  Object.entries(units).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3).forEach(([u, n]) => {
    const line = el('div', 'muted');
    line.appendChild(num(n, 'dueUnit', () => {
      const l = dueList(); l.title += ': ' + u; l.rows = l.rows.filter(r => (r[2] || '(chưa rõ đơn vị)') === u); return l;
    }));
    line.appendChild(document.createTextNode(' · ' + u));
    due.appendChild(line);
  });
  const sus = document.getElementById('suspects');
  if (D.suspects) {
    const s = el('div');
    s.appendChild(el('span', 'big', '')).appendChild(num(D.suspects.rows.length, 'suspects',
      () => ({ title: 'Liên kết cần xem lại', columns: D.suspects.columns, rows: D.suspects.rows })));
    s.appendChild(el('span', '', ' liên kết'));
    sus.appendChild(s);
  } else {
    sus.appendChild(el('div', 'muted', 'Đồ thị chưa có danh sách liên kết cần xem lại.'));
  }

  if (location.hash === '#print') document.body.classList.add('print');
  window.dkgBoard = D;
  window.dkgShow = show;
  document.body.dataset.ready = '1';
})();
