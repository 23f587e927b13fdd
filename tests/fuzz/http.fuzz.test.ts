import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, TEST_TOKEN, type RunningSystem } from '../support/system';
import { ENDPOINTS, type Endpoint } from './endpoints';
import { registeredRoutes } from './routes';

/**
 * Property-based fuzzing of every HTTP endpoint of the three services, over real HTTP, against the
 * running system (embedded broker, real SMTP capture): whatever the method's path ids, query
 * string, headers and body, the answer is never a 5xx; a 4xx is the JSON error shape (or the HTML
 * page of a public link); an operator endpoint without a valid token is 401 whatever else the
 * request holds; and every service is healthy afterwards.
 *
 * FUZZ_RUNS cases per endpoint (100 in `npm test`, about 3,800 requests; `npm run fuzz` runs 2,000). A failure prints
 * the shrunk request and the seed to replay it (FUZZ_SEED).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

interface FuzzRequest {
  path: string;
  query: Array<[string, string]>;
  auth: 'good' | 'none' | 'wrong';
  contentType: string | null;
  accept: string | null;
  ifMatch: string | null;
  body: string | Uint8Array | null;
}

const ascii = (max: number) =>
  fc.string({
    unit: fc.constantFrom(...' !"#$%&\'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~'),
    maxLength: max,
  });
const anyText = (max: number) => fc.string({ unit: 'binary', maxLength: max });

/** Every byte percent-encoded (lone surrogates and invalid UTF-8 included: the server must cope). */
const percentEncode = (s: string | Uint8Array) =>
  [...(typeof s === 'string' ? Buffer.from(s, 'utf8') : s)]
    .map((b) => `%${b.toString(16).padStart(2, '0')}`)
    .join('');

const ids = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 40 }),
  fc.constantFrom('x', '1', 'default-capital-captured', 'a.1.b', '..', 'null', '%00', 'a'.repeat(600)),
  anyText(80).filter((s) => s.length > 0),
);

function deep(n: number, open: string, close: string, inner = '1'): string {
  return `${open.repeat(n)}${inner}${close.repeat(n)}`;
}

/** Replaces, deletes or adds one value somewhere inside a valid example. */
function mutate(example: unknown, pick: number, value: unknown, op: 'replace' | 'delete' | 'add'): unknown {
  const copy = structuredClone<unknown>(example);
  const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const stack: unknown[] = [copy];
  while (stack.length) {
    const v = stack.pop();
    if (v && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) {
        slots.push([v as Record<string, unknown>, Array.isArray(v) ? Number(k) : k]);
        stack.push(c);
      }
    }
  }
  if (!slots.length) return value;
  const [parent, key] = slots[pick % slots.length];
  if (op === 'delete' && !Array.isArray(parent)) delete parent[key as string];
  else if (op === 'add' && !Array.isArray(parent)) parent[`fuzz${pick}`] = value;
  else (parent as Record<string | number, unknown>)[key] = value;
  return copy;
}

function bodies(ep: Endpoint): fc.Arbitrary<string | Uint8Array | null> {
  const json = fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v));
  const options: Array<fc.Arbitrary<string | Uint8Array | null>> = [
    json,
    anyText(300),
    fc.uint8Array({ maxLength: 300 }),
    fc.constantFrom('', '{', '[', 'null', '1', '"x"', '{"a":}', '\ufeff{}', '[]', '{}'),
    fc
      .tuple(
        fc.integer({ min: 60, max: 100_000 }),
        fc.constantFrom<[string, string]>(['[', ']'], ['{"a":', '}']),
      )
      .map(([n, [o, c]]) => deep(n, o, c)),
  ];
  if (ep.examples?.length) {
    const examples = ep.examples;
    options.push(
      fc
        .tuple(
          fc.nat({ max: examples.length - 1 }),
          fc.nat(),
          fc.jsonValue({ maxDepth: 4 }),
          fc.constantFrom<'replace' | 'delete' | 'add'>('replace', 'delete', 'add'),
        )
        .map(([i, pick, value, op]) => JSON.stringify(mutate(examples[i], pick, value, op))),
      // nesting hidden inside an otherwise valid body (a rule's conditions, say)
      fc
        .tuple(fc.nat({ max: examples.length - 1 }), fc.nat(), fc.integer({ min: 10, max: 20_000 }))
        .map(([i, pick, n]) =>
          JSON.stringify(mutate(examples[i], pick, '__DEEP__', 'replace')).replace(
            '"__DEEP__"',
            deep(n, '{"not":', '}', '{"field":"type","in":["x"]}'),
          ),
        ),
      fc.constantFrom(...examples.map((e) => JSON.stringify(e))),
    );
  }
  // fetch cannot send a body with GET
  if (ep.method === 'GET') return fc.constant(null);
  return ep.method === 'DELETE'
    ? fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.oneof(...options), weight: 1 })
    : fc.oneof({ arbitrary: fc.oneof(...options), weight: 6 }, { arbitrary: fc.constant(null), weight: 1 });
}

function requests(ep: Endpoint): fc.Arbitrary<FuzzRequest> {
  const keys = fc.oneof(
    fc.constantFrom(...(ep.query ?? []), 'limit', 'x', 'email[a]', 'token[]', '__proto__', 'constructor'),
    ascii(12),
  );
  return fc.record({
    path: fc
      .array(ids, { minLength: 2, maxLength: 2 })
      .map(([a, b]) => ep.path.replace(':id', percentEncode(a)).replace(':id', percentEncode(b))),
    query: fc.array(fc.tuple(keys, fc.oneof(ascii(40), anyText(40))), { maxLength: 4 }),
    auth: fc.constantFrom<FuzzRequest['auth']>('good', 'good', 'good', 'good', 'none', 'wrong'),
    contentType: fc.option(
      fc.oneof(
        fc.constantFrom(
          'application/json',
          'application/json',
          'application/json; charset=utf-8',
          'application/json; charset=latin1',
          'application/json; charset=utf-16',
          'application/merge-patch+json',
          'text/plain',
          'application/x-ndjson',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'text/html',
        ),
        ascii(40),
      ),
      { freq: 4 },
    ),
    accept: fc.option(fc.constantFrom('application/json', 'text/html', '*/*', 'image/png'), { freq: 2 }),
    ifMatch: fc.option(
      fc.oneof(fc.constantFrom('"1"', 'W/"1"', '*', '"1", "2"', '"99999999999"'), ascii(20)),
      {
        freq: 3,
      },
    ),
    body: bodies(ep),
  });
}

async function send(base: string, ep: Endpoint, r: FuzzRequest) {
  const qs = new URLSearchParams(r.query).toString();
  const headers: Record<string, string> = {};
  if (r.auth === 'good') headers.Authorization = `Bearer ${TEST_TOKEN}`;
  if (r.auth === 'wrong') headers.Authorization = 'Bearer not-the-token-0123456789';
  if (r.contentType !== null) headers['Content-Type'] = r.contentType;
  if (r.accept !== null) headers.Accept = r.accept;
  if (r.ifMatch !== null) headers['If-Match'] = r.ifMatch;
  const res = await fetch(`${base}${r.path}${qs ? `?${qs}` : ''}`, {
    method: ep.method,
    headers,
    body: r.body === null ? undefined : r.body,
  });
  // An event stream (GET /alerts/stream) never ends: its status and type are the answer.
  if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, type: 'text/event-stream', text: '' };
  }
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

function describeRequest(ep: Endpoint, r: FuzzRequest): string {
  const body = r.body === null ? '' : typeof r.body === 'string' ? r.body : `<${r.body.length} bytes>`;
  return `${ep.method} ${r.path} q=${JSON.stringify(r.query)} auth=${r.auth} ct=${r.contentType} body=${body.slice(0, 200)}`;
}

let system: RunningSystem;
const baseOf = (ep: Endpoint) => system.urls[ep.service];

beforeAll(async () => {
  // No feed polling (a fuzzed feed URL is never fetched) and no ingestion rate limit (a 429 would
  // hide the rest of the pipeline from the fuzzer); both are read when ingestion starts.
  process.env.FEEDS_POLLING = 'off';
  process.env.INGESTION_RATE_PER_SECOND = '0';
  system = await startSystem();
}, 60_000);

afterAll(async () => {
  await system?.stop();
  delete process.env.FEEDS_POLLING;
  delete process.env.INGESTION_RATE_PER_SECOND;
});

describe('HTTP fuzzing (fast-check, every endpoint, real services)', () => {
  it('covers every route the services register', () => {
    const listed = new Set(ENDPOINTS.map((e) => `${e.service} ${e.method} ${e.path}`));
    const missing = registeredRoutes(system).filter((r) => !listed.has(r));
    expect(missing, 'add these to tests/fuzz/endpoints.ts').toEqual([]);
  });

  for (const ep of ENDPOINTS) {
    it(`${ep.service} ${ep.method} ${ep.path}: no 5xx, errors in the contract shape, 401 before anything`, async () => {
      await fc.assert(
        fc.asyncProperty(requests(ep), async (r) => {
          const res = await send(baseOf(ep), ep, r);
          const what = `${describeRequest(ep, r)} -> ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status, what).toBeLessThan(500);
          // Where the request reaches the endpoint at all (a path that does not decode, or that
          // resolves elsewhere — /a/%2e%2e/b — is the router's 400/404), no token means 401.
          const routed = !(
            (res.status === 400 && res.text.includes('Failed to decode param')) ||
            (res.status === 404 && res.text.includes('"Cannot '))
          );
          if (ep.operator && r.auth !== 'good' && routed) expect(res.status, what).toBe(401);
          if (res.status >= 400) {
            if (ep.html && res.type.startsWith('text/html')) return;
            expect(res.type, what).toMatch(/^application\/json/);
            const body = JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown } };
            expect(typeof body.error?.code, what).toBe('string');
            expect(typeof body.error?.message, what).toBe('string');
          }
        }),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
      const health = await fetch(`${baseOf(ep)}/health`);
      expect(health.status).toBe(200);
    }, 120_000);
  }
});
