// The flow page: a click on a box lists the local tasks behind it (textContent only); tree open/close all.
(function () {
  'use strict';
  const D = JSON.parse(document.getElementById('dkg-data').textContent);
  const box = document.getElementById('rows-box');
  function el(tag, text) { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); return e; }
  function show(id, title) {
    const rows = D.rows.filter(r => r[0] === id || r[1] === id || r[2] === id || r[3] === id);
    document.getElementById('rows-title').textContent = title + ' — ' + rows.length + ' nhiệm vụ';
    const tbody = document.querySelector('#rows tbody');
    tbody.replaceChildren();
    rows.slice(0, 3000).forEach(r => {
      const tr = el('tr');
      [r[4], r[5], r[6], r[7], r[8], r[9] + (r[10] !== null && r[10] !== undefined ? ' ' + Number(r[10]).toFixed(2) : '')]
        .forEach(v => tr.appendChild(el('td', v)));
      tbody.appendChild(tr);
    });
    box.hidden = false;
    document.querySelectorAll('.link').forEach(l => l.classList.toggle('on', l.dataset.source === id || l.dataset.target === id));
    window.dkgShown = rows.length;
  }
  document.querySelectorAll('.node').forEach(n => {
    const open = () => show(n.dataset.id, n.querySelector('title').textContent.split('\n')[0]);
    n.addEventListener('click', open);
    n.addEventListener('keydown', e => { if (e.key === 'Enter') open(); });
  });
  document.getElementById('rows-close').addEventListener('click', () => { box.hidden = true; });
  document.addEventListener('keydown', e => { if (e.key === 'Escape') box.hidden = true; });
  document.getElementById('open-all').addEventListener('click', () => document.querySelectorAll('#tree details').forEach(d => { d.open = true; }));
  document.getElementById('close-all').addEventListener('click', () => document.querySelectorAll('#tree details').forEach(d => { d.open = false; }));
  window.dkgShow = show;
  document.body.dataset.ready = '1';
})();
