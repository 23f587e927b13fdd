// Elements are built with textContent and setAttribute only: text from reports (evidence, titles,
// names) can never become markup, whatever it contains. No innerHTML with data anywhere.

/** h('a', {href: '#/x', class: 'y', onclick: fn}, 'text', child, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' && 'value' in el) el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Text with every occurrence of `needle` (no case) in <mark>: the place in an evidence sentence. */
export function highlight(text, needles) {
  const list = (Array.isArray(needles) ? needles : [needles]).filter((n) => n && n.length > 1);
  if (!list.length) return [text];
  const lower = text.toLowerCase();
  const out = [];
  let i = 0;
  while (i < text.length) {
    let best = -1;
    let len = 0;
    for (const n of list) {
      const j = lower.indexOf(n.toLowerCase(), i);
      if (j >= 0 && (best < 0 || j < best)) [best, len] = [j, n.length];
    }
    if (best < 0) break;
    if (best > i) out.push(text.slice(i, best));
    out.push(h('mark', {}, text.slice(best, best + len)));
    i = best + len;
  }
  if (i < text.length) out.push(text.slice(i));
  return out;
}

/** Only http(s) links become hrefs; anything else (javascript:, data:) is shown as text. */
export function safeLink(url, label) {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:')
      return h('a', { href: u.href, target: '_blank', rel: 'noopener noreferrer' }, label ?? u.href);
  } catch {
    /* not a URL */
  }
  return h('span', {}, label ?? String(url ?? ''));
}

const dateFmt = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});
export const fmtTime = (iso) => (iso ? `${dateFmt.format(new Date(iso))} UTC` : '—');
export const fmtDate = (d) => d ?? '—';

export function ago(iso, now = Date.now()) {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(s)) return '';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** A message area for errors and confirmations (announced to screen readers). */
export function notice(kind, text) {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
