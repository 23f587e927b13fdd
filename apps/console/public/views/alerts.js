import { api } from '../api.js';
import { ago, fmtDate, fmtTime, h, highlight, mount, notice, safeLink } from '../dom.js';
import {
  placeLine,
  SEVERITIES,
  severityBadge,
  statusBadge,
  statusLegend,
  STATUSES,
  TYPES,
  typeLabel,
} from '../labels.js';
import { locatorMap } from './map.js';
import { alertStore } from '../store.js';

const FILTERS = ['type', 'status', 'minSeverity', 'country', 'since'];

function matches(a, f) {
  return (
    (!f.get('type') || a.type === f.get('type')) &&
    (!f.get('status') || a.status === f.get('status')) &&
    (!f.get('minSeverity') || SEVERITIES.indexOf(a.severity) >= SEVERITIES.indexOf(f.get('minSeverity'))) &&
    (!f.get('country') || a.location.country.toLowerCase() === f.get('country').toLowerCase()) &&
    (!f.get('since') || a.lastSeenAt >= new Date(f.get('since')).toISOString())
  );
}

function select(name, label, options, value) {
  return h(
    'label',
    {},
    label,
    h(
      'select',
      { name },
      h('option', { value: '' }, 'any'),
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    ),
  );
}

function filterForm(f) {
  const countries = [...new Set([...alertStore.alerts.values()].map((a) => a.location.country))].sort();
  return h(
    'form',
    {
      class: 'filters',
      'aria-label': 'Filter alerts',
      onchange: (e) => {
        const data = new FormData(e.currentTarget);
        const q = new URLSearchParams();
        for (const k of FILTERS) if (data.get(k)) q.set(k, String(data.get(k)));
        location.hash = `#/alerts${q.size ? `?${q}` : ''}`;
      },
      onsubmit: (e) => e.preventDefault(),
    },
    select('type', 'Type', Object.entries(TYPES), f.get('type')),
    select(
      'status',
      'Status',
      Object.keys(STATUSES).map((s) => [s, s]),
      f.get('status'),
    ),
    select(
      'minSeverity',
      'Severity at least',
      SEVERITIES.map((s) => [s, s]),
      f.get('minSeverity'),
    ),
    select(
      'country',
      'Country',
      countries.map((c) => [c, c]),
      f.get('country'),
    ),
    h('label', {}, 'Seen since', h('input', { type: 'date', name: 'since', value: f.get('since') ?? '' })),
  );
}

function row(a) {
  const sources = a.corroboration.sources;
  return h(
    'tr',
    { dataset: { alertId: a.id, status: a.status }, class: 'alert-row' },
    h('td', {}, severityBadge(a.severity)),
    h('td', {}, h('a', { href: `#/alerts/${encodeURIComponent(a.id)}` }, typeLabel(a.type))),
    h(
      'td',
      { class: 'place' },
      h('strong', {}, a.location.name),
      h(
        'span',
        { class: 'muted' },
        ` ${a.location.province ? `${a.location.province}, ` : ''}${a.location.country}`,
      ),
    ),
    h('td', { 'data-label': 'Status' }, statusBadge(a.status)),
    h('td', { 'data-label': 'Actor' }, a.actor ?? '—'),
    h(
      'td',
      { title: sources.map((s) => s.source).join(', '), 'data-label': 'Sources' },
      `${a.corroboration.count} `,
      h(
        'span',
        { class: 'muted' },
        sources.length
          ? `(${sources
              .map((s) => s.source)
              .slice(0, 2)
              .join(', ')})`
          : '',
      ),
    ),
    h('td', { 'data-label': 'Event date' }, fmtDate(a.eventDate)),
    h('td', { title: fmtTime(a.firstSeenAt), 'data-label': 'First report' }, ago(a.firstSeenAt)),
  );
}

export function alertsPage(f) {
  const body = h('tbody');
  const count = h('p', { class: 'muted', role: 'status' });
  const render = () => {
    const list = alertStore.list().filter((a) => matches(a, f));
    mount(body, list.map(row));
    count.textContent = !alertStore.loaded
      ? 'Loading alerts…'
      : `${list.length} alert${list.length === 1 ? '' : 's'}${f.size ? ' match the filters' : ''}; new ones appear here as they happen.`;
  };
  render();
  const el = h(
    'section',
    {},
    h('h1', {}, 'Alerts'),
    filterForm(f),
    count,
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { class: 'alerts' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Severity', 'Type', 'Place', 'Status', 'Actor', 'Sources', 'Event date', 'First report'].map(
              (t) => h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        body,
      ),
    ),
    h('details', {}, h('summary', {}, 'What the statuses mean'), statusLegend()),
  );
  return { el, leave: alertStore.listen(render) };
}

function evidenceList(event, placeNames) {
  return h(
    'ul',
    { class: 'evidence' },
    event.evidence.map((ev) => h('li', {}, h('blockquote', {}, highlight(ev.text, placeNames)))),
  );
}

function revisionItem(r) {
  const names = [r.location.name, r.event.location.name];
  const report = r.event.report;
  return h(
    'li',
    { class: `revision status-${r.status}` },
    h(
      'div',
      { class: 'rev-head' },
      h('strong', {}, `Revision ${r.revision}`),
      ' ',
      statusBadge(r.status),
      ' ',
      h('span', { class: 'muted' }, fmtTime(r.createdAt)),
    ),
    r.changes.length
      ? h('p', {}, r.changes.join('; '))
      : h('p', {}, r.kind === 'new' ? 'First alert.' : 'Corroborated.'),
    r.actor ? h('p', { class: 'muted' }, `Actor: ${r.actor}`) : null,
    evidenceList(r.event, names),
    report
      ? h(
          'p',
          { class: 'muted' },
          'From ',
          report.url ? safeLink(report.url, report.title ?? report.source) : (report.title ?? report.source),
          ` — ${report.source}${report.publishedAt ? `, ${fmtTime(report.publishedAt)}` : ''}`,
        )
      : null,
  );
}

async function silencePlace(a, out) {
  const endsAt = new Date(Date.now() + 24 * 3600_000).toISOString();
  try {
    const { body } = await api('rules', 'POST', '/silences', {
      matchers: [{ field: 'location.id', eq: a.location.id }],
      endsAt,
      comment: `Silenced from the console: ${a.location.name} for 24 h`,
    });
    mount(out, notice('ok', `${a.location.name} is silenced until ${fmtTime(body.endsAt)} (${body.id}).`));
  } catch (e) {
    mount(out, notice('error', e.message));
  }
}

function factsList(a) {
  return h(
    'dl',
    { class: 'facts' },
    h('dt', {}, 'Status'),
    h('dd', {}, statusBadge(a.status), ' ', h('span', { class: 'muted' }, STATUSES[a.status])),
    h('dt', {}, 'Severity'),
    h('dd', {}, severityBadge(a.severity)),
    h('dt', {}, 'Place'),
    h('dd', { class: 'place' }, placeLine(a.location)),
    h('dt', {}, 'Actor'),
    h('dd', {}, a.actor ?? '—'),
    h('dt', {}, 'Event date'),
    h('dd', {}, fmtDate(a.eventDate)),
    h('dt', {}, 'First report'),
    h('dd', {}, fmtTime(a.firstSeenAt)),
    h('dt', {}, 'Latest report'),
    h('dd', {}, fmtTime(a.lastSeenAt)),
    h('dt', {}, 'Rules'),
    h('dd', {}, a.rules.map((r) => r.name).join(', ')),
    h('dt', {}, 'Silenced'),
    h('dd', {}, a.silenced ? `yes (${(a.silenceIds ?? []).join(', ')})` : 'no'),
  );
}

function deliveriesTable(deliveries) {
  return deliveries.length
    ? h(
        'div',
        { class: 'scroll' },
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Recipient', 'Revision', 'Status', 'Attempts', 'When', 'Detail'].map((t) => h('th', {}, t)),
            ),
          ),
          h(
            'tbody',
            {},
            deliveries.map((d) =>
              h(
                'tr',
                {},
                h('td', {}, d.email),
                h('td', {}, d.alertRevision),
                h('td', {}, h('span', { class: `badge delivery-${d.status}` }, d.status)),
                h('td', {}, d.attempts),
                h('td', {}, fmtTime(d.at)),
                h('td', {}, d.error ?? (d.nextAttemptAt ? `next attempt ${fmtTime(d.nextAttemptAt)}` : '')),
              ),
            ),
          ),
        ),
      )
    : h('p', { class: 'muted' }, 'No e-mail was sent for this alert (no matching subscriber, or silenced).');
}

export async function alertPage(id) {
  const { body } = await api('notifier', 'GET', `/alerts/${encodeURIComponent(id)}`);
  const a = body.alert;
  const out = h('div');
  const deliveries = body.deliveries;
  return h(
    'article',
    { class: 'alert-page', dataset: { alertId: a.id } },
    h('p', {}, h('a', { href: '#/alerts' }, '← All alerts')),
    h('h1', {}, `${typeLabel(a.type)}: ${a.location.name}`),
    h('div', { class: 'summary' }, factsList(a), locatorMap(a)),
    h(
      'p',
      {},
      h(
        'button',
        { type: 'button', onclick: () => silencePlace(a, out) },
        `Silence ${a.location.name} for 24 h`,
      ),
      ' ',
      h(
        'a',
        {
          href: `#/silences?field=location.id&eq=${encodeURIComponent(a.location.id)}`,
          class: 'button secondary',
        },
        'Custom silence…',
      ),
    ),
    out,
    h('h2', {}, 'Timeline'),
    h('ol', { class: 'timeline' }, body.revisions.map(revisionItem)),
    h('h2', {}, `Sources (${body.sources.length})`),
    h(
      'ul',
      { class: 'sources' },
      body.sources.map((s) =>
        h(
          'li',
          {},
          s.url ? safeLink(s.url, s.title ?? s.source) : (s.title ?? s.source),
          ` — ${s.source}`,
          s.status ? [' ', statusBadge(s.status)] : null,
          s.publishedAt ? h('span', { class: 'muted' }, ` ${fmtTime(s.publishedAt)}`) : null,
        ),
      ),
    ),
    h('h2', {}, `Deliveries (${deliveries.length})`),
    deliveriesTable(deliveries),
  );
}
