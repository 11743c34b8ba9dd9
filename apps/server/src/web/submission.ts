import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createSecretBox } from '../crypto/secret-box.js';
import { AppError } from '../errors.js';
import { replacedSessionToken, SESSION_COOKIE } from '../http/session-cookie.js';
import { SUBMISSION_FIELD } from './components/form.js';
import { formFields } from './form-body.js';

/** How long a form's answer is kept for a second submit. */
export const SUBMISSION_LIFETIME_MS = 5 * 60_000;
/** How long a second submit waits for the first one to finish before giving up. */
const WAIT_MS = 20_000;
const POLL_MS = 50;
const CSRF_COOKIE = 'kakunin_csrf';
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
/** The headers of an answer that a second submit needs to get the same result. */
const KEPT_HEADERS = ['location', 'set-cookie', 'content-type', 'content-disposition'] as const;

interface Claim {
  id: string;
  key: Uint8Array;
  token: string;
}

interface Answer {
  status: number;
  headers: Partial<Record<(typeof KEPT_HEADERS)[number], string | string[]>>;
  body: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request is the first submit of a form with a submission token. */
    formSubmission: Claim | undefined;
  }
}

/**
 * Single-use submission tokens. Every page form carries a fresh token (`PostForm`). The first submit
 * claims it in the database and runs; its answer (status, redirect, cookies, page) is kept for a few
 * minutes, sealed with a key derived from the token, the browser's session (or CSRF) cookie and the
 * address — none of which the database holds. A second submit of the same form from the same
 * browser waits for the first and gets the same answer: a double click on Enable shows the recovery
 * codes again, a double click on Verify signs in once, a double click on Create user creates one
 * user. Forms without a token (API clients, scripts) are handled as before.
 */
export function registerSubmissionTokens(app: FastifyInstance): void {
  app.decorateRequest('formSubmission', undefined);
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const token = submissionTokenOf(request);
    if (token === undefined) return;
    const claim = claimFor(request, token);
    const answer = await claimOrWait(app, claim);
    if (answer === 'claimed') {
      request.formSubmission = claim;
      return;
    }
    return replay(reply, answer);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.formSubmission;
    if (!claim) return payload;
    request.formSubmission = undefined;
    const db = app.kakunin.db;
    const body =
      payload === undefined || payload === null
        ? ''
        : typeof payload === 'string'
          ? payload
          : Buffer.isBuffer(payload)
            ? payload.toString()
            : null;
    // A failure on our side, or an answer that cannot be kept (a stream): the form may be sent again.
    if (reply.statusCode >= 500 || body === null) {
      await db.deleteFrom('form_submissions').where('id', '=', claim.id).execute();
      return payload;
    }
    const headers: Answer['headers'] = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (typeof value === 'string' || Array.isArray(value)) headers[name] = value;
      else if (typeof value === 'number') headers[name] = String(value);
    }
    const answer: Answer = { status: reply.statusCode, headers, body };
    const text = Buffer.from(JSON.stringify(answer));
    const sealed = createSecretBox(claim.key).seal(text, claim.id);
    await db.updateTable('form_submissions').set({ answer: sealed }).where('id', '=', claim.id).execute();
    // The answer gives the browser a new session cookie: a second submit may come with that one.
    const replaced = replacedSessionToken(request);
    if (replaced !== undefined) {
      const next = claimFor(request, claim.token, replaced || (request.cookies[CSRF_COOKIE] ?? ''));
      if (next.id !== claim.id) {
        await db
          .insertInto('form_submissions')
          .values({
            id: next.id,
            expires_at: app.kakunin.now() + SUBMISSION_LIFETIME_MS,
            answer: createSecretBox(next.key).seal(text, next.id),
          })
          .onConflict((conflict) => conflict.column('id').doNothing())
          .execute();
      }
    }
    return payload;
  });
}

/** The cookie that tells this browser apart: its session, else its CSRF cookie. */
const browserOf = (request: FastifyRequest): string =>
  request.cookies[SESSION_COOKIE] ?? request.cookies[CSRF_COOKIE] ?? '';

function claimFor(request: FastifyRequest, token: string, browser = browserOf(request)): Claim {
  const key = createHash('sha256')
    .update(`kakunin/form-submission/v1\0${token}\0${browser}\0${request.url}`)
    .digest();
  return { id: createHash('sha256').update(key).digest('hex'), key: new Uint8Array(key), token };
}

/** The form's submission token, when it carries a well-formed one. */
function submissionTokenOf(request: FastifyRequest): string | undefined {
  const token = formFields(request)[SUBMISSION_FIELD];
  return token !== undefined && TOKEN.test(token) ? token : undefined;
}

/** The kept answer of a claim, once its first submit has finished. */
async function keptAnswer(app: FastifyInstance, claim: Claim): Promise<Answer | undefined> {
  const row = await app.kakunin.db
    .selectFrom('form_submissions')
    .select('answer')
    .where('id', '=', claim.id)
    .where('expires_at', '>=', app.kakunin.now())
    .executeTakeFirst();
  if (!row?.answer) return undefined;
  return JSON.parse(Buffer.from(createSecretBox(claim.key).open(row.answer, claim.id)).toString()) as Answer;
}

/**
 * Answers a form sent again after its first answer already gave the browser a new session cookie (the
 * first answer's redirect was still loading when the button was clicked again): the form's CSRF token
 * belongs to the session before, so this comes before the CSRF check. Only the browser holding that
 * new cookie and the form's own submission token finds the answer, which is exactly the first one's.
 * Returns whether it answered.
 */
export async function replayAfterNewSession(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  const token = submissionTokenOf(request);
  if (token === undefined) return false;
  const answer = await keptAnswer(app, claimFor(request, token));
  if (!answer) return false;
  replay(reply, answer);
  return true;
}

/** Claims the token, or waits for the answer of the submit that claimed it first. */
async function claimOrWait(app: FastifyInstance, claim: Claim): Promise<Answer | 'claimed'> {
  const { db, now } = app.kakunin;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    await db.deleteFrom('form_submissions').where('expires_at', '<', now()).execute();
    const inserted = await db
      .insertInto('form_submissions')
      .values({ id: claim.id, expires_at: now() + SUBMISSION_LIFETIME_MS, answer: null })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return 'claimed';
    const answer = await keptAnswer(app, claim);
    if (answer) return answer;
    if (Date.now() > deadline) throw new AppError('SUBMISSION_PENDING');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function replay(reply: FastifyReply, answer: Answer): FastifyReply {
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  return reply.send(answer.body);
}
