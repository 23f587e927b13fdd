import { describe, expect, it } from 'vitest';
import type { Alert } from '@watchfire/contracts';
import { sampleAlert } from './testing/fixtures';
import { alertMessageId, atomEncode, isHeaderSafe, sanitizeHeader } from './headers';
import { escapeHtml, findPlace, highlight, html, safeHttpUrl } from './html';
import {
  alertSubject,
  normalizeBaseUrl,
  renderAlertEmail,
  renderConfirmationEmail,
  renderDigestEmail,
  type RenderContext,
} from './render';
import { TokenSigner } from './tokens';

const signer = new TokenSigner('test-secret-0123456789');
const ctx: RenderContext = {
  publicBaseUrl: 'https://watchfire.example.org/',
  unsubscribeToken: signer.sign('unsubscribe', 'sub-1', { now: 0 }),
  messageIdDomain: 'watchfire.example.org',
};
const who = { id: 'sub-1', email: 'analyst@example.org', name: 'Ana Analyst', timezone: 'Asia/Kabul' };

const INJECTIONS = [
  'Qala\r\nBcc: victim@example.org',
  'Qala\nSubject: pwned',
  'Qala\rX-Evil: 1',
  'Qala\u0000\u0007\u001b[31m',
  'Qala\u2028Bcc: x@y\u2029',
  'Qala\u0085Bcc: x@y',
  'Qala\u202eoN-alaQ',
  '=?utf-8?q?=0D=0ABcc:_x@y?=',
];

function everyHeaderSafe(m: ReturnType<typeof renderAlertEmail>): void {
  const values = [
    m.subject,
    m.messageId,
    m.inReplyTo ?? '',
    ...(m.references ?? []),
    m.to.name ?? '',
    m.to.address,
    ...Object.values(m.headers),
    ...Object.keys(m.headers),
  ];
  for (const v of values) {
    expect(isHeaderSafe(v), JSON.stringify(v)).toBe(true);
    expect(v).not.toMatch(/[\r\n]/);
  }
  expect(m.subject.length).toBeLessThanOrEqual(200);
}

describe('HTML escaping', () => {
  it('escapes interpolations and keeps SafeHtml', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'\``)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;',
    );
    expect(html`<p>${'<b>'}</p>${html`<i>ok</i>`}`.value).toBe('<p>&lt;b&gt;</p><i>ok</i>');
    expect(html`${['<a>', html`<b>`]}`.value).toBe('&lt;a&gt;<b>');
  });

  it('accepts only http(s) links', () => {
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('data:text/html,<script>')).toBeUndefined();
    expect(safeHttpUrl('/relative')).toBeUndefined();
    expect(safeHttpUrl('https://user:pw@example.org/')).toBeUndefined();
    expect(safeHttpUrl('https://example.org/a?b="><script>')).toBe(
      'https://example.org/a?b=%22%3E%3Cscript%3E',
    );
  });

  it('highlights the place after escaping, tolerant of spelling variants', () => {
    expect(highlight('Taliban attacked Qala i Naw & <b>Herat</b>', 'Qala-i-Naw').value).toBe(
      'Taliban attacked <mark>Qala i Naw</mark> &amp; &lt;b&gt;Herat&lt;/b&gt;',
    );
    expect(highlight('<script>Qala-i-Naw</script>', 'Qala-i-Naw').value).toBe(
      '&lt;script&gt;<mark>Qala-i-Naw</mark>&lt;/script&gt;',
    );
    // A hostile place name is escaped too, and cannot build a pattern.
    expect(highlight('x <img src=x onerror=alert(1)> y', '<img src=x onerror=alert(1)>').value).toBe(
      'x <mark>&lt;img src=x onerror=alert(1)&gt;</mark> y',
    );
    expect(findPlace('Qala-i-Nawabad is elsewhere', 'Qala-i-Naw')).toEqual([]);
    expect(findPlace('(.*)+ and (.*)+', '(.*)+')).toEqual([
      [0, 5],
      [10, 15],
    ]);
  });
});

describe('headers', () => {
  it('neutralises CR/LF, controls, separators and bidi overrides, and caps length', () => {
    for (const s of INJECTIONS) {
      const clean = sanitizeHeader(s);
      expect(isHeaderSafe(clean)).toBe(true);
      expect(clean).not.toMatch(/[\r\n\u0000-\u001f\u2028\u2029\u202e\u0085]/);
    }
    expect(sanitizeHeader('a\r\nb')).toBe('a b');
    const long = sanitizeHeader('x'.repeat(1000));
    expect(long.length).toBe(200);
    expect(long.endsWith('…')).toBe(true);
    // Does not split a surrogate pair.
    expect(sanitizeHeader('😀'.repeat(300), 11)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('deterministic, injective Message-IDs', () => {
    expect(alertMessageId('al-1', 2, 'sub-9', 'example.org')).toBe('<al-1.2.sub-9@example.org>');
    expect(alertMessageId('a.b', 1, 'c')).not.toBe(alertMessageId('a', 1, 'b.c'));
    expect(alertMessageId('a:b', 1, 'c')).toBe('<a=3Ab.1.c@watchfire>');
    expect(atomEncode('x.y')).toBe('x=2Ey');
    expect(() => alertMessageId('a', 1, 'b', 'evil>\r\nBcc: x')).toThrow();
  });
});

describe('renderAlertEmail', () => {
  it('renders the subject, parts, times, sources, and list headers', () => {
    const m = renderAlertEmail(sampleAlert(), who, ctx);
    expect(m.subject).toBe('[HIGH] Provincial capital attacked — Qala-i-Naw (Badghis) — reported');
    expect(m.messageId).toBe('<al-qala-i-naw-2021-07-07.1.sub-1@watchfire.example.org>');
    expect(m.inReplyTo).toBeUndefined();
    expect(m.headers['List-Unsubscribe']).toMatch(
      /^<https:\/\/watchfire\.example\.org\/unsubscribe\?token=[A-Za-z0-9_.-]+>$/,
    );
    expect(m.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(m.text).toContain('*Qala-i-Naw*');
    expect(m.html).toContain('<mark>Qala-i-Naw</mark>');
    expect(m.text).toContain('Fri, 9 Jul 2021, 10:15 UTC');
    expect(m.text).toContain('14:45 Asia/Kabul (UTC+04:30)');
    expect(m.html).toContain('href="https://news.example.org/2021/07/09/taliban"');
    expect(m.text).toContain('https://news.example.org/2021/07/09/taliban');
    expect(m.text).toContain('Who:      Taliban');
    expect(m.to).toEqual({ name: 'Ana Analyst', address: 'analyst@example.org' });
    everyHeaderSafe(m);
  });

  it('is deterministic per (alert, subscriber)', () => {
    const a = renderAlertEmail(sampleAlert(), who, ctx);
    const b = renderAlertEmail(sampleAlert(), who, ctx);
    expect(b).toEqual(a);
    expect(renderAlertEmail(sampleAlert(), { ...who, id: 'sub-2' }, ctx).messageId).not.toBe(a.messageId);
  });

  it('shows times in UTC only when the zone is missing or invalid', () => {
    const m = renderAlertEmail(sampleAlert(), { ...who, timezone: 'Mars/Olympus' }, ctx);
    expect(m.text).toContain('10:15 UTC');
    expect(m.text).not.toContain('Mars');
  });

  it('escapes everything that came from a report', () => {
    const evil = '<script>alert(document.cookie)</script>';
    const a = sampleAlert({
      actor: `${evil}Taliban`,
      location: {
        id: 'x',
        name: `Qala${evil}`,
        kind: 'provincial_capital',
        province: `<img src=x onerror=alert(1)>`,
        country: '"><svg onload=alert(1)>',
      },
      rules: [{ id: 'r', name: `<b onmouseover=alert(1)>rule</b>`, severity: 'high' }],
      corroboration: {
        count: 2,
        sources: [
          {
            reportId: 'r1',
            source: `${evil}Wire`,
            title: `</a><a href="javascript:alert(1)">`,
            url: 'javascript:alert(1)',
          },
        ],
      },
      changes: [evil],
      kind: 'update',
      revision: 2,
    });
    a.event.evidence = [{ text: `They attacked Qala${evil} today ${evil}`, start: 0, end: 10 }];
    a.event.report = { source: evil, title: evil, url: `https://example.org/"><script>x</script>` };
    const m = renderAlertEmail(a, { ...who, name: evil }, ctx);
    expect(m.html).not.toMatch(/<script|<img|<svg|<b onmouseover|href="javascript:/i);
    expect(m.html).toContain('&lt;script&gt;alert(document.cookie)&lt;/script&gt;');
    expect(m.html).toContain('href="https://example.org/%22%3E%3Cscript%3Ex%3C/script%3E"');
    // The only tags in the document are ours.
    const tags = new Set([...m.html.matchAll(/<\/?([a-z0-9!]+)/gi)].map((x) => x[1].toLowerCase()));
    expect([...tags].sort()).toEqual(
      [
        '!doctype',
        'a',
        'blockquote',
        'body',
        'h1',
        'h2',
        'head',
        'hr',
        'html',
        'li',
        'mark',
        'meta',
        'p',
        'span',
        'strong',
        'table',
        'td',
        'title',
        'tr',
        'ul',
      ]
        .filter((t) => tags.has(t))
        .sort(),
    );
    expect(tags.has('script')).toBe(false);
    everyHeaderSafe(m);
  });

  it('neutralises header injection in every field that reaches a header', () => {
    for (const inj of INJECTIONS) {
      const a = sampleAlert({
        location: { id: 'x', name: inj, kind: 'provincial_capital', province: inj, country: inj },
      });
      const m = renderAlertEmail(a, { ...who, name: inj }, ctx);
      everyHeaderSafe(m);
      expect(m.subject).toMatch(/^\[HIGH\] Provincial capital attacked — /);
      expect(m.subject).not.toContain('=?');
    }
    expect(() =>
      renderAlertEmail(sampleAlert(), who, { ...ctx, publicBaseUrl: 'javascript:alert(1)' }),
    ).toThrow();
    // The token is URL-encoded into the link, so even a hostile token cannot break the header.
    const m = renderAlertEmail(sampleAlert(), who, { ...ctx, unsubscribeToken: 'a>\r\nBcc: x@y' });
    everyHeaderSafe(m);
  });

  it('caps a very long subject', () => {
    const a = sampleAlert({
      location: {
        id: 'x',
        name: 'N'.repeat(200),
        kind: 'provincial_capital',
        province: 'P'.repeat(200),
        country: 'C',
      },
    });
    const s = alertSubject(a);
    expect(s.length).toBeLessThanOrEqual(200);
    expect(s.startsWith('[HIGH]')).toBe(true);
  });

  it('renders an update as a follow-up in the thread of revision 1', () => {
    const a = sampleAlert({
      kind: 'update',
      revision: 3,
      status: 'confirmed',
      changes: ['status: claimed -> confirmed'],
    });
    const m = renderAlertEmail(a, who, ctx);
    expect(m.subject).toBe('Re: [HIGH] Provincial capital attacked — Qala-i-Naw (Badghis) — confirmed');
    expect(m.messageId).toBe('<al-qala-i-naw-2021-07-07.3.sub-1@watchfire.example.org>');
    expect(m.inReplyTo).toBe('<al-qala-i-naw-2021-07-07.1.sub-1@watchfire.example.org>');
    expect(m.references).toEqual([
      '<al-qala-i-naw-2021-07-07.1.sub-1@watchfire.example.org>',
      '<al-qala-i-naw-2021-07-07.2.sub-1@watchfire.example.org>',
    ]);
    expect(m.text).toContain('UPDATE (revision 3)');
    expect(m.text).toContain('status: claimed -> confirmed');
    expect(m.html).toContain('status: claimed -&gt; confirmed');
    // References stay bounded for long-lived alerts.
    const many = renderAlertEmail(sampleAlert({ kind: 'update', revision: 100 }), who, ctx);
    expect(many.references!.length).toBeLessThanOrEqual(20);
    expect(many.references![0]).toBe(many.inReplyTo);
    // Rendered as new when the caller knows the subscriber never got the thread start.
    expect(renderAlertEmail(a, who, ctx, { followUp: false }).subject.startsWith('[HIGH]')).toBe(true);
  });
});

describe('renderDigestEmail', () => {
  it('puts many alerts in one mail, most severe first, with the list headers', () => {
    const alerts: Alert[] = [
      sampleAlert({ id: 'a1', severity: 'medium' }),
      sampleAlert({
        id: 'a2',
        severity: 'critical',
        type: 'border_crossing_control_change',
        location: {
          id: 'islam-qala',
          name: 'Islam Qala',
          kind: 'border_crossing',
          province: 'Herat',
          country: 'Afghanistan',
          neighbor: 'Iran',
        },
        status: 'claimed',
      }),
      sampleAlert({ id: 'a3', severity: 'high', actor: '<script>x</script>' }),
    ];
    const m = renderDigestEmail(
      {
        period: 'daily',
        periodStart: '2021-07-08T19:30:00.000Z',
        periodEnd: '2021-07-09T19:30:00.000Z',
        alerts,
      },
      who,
      ctx,
    );
    expect(m.subject).toMatch(/^\[CRITICAL\] Watchfire daily digest — 3 alerts — /);
    expect(m.text.indexOf('Islam Qala')).toBeLessThan(m.text.indexOf('[HIGH]'));
    expect(m.text.indexOf('[HIGH]')).toBeLessThan(m.text.indexOf('[MEDIUM]'));
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;');
    expect(m.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(m.messageId).toBe('<digest.sub-1.2021-07-08T19=3A30=3A00=2E000Z@watchfire.example.org>');
    expect(m.text).toContain('Fri, 9 Jul 2021, 00:00 Asia/Kabul');
    everyHeaderSafe(m);
  });
});

describe('renderConfirmationEmail', () => {
  it('has the link, escaped, and no list headers', () => {
    const m = renderConfirmationEmail(
      { id: 's', email: 'a@example.org' },
      'https://w.example.org/confirm?token=abc&x=<y>',
      { publicBaseUrl: 'https://w.example.org', summary: '<b>Badghis</b>' },
    );
    expect(m.text).toContain('https://w.example.org/confirm?token=abc&x=%3Cy%3E');
    expect(m.html).toContain('href="https://w.example.org/confirm?token=abc&amp;x=%3Cy%3E"');
    expect(m.html).toContain('&lt;b&gt;Badghis&lt;/b&gt;');
    expect(m.headers['List-Unsubscribe']).toBeUndefined();
    expect(() =>
      renderConfirmationEmail({ id: 's', email: 'a@example.org' }, 'javascript:x', {
        publicBaseUrl: 'https://w',
      }),
    ).toThrow();
  });

  it('normalises the base URL', () => {
    expect(normalizeBaseUrl('http://localhost:3003/')).toBe('http://localhost:3003');
    expect(normalizeBaseUrl('https://x.example.org/app/?q=1#f')).toBe('https://x.example.org/app');
    expect(() => normalizeBaseUrl('ftp://x')).toThrow();
  });
});
