export * from './guard.js';
export * from './hash-gate.js';
export * from './outcome.js';
export * from './redis-store.js';
export * from './rules.js';
export * from './sql-store.js';
export * from './store.js';
