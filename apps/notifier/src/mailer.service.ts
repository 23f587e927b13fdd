import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Socket } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { HealthRegistry, MetricsRegistry, WATCHFIRE_CONFIG, type WatchfireConfig } from '@watchfire/common';
import type { RenderedEmail } from '@watchfire/notify';
import { NOTIFIER_OPTIONS, type NotifierOptions } from './notifier-options';

/** The domain of MAIL_FROM, used on the right of Message-IDs. */
export function mailFromDomain(mailFrom: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom);
  return (m?.[1] ?? 'watchfire.local').toLowerCase().replace(/^\.+|\.+$/g, '') || 'watchfire.local';
}

/**
 * nodemailer over a pool of SMTP connections to SMTP_URL (the local capture under `npm start`).
 * Takes rendered mails only: every header value was sanitised by libs/notify.
 */
@Injectable()
export class MailerService implements OnApplicationShutdown {
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;
  private lastError: string | null = null;
  readonly messageIdDomain: string;

  constructor(
    @Inject(WATCHFIRE_CONFIG) private readonly config: WatchfireConfig,
    @Inject(NOTIFIER_OPTIONS) opts: NotifierOptions,
    health: HealthRegistry,
    private readonly metrics: MetricsRegistry,
  ) {
    if (!config.smtpUrl)
      throw new Error(
        'SMTP_URL is not set: the notifier needs an SMTP server (npm start provides a local capture)',
      );
    const url = new URL(config.smtpUrl);
    this.messageIdDomain = mailFromDomain(config.mailFrom);
    // The URL is parsed here, not passed as `url`: given `url`, nodemailer builds the transport from
    // the URL alone and drops every other option — no pool (a new connection, greeting and all,
    // for every mail: ~150 ms each on loopback), no timeouts, no TLS or socket settings.
    this.transport = nodemailer.createTransport({
      ...parseConnectionUrl(config.smtpUrl),
      pool: true,
      maxConnections: opts.smtpPoolSize,
      maxMessages: 10_000,
      connectionTimeout: opts.smtpTimeoutMs,
      greetingTimeout: opts.smtpTimeoutMs,
      socketTimeout: opts.smtpTimeoutMs,
      // A local capture has no certificate worth checking; a real relay on smtps:// is verified.
      tls:
        url.hostname === '127.0.0.1' || url.hostname === 'localhost'
          ? { rejectUnauthorized: false }
          : undefined,
      // Plain smtp:// (STARTTLS still negotiated by nodemailer): a socket without Nagle, so the
      // end of each message does not wait out the server's delayed ACK (~40 ms a mail otherwise).
      ...(url.protocol === 'smtp:'
        ? {
            getSocket: (_o: unknown, cb: (err: Error | null, socketOptions?: { socket: Socket }) => void) =>
              cb(null, { socket: new Socket().setNoDelay(true) }),
          }
        : {}),
    } as SMTPPool.Options);
    health.register('smtp', () => ({
      ok: true,
      detail: `${url.protocol}//${url.host}${this.lastError ? ` (last error: ${this.lastError})` : ''}`,
    }));
  }

  /** Resolves when the server accepted the message (250); rejects with nodemailer's error otherwise. */
  async send(mail: RenderedEmail): Promise<string> {
    try {
      const info = await this.transport.sendMail({
        from: this.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        inReplyTo: mail.inReplyTo,
        references: mail.references,
        headers: mail.headers,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      this.metrics.inc('watchfire_notifier_smtp_total', 'SMTP transactions by outcome', {
        outcome: 'accepted',
      });
      return info.response;
    } catch (e) {
      const err = e as { responseCode?: number; code?: string; message?: string };
      this.lastError = `${err.responseCode ?? err.code ?? ''} ${err.message ?? ''}`.trim().slice(0, 200);
      this.metrics.inc('watchfire_notifier_smtp_total', 'SMTP transactions by outcome', {
        outcome: err.responseCode ? `${Math.floor(err.responseCode / 100)}xx` : (err.code ?? 'error'),
      });
      throw e;
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
