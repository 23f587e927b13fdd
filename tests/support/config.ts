import { parseConfig, type WatchfireConfig } from '@watchfire/common';

/** The operator token every cross-service test configures, and the header that presents it. */
export const TEST_TOKEN = 'test-operator-token-0123456789';
export const auth = { Authorization: `Bearer ${TEST_TOKEN}` };

/** A configuration for the services under test: the given brokers, the test token, quiet logs. */
export function testConfig(brokers: string[], extra: Record<string, string> = {}): WatchfireConfig {
  return parseConfig({
    KAFKA_BROKERS: brokers.join(','),
    OPERATOR_TOKEN: TEST_TOKEN,
    LOG_LEVEL: 'warn',
    ...extra,
  });
}
