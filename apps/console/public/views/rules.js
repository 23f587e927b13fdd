import { api } from '../api.js';
import { fmtTime, h, highlight, mount, notice } from '../dom.js';
import { placeLine, severityBadge, statusBadge, typeLabel } from '../labels.js';
import { prettyWithLines, selectLine } from '../json-lines.js';
import { alertStore } from '../store.js';

const TEMPLATE = {
  name: 'Provincial capitals captured in Afghanistan',
  severity: 'high',
  when: {
    all: [
      { field: 'type', eq: 'provincial_capital_captured' },
      { field: 'location.country', eq: 'Afghanistan' },
    ],
  },
};

const etagOf = (rule) => `"${rule.version}"`;

async function toggle(rule, out) {
  const { id, version, createdAt, createdBy, updatedAt, updatedBy, history, ...spec } = rule;
  try {
    await api(
      'rules',
      'PUT',
      `/rules/${encodeURIComponent(id)}`,
      { ...spec, enabled: !rule.enabled },
      { 'If-Match': etagOf(rule) },
    );
    location.hash = '#/rules';
    dispatchEvent(new HashChangeEvent('hashchange'));
  } catch (e) {
    mount(out, notice('error', e.message));
  }
}

async function remove(rule, out) {
  if (!confirm(`Delete the rule "${rule.name}"? Its history stays on the rules topic until compaction.`))
    return;
  try {
    await api('rules', 'DELETE', `/rules/${encodeURIComponent(rule.id)}`, undefined, {
      'If-Match': etagOf(rule),
    });
    dispatchEvent(new HashChangeEvent('hashchange'));
  } catch (e) {
    mount(out, notice('error', e.message));
  }
}

export async function rulesPage() {
  const { body } = await api('rules', 'GET', '/rules');
  const out = h('div');
  return h(
    'section',
    {},
    h('h1', {}, 'Rules'),
    h('p', {}, h('a', { href: '#/rules/new', class: 'button' }, 'New rule')),
    out,
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { class: 'rules' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Name', 'Severity', 'State', 'Version', 'Last change', 'Actions'].map((t) =>
              h('th', { scope: 'col' }, t),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          body.rules.map((r) =>
            h(
              'tr',
              { dataset: { ruleId: r.id } },
              h('td', {}, h('a', { href: `#/rules/${encodeURIComponent(r.id)}` }, r.name)),
              h('td', {}, severityBadge(r.severity)),
              h('td', {}, r.enabled ? 'enabled' : 'disabled'),
              h('td', {}, r.version),
              h('td', {}, `${fmtTime(r.updatedAt)} by ${r.updatedBy}`),
              h(
                'td',
                { class: 'actions' },
                h(
                  'button',
                  { type: 'button', class: 'secondary', onclick: () => toggle(r, out) },
                  r.enabled ? 'Disable' : 'Enable',
                ),
                h('button', { type: 'button', class: 'danger', onclick: () => remove(r, out) }, 'Delete'),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The server's validation errors, each at its field path (e.g. when.all.1.eq). */
/**
 * The server's validation errors, each at its field path (e.g. when.all.1.eq). With the editor and
 * the JSON it sent, the editor is re-indented and each error names its line and selects it on click.
 */
function errorList(e, editor, sent) {
  const details = Array.isArray(e.details) ? e.details : [];
  let lineOf;
  if (editor && sent !== undefined && details.length) {
    const pretty = prettyWithLines(sent);
    editor.value = pretty.text;
    lineOf = pretty.lineOf;
  }
  return h(
    'div',
    { class: 'notice error', role: 'alert' },
    h('p', {}, e.message),
    details.length
      ? h(
          'ul',
          { class: 'field-errors' },
          details.map((d) => {
            const line = lineOf?.(d.path);
            return h(
              'li',
              {},
              h('code', {}, d.path || '(rule)'),
              ` ${d.message}`,
              line
                ? [
                    ' ',
                    h(
                      'button',
                      { type: 'button', class: 'link-inline', onclick: () => selectLine(editor, line) },
                      `line ${line}`,
                    ),
                  ]
                : null,
            );
          }),
        )
      : null,
  );
}

function historyView(rule) {
  return h(
    'ol',
    { class: 'history' },
    [...rule.history].reverse().map((e) =>
      h(
        'li',
        {},
        h('strong', {}, `v${e.version} ${e.action}`),
        ` by ${e.by}, ${fmtTime(e.at)}`,
        e.changes?.length
          ? h(
              'ul',
              { class: 'diff' },
              e.changes.map((c) => h('li', {}, h('code', {}, c))),
            )
          : null,
      ),
    ),
  );
}

function dryRunPane(editor) {
  const text = h('textarea', { id: 'dry-text', rows: 8, placeholder: 'Paste a report here…' });
  const useDraft = h('input', { type: 'checkbox', id: 'dry-draft' });
  const out = h('div', { class: 'dry-result', 'aria-live': 'polite' });
  // "Or pick a recent one": the evidence sentences of an alert the console has seen (alerts carry
  // the sentences, not the whole report).
  const recent = alertStore.list().slice(0, 30);
  const pick = recent.length
    ? h(
        'select',
        {
          id: 'dry-recent',
          'aria-label': 'Or start from a recent alert',
          onchange: (e) => {
            const a = recent.find((x) => x.id === e.currentTarget.value);
            if (a) text.value = a.event.evidence.map((ev) => ev.text).join('\n');
          },
        },
        h('option', { value: '' }, 'Or start from a recent alert…'),
        recent.map((a) =>
          h('option', { value: a.id }, `${a.location.name}: ${typeLabel(a.type)} (${a.status})`),
        ),
      )
    : null;
  const run = async () => {
    mount(out, h('p', { class: 'muted' }, 'Running…'));
    let rule;
    if (useDraft.checked) {
      try {
        rule = JSON.parse(editor.value);
      } catch (e) {
        return mount(out, notice('error', `The draft is not JSON: ${e.message}`));
      }
    }
    try {
      const { body } = await api('rules', 'POST', '/rules/test', {
        text: text.value,
        explain: 'all',
        ...(rule ? { rule } : {}),
      });
      mount(out, dryRunResult(body));
    } catch (e) {
      mount(out, errorList(e));
    }
  };
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Dry run'),
    h(
      'p',
      { class: 'muted' },
      'Nothing is published or saved: see what would be recognised and which rules would fire.',
    ),
    h('label', { for: 'dry-text' }, 'Report text'),
    text,
    pick,
    h('label', { class: 'inline' }, useDraft, ' Test the draft in the editor instead of the saved rules'),
    h('button', { type: 'button', id: 'dry-run', onclick: run }, 'Run'),
    out,
  );
}

function dryRunResult(body) {
  if (!body.events.length) return h('p', {}, 'No event recognised in this text.');
  const byEvent = (list, id) => (list ?? []).filter((v) => v.eventId === id);
  return h(
    'ol',
    { class: 'dry-events' },
    body.events.map((ev) =>
      h(
        'li',
        { class: 'dry-event', dataset: { eventId: ev.id } },
        h(
          'p',
          {},
          h('strong', {}, typeLabel(ev.type)),
          ` — ${placeLine(ev.location)} `,
          statusBadge(ev.status),
          ev.actor ? ` actor: ${ev.actor}` : '',
        ),
        h(
          'ul',
          { class: 'evidence' },
          ev.evidence.map((e) => h('li', {}, h('blockquote', {}, highlight(e.text, ev.location.name)))),
        ),
        h(
          'ul',
          { class: 'verdicts' },
          byEvent(body.matches, ev.id).map((v) =>
            h(
              'li',
              { class: 'fires' },
              h('strong', {}, `fires: ${v.ruleName}`),
              ' ',
              severityBadge(v.severity),
              h('div', { class: 'because' }, 'because ', h('code', {}, v.decidedBy)),
              v.threshold ? h('div', { class: 'muted' }, v.threshold) : null,
            ),
          ),
          byEvent(body.nonMatches, ev.id).map((v) =>
            h('li', { class: 'no-fire' }, `does not fire: ${v.ruleName} — `, h('code', {}, v.decidedBy)),
          ),
        ),
      ),
    ),
  );
}

export async function ruleEditorPage(id) {
  let rule = null;
  if (id) rule = (await api('rules', 'GET', `/rules/${encodeURIComponent(id)}`)).body;
  const spec = rule
    ? (({
        id: _i,
        version: _v,
        createdAt: _c,
        createdBy: _cb,
        updatedAt: _u,
        updatedBy: _ub,
        history: _h,
        ...s
      }) => s)(rule)
    : TEMPLATE;
  const editor = h('textarea', { id: 'rule-json', rows: 18, spellcheck: 'false', class: 'code' });
  editor.value = JSON.stringify(spec, null, 2);
  const out = h('div');
  const save = async () => {
    let parsed;
    try {
      parsed = JSON.parse(editor.value);
    } catch (e) {
      return mount(out, notice('error', `Not valid JSON: ${e.message}`));
    }
    try {
      const res = rule
        ? await api('rules', 'PUT', `/rules/${encodeURIComponent(rule.id)}`, parsed, {
            'If-Match': etagOf(rule),
          })
        : await api('rules', 'POST', '/rules', parsed);
      location.hash = `#/rules/${encodeURIComponent(res.body.id)}`;
      if (rule) dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) {
      mount(
        out,
        e.status === 409
          ? notice('error', `${e.message} Reload the rule to see the other change.`)
          : errorList(e, editor, parsed),
      );
    }
  };
  return h(
    'section',
    { class: 'rule-editor' },
    h('p', {}, h('a', { href: '#/rules' }, '← All rules')),
    h('h1', {}, rule ? `Rule: ${rule.name}` : 'New rule'),
    rule
      ? h(
          'p',
          { class: 'muted' },
          `Version ${rule.version} · ${rule.enabled ? 'enabled' : 'disabled'} · ${rule.id}`,
        )
      : null,
    h(
      'div',
      { class: 'two-col' },
      h(
        'section',
        { class: 'card' },
        h(
          'label',
          { for: 'rule-json' },
          'Rule (JSON: name, severity, when, threshold?, realert?, groupWindow?)',
        ),
        editor,
        h(
          'p',
          {},
          h(
            'button',
            { type: 'button', id: 'save-rule', onclick: save },
            rule ? 'Save (If-Match)' : 'Create',
          ),
        ),
        out,
        rule ? [h('h2', {}, 'History'), historyView(rule)] : null,
      ),
      dryRunPane(editor),
    ),
  );
}
