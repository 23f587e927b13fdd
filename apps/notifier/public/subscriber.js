// The subscriber pages: sign-up (POST /subscribe, double opt-in) and "manage my subscription"
// (the /manage/* API with the signed token from the e-mail link's fragment, sent in a header).
// Text is set with textContent only.

const TYPES = [
  ['provincial_capital_attack', 'A provincial capital is attacked'],
  ['provincial_capital_captured', 'A provincial capital is captured'],
  ['border_crossing_control_change', 'A border crossing changes hands'],
];
const STATUSES = [
  ['', 'Everything, including unverified claims'],
  ['reported', 'Reported by the press or witnesses, or confirmed'],
  ['confirmed', 'Confirmed only'],
];
const DELIVERIES = [
  ['immediate', 'Each alert as it happens'],
  ['hourly', 'An hourly digest'],
  ['daily', 'A daily digest'],
];

const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'checked' || k === 'selected') e[k] = Boolean(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) e.append(c);
  return e;
};
const list = (s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Every IANA zone the browser knows, with UTC and the current choice always present (Chrome's list omits UTC). */
function zones(current) {
  let all = [];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    /* an old browser: UTC and the current zone only */
  }
  return [...new Set(['UTC', current, ...all].filter(Boolean))];
}

/** The filter fields, filled from a subscription (manage) or the defaults (sign-up). */
function filterFields(sub = {}) {
  const f = sub.filter ?? {};
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const tz = sub.timezone ?? here;
  return [
    el(
      'fieldset',
      {},
      el('legend', {}, 'Which events?'),
      TYPES.map(([v, label]) =>
        el(
          'label',
          { class: 'check' },
          el('input', {
            type: 'checkbox',
            name: 'eventTypes',
            value: v,
            checked: !f.eventTypes || f.eventTypes.includes(v),
          }),
          ` ${label}`,
        ),
      ),
    ),
    el(
      'label',
      { for: 'countries' },
      'Countries ',
      el('span', { class: 'muted' }, '(comma-separated; empty = all)'),
    ),
    el('input', {
      id: 'countries',
      name: 'countries',
      placeholder: 'e.g. Afghanistan',
      value: (f.countries ?? []).join(', '),
    }),
    el(
      'label',
      { for: 'provinces' },
      'Provinces ',
      el('span', { class: 'muted' }, '(comma-separated; empty = all)'),
    ),
    el('input', {
      id: 'provinces',
      name: 'provinces',
      placeholder: 'e.g. Herat, Badghis',
      value: (f.provinces ?? []).join(', '),
    }),
    el('label', { for: 'minStatus' }, 'How sure must a report be?'),
    el(
      'select',
      { id: 'minStatus', name: 'minStatus' },
      STATUSES.map(([v, label]) => el('option', { value: v, selected: (f.minStatus ?? '') === v }, label)),
    ),
    el('p', { class: 'muted' }, 'A denial of something already reported is always sent.'),
    el('label', { for: 'delivery' }, 'How often?'),
    el(
      'select',
      { id: 'delivery', name: 'delivery' },
      DELIVERIES.map(([v, label]) =>
        el('option', { value: v, selected: (sub.delivery ?? 'immediate') === v }, label),
      ),
    ),
    el(
      'label',
      { for: 'timezone' },
      'Your time zone ',
      el('span', { class: 'muted' }, '(times in e-mails and digest days)'),
    ),
    el(
      'select',
      { id: 'timezone', name: 'timezone' },
      zones(tz).map((z) => el('option', { value: z, selected: z === tz }, z)),
    ),
  ];
}

function readFilters(form) {
  const data = new FormData(form);
  const types = data.getAll('eventTypes').map(String);
  const filter = {};
  if (types.length && types.length < TYPES.length) filter.eventTypes = types;
  const countries = list(String(data.get('countries') ?? ''));
  if (countries.length) filter.countries = countries;
  const provinces = list(String(data.get('provinces') ?? ''));
  if (provinces.length) filter.provinces = provinces;
  if (data.get('minStatus')) filter.minStatus = String(data.get('minStatus'));
  return { filter, delivery: String(data.get('delivery')), timezone: String(data.get('timezone')) };
}

function show(box, kind, text, details) {
  box.replaceChildren(
    el(
      'div',
      { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
      el('p', {}, text),
      details?.length
        ? el(
            'ul',
            {},
            details.map((d) => el('li', {}, `${d.path}: ${d.message}`)),
          )
        : null,
    ),
  );
}

async function call(method, path, body, token) {
  const res = await fetch(path, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  return { ok: res.ok, status: res.status, json };
}

function subscribePage() {
  const form = document.getElementById('subscription');
  const result = document.getElementById('result');
  document.getElementById('filters').replaceChildren(...filterFields());
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const body = {
      email: String(data.get('email') ?? '').trim(),
      ...(name ? { name } : {}),
      ...readFilters(form),
    };
    const r = await call('POST', 'subscribe', body);
    if (r.ok) {
      show(result, 'ok', r.json.message ?? 'Check your inbox for the confirmation link.');
      form.querySelector('button[type=submit]').disabled = true;
    } else
      show(
        result,
        'error',
        r.json.error?.message ?? `Something went wrong (HTTP ${r.status})`,
        r.json.error?.details,
      );
  });
}

async function managePage() {
  const who = document.getElementById('who');
  const form = document.getElementById('subscription');
  const result = document.getElementById('result');
  // The token arrives in the fragment (#token=…) and is moved out of the address bar at once.
  const m = /^#token=([^&]+)/.exec(location.hash);
  const token = m ? decodeURIComponent(m[1]) : sessionStorage.getItem('watchfire.manage');
  if (m) {
    sessionStorage.setItem('watchfire.manage', token);
    history.replaceState(null, '', location.pathname);
  }
  if (!token)
    return void (who.textContent = 'Open this page from the link in one of your Watchfire e-mails.');
  const load = await call('GET', 'manage/subscription', undefined, token);
  if (!load.ok) return void (who.textContent = load.json.error?.message ?? 'This link is not valid.');
  let sub = load.json;
  const render = () => {
    who.textContent = `${sub.email}${sub.name ? ` (${sub.name})` : ''} — ${
      sub.status === 'active'
        ? 'receiving alerts'
        : sub.status === 'paused'
          ? 'paused: no alerts until you resume'
          : sub.status === 'pending'
            ? 'waiting for you to confirm (see the confirmation e-mail)'
            : 'unsubscribed'
    }.`;
    who.dataset.status = sub.status;
    const over = sub.status === 'unsubscribed';
    form.hidden = over;
    document.getElementById('actions').hidden = over;
    document.getElementById('pause').hidden = sub.status !== 'active';
    document.getElementById('resume').hidden = sub.status !== 'paused';
  };
  document.getElementById('filters').replaceChildren(...filterFields(sub));
  render();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await call(
      'PUT',
      'manage/subscription',
      { ...(sub.name ? { name: sub.name } : {}), ...readFilters(form) },
      token,
    );
    if (r.ok) {
      sub = r.json;
      render();
      show(result, 'ok', 'Saved. New alerts follow these choices.');
    } else show(result, 'error', r.json.error?.message ?? `HTTP ${r.status}`, r.json.error?.details);
  });
  for (const action of ['pause', 'resume', 'unsubscribe']) {
    document.getElementById(action).addEventListener('click', async () => {
      const r = await call('POST', `manage/${action}`, undefined, token);
      if (r.ok) {
        sub = r.json;
        render();
        show(result, 'ok', action === 'unsubscribe' ? 'Unsubscribed. No more alerts will be sent.' : 'Done.');
        if (action === 'unsubscribe') document.querySelector('main').append(result);
      } else show(result, 'error', r.json.error?.message ?? `HTTP ${r.status}`);
    });
  }
}

if (document.body.dataset.page === 'subscribe') subscribePage();
else void managePage();
