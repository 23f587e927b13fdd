export interface HttpResult {
  status: number;
  /** The body parsed as JSON, or the text when it is not JSON (undefined when empty). */
  body: any; // JSON of the service under test: the expect() is the check
  text: string;
  headers: Headers;
}

/**
 * One HTTP call to a service under test. Objects go as JSON, strings as text/plain; a Content-Type
 * or Accept in `headers` wins (Accept defaults to JSON, so content-negotiating pages answer in JSON).
 */
export async function http(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const isText = typeof body === 'string';
  const given = new Set(Object.keys(headers).map((h) => h.toLowerCase()));
  const res = await fetch(url, {
    method,
    headers: {
      ...(body === undefined || given.has('content-type')
        ? {}
        : { 'Content-Type': isText ? 'text/plain' : 'application/json' }),
      ...(given.has('accept') ? {} : { Accept: 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : isText ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text || undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}
