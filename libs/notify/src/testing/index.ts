// Test-only helpers (a sample alert for tests and benches). Never exported from the production
// index: import them as `@watchfire/notify/testing`.
export * from './fixtures';
