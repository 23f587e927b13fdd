import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, http, startSystem, waitFor, type RunningSystem } from '../support/system';

const article = readFileSync(path.join(__dirname, '..', '..', 'examples', 'reference-article.txt'), 'utf8');
// The README's walk-through lists the e-mails this article produces ("#   [HIGH] ..."): it must stay exact.
const readmeSubjects = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8')
  .split('\n')
  .filter((l) => /^#\s+\[[A-Z]+\] /.test(l))
  .map((l) => l.replace(/^#\s+/, '').trim())
  .sort();

describe('report in over HTTP -> Kafka -> rules -> Kafka -> e-mail out', () => {
  let sys: RunningSystem;
  beforeAll(async () => {
    sys = await startSystem();
  }, 90_000);
  afterAll(async () => {
    await sys?.stop();
  });

  it('every service is healthy once its Kafka clients are connected', async () => {
    for (const url of Object.values(sys.urls)) {
      const r = await waitFor(`${url}/health`, async () => {
        const h = await http('GET', `${url}/health`);
        return h.status === 200 ? h : undefined;
      });
      expect(r.body.status).toBe('ok');
    }
  });

  it('e-mails each subscriber once per event of the reference article, and nothing more when it is posted again', async () => {
    const subs = ['ana@example.org', 'omar@example.net'];
    for (const email of subs) {
      const r = await http('POST', `${sys.urls.notifier}/subscriptions`, { email }, auth);
      expect(r.status).toBe(201);
    }
    const first = await http('POST', `${sys.urls.ingestion}/reports?source=wire`, article);
    expect(first.status).toBe(202);
    expect(first.body.duplicate).toBe(false);

    await waitFor(
      'six e-mails (3 events x 2 subscribers)',
      () => sys.mail.messages.length >= 6 || undefined,
      30_000,
    );
    const parsed = await Promise.all(sys.mail.messages.map((m) => simpleParser(m.raw)));
    const byRecipient = new Map<string, string[]>();
    for (const [i, m] of sys.mail.messages.entries()) {
      for (const to of m.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), parsed[i].subject ?? '']);
    }
    for (const email of subs) {
      const subjects = (byRecipient.get(email) ?? []).sort();
      expect(subjects).toHaveLength(3);
      expect(subjects).toEqual(readmeSubjects);
      expect(subjects.some((s) => /Islam Qala/.test(s) && /claimed/.test(s))).toBe(true);
      expect(subjects.some((s) => /Sher Khan Bandar/.test(s))).toBe(true);
      expect(subjects.some((s) => /Qala-i-Naw/.test(s) && /attack/i.test(s))).toBe(true);
    }

    // The same article again, and again from another source: a duplicate, published once.
    const again = await http('POST', `${sys.urls.ingestion}/reports?source=wire`, article);
    const elsewhere = await http('POST', `${sys.urls.ingestion}/reports`, {
      source: 'another-agency',
      body: article.split('\n').slice(1).join('\n'),
      publishedAt: '2021-07-09',
    });
    expect(again.body).toEqual({ id: first.body.id, duplicate: true });
    expect(elsewhere.status).toBe(202);
    expect(elsewhere.body).toEqual({ id: first.body.id, duplicate: true });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(sys.mail.messages).toHaveLength(6);
  }, 60_000);

  it('keeps a report marked as another language but does not run the English extractor on it', async () => {
    const before = sys.mail.messages.length;
    const body =
      'Taliban fighters captured Zaranj, the capital of Nimruz province, on Friday, officials said.';
    const r = await http('POST', `${sys.urls.ingestion}/reports`, {
      source: 'wire',
      body,
      language: 'fa',
      publishedAt: '2021-08-07',
    });
    expect(r.status).toBe(202);
    const skipped = await waitFor('the rules service to skip it', async () => {
      const m = await http('GET', `${sys.urls.rules}/metrics`);
      return /watchfire_reports_skipped_total\{reason="language"\} 1/.test(m.body) || undefined;
    });
    expect(skipped).toBe(true);
    await new Promise((res) => setTimeout(res, 1_000));
    expect(sys.mail.messages).toHaveLength(before);
  }, 30_000);
});
