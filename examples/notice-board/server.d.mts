/** The example notice board (see server.mjs). */
export function startNoticeBoard(options: {
  issuer: string;
  clientId: string;
  clientSecret: string;
  port?: number;
  host?: string;
  publicURL?: string;
}): Promise<{ url: string; close(): Promise<void> }>;
