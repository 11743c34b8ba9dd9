export { deleteExpiredPayloads, KyselyAdapter } from './adapter.js';
export {
  createApp,
  deleteApp,
  findApp,
  getApp,
  listApps,
  type OIDCApp,
  rotateAppSecret,
  updateApp,
} from './apps.js';
export { ACR, acrFor } from './assurance.js';
export { EXAMPLE_CLIENT_ID, ensureExampleApp } from './example-app.js';
export { OIDC_PREFIX } from './provider.js';
export { oidcRoutes } from './routes.js';
export { type OIDCService, startOIDC } from './service.js';
export { KEY_GRACE_MS, rotateSigningKeys } from './signing-keys.js';
