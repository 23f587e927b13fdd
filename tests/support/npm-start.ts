import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { waitFor } from './wait';

export const ROOT = path.join(__dirname, '..', '..');

/**
 * Every variable `npm start` reads, so that a test run is not steered by the developer's own shell.
 * (tests/e2e/configuration.test.ts checks the README's table against its own list, not this one.)
 */
const STARTUP_VARIABLES =
  /^(KAFKA_|EMBEDDED_KAFKA_|DATA_DIR$|SMTP_URL$|MAIL_|OPERATOR_TOKEN|SIGNING_SECRET$|INGESTION_|RULES_PORT$|NOTIFIER_|HTTP_HOST$|PUBLIC_BASE_URL$|LOG_LEVEL$|LOG_FORMAT$|FEEDS_|CONSOLE_PORT$|GAZETTEER$|PLACES_FILE$)/;

/** A clean environment for `npm start`: every port free-chosen, quiet logs, plus `extra`. */
export function startEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !STARTUP_VARIABLES.test(k)) env[k] = v;
  return {
    ...env,
    DATA_DIR: dataDir,
    EMBEDDED_KAFKA_PORT: '0',
    MAIL_CAPTURE_PORT: '0',
    INGESTION_PORT: '0',
    RULES_PORT: '0',
    NOTIFIER_PORT: '0',
    CONSOLE_PORT: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export interface StartedProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `npm start`'s own command (node -r ./scripts/register.js scripts/start.ts), not waited for. */
export function spawnStart(env: Record<string, string>): StartedProcess {
  const child = spawn(process.execPath, ['-r', './scripts/register.js', 'scripts/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, stderr: () => err, exited };
}

export interface RunningStart extends StartedProcess {
  urls: { ingestion: string; rules: string; notifier: string };
  /** The operator token when npm start generated (and so printed) it. */
  token: string | null;
}

/** Spawns `npm start` and waits for its banner. */
export async function startUntilBanner(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<RunningStart> {
  const p = spawnStart(env);
  await waitFor(
    'the start-up banner',
    () => {
      if (p.child.exitCode !== null) throw new Error(`npm start exited ${p.child.exitCode}:\n${p.output()}`);
      return p.output().includes('Ctrl-C stops everything') || undefined;
    },
    timeoutMs,
  );
  const out = p.output();
  const url = (name: string) => new RegExp(`^\\s+${name}\\s+(http://\\S+)`, 'm').exec(out)?.[1] ?? '';
  return {
    ...p,
    urls: { ingestion: url('ingestion'), rules: url('rules'), notifier: url('notifier') },
    token: /operator token\s+([0-9a-f]{16,})/.exec(out)?.[1] ?? null,
  };
}

/** Sends a signal and waits for the exit code. */
export async function stopStart(
  p: StartedProcess,
  signal: NodeJS.Signals = 'SIGINT',
): Promise<number | null> {
  p.child.kill(signal);
  return p.exited;
}
