import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMail {
  to: string[];
  raw: Buffer;
  messageId: string;
  receivedAt: number;
  parsed(): Promise<ParsedMail>;
}

export type SinkReply = { code: number; message: string } | undefined;

export interface SmtpSinkOptions {
  /** Decides the answer to each message (undefined = 250). `attempt` counts per Message-ID, from 1. */
  respond?: (
    mail: { to: string[]; messageId: string; raw: Buffer },
    attempt: number,
  ) => SinkReply | Promise<SinkReply>;
  /** Delay before answering each message (a slow server). */
  delayMs?: number;
  /** Awaited before answering each message: a test can hold answers back (never resolve = never answer). */
  gate?: () => Promise<void> | void;
}

export interface SmtpSink {
  url: string;
  /** Messages answered 250, in order. */
  accepted: SinkMail[];
  /** Every DATA transaction, whatever the answer. */
  attempts: { messageId: string; code: number }[];
  byMessageId(id: string): SinkMail[];
  stop(): Promise<void>;
}

/** A real SMTP server (smtp-server) that can be told to fail; nodemailer speaks SMTP to it. */
export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const accepted: SinkMail[] = [];
  const attempts: { messageId: string; code: number }[] = [];
  const perId = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 200,
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          const raw = Buffer.concat(chunks);
          const head = raw.subarray(0, Math.min(raw.length, 16_384)).toString('utf8');
          const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? '';
          const to = session.envelope.rcptTo.map((r) => r.address);
          const n = (perId.get(messageId) ?? 0) + 1;
          perId.set(messageId, n);
          if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
          await opts.gate?.();
          const reply = await opts.respond?.({ to, messageId, raw }, n);
          if (reply) {
            attempts.push({ messageId, code: reply.code });
            const err = Object.assign(new Error(reply.message), { responseCode: reply.code });
            callback(err);
            return;
          }
          attempts.push({ messageId, code: 250 });
          accepted.push({ to, raw, messageId, receivedAt: Date.now(), parsed: () => simpleParser(raw) });
          callback(null, 'queued');
        })();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined);
  // No Nagle on loopback: otherwise each reply waits out the peer's delayed ACK (~40 ms).
  server.server.on('connection', (socket: import('node:net').Socket) => socket.setNoDelay(true));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    attempts,
    byMessageId: (id) => accepted.filter((m) => m.messageId === id),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
