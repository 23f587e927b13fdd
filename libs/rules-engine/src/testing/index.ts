// Test-only helpers (seeded random rules and events, fixture places). Never exported from the
// production index: import them as `@watchfire/rules-engine/testing`.
export * from './random';
export * from './fixtures';
