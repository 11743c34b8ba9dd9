// The server process of the OpenID Connect sign-in benchmark: the service on a fresh SQLite database
// with BENCH_USERS users (password only) and one registered app, whose credentials it writes to
// BENCH_APP_FILE. Prints its address; reports its CPU time (see harness.ts).
import { writeFileSync } from 'node:fs';
import { createUser } from '../src/services/users.js';
import { listeningService, registerApp } from '../test/support/oidc.js';
import { reportCPUOnExit } from './harness.js';

const USERS = Number(process.env.BENCH_USERS ?? 200);
const service = await listeningService('sqlite', { requestsPerMinute: false });
for (let i = 0; i < USERS; i++) {
  await createUser(
    service.ctx,
    { username: `user${i}`, password: process.env.BENCH_PASSWORD ?? '' },
    { username: 'bench', ip: null },
  );
}
writeFileSync(process.env.BENCH_APP_FILE as string, JSON.stringify(await registerApp(service)));
reportCPUOnExit(() => service.close());
process.stdout.write(`${service.issuer}\n`);
