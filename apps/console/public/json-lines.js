/**
 * JSON.stringify(value, null, 2), plus the line each path starts on ("when.all.1.matches" -> 12),
 * so a server validation error can point at the line of the rule it is about.
 */
export function prettyWithLines(value) {
  const lines = [];
  const at = new Map();
  const walk = (v, path, indent, prefix, suffix) => {
    const pad = ' '.repeat(indent);
    if (path) at.set(path, lines.length + 1);
    if (v !== null && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
      const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
      if (!entries.length) return void lines.push(`${pad}${prefix}${open}${close}${suffix}`);
      lines.push(`${pad}${prefix}${open}`);
      entries.forEach(([k, x], i) => {
        const key = Array.isArray(v) ? '' : `${JSON.stringify(k)}: `;
        walk(x, path ? `${path}.${k}` : k, indent + 2, key, i < entries.length - 1 ? ',' : '');
      });
      lines.push(`${pad}${close}${suffix}`);
    } else lines.push(`${pad}${prefix}${JSON.stringify(v)}${suffix}`);
  };
  walk(value, '', 0, '', '');
  return { text: lines.join('\n'), lineOf: (path) => lineOf(at, path) };
}

/** The line of the path, or of its nearest ancestor present (an error about a missing key). */
function lineOf(at, path) {
  const parts = String(path ?? '')
    .split('.')
    .filter(Boolean);
  while (parts.length) {
    const line = at.get(parts.join('.'));
    if (line) return line;
    parts.pop();
  }
  return 1;
}

/** Selects a whole line of a textarea (1-based) and scrolls it into view. */
export function selectLine(textarea, line) {
  const rows = textarea.value.split('\n');
  const start = rows.slice(0, line - 1).reduce((n, r) => n + r.length + 1, 0);
  textarea.focus();
  textarea.setSelectionRange(start, start + (rows[line - 1]?.length ?? 0));
  const lineHeight = textarea.scrollHeight / Math.max(rows.length, 1);
  textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
}
