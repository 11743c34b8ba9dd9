// The server process of the OpenID Connect sign-in benchmark: the service as `npm start` runs it (a
// SQLite file in a data folder of its own, checkpoints off the serving thread, the real clock) with
// BENCH_USERS users (password only) and one registered app, whose credentials it writes to
// BENCH_APP_FILE. Prints its address; reports its CPU time (see harness.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import { createApp } from '../src/oidc/apps.js';
import { createUser } from '../src/services/users.js';
import { freePort, REDIRECT_URI } from '../test/support/oidc.js';
import { reportCPUOnExit } from './harness.js';

const USERS = Number(process.env.BENCH_USERS ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'kakunin-bench-oidc-server-'));
const port = await freePort();
const issuer = `http://127.0.0.1:${port}`;
const config = loadConfig({ ...process.env, PUBLIC_URL: issuer, KAKUNIN_DATA_DIR: dir });
const database = await openDatabase({ dataDir: dir, backgroundCheckpoints: true });
await migrate(database);
const app = await buildApp({
  config,
  db: database.db,
  secretKey: new Uint8Array(randomBytes(32)),
  logger: false,
  requestsPerMinute: false,
});
const actor = { username: 'bench', ip: null };
for (let i = 0; i < USERS; i++) {
  await createUser(app.kakunin, { username: `user${i}`, password: process.env.BENCH_PASSWORD ?? '' }, actor);
}
const { app: registered, clientSecret } = await createApp(
  app.kakunin,
  { name: 'Notice board', redirectURIs: [REDIRECT_URI], postLogoutRedirectURIs: [] },
  actor,
);
writeFileSync(
  process.env.BENCH_APP_FILE as string,
  JSON.stringify({ clientId: registered.clientId, clientSecret }),
);
await app.listen({ port, host: '127.0.0.1' });
reportCPUOnExit(async () => {
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});
process.stdout.write(`${issuer}\n`);
