import type { Alert } from '@watchfire/contracts';

const TYPE_TITLES: Record<Alert['type'], string> = {
  provincial_capital_attack: 'Provincial capital attacked',
  provincial_capital_captured: 'Provincial capital captured',
  border_crossing_control_change: 'Border crossing changed hands',
};

/** Header-safe: no control characters (CR/LF would start a new header), bounded length. */
export const headerSafe = (s: string, max = 200) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, max);

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function subjectOf(alert: Alert): string {
  const place = alert.location.province ? `${alert.location.name} (${alert.location.province})` : alert.location.name;
  return headerSafe(`${alert.kind === 'update' ? 'Update: ' : ''}[${alert.severity.toUpperCase()}] ${TYPE_TITLES[alert.type]} — ${place} — ${alert.status}`, 250);
}

export function renderAlert(alert: Alert): { subject: string; text: string; html: string } {
  const evidence = alert.event.evidence.map((e) => e.text).join(' … ');
  const source = alert.event.report?.source ?? alert.corroboration.sources[0]?.source ?? 'unknown source';
  const lines = [
    subjectOf(alert),
    '',
    `Evidence: “${evidence}”`,
    `Source: ${source}${alert.event.report?.url ? ` <${alert.event.report.url}>` : ''}`,
    `Report: ${alert.event.reportId}`,
    alert.actor ? `Actor: ${alert.actor}` : '',
    alert.eventDate ? `Date: ${alert.eventDate}` : '',
  ].filter((l, i) => l !== '' || i === 1);
  const html = `<!doctype html><html><body><h2>${escapeHtml(subjectOf(alert))}</h2><blockquote>${escapeHtml(evidence)}</blockquote><p>Source: ${escapeHtml(source)}<br>Report: ${escapeHtml(alert.event.reportId)}</p></body></html>`;
  return { subject: subjectOf(alert), text: lines.join('\n'), html };
}
