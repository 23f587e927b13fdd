import { html, type SafeHtml } from '@watchfire/notify';

/** A small self-contained HTML page for the public endpoints (confirm, unsubscribe). */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex">
<title>${title}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1d232b;max-width:560px;margin:40px auto;padding:0 16px">
<h1 style="font-size:20px">${title}</h1>
${body}
</body></html>
`.value;
}
