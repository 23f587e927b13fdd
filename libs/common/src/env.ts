/**
 * The one environment parser. Every setting of every service is read through these functions, by
 * `npm start` and by each service's main.ts alike, so a value means the same everywhere and every
 * problem is one line naming the variable, the value and what is expected.
 */
export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The trimmed value, or undefined when unset or blank (blank means "use the default"). */
export function envString(env: Env, key: string): string | undefined {
  const raw = env[key]?.trim();
  return raw ? raw : undefined;
}

function bad(key: string, raw: string, expected: string): ConfigError {
  return new ConfigError(`${key}=${JSON.stringify(raw)} ${expected}`);
}

/** A finite number in [min, max]. */
export function envNumber(env: Env, key: string, def: number, min: number, max: number): number {
  const raw = envString(env, key);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max)
    throw bad(key, raw, `must be a number from ${min} to ${max}`);
  return n;
}

/** An integer in [min, max]. */
export function envInt(env: Env, key: string, def: number, min: number, max: number): number {
  const raw = envString(env, key);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw bad(key, raw, `must be an integer from ${min} to ${max}`);
  return n;
}

/** A TCP port; 0 lets the system pick a free one. */
export function envPort(env: Env, key: string, def: number): number {
  const raw = envString(env, key);
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw bad(key, raw, 'is not a TCP port (0-65535)');
  return n;
}

const ON = ['on', 'true', '1', 'yes'];
const OFF = ['off', 'false', '0', 'no'];

/** on/off (also true/false, 1/0, yes/no). */
export function envSwitch(env: Env, key: string, def: boolean): boolean {
  const raw = envString(env, key);
  if (raw === undefined) return def;
  const v = raw.toLowerCase();
  if (ON.includes(v)) return true;
  if (OFF.includes(v)) return false;
  throw bad(key, raw, 'must be on or off');
}

/** One of a fixed list of words. */
export function envOneOf<T extends string>(env: Env, key: string, values: readonly T[], def: T): T {
  const raw = envString(env, key);
  if (raw === undefined) return def;
  if (!(values as readonly string[]).includes(raw))
    throw bad(key, raw, `must be one of ${values.join(', ')}`);
  return raw as T;
}

/** A free-form value checked by a pattern; `expected` completes "KEY=… must …". */
export function envMatching(env: Env, key: string, pattern: RegExp, expected: string): string | undefined {
  const raw = envString(env, key);
  if (raw !== undefined && !pattern.test(raw)) throw bad(key, raw, expected);
  return raw;
}

/** Runs a parser whose own errors are plain Errors (e.g. a list parser in another lib) as a ConfigError. */
export function asConfigError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw e instanceof ConfigError ? e : new ConfigError((e as Error).message);
  }
}
