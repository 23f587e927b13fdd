import type { Alert, EventStatus, EventType, Severity } from '@watchfire/contracts';
import { severityRank } from '@watchfire/contracts';
import { alertMessageId, confirmMessageId, digestMessageId, sanitizeHeader, validDomain } from './headers';
import { html, highlight, highlightText, safeHttpUrl } from './html';
import { canonicalTimeZone, formatInstant, formatInstantLine } from './time';

/** Who a mail goes to. */
export interface Recipient {
  id: string;
  email: string;
  name?: string;
  timezone?: string;
}

export interface RenderContext {
  /** Base for links in mails (unsubscribe, confirm), e.g. https://watchfire.example.org */
  publicBaseUrl: string;
  /** Right-hand side of Message-IDs. */
  messageIdDomain?: string;
  /** Signed unsubscribe token for this recipient. */
  unsubscribeToken: string;
  /** Signed token of the subscriber's "manage my subscription" page; adds its link to the mail. */
  manageToken?: string;
  productName?: string;
}

export interface RenderedEmail {
  to: { name?: string; address: string };
  subject: string;
  text: string;
  html: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  /** Extra headers, all already header-safe. */
  headers: Record<string, string>;
}

export const TYPE_TITLES: Record<EventType, string> = {
  provincial_capital_attack: 'Provincial capital attacked',
  provincial_capital_captured: 'Provincial capital captured',
  border_crossing_control_change: 'Border crossing changed hands',
};

/** The status as read by an analyst: a claim is not a fact. */
const STATUS_LABELS: Record<EventStatus, string> = {
  claimed: 'claimed (by a party to the conflict; not independently verified)',
  reported: 'reported (by the source; not confirmed)',
  confirmed: 'confirmed',
  denied: 'denied',
};

const MAX_SOURCES_SHOWN = 10;
const MAX_EVIDENCE_SHOWN = 3;

/** A configured base URL, validated once: http(s), no credentials, no query or fragment. */
export function normalizeBaseUrl(raw: string): string {
  const url = safeHttpUrl(raw);
  if (!url) throw new Error(`PUBLIC_BASE_URL must be an http(s) URL, got ${JSON.stringify(raw)}`);
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  return u.toString().replace(/\/+$/, '');
}

/**
 * The manage page's link carries its token in the fragment: the browser never sends a fragment to
 * a server, so it stays out of access logs and Referer headers; the page sends it in a header.
 */
export function manageUrl(publicBaseUrl: string, token: string): string {
  return `${normalizeBaseUrl(publicBaseUrl)}/manage#token=${encodeURIComponent(token)}`;
}

export function unsubscribeUrl(publicBaseUrl: string, token: string): string {
  return `${normalizeBaseUrl(publicBaseUrl)}/unsubscribe?token=${encodeURIComponent(token)}`;
}

export function confirmUrl(publicBaseUrl: string, token: string): string {
  return `${normalizeBaseUrl(publicBaseUrl)}/confirm?token=${encodeURIComponent(token)}`;
}

/** Plain-text body hygiene: keep newlines and tabs, drop other controls and bidi overrides. */
export function cleanText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
}

/** Lines of a text part: absent items (false/undefined/null) vanish, blank runs collapse to one. */
function textLines(items: (string | false | null | undefined)[]): string {
  return `${items
    .filter((l): l is string => typeof l === 'string')
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** One-line text from a report (names, titles): also no newlines. */
const line = (s: string | undefined, max = 300) => (s === undefined ? '' : sanitizeHeader(s, max));

export function placeLabel(alert: Pick<Alert, 'location'>): string {
  const { name, province } = alert.location;
  return province && province !== name ? `${name} (${province})` : name;
}

/** `[SEVERITY] Type — Place (Province) — status`, header-safe; `Re: ` in front of a follow-up. */
export function alertSubject(alert: Alert, followUp = alert.kind === 'update'): string {
  const base = `[${alert.severity.toUpperCase()}] ${TYPE_TITLES[alert.type]} — ${line(placeLabel(alert), 120)} — ${alert.status}`;
  return sanitizeHeader(followUp ? `Re: ${base}` : base);
}

function listHeaders(ctx: RenderContext, domain: string): Record<string, string> {
  const url = unsubscribeUrl(ctx.publicBaseUrl, ctx.unsubscribeToken);
  return {
    'List-Unsubscribe': `<${url}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'List-Id': `${sanitizeHeader(ctx.productName ?? 'Watchfire', 60)} alerts <alerts.${domain}>`,
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
  };
}

function to(r: Recipient): RenderedEmail['to'] {
  const name = r.name ? sanitizeHeader(r.name, 100) : '';
  return name ? { name, address: r.email } : { address: r.email };
}

interface SourceView {
  label: string;
  url?: string;
  published?: string;
  status?: string;
}

function sourcesOf(alert: Alert, zone: string | undefined): { shown: SourceView[]; more: number } {
  const seen = new Set<string>();
  const all: SourceView[] = [];
  const add = (s: {
    source: string;
    title?: string;
    url?: string;
    publishedAt?: string;
    status?: string;
    reportId?: string;
  }) => {
    const url = safeHttpUrl(s.url);
    const key = url ?? `${s.reportId ?? ''}|${s.source}|${s.title ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const label = [line(s.source, 200), s.title ? `“${line(s.title, 300)}”` : ''].filter(Boolean).join(' — ');
    all.push({
      label: label || 'unnamed source',
      url,
      published: s.publishedAt ? formatInstant(s.publishedAt, zone)?.utc : undefined,
      status: s.status,
    });
  };
  if (alert.event.report)
    add({ ...alert.event.report, reportId: alert.event.reportId, status: alert.event.status });
  for (const s of alert.corroboration.sources) add(s);
  return { shown: all.slice(0, MAX_SOURCES_SHOWN), more: Math.max(0, all.length - MAX_SOURCES_SHOWN) };
}

interface TimeRow {
  label: string;
  value: string;
}

function timesOf(alert: Alert, zone: string | undefined): TimeRow[] {
  const rows: TimeRow[] = [];
  if (alert.eventDate) rows.push({ label: 'Event date', value: alert.eventDate });
  const first = formatInstantLine(alert.firstSeenAt, zone);
  if (first) rows.push({ label: 'First reported', value: first });
  if (alert.lastSeenAt !== alert.firstSeenAt) {
    const last = formatInstantLine(alert.lastSeenAt, zone);
    if (last) rows.push({ label: 'Latest report', value: last });
  }
  const created = formatInstantLine(alert.createdAt, zone);
  if (created) rows.push({ label: 'Alert issued', value: created });
  return rows;
}

function whereOf(alert: Alert): string {
  const l = alert.location;
  const kind = l.kind === 'border_crossing' ? 'border crossing' : 'provincial capital';
  const parts = [
    `${line(l.name)} (${kind})`,
    l.province ? `${line(l.province)} province` : '',
    line(l.country),
  ].filter(Boolean);
  return parts.join(', ') + (l.neighbor ? `; border with ${line(l.neighbor)}` : '');
}

const SEVERITY_COLOURS: Record<Severity, string> = {
  info: '#5f6b7a',
  low: '#2f7d32',
  medium: '#b26a00',
  high: '#c62828',
  critical: '#7b1fa2',
};

export interface AlertRenderOptions {
  /** Render as a follow-up in the thread of revision 1 (default: when alert.kind is 'update'). */
  followUp?: boolean;
}

/** The mail for one alert (or one revision of it) to one subscriber. */
export function renderAlertEmail(
  alert: Alert,
  recipient: Recipient,
  ctx: RenderContext,
  opts: AlertRenderOptions = {},
): RenderedEmail {
  const domain = validDomain(ctx.messageIdDomain ?? 'watchfire');
  const zone = canonicalTimeZone(recipient.timezone);
  const followUp = opts.followUp ?? alert.kind === 'update';
  const subject = alertSubject(alert, followUp);
  const messageId = alertMessageId(alert.id, alert.revision, recipient.id, domain);
  const threadRoot = alertMessageId(alert.id, 1, recipient.id, domain);
  // The thread hangs off revision 1; References also lists the latest revisions before this one.
  let references: string[] | undefined;
  if (followUp && alert.revision > 1) {
    references = [threadRoot];
    for (let r = Math.max(2, alert.revision - 18); r < alert.revision; r++)
      references.push(alertMessageId(alert.id, r, recipient.id, domain));
  }
  const inReplyTo = references ? threadRoot : undefined;

  const title = `${TYPE_TITLES[alert.type]} — ${line(placeLabel(alert), 120)}`;
  const evidence = alert.event.evidence
    .slice(0, MAX_EVIDENCE_SHOWN)
    .map((e) => cleanText(e.text).replace(/\s+/g, ' ').trim());
  const { shown: sources, more } = sourcesOf(alert, zone);
  const times = timesOf(alert, zone);
  const changes = followUp ? alert.changes.map((c) => line(c, 300)) : [];
  const rules = alert.rules.map((r) => line(r.name, 200));
  const unsub = unsubscribeUrl(ctx.publicBaseUrl, ctx.unsubscribeToken);
  const manage = ctx.manageToken ? manageUrl(ctx.publicBaseUrl, ctx.manageToken) : undefined;
  const product = line(ctx.productName ?? 'Watchfire', 60);
  const status = STATUS_LABELS[alert.status];
  const place = alert.location.name;

  const text = textLines([
    followUp && `UPDATE (revision ${alert.revision}) to an earlier alert`,
    ...changes.map((c) => `  * ${c}`),
    followUp && '',
    `${alert.severity.toUpperCase()}: ${title}`,
    '',
    `What:     ${TYPE_TITLES[alert.type]}`,
    `Status:   ${status}`,
    alert.actor && `Who:      ${line(alert.actor)}`,
    `Where:    ${whereOf(alert)}`,
    ...times.map((t) => `${`${t.label}:`.padEnd(16)}${t.value}`),
    `Severity: ${alert.severity.toUpperCase()} — rule${rules.length > 1 ? 's' : ''}: ${rules.join(', ')}`,
    `Reports:  ${alert.corroboration.count}`,
    '',
    'Evidence:',
    ...evidence.map((e) => `  “${highlightText(e, place)}”`),
    '',
    `Sources:`,
    ...sources.map(
      (s) =>
        `  - ${s.label}${s.published ? ` (${s.published})` : ''}${s.status ? ` [${s.status}]` : ''}${s.url ? `\n    ${s.url}` : ''}`,
    ),
    more > 0 && `  … and ${more} more`,
    '',
    '-- ',
    `You receive this because of your ${product} subscription.`,
    manage && `Change what you receive, or pause: ${manage}`,
    `Unsubscribe (one click, no login): ${unsub}`,
  ]);

  const colour = SEVERITY_COLOURS[alert.severity];
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${subject}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1d232b;max-width:680px;margin:0 auto;padding:16px">
${followUp ? html`<p style="margin:0 0 8px;padding:8px 12px;background:#fff8e1;border-left:4px solid #f9a825"><strong>Update</strong> (revision ${alert.revision}) to an earlier alert${changes.length ? html`:</p><ul style="margin:0 0 8px">${changes.map((c) => html`<li>${c}</li>`)}</ul>` : html`.</p>`}` : ''}
<p style="margin:0"><span style="display:inline-block;padding:2px 8px;border-radius:3px;background:${colour};color:#fff;font-weight:bold">${alert.severity.toUpperCase()}</span> <span style="color:#5f6b7a">${status}</span></p>
<h1 style="font-size:20px;margin:8px 0 12px">${title}</h1>
<table role="presentation" style="border-collapse:collapse;font-size:14px">
<tr><td style="padding:2px 12px 2px 0;color:#5f6b7a">Where</td><td>${whereOf(alert)}</td></tr>
${alert.actor ? html`<tr><td style="padding:2px 12px 2px 0;color:#5f6b7a">Who</td><td>${line(alert.actor)}</td></tr>` : ''}
${times.map((t) => html`<tr><td style="padding:2px 12px 2px 0;color:#5f6b7a">${t.label}</td><td>${t.value}</td></tr>`)}
<tr><td style="padding:2px 12px 2px 0;color:#5f6b7a">Rules</td><td>${rules.join(', ')}</td></tr>
<tr><td style="padding:2px 12px 2px 0;color:#5f6b7a">Reports</td><td>${alert.corroboration.count}</td></tr>
</table>
<h2 style="font-size:16px;margin:16px 0 4px">Evidence</h2>
${evidence.map((e) => html`<blockquote style="margin:4px 0;padding:4px 12px;border-left:3px solid #c5cbd3">${highlight(e, place)}</blockquote>`)}
<h2 style="font-size:16px;margin:16px 0 4px">Sources</h2>
<ul style="margin:0;padding-left:20px">${sources.map((s) => html`<li>${s.url ? html`<a href="${s.url}">${s.label}</a>` : s.label}${s.published ? html` <span style="color:#5f6b7a">(${s.published})</span>` : ''}${s.status ? html` [${s.status}]` : ''}</li>`)}${more ? html`<li>… and ${more} more</li>` : ''}</ul>
<hr style="border:0;border-top:1px solid #e1e4e8;margin:20px 0 8px">
<p style="font-size:12px;color:#5f6b7a">You receive this because of your ${product} subscription. ${manage ? html`<a href="${manage}">Manage your subscription</a> (change filters, pause) · ` : ''}<a href="${unsub}">Unsubscribe</a> (one click, no login).</p>
</body></html>
`;
  return {
    to: to(recipient),
    subject,
    text,
    html: body.value,
    messageId,
    ...(inReplyTo ? { inReplyTo, references } : {}),
    headers: {
      ...listHeaders(ctx, domain),
      'X-Watchfire-Alert': sanitizeHeader(`${alert.id}; revision=${alert.revision}`),
    },
  };
}

export interface DigestView {
  period: 'hourly' | 'daily';
  periodStart: string;
  periodEnd: string;
  alerts: Alert[];
  /** Alerts that did not fit. */
  dropped?: number;
}

/** One mail for every alert of a period. Most severe first, then most recent. */
export function renderDigestEmail(
  digest: DigestView,
  recipient: Recipient,
  ctx: RenderContext,
): RenderedEmail {
  const domain = validDomain(ctx.messageIdDomain ?? 'watchfire');
  const zone = canonicalTimeZone(recipient.timezone);
  const alerts = [...digest.alerts].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || b.lastSeenAt.localeCompare(a.lastSeenAt),
  );
  const n = alerts.length + (digest.dropped ?? 0);
  const top = alerts[0]?.severity.toUpperCase() ?? 'INFO';
  const product = line(ctx.productName ?? 'Watchfire', 60);
  const from = formatInstant(digest.periodStart, zone);
  const until = formatInstant(digest.periodEnd, zone);
  const span = `${from?.local ?? from?.utc ?? digest.periodStart} to ${until?.local ?? until?.utc ?? digest.periodEnd}`;
  const label = digest.period === 'hourly' ? 'Hourly' : 'Daily';
  const subject = sanitizeHeader(
    `[${top}] ${product} ${label.toLowerCase()} digest — ${n} alert${n === 1 ? '' : 's'} — ${from?.local ?? from?.utc ?? digest.periodStart}`,
  );
  const unsub = unsubscribeUrl(ctx.publicBaseUrl, ctx.unsubscribeToken);
  const manage = ctx.manageToken ? manageUrl(ctx.publicBaseUrl, ctx.manageToken) : undefined;

  const items = alerts.map((a) => {
    const { shown } = sourcesOf(a, zone);
    const ev = a.event.evidence[0] ? cleanText(a.event.evidence[0].text).replace(/\s+/g, ' ').trim() : '';
    return { a, subject: alertSubject(a, false), ev, source: shown[0], times: timesOf(a, zone) };
  });

  const text = textLines([
    `${product} ${label.toLowerCase()} digest: ${n} alert${n === 1 ? '' : 's'}`,
    span,
    '',
    ...items.flatMap(({ a, subject: s, ev, source, times }) => [
      `* ${s}${a.revision > 1 ? ` (revision ${a.revision})` : ''}`,
      a.actor && `  Who: ${line(a.actor)}`,
      ...times.slice(0, 2).map((t) => `  ${t.label}: ${t.value}`),
      ev && `  “${highlightText(ev, a.location.name)}”`,
      source && `  Source: ${source.label}${source.url ? ` ${source.url}` : ''}`,
      '',
    ]),
    !!digest.dropped && `… and ${digest.dropped} more alerts not shown.\n`,
    '-- ',
    `You receive this ${label.toLowerCase()} digest because of your ${product} subscription.`,
    manage && `Change what you receive, or pause: ${manage}`,
    `Unsubscribe (one click, no login): ${unsub}`,
  ]);

  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${subject}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1d232b;max-width:680px;margin:0 auto;padding:16px">
<h1 style="font-size:20px;margin:0 0 4px">${product} ${label.toLowerCase()} digest: ${n} alert${n === 1 ? '' : 's'}</h1>
<p style="margin:0 0 16px;color:#5f6b7a">${span}</p>
${items.map(
  ({
    a,
    ev,
    source,
    times,
  }) => html`<div style="margin:0 0 16px;padding:8px 12px;border-left:4px solid ${SEVERITY_COLOURS[a.severity]}">
<div><strong>[${a.severity.toUpperCase()}] ${TYPE_TITLES[a.type]} — ${placeLabel(a)}</strong> — ${a.status}${a.revision > 1 ? html` <em>(revision ${a.revision})</em>` : ''}</div>
${a.actor ? html`<div style="font-size:13px">Who: ${line(a.actor)}</div>` : ''}
${times.slice(0, 2).map((t) => html`<div style="font-size:13px;color:#5f6b7a">${t.label}: ${t.value}</div>`)}
${ev ? html`<blockquote style="margin:4px 0;padding:0 8px;border-left:2px solid #c5cbd3">${highlight(ev, a.location.name)}</blockquote>` : ''}
${source ? html`<div style="font-size:13px">Source: ${source.url ? html`<a href="${source.url}">${source.label}</a>` : source.label}</div>` : ''}
</div>`,
)}
${digest.dropped ? html`<p>… and ${digest.dropped} more alerts not shown.</p>` : ''}
<hr style="border:0;border-top:1px solid #e1e4e8;margin:20px 0 8px">
<p style="font-size:12px;color:#5f6b7a">You receive this ${label.toLowerCase()} digest because of your ${product} subscription. ${manage ? html`<a href="${manage}">Manage your subscription</a> (change filters, pause) · ` : ''}<a href="${unsub}">Unsubscribe</a> (one click, no login).</p>
</body></html>
`;
  return {
    to: to(recipient),
    subject,
    text,
    html: body.value,
    messageId: digestMessageId(recipient.id, digest.periodStart, domain),
    headers: {
      ...listHeaders(ctx, domain),
      'X-Watchfire-Digest': sanitizeHeader(`${digest.period}; ${digest.periodStart}`),
    },
  };
}

/** Double opt-in: the mail with the confirmation link. No List-Unsubscribe: nothing to leave yet. */
export function renderConfirmationEmail(
  recipient: Recipient & { version?: number },
  link: string,
  ctx: Omit<RenderContext, 'unsubscribeToken'> & { summary?: string },
): RenderedEmail {
  const domain = validDomain(ctx.messageIdDomain ?? 'watchfire');
  const product = line(ctx.productName ?? 'Watchfire', 60);
  const url = safeHttpUrl(link);
  if (!url) throw new Error('confirmation link must be an http(s) URL');
  const summary = ctx.summary ? line(ctx.summary, 500) : '';
  const subject = sanitizeHeader(`Confirm your ${product} alert subscription`);
  const text = textLines([
    `Someone (hopefully you) asked to receive ${product} alerts at ${recipient.email}.`,
    summary && `Subscription: ${summary}`,
    '',
    'To confirm, open this link:',
    url,
    '',
    'If you did not ask for this, ignore this message: nothing will be sent to you.',
  ]);
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1d232b;max-width:680px;margin:0 auto;padding:16px">
<p>Someone (hopefully you) asked to receive ${product} alerts at <strong>${recipient.email}</strong>.</p>
${summary ? html`<p>Subscription: ${summary}</p>` : ''}
<p><a href="${url}" style="display:inline-block;padding:8px 16px;background:#1565c0;color:#fff;text-decoration:none;border-radius:3px">Confirm subscription</a></p>
<p style="font-size:12px;color:#5f6b7a">If you did not ask for this, ignore this message: nothing will be sent to you.</p>
</body></html>
`;
  return {
    to: to(recipient),
    subject,
    text,
    html: body.value,
    messageId: confirmMessageId(recipient.id, recipient.version ?? 1, domain),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
  };
}
