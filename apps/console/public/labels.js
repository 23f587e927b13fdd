import { h } from './dom.js';

export const TYPES = {
  provincial_capital_attack: 'Provincial capital attacked',
  provincial_capital_captured: 'Provincial capital captured',
  border_crossing_control_change: 'Border crossing changed hands',
};

/** What each status means, shown beside every badge (title) and in the legend. */
export const STATUSES = {
  claimed: 'Claimed by a party to the conflict; not independently verified.',
  reported: 'Reported by the press or witnesses; not yet confirmed by an authority.',
  confirmed: 'Confirmed by an official source or by several independent sources.',
  denied: 'Denied by an official or a party; treat earlier reports with caution.',
};
export const STATUS_ICONS = { claimed: '?', reported: '•', confirmed: '✓', denied: '✕' };
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];

export const statusBadge = (status) =>
  h(
    'span',
    { class: `badge status-${status}`, title: STATUSES[status] ?? status },
    h('span', { 'aria-hidden': 'true' }, STATUS_ICONS[status] ?? ''),
    ` ${status}`,
  );
export const severityBadge = (s) => h('span', { class: `badge sev-${s}` }, s);
export const typeLabel = (t) => TYPES[t] ?? t;

export function placeLine(loc) {
  const parts = [loc.name, loc.province && `${loc.province} province`, loc.country].filter(Boolean);
  return parts.join(', ') + (loc.neighbor ? ` (border with ${loc.neighbor})` : '');
}

export function statusLegend() {
  return h(
    'dl',
    { class: 'legend' },
    Object.entries(STATUSES).map(([s, text]) => [h('dt', {}, statusBadge(s)), h('dd', {}, text)]),
  );
}
