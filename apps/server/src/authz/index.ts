export { checkAccess } from './check.js';
export { type Decision, decide } from './decide.js';
export { forgetHostRules, type HostRule, RULES_TTL_MS, ruleForHost } from './host-rules.js';
export { forwardedRequest, type OriginalRequest, originalURLRequest } from './original-request.js';
export {
  deleteProtectedHost,
  listProtectedHosts,
  normalizeHost,
  type ProtectedHost,
  saveProtectedHost,
} from './protected-hosts.js';
export { authzRoutes } from './routes.js';
export { type AuthzSession, authzSession } from './session.js';
export { trustedProxy } from './trusted-proxy.js';
