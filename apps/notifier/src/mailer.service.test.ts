import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { HealthRegistry, MetricsRegistry, parseConfig } from '@watchfire/common';
import { classifySmtpError, renderAlertEmail, TokenSigner } from '@watchfire/notify';
import { sampleAlert } from '@watchfire/notify/testing';
import { startSmtpSink, type SmtpSink } from '../../../tests/support/smtp-sink';
import { mailFromDomain, MailerService } from './mailer.service';
import { resolveNotifierOptions } from './notifier-options';

let sink: SmtpSink;
const mailer = (smtpUrl: string) =>
  new MailerService(
    parseConfig({
      SMTP_URL: smtpUrl,
      OPERATOR_TOKEN: 'unit-test-operator-token-01234',
      MAIL_FROM: 'Watchfire <alerts@watchfire.test>',
    }),
    resolveNotifierOptions({ smtpTimeoutMs: 2_000 }),
    new HealthRegistry(),
    new MetricsRegistry(),
  );
const mail = (email: string) =>
  renderAlertEmail(
    sampleAlert(),
    { id: `s-${email}`, email },
    {
      publicBaseUrl: 'http://127.0.0.1:1',
      unsubscribeToken: new TokenSigner('x'.repeat(20)).sign('unsubscribe', 's'),
      messageIdDomain: 'watchfire.test',
    },
  );

beforeAll(async () => {
  sink = await startSmtpSink({
    respond: ({ to }, attempt) => {
      if (to[0].startsWith('grey') && attempt === 1) return { code: 451, message: '4.7.1 Greylisted' };
      if (to[0].startsWith('bad')) return { code: 550, message: '5.1.1 No such user' };
      return undefined;
    },
  });
});
afterAll(() => sink?.stop());

describe('MailerService over real SMTP (pooled nodemailer -> smtp-server)', () => {
  it('delivers the rendered mail with its headers intact', async () => {
    const m = mailer(sink.url);
    await m.send(mail('ok@example.org'));
    m.onApplicationShutdown();
    const got = sink.accepted.find((x) => x.to[0] === 'ok@example.org')!;
    const parsed = await simpleParser(got.raw);
    expect(parsed.messageId).toBe(`<al-qala-i-naw-2021-07-07.1.s-ok=40example=2Eorg@watchfire.test>`);
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Watchfire', address: 'alerts@watchfire.test' });
    expect(got.raw.toString()).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
  });

  it('surfaces 451 as transient and 550 as permanent, and the pool keeps working', async () => {
    const m = mailer(sink.url);
    const e451 = await m.send(mail('grey@example.org')).catch((e) => e);
    expect(classifySmtpError(e451)).toMatchObject({ kind: 'transient', responseCode: 451 });
    await m.send(mail('grey@example.org'));
    const e550 = await m.send(mail('bad@example.org')).catch((e) => e);
    expect(classifySmtpError(e550)).toMatchObject({ kind: 'permanent', responseCode: 550 });
    await m.send(mail('ok2@example.org'));
    m.onApplicationShutdown();
  });

  it('a server that is not there is a transient connection failure', async () => {
    const m = mailer('smtp://127.0.0.1:1');
    const e = await m.send(mail('ok@example.org')).catch((x) => x);
    expect(classifySmtpError(e)).toMatchObject({ kind: 'transient', reason: 'connection' });
    m.onApplicationShutdown();
  });

  it('takes the Message-ID domain from MAIL_FROM', () => {
    expect(mailFromDomain('Watchfire <alerts@Watchfire.Example.org>')).toBe('watchfire.example.org');
    expect(mailFromDomain('alerts@x.org')).toBe('x.org');
    expect(mailFromDomain('nonsense')).toBe('watchfire.local');
  });
});
