import { api } from '../api.js';
import { fmtTime, h, mount, notice } from '../dom.js';

const FIELDS = [
  'location.id',
  'location.name',
  'location.province',
  'location.country',
  'type',
  'status',
  'actor',
  'severity',
  'ruleId',
];
const DURATIONS = [
  ['1h', 3600_000],
  ['24h', 86_400_000],
  ['7d', 7 * 86_400_000],
  ['30d', 30 * 86_400_000],
];

function matcherRow(field = 'location.name', eq = '') {
  const row = h(
    'div',
    { class: 'matcher' },
    h(
      'select',
      { name: 'field', 'aria-label': 'Field' },
      FIELDS.map((f) => h('option', { value: f, selected: f === field }, f)),
    ),
    h('span', {}, ' is '),
    h('input', { name: 'eq', value: eq, required: true, 'aria-label': 'Value', maxlength: 200 }),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => row.remove(),
        'aria-label': 'Remove this matcher',
      },
      '×',
    ),
  );
  return row;
}

/** The silences of one state, each active or pending one with its Expire button. */
function silencesTable(silences, state, expire) {
  return silences.length
    ? h(
        'div',
        { class: 'scroll' },
        h(
          'table',
          { class: 'silences' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Matchers', 'From', 'Until', 'By', 'Comment', ''].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            silences.map((s) =>
              h(
                'tr',
                { dataset: { silenceId: s.id } },
                h(
                  'td',
                  {},
                  s.matchers.map((m) =>
                    h(
                      'div',
                      {},
                      h(
                        'code',
                        {},
                        `${m.field} ${m.eq !== undefined ? `= ${m.eq}` : `in ${m.in.join(', ')}`}`,
                      ),
                    ),
                  ),
                ),
                h('td', {}, fmtTime(s.startsAt)),
                h('td', {}, fmtTime(s.endsAt)),
                h('td', {}, s.createdBy),
                h('td', {}, s.comment ?? ''),
                h(
                  'td',
                  {},
                  s.state === 'expired'
                    ? 'expired'
                    : h('button', { type: 'button', class: 'secondary', onclick: () => expire(s) }, 'Expire'),
                ),
              ),
            ),
          ),
        ),
      )
    : h('p', { class: 'muted' }, `No ${state} silences.`);
}

export async function silencesPage(params) {
  const state = params.get('state') ?? 'active';
  const { body } = await api('rules', 'GET', `/silences?state=${encodeURIComponent(state)}`);
  const out = h('div');
  const rows = h(
    'div',
    { class: 'matchers' },
    matcherRow(params.get('field') ?? undefined, params.get('eq') ?? ''),
  );
  const duration = h(
    'select',
    { name: 'duration', id: 'sil-duration' },
    DURATIONS.map(([l]) => h('option', { value: l, selected: l === '24h' }, l)),
  );
  const comment = h('input', { name: 'comment', id: 'sil-comment', maxlength: 2000 });
  const starts = h('input', { type: 'datetime-local', name: 'startsAt', id: 'sil-starts' });
  const create = async (e) => {
    e.preventDefault();
    const matchers = [...rows.querySelectorAll('.matcher')].map((r) => ({
      field: r.querySelector('[name=field]').value,
      eq: r.querySelector('[name=eq]').value.trim(),
    }));
    const ms = DURATIONS.find(([l]) => l === duration.value)[1];
    // A later start makes a pending silence (e.g. a planned operation); empty = now.
    const from = starts.value ? new Date(starts.value).getTime() : Date.now();
    try {
      const { body: s } = await api('rules', 'POST', '/silences', {
        matchers,
        ...(starts.value ? { startsAt: new Date(from).toISOString() } : {}),
        endsAt: new Date(from + ms).toISOString(),
        ...(comment.value.trim() ? { comment: comment.value.trim() } : {}),
      });
      location.hash = `#/silences?state=${s.state ?? 'active'}`;
      dispatchEvent(new HashChangeEvent('hashchange'));
      setTimeout(() => document.getElementById('main')?.prepend(notice('ok', `Silence ${s.id} created.`)));
    } catch (err) {
      mount(out, notice('error', `${err.message}`));
    }
  };
  const expire = async (s) => {
    try {
      await api('rules', 'DELETE', `/silences/${encodeURIComponent(s.id)}`);
      dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (err) {
      mount(out, notice('error', err.message));
    }
  };
  return h(
    'section',
    {},
    h('h1', {}, 'Silences'),
    h(
      'form',
      { class: 'card', onsubmit: create, 'aria-label': 'New silence' },
      h('h2', {}, 'New silence'),
      h(
        'p',
        { class: 'muted' },
        'Alerts matching every matcher are still recorded, but no e-mail goes out while the silence is active.',
      ),
      rows,
      h(
        'p',
        {},
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => rows.append(matcherRow()) },
          'Add a matcher',
        ),
      ),
      h(
        'label',
        { for: 'sil-starts' },
        'Starts ',
        h('span', { class: 'muted' }, '(your local time; empty = now)'),
      ),
      starts,
      h('label', { for: 'sil-duration' }, 'For'),
      duration,
      h('label', { for: 'sil-comment' }, 'Comment'),
      comment,
      h('p', {}, h('button', { type: 'submit', id: 'create-silence' }, 'Silence')),
      out,
    ),
    h(
      'nav',
      { class: 'tabs', 'aria-label': 'Silence state' },
      ['active', 'pending', 'expired'].map((s) =>
        h('a', { href: `#/silences?state=${s}`, 'aria-current': s === state ? 'page' : undefined }, s),
      ),
    ),
    silencesTable(body.silences, state, expire),
  );
}
