import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { HealthRegistry, WATCHFIRE_CONFIG, type WatchfireConfig } from '@watchfire/common';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers?: Record<string, string>;
}

/** nodemailer over a pooled SMTP connection to SMTP_URL (the local capture under `npm start`). */
@Injectable()
export class MailerService implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(WATCHFIRE_CONFIG) private readonly config: WatchfireConfig, health: HealthRegistry) {
    if (!config.smtpUrl) throw new Error('SMTP_URL is not set: the notifier needs an SMTP server (npm start provides a local capture)');
    const url = new URL(config.smtpUrl);
    url.searchParams.set('pool', 'true');
    this.transport = nodemailer.createTransport(url.toString());
    health.register('smtp', () => ({ ok: true, detail: `${url.protocol}//${url.host}` }));
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ from: this.config.mailFrom, ...mail });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
