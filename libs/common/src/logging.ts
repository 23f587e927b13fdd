import type { LoggerService } from '@nestjs/common';
import pino, { type Logger as Pino, type DestinationStream } from 'pino';

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug';
export type LogFormat = 'json' | 'pretty';

/**
 * Fields pino blanks out wherever they appear in a logged object (one or two levels deep). Message
 * strings are scrubbed separately (scrubSecrets); together they keep operator tokens, SMTP passwords
 * and subscriber link tokens out of every log line.
 */
export const REDACT_PATHS = [
  'authorization',
  'token',
  'password',
  'pass',
  'smtpUrl',
  'operatorTokens',
  'signingSecret',
  'confirmToken',
  'unsubscribeToken',
  'headers.authorization',
  'headers.cookie',
  '*.authorization',
  '*.token',
  '*.password',
  '*.pass',
  '*.smtpUrl',
  '*.operatorTokens',
  '*.signingSecret',
  '*.confirmToken',
  '*.unsubscribeToken',
];

/**
 * Secrets that can hide inside a message string: bearer values, passwords in URLs
 * (smtp://user:pass@host), and the signed tokens of subscribe/confirm/unsubscribe links and query
 * strings. All three are linear-time patterns.
 */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/(Bearer\s+)\S+/gi, '$1[redacted]'],
  [/(\/\/[^:/@\s]+:)[^@/\s]+@/g, '$1[redacted]@'],
  [/([?&](?:token|t|key|secret)=)[^&\s"']+/gi, '$1[redacted]'],
  [/(\/(?:confirm|unsubscribe|u|c)\/)[A-Za-z0-9_.~-]{16,}/g, '$1[redacted]'],
];

export function scrubSecrets(text: string): string {
  let out = text;
  for (const [re, to] of SECRET_PATTERNS) out = out.replace(re, to);
  return out;
}

/** LOG_FORMAT, or pretty on a terminal and JSON otherwise (files, pipes, log shippers). */
export function logFormatFrom(env: NodeJS.ProcessEnv, isTty = !!process.stdout.isTTY): LogFormat {
  const v = env.LOG_FORMAT?.trim().toLowerCase();
  if (v === 'json' || v === 'pretty') return v;
  return isTty ? 'pretty' : 'json';
}

let root: Pino | null = null;

/**
 * The process's one pino logger. Every service in the process (three under `npm start`) logs
 * through children of it, so lines never interleave mid-line. Level is set per child; the root
 * lets everything through.
 */
export function rootLogger(
  format: LogFormat = logFormatFrom(process.env),
  destination?: DestinationStream,
): Pino {
  if (root && !destination) return root;
  const options: pino.LoggerOptions = {
    level: 'debug',
    base: { pid: process.pid, ...(processService ? { service: processService } : {}) },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: {
      // String fields are scrubbed like messages (a URL with a token passed as a field).
      log(obj) {
        for (const [k, v] of Object.entries(obj)) if (typeof v === 'string') obj[k] = scrubSecrets(v);
        return obj;
      },
    },
    hooks: {
      // Only enabled levels reach this hook, so disabled debug lines cost no regex work.
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++)
          if (typeof args[i] === 'string') args[i] = scrubSecrets(args[i] as string);
        method.apply(this, args);
      },
    },
  };
  const stream =
    destination ??
    (format === 'pretty'
      ? // Loaded only for a terminal: JSON logging does not pay for the prettifier.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- required lazily: only pretty output pays for loading it
        (require('pino-pretty') as typeof import('pino-pretty'))({
          sync: true,
          colorize: !!process.stdout.isTTY,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,context',
          messageFormat: '{if context}[{context}] {end}{msg}',
        })
      : pino.destination({ fd: 1, sync: true }));
  const logger = pino(options, stream);
  if (!destination) root = logger;
  return logger;
}

/** Nest's own boot chatter (every module and route) hides what an operator needs; it logs at debug. */
const BOOT_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'NestMicroservice',
]);

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug';

/**
 * Nest's LoggerService on pino. `logger.debug({ msg, reportId })` becomes a line with a
 * `reportId` field; a string message stays a plain `msg`. Nest's context (the Logger's name)
 * becomes the `context` field.
 */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: PinoLevel, message: unknown, rest: unknown[]): void {
    const params = rest.filter((p) => p !== undefined);
    const context = typeof params.at(-1) === 'string' ? (params.pop() as string) : undefined;
    if (level === 'info' && context && BOOT_CONTEXTS.has(context)) level = 'debug';
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = context ? { context } : {};
    let msg: string;
    if (message instanceof Error) {
      fields.err = message;
      msg = message.message;
    } else if (message && typeof message === 'object') {
      const { msg: m, message: m2, ...rest2 } = message as Record<string, unknown>;
      Object.assign(fields, rest2);
      const text = m ?? m2;
      msg = typeof text === 'string' ? text : text === undefined ? '' : JSON.stringify(text);
    } else msg = String(message);
    // Nest passes a stack trace as the string before the context in error().
    for (const p of params) {
      if (typeof p === 'string') fields.stack = p;
      else if (p && typeof p === 'object') Object.assign(fields, p);
    }
    this.pino[level](fields, msg);
  }
}

/** The Nest logger for one service at the configured level (LOG_LEVEL), on the process's pino root. */
export function serviceLogger(level: LogLevelName = 'info'): PinoNestLogger {
  if (level === 'debug') debugLogging = true;
  return new PinoNestLogger(rootLogger().child({}, { level }));
}

let debugLogging = false;
/**
 * Whether any service in this process logs at debug. Per-report and per-mail lines check it first,
 * so at the default level they cost one branch instead of building a line nobody will write.
 */
export const debugEnabled = (): boolean => debugLogging;

let processService: string | undefined;
/**
 * Names the service of a one-service process (`service` on every line). Nest's Logger is
 * process-wide, so under `npm start` (three services, one process) lines carry their `context`
 * and no service name rather than a wrong one.
 */
export function setLogService(name: string): void {
  processService = name;
}
