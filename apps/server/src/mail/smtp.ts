import { createTransport } from 'nodemailer';
import type { Mailer } from './notify.js';

/** A mailer over SMTP (nodemailer), or undefined when SMTP_URL is not set: no mail at all. */
export function smtpMailer(config: { smtpURL: string | undefined; mailFrom: string }): Mailer | undefined {
  if (config.smtpURL === undefined) return undefined;
  // Short timeouts: a mail server that does not answer must not pile up connections.
  const url = new URL(config.smtpURL);
  for (const [name, ms] of [
    ['connectionTimeout', 10_000],
    ['greetingTimeout', 10_000],
    ['socketTimeout', 20_000],
  ] as const)
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
  const transport = createTransport(url.href, { from: config.mailFrom });
  return {
    async send(message) {
      await transport.sendMail(message);
    },
  };
}
