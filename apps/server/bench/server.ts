// The server process of the benchmark: the real service on the given database, or (BENCH_BARE=1) a
// bare fastify route (the same JSON body to parse, or an empty GET answer), as the ceiling of this machine. Prints its address.
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/open.js';
import { reportCPUOnExit } from './harness.js';

const config = loadConfig(process.env);
let app: Awaited<ReturnType<typeof buildApp>>;
if (process.env.BENCH_BARE === '1') {
  app = Fastify({ logger: false }) as unknown as typeof app;
  app.post('/api/login/totp', async () => ({ status: 'ok' }));
  app.get('/api/authz/forward-auth', async (_request, reply) => reply.status(200).send());
} else {
  const database = await openDatabase({
    databaseURL: config.databaseURL,
    dataDir: config.dataDir,
    ...(process.env.BENCH_SCHEMA ? { schema: process.env.BENCH_SCHEMA } : {}),
    poolSize: 16,
    backgroundCheckpoints: true,
  });
  app = await buildApp({
    config,
    db: database.db,
    secretKey: config.secretKey!,
    logger: false,
    requestsPerMinute: false,
  });
}
const address = await app.listen({ port: 0, host: '127.0.0.1' });
// Ready for the signals before the address tells the benchmark to send them.
reportCPUOnExit(() => app.close());
process.stdout.write(`${address}\n`);
