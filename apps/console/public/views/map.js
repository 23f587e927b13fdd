import { h, mount } from '../dom.js';
import { STATUSES, TYPES, typeLabel } from '../labels.js';
import { alertStore } from '../store.js';

// The server draws the countries once (world-atlas + d3-geo, plate carrée over 960x480), so a
// marker's position is plain arithmetic here — the same formula as apps/console/src/world-map.ts.
const W = 960;
const H = 480;
export const markerXY = (lat, lon) => [((lon + 180) / 360) * W, ((90 - lat) / 180) * H];

const svgs = new Map();
async function worldSvg(file) {
  if (!svgs.has(file)) {
    svgs.set(
      file,
      fetch(`map/${file}`).then((r) => {
        if (!r.ok) throw new Error(`map/${file}: HTTP ${r.status}`);
        return r.text();
      }),
    );
  }
  const doc = new DOMParser().parseFromString(await svgs.get(file), 'image/svg+xml');
  return document.importNode(doc.documentElement, true);
}

const hasCoords = (a) => typeof a.location.lat === 'number' && typeof a.location.lon === 'number';

function marker(a, r = 4) {
  const [x, y] = markerXY(a.location.lat, a.location.lon);
  return h(
    'svg:a',
    { href: `#/alerts/${encodeURIComponent(a.id)}`, class: 'marker-link', dataset: { alertId: a.id } },
    h(
      'svg:circle',
      { cx: x.toFixed(2), cy: y.toFixed(2), r, class: `marker type-${a.type} status-${a.status}` },
      h('svg:title', {}, `${typeLabel(a.type)}: ${a.location.name} (${a.status})`),
    ),
  );
}

/** The region around the alerts (at least a country's width), 2:1 like the map; the world when there are none. */
function fitBox(placed) {
  if (!placed.length) return `0 0 ${W} ${H}`;
  const pts = placed.map((a) => markerXY(a.location.lat, a.location.lon));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const w = Math.min(
    W,
    Math.max(120, (Math.max(...xs) - Math.min(...xs)) * 1.4, (Math.max(...ys) - Math.min(...ys)) * 2.8),
  );
  const x = Math.max(0, Math.min(W - w, cx - w / 2));
  const y = Math.max(0, Math.min(H - w / 2, cy - w / 4));
  return `${x.toFixed(1)} ${y.toFixed(1)} ${w.toFixed(1)} ${(w / 2).toFixed(1)}`;
}

function legend() {
  return h(
    'div',
    { class: 'map-legend' },
    h(
      'ul',
      { 'aria-label': 'Colour by type' },
      Object.entries(TYPES).map(([t, label]) => h('li', {}, h('span', { class: `swatch type-${t}` }), label)),
    ),
    h(
      'ul',
      { 'aria-label': 'Outline by status' },
      Object.keys(STATUSES).map((s) => h('li', {}, h('span', { class: `swatch ring status-${s}` }), s)),
    ),
  );
}

export async function mapPage() {
  const svg = await worldSvg('world.svg');
  svg.classList.add('world');
  const layer = svg.querySelector('.markers');
  const note = h('p', { class: 'muted', role: 'status' });
  let whole = false;
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onclick: () => {
        whole = !whole;
        toggle.textContent = whole ? 'Zoom to the alerts' : 'Whole world';
        render();
      },
    },
    'Whole world',
  );
  const render = () => {
    const all = alertStore.list();
    const placed = all.filter(hasCoords);
    // Oldest first, so the newest marker is drawn on top.
    // Marker radius in map units: a zoomed view needs smaller ones.
    const box = whole ? `0 0 ${W} ${H}` : fitBox(placed);
    const r = Number(box.split(' ')[2]) / 240;
    mount(
      layer,
      placed.reverse().map((a) => marker(a, r)),
    );
    svg.setAttribute('viewBox', box);
    const missing = all.length - placed.length;
    note.textContent = `${placed.length} alert${placed.length === 1 ? '' : 's'} on the map${missing ? `; ${missing} without coordinates in the gazetteer` : ''}. Select a marker to open its alert.`;
  };
  render();
  const el = h(
    'section',
    {},
    h('h1', {}, 'Map'),
    note,
    h('p', {}, toggle),
    h('div', { class: 'map-frame' }, svg),
    legend(),
  );
  return { el, leave: alertStore.listen(render) };
}

/** The alert page's locator: the same map, closer, centred on the place. */
export function locatorMap(a) {
  const box = h('figure', { class: 'locator' });
  if (!hasCoords(a)) {
    mount(
      box,
      h('figcaption', { class: 'muted' }, `No coordinates for ${a.location.name} in the gazetteer.`),
    );
    return box;
  }
  void worldSvg('world-50m.svg').then((svg) => {
    const [x, y] = markerXY(a.location.lat, a.location.lon);
    const w = 48;
    svg.setAttribute('viewBox', `${(x - w / 2).toFixed(1)} ${(y - w / 4).toFixed(1)} ${w} ${w / 2}`);
    svg.classList.add('world', 'zoomed');
    svg.querySelector('.markers').append(marker(a, 1.2));
    mount(
      box,
      svg,
      h('figcaption', {}, `${a.location.name} (${a.location.lat.toFixed(2)}, ${a.location.lon.toFixed(2)})`),
    );
  });
  return box;
}
