import { api, auth, streamAlerts } from './api.js';
import { h, mount, notice } from './dom.js';
import { alertStore } from './store.js';
import { alertPage, alertsPage } from './views/alerts.js';
import { mapPage } from './views/map.js';
import { rulesPage, ruleEditorPage } from './views/rules.js';
import { silencesPage } from './views/silences.js';
import { deliveriesPage, subscriptionsPage } from './views/subscriptions.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const live = document.getElementById('live');
let stopStream = null;
/** The current page's cleanup (e.g. its store listener). */
let leave = null;

/**
 * `npm start` prints a sign-in link with the token in the fragment (#token=…): the fragment is
 * never sent to a server. It is moved into sessionStorage and removed from the address bar at
 * once, so it is not left in the history or a bookmark either.
 */
function takeTokenFromFragment() {
  const m = /^#token=([^&]+)/.exec(location.hash);
  if (!m) return;
  auth.set(decodeURIComponent(m[1]));
  history.replaceState(null, '', `${location.pathname}${location.search}#/alerts`);
}

const routes = [
  [/^#\/alerts\/([^/?]+)$/, (m) => alertPage(decodeURIComponent(m[1]))],
  [/^#\/alerts(?:\?(.*))?$/, (m) => alertsPage(new URLSearchParams(m[1] ?? ''))],
  [/^#\/map$/, () => mapPage()],
  [/^#\/rules\/new$/, () => ruleEditorPage(null)],
  [/^#\/rules\/([^/?]+)$/, (m) => ruleEditorPage(decodeURIComponent(m[1]))],
  [/^#\/rules$/, () => rulesPage()],
  [/^#\/silences(?:\?(.*))?$/, (m) => silencesPage(new URLSearchParams(m[1] ?? ''))],
  [/^#\/subscriptions$/, () => subscriptionsPage()],
  [/^#\/deliveries(?:\?(.*))?$/, (m) => deliveriesPage(new URLSearchParams(m[1] ?? ''))],
];

async function route() {
  leave?.();
  leave = null;
  if (!auth.token) return signInPage();
  const hash = location.hash && location.hash !== '#' ? location.hash : '#/alerts';
  for (const a of nav.querySelectorAll('a'))
    a.toggleAttribute('aria-current', hash.startsWith(a.getAttribute('href')));
  const found = routes.find(([re]) => re.test(hash));
  if (!found) return mount(main, notice('error', `No page at ${hash}`));
  try {
    const page = await found[1](found[0].exec(hash));
    if (typeof page?.leave === 'function') leave = page.leave;
    mount(main, page?.el ?? page);
    main.focus({ preventScroll: true });
  } catch (e) {
    mount(main, notice('error', e.message));
  }
}

function signInPage() {
  nav.hidden = true;
  stopStream?.();
  stopStream = null;
  live.textContent = '';
  const input = h('input', {
    id: 'token',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    minlength: 16,
  });
  const msg = h('div');
  const form = h(
    'form',
    {
      class: 'card narrow',
      onsubmit: async (e) => {
        e.preventDefault();
        auth.set(input.value.trim());
        try {
          await api('notifier', 'GET', '/alerts?limit=1');
          start();
        } catch (err) {
          auth.clear();
          mount(
            msg,
            notice('error', err.status === 401 ? 'That token is not an operator token.' : err.message),
          );
        }
      },
    },
    h('h1', {}, 'Sign in'),
    h(
      'p',
      {},
      'Paste the operator token (OPERATOR_TOKEN, or the one npm start generated). It is kept for this tab only.',
    ),
    h('label', { for: 'token' }, 'Operator token'),
    input,
    h('button', { type: 'submit' }, 'Sign in'),
    msg,
  );
  mount(main, form);
  input.focus();
}

function start() {
  nav.hidden = false;
  if (!stopStream) {
    stopStream = streamAlerts(
      (m) => alertStore.put(m.alert),
      (state) => {
        live.textContent = state === 'live' ? '● live' : '○ reconnecting…';
        live.className = `live ${state}`;
      },
      () => alertStore.load(),
    );
  }
  if (!location.hash || location.hash === '#') location.hash = '#/alerts';
  else void route();
}

document.getElementById('sign-out').addEventListener('click', () => {
  auth.clear();
  location.hash = '#/alerts';
  signInPage();
});
window.addEventListener('watchfire:unauthorized', () => {
  auth.clear();
  signInPage();
});
window.addEventListener('hashchange', () => {
  if (/^#token=/.test(location.hash)) {
    takeTokenFromFragment();
    start();
    return;
  }
  void route();
});

takeTokenFromFragment();
if (auth.token) start();
else signInPage();
