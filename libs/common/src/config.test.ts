import { describe, expect, it } from 'vitest';
import { ConfigError, brokersOf, operatorForToken, parseConfig } from '@watchfire/common';

describe('configuration', () => {
  it('has working defaults for npm start', () => {
    const c = parseConfig({});
    expect(c.kafkaBrokers).toBeNull();
    expect(brokersOf(c)).toEqual(['127.0.0.1:9092']);
    expect(c.ports).toEqual({ ingestion: 3001, rules: 3002, notifier: 3003 });
    expect(c.httpHost).toBe('127.0.0.1');
    expect(c.operatorTokenGenerated).toBe(true);
    expect(c.operatorTokens.get('operator')).toMatch(/^[0-9a-f]{48}$/);
    expect(c.gazetteer).toBe('world');
    expect(parseConfig({ GAZETTEER: 'afghanistan' }).gazetteer).toBe('afghanistan');
  });

  it.each([
    [{ KAFKA_BROKERS: 'kafka' }, /KAFKA_BROKERS/],
    [{ RULES_PORT: '70000' }, /RULES_PORT/],
    [{ OPERATOR_TOKEN: 'short' }, /OPERATOR_TOKEN/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ PUBLIC_BASE_URL: 'alerts.example.org' }, /PUBLIC_BASE_URL/],
    [{ MAIL_FROM: 'a@b.org\r\nBcc: c@d.org' }, /MAIL_FROM/],
    [{ OPERATOR_TOKENS: 'alice' }, /OPERATOR_TOKENS/],
    [{ GAZETTEER: 'europe' }, /GAZETTEER/],
  ])('stops on %j with one line naming the variable', (env, re) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(re);
  });

  it('names each operator token', () => {
    const c = parseConfig({ OPERATOR_TOKENS: 'alice:aaaaaaaaaaaaaaaaaaaa,bob:bbbbbbbbbbbbbbbbbbbb' });
    expect(operatorForToken(c.operatorTokens, 'bbbbbbbbbbbbbbbbbbbb')).toBe('bob');
    expect(operatorForToken(c.operatorTokens, 'cccccccccccccccccccc')).toBeNull();
    expect(c.kafkaBrokers).toBeNull();
  });

  it('reads brokers and ports', () => {
    const c = parseConfig({ KAFKA_BROKERS: 'k1:9092, k2:9093', INGESTION_PORT: '0' });
    expect(c.kafkaBrokers).toEqual(['k1:9092', 'k2:9093']);
    expect(c.ports.ingestion).toBe(0);
  });
});
