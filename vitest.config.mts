import path from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const lib = (name: string) => path.resolve(root, 'libs', name, 'src');

export default defineConfig({
  // SWC instead of esbuild: NestJS needs emitted decorator metadata.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      '@watchfire/contracts': lib('contracts'),
      '@watchfire/kafka': lib('kafka'),
      '@watchfire/extraction': lib('extraction'),
      '@watchfire/embedded-kafka': lib('embedded-kafka'),
      '@watchfire/rules-engine': lib('rules-engine'),
      '@watchfire/notify': lib('notify'),
      '@watchfire/common': lib('common'),
      '@watchfire/feeds': lib('feeds'),
      '@watchfire/mail-capture': lib('mail-capture'),
    },
  },
  test: {
    include: ['libs/**/*.test.ts', 'apps/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most cross-service tests wait on Kafka and SMTP rather than burn CPU: run more files than cores.
    maxWorkers: 3,
    reporters: ['default'],
  },
});
