import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { ServiceContext } from '../services/context.js';
import { findAppWithSecret } from './apps.js';

/**
 * The provider's client lookup, read from the apps an administrator registered. Read on every use, so
 * an edit or a new secret takes effect on every instance at once. Registration through the protocol
 * (dynamic client registration) is off: apps are added in the console.
 */
export class AppClientAdapter implements Adapter {
  constructor(private readonly ctx: ServiceContext) {}

  async find(clientId: string): Promise<AdapterPayload | undefined> {
    const found = await findAppWithSecret(this.ctx, clientId);
    if (!found) return undefined;
    const { app, clientSecret } = found;
    return {
      client_id: app.clientId,
      client_name: app.name,
      ...(clientSecret ? { client_secret: clientSecret } : {}),
      redirect_uris: app.redirectURIs,
      post_logout_redirect_uris: app.postLogoutRedirectURIs,
      token_endpoint_auth_method: app.tokenEndpointAuthMethod,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    };
  }

  async upsert(): Promise<void> {
    throw new Error('apps are registered in the administrator console');
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}
