// The one place that talks to the services, through the console's /api/<service>/ forwarder.
// The operator token lives in sessionStorage (this tab, until it closes) and goes out only in
// the Authorization header: never in a URL, never in a cookie, so a cross-site page cannot make
// the browser send it (no CSRF) and it does not end up in server logs or Referer headers.
const KEY = 'watchfire.operatorToken';

export const auth = {
  get token() {
    return sessionStorage.getItem(KEY);
  },
  set(token) {
    sessionStorage.setItem(KEY, token);
  },
  clear() {
    sessionStorage.removeItem(KEY);
  },
};

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.details = body?.error?.details;
  }
}

/** api('rules', 'GET', '/rules') -> {status, body, headers}; throws ApiError on 4xx/5xx. */
export async function api(service, method, path, body, headers = {}) {
  const res = await fetch(`api/${service}${path}`, {
    method,
    headers: {
      Accept: 'application/json',
      ...(auth.token ? { Authorization: `Bearer ${auth.token}` } : {}),
      ...(body === undefined
        ? {}
        : { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (res.status === 401) window.dispatchEvent(new CustomEvent('watchfire:unauthorized'));
  if (!res.ok) throw new ApiError(res.status, parsed);
  return { status: res.status, body: parsed, headers: res.headers };
}

/**
 * Server-Sent Events read with fetch, because EventSource cannot send an Authorization header
 * and the token must not go into the URL. Reconnects with a growing pause; onState reports
 * 'live' / 'reconnecting' for the header.
 */
export function streamAlerts(onAlert, onState, onOpen) {
  let stopped = false;
  let ctrl;
  let pause = 500;
  (async () => {
    while (!stopped) {
      ctrl = new AbortController();
      try {
        const res = await fetch('api/notifier/alerts/stream', {
          headers: { Accept: 'text/event-stream', Authorization: `Bearer ${auth.token}` },
          signal: ctrl.signal,
        });
        if (res.status === 401) {
          window.dispatchEvent(new CustomEvent('watchfire:unauthorized'));
          return;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState('live');
        pause = 500;
        await onOpen?.();
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let event = 'message';
            const data = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            }
            if (event === 'alert' && data.length) onAlert(JSON.parse(data.join('\n')));
          }
        }
      } catch (e) {
        if (stopped) return;
        console.warn('alert stream:', e.message);
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 10_000);
    }
  })();
  return () => {
    stopped = true;
    ctrl?.abort();
  };
}
