import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { AppError } from '../../errors.js';
import { LOCALE_COOKIE, resolveLocale, translator } from '../../i18n/index.js';
import { formFields } from '../form-body.js';
import { pageSession } from '../guard.js';

const MAX_CODES = 20;
// New codes (four groups of four) and the ten-character codes older releases handed out.
const CODE = /^(?:[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}|[0-9a-z]{5}-[0-9a-z]{5})$/;

/**
 * The codes the page just showed, echoed back as a text file. The server keeps only their hashes, so
 * the page posts them (never in a URL); only well-formed codes are accepted, so this cannot serve
 * arbitrary content.
 */
export function parseCodes(text: string | undefined): string[] {
  const codes = (text ?? '').trim().split(/\s+/).filter(Boolean);
  if (codes.length === 0 || codes.length > MAX_CODES || !codes.every((code) => CODE.test(code))) {
    throw new AppError('BAD_REQUEST');
  }
  return codes;
}

/** `POST /account/two-factor/recovery-codes/download` → `kakunin-recovery-codes.txt`. */
export function registerRecoveryCodesDownload(app: FastifyInstance, options: RouteShorthandOptions): void {
  app.post('/account/two-factor/recovery-codes/download', options, async (request, reply) => {
    const codes = parseCodes(formFields(request).codes);
    const t = translator(resolveLocale(request.cookies[LOCALE_COOKIE], request.headers['accept-language']));
    const username = pageSession(request).username;
    const text = `${t('codes.fileHeader', { username })}\n\n${codes.join('\n')}\n`;
    return reply
      .header('content-disposition', 'attachment; filename="kakunin-recovery-codes.txt"')
      .header('x-content-type-options', 'nosniff')
      .type('text/plain; charset=utf-8')
      .send(text);
  });
}
