export * from './chromium.js';
export * from './phone.js';
export * from './y4m.js';
