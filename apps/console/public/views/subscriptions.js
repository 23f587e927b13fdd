import { api } from '../api.js';
import { fmtTime, h } from '../dom.js';
import { typeLabel } from '../labels.js';
import { alertStore } from '../store.js';

/** An alert as people name it (place and type) when the console knows it, else its id. */
function alertName(id, revision) {
  const a = alertStore.alerts.get(id);
  return a ? `${a.location.name}: ${typeLabel(a.type)} (r${revision})` : `${id} r${revision}`;
}

function filterText(f = {}) {
  const parts = [
    f.eventTypes && f.eventTypes.map(typeLabel).join(' or '),
    f.countries && `in ${f.countries.join(', ')}`,
    f.provinces && `provinces ${f.provinces.join(', ')}`,
    f.minStatus && `${f.minStatus} or firmer`,
    f.minSeverity && `severity ≥ ${f.minSeverity}`,
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'all alerts';
}

export async function subscriptionsPage() {
  const [{ body }, { body: config }] = await Promise.all([
    api('notifier', 'GET', '/subscriptions'),
    fetch('config.json').then(async (r) => ({ body: await r.json() })),
  ]);
  return h(
    'section',
    {},
    h('h1', {}, 'Subscriptions'),
    h(
      'p',
      {},
      'Subscribers sign up themselves (double opt-in) at ',
      h(
        'a',
        { href: `${config.publicBaseUrl}/subscribe`, target: '_blank', rel: 'noopener' },
        `${config.publicBaseUrl}/subscribe`,
      ),
      '.',
    ),
    h(
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
            ['Address', 'Status', 'Filters', 'Delivery', 'Since', 'Ledger'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          body.subscriptions.map((s) =>
            h(
              'tr',
              { dataset: { subscriptionId: s.id } },
              h('td', {}, s.email, s.name ? h('div', { class: 'muted' }, s.name) : null),
              h('td', {}, h('span', { class: `badge sub-${s.status}` }, s.status)),
              h('td', {}, filterText(s.filter)),
              h('td', {}, s.delivery, s.timezone ? h('div', { class: 'muted' }, s.timezone) : null),
              h('td', {}, fmtTime(s.createdAt)),
              h(
                'td',
                {},
                h('a', { href: `#/deliveries?email=${encodeURIComponent(s.email)}` }, 'deliveries'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

const DELIVERY_STATUSES = ['sent', 'retrying', 'failed', 'suppressed', 'queued'];

export async function deliveriesPage(params) {
  const q = new URLSearchParams();
  for (const k of ['status', 'email', 'alertId']) if (params.get(k)) q.set(k, params.get(k));
  q.set('limit', '200');
  const { body } = await api('notifier', 'GET', `/deliveries?${q}`);
  return h(
    'section',
    {},
    h('h1', {}, 'Deliveries'),
    h(
      'nav',
      { class: 'tabs', 'aria-label': 'Delivery status' },
      h('a', { href: '#/deliveries', 'aria-current': !params.get('status') ? 'page' : undefined }, 'all'),
      DELIVERY_STATUSES.map((s) =>
        h(
          'a',
          {
            href: `#/deliveries?status=${s}`,
            'aria-current': params.get('status') === s ? 'page' : undefined,
          },
          s,
        ),
      ),
    ),
    params.get('email') ? h('p', {}, `For ${params.get('email')}`) : null,
    body.deliveries.length
      ? h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            { class: 'deliveries' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['When', 'Recipient', 'Alert', 'Status', 'Attempts', 'Detail'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              body.deliveries.map((d) =>
                h(
                  'tr',
                  {},
                  h('td', {}, fmtTime(d.at)),
                  h('td', {}, d.email),
                  h(
                    'td',
                    {},
                    d.alertId === 'digest'
                      ? 'digest'
                      : h(
                          'a',
                          { href: `#/alerts/${encodeURIComponent(d.alertId)}` },
                          alertName(d.alertId, d.alertRevision),
                        ),
                  ),
                  h('td', {}, h('span', { class: `badge delivery-${d.status}` }, d.status)),
                  h('td', {}, d.attempts),
                  h(
                    'td',
                    {},
                    d.status === 'retrying' && d.nextAttemptAt
                      ? `next attempt ${fmtTime(d.nextAttemptAt)}${d.error ? ` — ${d.error}` : ''}`
                      : (d.error ?? ''),
                  ),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No deliveries.'),
  );
}
