// Small DOM helpers. Pages build elements with h(...) so text from the API is never parsed as HTML.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) { el.addEventListener(k.slice(2), v); el.jkActive = true; }
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * Makes the children of `el` equal to `children`, touching only what differs: an unchanged button, checkbox or open
 * <details> stays the same node, so a refresh never steals focus, a click in flight, or the user's selection.
 */
export function fill(el, ...children) {
  const tmp = document.createElement(el.tagName === 'TBODY' || el.tagName === 'THEAD' ? 'tbody' : 'div');
  append(tmp, children);
  morph(el, tmp);
  return el;
}

function morph(oldParent, newParent) {
  const next = [...newParent.childNodes];
  let i = 0;
  for (; i < next.length; i++) {
    const n = next[i];
    const o = oldParent.childNodes[i];
    if (!o) { oldParent.append(n); continue; }
    if (o.isEqualNode(n) && !(n.jkActive && !o.jkActive)) continue;
    // an element with its own handlers is replaced whole: its handlers belong to what it shows now
    if (o.nodeType === 1 && n.nodeType === 1 && o.tagName === n.tagName && !o.jkActive && !n.jkActive && o.tagName !== 'INPUT') {
      for (const a of [...o.attributes]) if (!n.hasAttribute(a.name)) o.removeAttribute(a.name);
      for (const a of [...n.attributes]) if (o.getAttribute(a.name) !== a.value) o.setAttribute(a.name, a.value);
      if (o.tagName === 'PROGRESS') { o.value = n.value; o.max = n.max; }
      morph(o, n);
    } else if (o.nodeType === 3 && n.nodeType === 3) {
      o.textContent = n.textContent;
    } else {
      o.replaceWith(n);
    }
  }
  while (oldParent.childNodes.length > next.length) oldParent.lastChild.remove();
}

/** "3 min ago" / "in 2 h", from an ISO-8601 instant. */
export function relative(iso, now = Date.now()) {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((t - now) / 1000);
  const a = Math.abs(s);
  let text;
  if (a < 5) return 'just now';
  if (a < 60) text = a + ' s';
  else if (a < 3600) text = Math.round(a / 60) + ' min';
  else if (a < 86400) text = Math.round(a / 3600) + ' h';
  else text = Math.round(a / 86400) + ' d';
  return s < 0 ? text + ' ago' : 'in ' + text;
}

/** A <time> showing the relative time, with the absolute UTC time on hover. */
export function when(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: utc(iso) }, relative(iso));
}

export function utc(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC');
}

/** Seconds as "4 s", "12 min", "3 h". */
export function age(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return seconds + ' s';
  if (seconds < 3600) return Math.round(seconds / 60) + ' min';
  if (seconds < 86400) return (seconds / 3600).toFixed(1) + ' h';
  return (seconds / 86400).toFixed(1) + ' d';
}

export function badge(status) {
  return h('span', { class: 'badge s-' + String(status).toLowerCase() }, status);
}

export function empty(text, ...more) {
  return h('div', { class: 'empty' }, h('p', null, text), ...more);
}

export function pretty(json) {
  if (json === null || json === undefined) return 'null';
  return JSON.stringify(json, null, 2);
}

/** A <pre> with a copy button. */
export function codeBlock(label, text) {
  const pre = h('pre', { class: 'code', tabindex: '0', 'aria-label': label }, text);
  const btn = h('button', { type: 'button', class: 'small', onclick: async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      const r = document.createRange();
      r.selectNodeContents(pre);
      getSelection().removeAllRanges();
      getSelection().addRange(r);
      document.execCommand('copy');
    }
    btn.textContent = 'Copied';
    setTimeout(() => { btn.textContent = 'Copy'; }, 1500);
  } }, 'Copy');
  return h('div', { class: 'codewrap' }, h('div', { class: 'codehead' }, h('span', null, label), btn), pre);
}

/**
 * A modal confirmation (native <dialog>): resolves true on confirm. `text` names exactly what will happen.
 */
export function confirmDialog(title, text, action) {
  return new Promise((resolve) => {
    const dlg = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', { class: 'confirm-text' }, text),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'danger', id: 'confirm-yes', onclick: () => { dlg.close('yes'); } }, action),
        h('button', { type: 'button', id: 'confirm-no', onclick: () => { dlg.close('no'); } }, 'Keep it')));
    dlg.addEventListener('close', () => { dlg.remove(); resolve(dlg.returnValue === 'yes'); });
    document.body.append(dlg);
    dlg.showModal();
    dlg.querySelector('#confirm-no').focus();
  });
}
