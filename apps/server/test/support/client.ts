import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A browser-like client over fastify.inject(): keeps the cookies it is given, sends JSON. Cookies
 * expire by `now`, the service's clock, as a browser's would expire by the real one.
 */
export class Client {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly ip = '127.0.0.1',
    private readonly now: () => number = Date.now,
  ) {}

  /** Sends a request (JSON body unless `options.payload` is given) and stores Set-Cookie values. */
  async send(
    method: Method,
    url: string,
    body?: unknown,
    options: Partial<InjectOptions> = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0)
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      ...options,
      headers: { ...headers, ...(options.headers as Record<string, string> | undefined) },
    });
    for (const cookie of response.cookies as { name: string; value: string; expires?: Date }[]) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() <= this.now()))
        this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  /** Sends and checks the status; returns the JSON body. */
  async expect(method: Method, url: string, body: unknown, status: number): Promise<Record<string, unknown>> {
    const response = await this.send(method, url, body);
    expect(response.statusCode, `${method} ${url} → ${response.body}`).toBe(status);
    return response.json();
  }

  /** The error code of a failed request. */
  async errorCode(method: Method, url: string, body?: unknown): Promise<string> {
    const response = await this.send(method, url, body);
    return (response.json() as { error?: { code?: string } }).error?.code ?? `status ${response.statusCode}`;
  }

  get session(): string | undefined {
    return this.cookies.get('kakunin_session');
  }
}
