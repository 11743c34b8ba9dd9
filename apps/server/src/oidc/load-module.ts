/**
 * Loads oidc-provider. Its 9.x releases print "Unsupported runtime" on every Node.js before 22 at
 * import, although they run on Node 20 (this service's supported runtime, where every protocol test of
 * this repository passes). That one line is dropped so that start-up output stays one line per problem;
 * any other warning of the library still shows. Loaded on first use, so a start-up that fails before
 * the provider is built (bad setting, database down) never loads it.
 */
export async function loadOIDCProvider(): Promise<typeof import('oidc-provider')> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}
