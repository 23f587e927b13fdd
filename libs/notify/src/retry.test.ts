import { describe, expect, it } from 'vitest';
import {
  backoffCeiling,
  backoffDelay,
  classifySmtpError,
  decideRetry,
  describeAttempts,
  type RetryPolicy,
} from './retry';

const policy: RetryPolicy = { baseMs: 100, capMs: 10_000, retryForMs: 60_000 };

describe('backoff with equal jitter', () => {
  it('grows exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffCeiling(n, policy))).toEqual([
      100, 200, 400, 800, 1600, 3200, 6400, 10_000,
    ]);
    expect(backoffCeiling(10_000, policy)).toBe(10_000);
    expect(backoffCeiling(0, policy)).toBe(0);
  });

  it('stays within [ceiling/2, ceiling] for any random value, and spreads', () => {
    for (let n = 1; n < 40; n++) {
      for (const r of [0, 0.25, 0.5, 0.999999, 1, -1, 2]) {
        const d = backoffDelay(n, policy, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(backoffCeiling(n, policy) / 2));
        expect(d).toBeLessThanOrEqual(backoffCeiling(n, policy));
      }
    }
    const samples = Array.from({ length: 2_000 }, () => backoffDelay(6, policy));
    expect(Math.min(...samples)).toBeLessThan(1_700);
    expect(Math.max(...samples)).toBeGreaterThan(3_000);
    expect(new Set(samples).size).toBeGreaterThan(500);
  });
});

describe('classifySmtpError', () => {
  const smtp = (responseCode: number, response: string, code = 'EENVELOPE') =>
    Object.assign(new Error(response), { responseCode, response, code });

  it('4xx is transient, 5xx permanent', () => {
    expect(classifySmtpError(smtp(451, '451 4.7.1 Greylisted, try again'))).toMatchObject({
      kind: 'transient',
      reason: 'smtp_4xx',
      responseCode: 451,
    });
    expect(classifySmtpError(smtp(421, '421 Service not available', 'EPROTOCOL'))).toMatchObject({
      kind: 'transient',
      responseCode: 421,
    });
    expect(classifySmtpError(smtp(452, '452 Mailbox full'))).toMatchObject({ kind: 'transient' });
    expect(classifySmtpError(smtp(550, '550 5.1.1 No such user'))).toMatchObject({
      kind: 'permanent',
      reason: 'smtp_5xx',
      responseCode: 550,
    });
    expect(classifySmtpError(smtp(554, '554 Transaction failed', 'EMESSAGE'))).toMatchObject({
      kind: 'permanent',
    });
    // Only the response text: parse the code.
    expect(classifySmtpError({ response: '553 5.1.3 bad address' })).toMatchObject({
      kind: 'permanent',
      responseCode: 553,
    });
  });

  it('connection errors and timeouts are transient', () => {
    for (const code of [
      'ECONNECTION',
      'ECONNREFUSED',
      'ECONNRESET',
      'ESOCKET',
      'EDNS',
      'ENOTFOUND',
      'EAI_AGAIN',
    ]) {
      expect(classifySmtpError(Object.assign(new Error('x'), { code }))).toMatchObject({
        kind: 'transient',
        reason: 'connection',
      });
    }
    for (const code of ['ETIMEDOUT', 'EGREETING']) {
      expect(classifySmtpError(Object.assign(new Error('x'), { code }))).toMatchObject({
        kind: 'transient',
        reason: 'timeout',
      });
    }
  });

  it('authentication failures are ours: transient, not the recipient’s fault', () => {
    expect(
      classifySmtpError(Object.assign(new Error('535 auth failed'), { code: 'EAUTH', responseCode: 535 })),
    ).toMatchObject({ kind: 'transient', reason: 'auth' });
  });

  it('unknown errors are transient (bounded by maxAttempts); messages stay on one line', () => {
    expect(classifySmtpError(new Error('boom\r\nBcc: x'))).toMatchObject({
      kind: 'transient',
      reason: 'unknown',
      message: 'boom Bcc: x',
    });
    expect(classifySmtpError(undefined).kind).toBe('transient');
    expect(classifySmtpError('string error').kind).toBe('transient');
  });
});

describe('decideRetry', () => {
  const e451 = Object.assign(new Error('451'), { responseCode: 451 });
  const e550 = Object.assign(new Error('550'), { responseCode: 550 });

  it('retries transient failures for the time budget, whatever the attempt count; never permanent ones', () => {
    const t0 = 1_000_000;
    // 500 quick failures inside the budget: still retried (an attempt count would have given up)
    for (let a = 1; a <= 500; a++) {
      const d = decideRetry({ attempts: a, firstFailedAt: t0, now: t0 + a }, e451, policy, () => 0.5);
      expect(d.action).toBe('retry');
    }
    expect(
      decideRetry({ attempts: 3, firstFailedAt: t0, now: t0 + policy.retryForMs }, e451, policy),
    ).toMatchObject({ action: 'fail', reason: 'retry_budget_exhausted' });
    expect(decideRetry({ attempts: 1, firstFailedAt: t0, now: t0 }, e550, policy)).toMatchObject({
      action: 'fail',
      reason: 'smtp_permanent',
    });
  });

  it('never lets jitter end the budget early: the last attempt is at the deadline, not before', () => {
    const t0 = 0;
    for (const r of [0, 0.3, 0.999]) {
      // walk the schedule: every attempt fails until the budget says stop
      let now = t0;
      let attempts = 1;
      let lastAttemptAt = now;
      for (;;) {
        const d = decideRetry({ attempts, firstFailedAt: t0, now }, e451, policy, () => r);
        if (d.action === 'fail') break;
        expect(d.delayMs).toBeLessThanOrEqual(backoffCeiling(attempts, policy));
        now += d.delayMs;
        lastAttemptAt = now;
        attempts++;
      }
      expect(lastAttemptAt).toBe(t0 + policy.retryForMs);
    }
  });

  it('says how long it tried', () => {
    expect(describeAttempts(1, 0)).toBe('1 attempt over 0 s');
    expect(describeAttempts(9, 45_000)).toBe('9 attempts over 45 s');
    expect(describeAttempts(300, 86_400_000)).toBe('300 attempts over 24 h 0 min');
  });
});
