import { describe, expect, it } from 'vitest';
import { ConfigError, envInt, envNumber, envOneOf, envPort, envSwitch } from './env';

describe('the environment parser', () => {
  it('uses the default when a variable is unset or blank', () => {
    expect(envInt({}, 'N', 7, 1, 10)).toBe(7);
    expect(envInt({ N: '  ' }, 'N', 7, 1, 10)).toBe(7);
    expect(envSwitch({}, 'S', true)).toBe(true);
  });

  it('reads good values, trimmed', () => {
    expect(envInt({ N: ' 3 ' }, 'N', 7, 1, 10)).toBe(3);
    expect(envNumber({ R: '0.5' }, 'R', 1, 0, 10)).toBe(0.5);
    expect(envPort({ P: '0' }, 'P', 80)).toBe(0);
    expect(envSwitch({ S: 'OFF' }, 'S', true)).toBe(false);
    expect(envOneOf({ L: 'warn' }, 'L', ['info', 'warn'] as const, 'info')).toBe('warn');
  });

  it.each([
    [() => envInt({ N: '1.5' }, 'N', 7, 1, 10), 'N="1.5" must be an integer from 1 to 10'],
    [() => envInt({ N: '11' }, 'N', 7, 1, 10), 'N="11" must be an integer from 1 to 10'],
    [() => envNumber({ R: 'fast' }, 'R', 1, 0, 10), 'R="fast" must be a number from 0 to 10'],
    [() => envPort({ P: '65536' }, 'P', 80), 'P="65536" is not a TCP port (0-65535)'],
    [() => envSwitch({ S: 'maybe' }, 'S', true), 'S="maybe" must be on or off'],
    [
      () => envOneOf({ L: 'loud' }, 'L', ['info', 'warn'] as const, 'info'),
      'L="loud" must be one of info, warn',
    ],
  ])('refuses a bad value with one line naming it (%#)', (parse, message) => {
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(message);
  });
});
