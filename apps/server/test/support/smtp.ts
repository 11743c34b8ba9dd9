import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on a loopback port that keeps what arrives (parsed), for the mail tests. */
export interface TestInbox {
  /** `SMTP_URL` for the service. */
  url: string;
  mails: ParsedMail[];
  /** The first mail to `to` whose subject matches, waiting for it to arrive (at most 10 s). */
  waitFor(to: string, subject: RegExp): Promise<ParsedMail>;
  close(): Promise<void>;
}

export async function startInbox(): Promise<TestInbox> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          mails.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const matches = (mail: ParsedMail, to: string, subject: RegExp) =>
    mail.to !== undefined &&
    (Array.isArray(mail.to) ? mail.to : [mail.to]).some((address) => address.text.includes(to)) &&
    subject.test(mail.subject ?? '');
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(to, subject) {
      for (let waited = 0; waited < 10_000; waited += 20) {
        const mail = mails.find((each) => matches(each, to, subject));
        if (mail) return mail;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(
        `no mail to ${to} with a subject like ${subject}; got ${mails.map((m) => `${m.subject}`).join(' | ')}`,
      );
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until the service has handed every queued mail to the server (work started by work too). */
export async function mailSettled(ctx: { mailQueue: Set<Promise<void>> }): Promise<void> {
  while (ctx.mailQueue.size > 0) await Promise.allSettled([...ctx.mailQueue]);
}
