// The floor of the OpenID Connect sign-in benchmark: a bare fastify server answering the same number
// of round trips as a sign-in (redirects that set a cookie, a page, the password form, the token and
// userinfo requests), with one real argon2id verification in the form's answer and nothing else. What
// any service could reach on this machine with this HTTP stack and this client. Prints its address.
import Fastify from 'fastify';
import { hashPassword, verifyPassword } from '../src/crypto/password.js';
import { reportCPUOnExit } from './harness.js';

const hash = await hashPassword(process.env.BENCH_PASSWORD ?? '');
const page = `<!doctype html><form method="post" action="/form"><input name="_csrf" value="${'x'.repeat(43)}">${'<p>·</p>'.repeat(400)}</form>`;
const app = Fastify({ logger: false });
app.get<{ Params: { n: string } }>('/hop/:n', async (request, reply) => {
  const n = Number(request.params.n);
  reply.header('set-cookie', `hop${n}=${'v'.repeat(43)}; Path=/; HttpOnly; SameSite=Lax`);
  return n > 0 ? reply.redirect(`/hop/${n - 1}`, 303) : reply.type('text/html').send(page);
});
app.post('/form', async (request, reply) => {
  const password = new URLSearchParams(String(request.body)).get('password') ?? '';
  if (!(await verifyPassword(hash, password))) return reply.status(401).send();
  return reply.redirect('/done', 303);
});
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) =>
  done(null, body),
);
app.post('/token', async () => ({
  access_token: 'a'.repeat(43),
  token_type: 'Bearer',
  expires_in: 3600,
  id_token: 'e'.repeat(600),
  refresh_token: 'r'.repeat(43),
}));
app.get('/userinfo', async () => ({ sub: 's'.repeat(22), preferred_username: 'user', name: 'user' }));
await app.listen({ port: 0, host: '127.0.0.1' });
reportCPUOnExit(() => app.close());
const address = app.server.address();
process.stdout.write(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
