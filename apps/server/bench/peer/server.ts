// The peer's server process: better-auth's Node handler on node:http, configured by PEER_* variables
// (see better-auth.ts). Prints its address, and its CPU time on SIGTERM, like ../server.ts.
import { createServer } from 'node:http';
import { toNodeHandler } from 'better-auth/node';
import { reportCPUOnExit } from '../harness.js';
import { createPeerAuth, type PeerDialect, type PeerHash } from './better-auth.js';

const env = process.env;
const { auth, close } = createPeerAuth({
  dialect: (env.PEER_DIALECT ?? 'sqlite') as PeerDialect,
  location: env.PEER_LOCATION ?? '',
  ...(env.PEER_SCHEMA ? { schema: env.PEER_SCHEMA } : {}),
  secret: env.PEER_SECRET ?? '',
  baseURL: env.PEER_BASE_URL ?? '',
  hash: (env.PEER_HASH ?? 'scrypt') as PeerHash,
});
const server = createServer(toNodeHandler(auth));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('no TCP address');
reportCPUOnExit(() => new Promise<void>((resolve) => server.close(() => close().then(resolve))));
process.stdout.write(`http://127.0.0.1:${address.port}\n`);
