import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface CapturedMail {
  /** Envelope recipients. */
  to: string[];
  from: string;
  raw: Buffer;
  file?: string;
  receivedAt: string;
}

export interface MailCaptureOptions {
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** Write each message as an .eml file here. */
  dir?: string;
  maxMessageBytes?: number;
  /**
   * Decide the SMTP answer to a message before it is accepted (tests of retries): return
   * e.g. { code: 451, message: 'try later' } to refuse it, or undefined to accept.
   */
  respond?: (
    mail: { to: string[]; from: string; raw: Buffer },
    attempt: number,
  ) => { code: number; message: string } | undefined;
  onMessage?: (mail: CapturedMail) => void;
}

export interface MailCapture {
  url: string;
  port: number;
  host: string;
  messages: CapturedMail[];
  stop(): Promise<void>;
}

/**
 * A local SMTP server that keeps what it receives — the "mail capture" of `npm start` and the real
 * SMTP peer of the tests (nodemailer speaks real SMTP to it). Loopback only by default; no auth
 * (it never relays anything anywhere).
 */
export async function startMailCapture(opts: MailCaptureOptions = {}): Promise<MailCapture> {
  const host = opts.host ?? '127.0.0.1';
  const messages: CapturedMail[] = [];
  let attempts = 0;
  if (opts.dir) await mkdir(opts.dir, { recursive: true });
  let seq = 0;
  const serverOptions: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'Watchfire mail capture',
    size: opts.maxMessageBytes ?? 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        attempts += 1;
        const refusal = opts.respond?.({ to, from, raw }, attempts);
        if (refusal) {
          const err = new Error(refusal.message) as Error & { responseCode: number };
          err.responseCode = refusal.code;
          callback(err);
          return;
        }
        const mail: CapturedMail = { to, from, raw, receivedAt: new Date().toISOString() };
        const done = () => {
          messages.push(mail);
          opts.onMessage?.(mail);
          callback(null, 'Message captured');
        };
        if (!opts.dir) return done();
        const stamp = mail.receivedAt.replace(/[:.]/g, '-');
        const file = path.join(opts.dir, `${stamp}-${String(++seq).padStart(4, '0')}.eml`);
        mail.file = file;
        writeFile(file, raw).then(done, (e: Error) => callback(e));
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${host}:${port}`,
    host,
    port,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface OutboxEntry {
  file: string;
  bytes: number;
  receivedAt: string;
  to: string;
  subject: string;
}

const header = (raw: string, name: string) => {
  const m = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im').exec(raw);
  return m ? m[1].replace(/\r?\n[ \t]+/g, ' ').trim() : '';
};

/** The newest captured messages in a directory, for GET /outbox. */
export async function listOutbox(dir: string, limit = 100): Promise<OutboxEntry[]> {
  let files: string[];
  try {
    files = (await readdir(dir))
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .reverse()
      .slice(0, limit);
  } catch {
    return [];
  }
  return Promise.all(
    files.map(async (f) => {
      const full = path.join(dir, f);
      const [s, content] = await Promise.all([stat(full), readFile(full, 'utf8')]);
      const head = content.slice(0, 16_384);
      return {
        file: full,
        bytes: s.size,
        receivedAt: s.mtime.toISOString(),
        to: header(head, 'To'),
        subject: decodeMimeWords(header(head, 'Subject')),
      };
    }),
  );
}

/** RFC 2047 encoded words (=?UTF-8?B?...?= / ?Q?) -> text, for listing subjects. */
export function decodeMimeWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_m, _cs: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}
