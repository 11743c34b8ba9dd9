import { Actions, Button } from '../components/button.js';
import { Card } from '../components/card.js';
import { CodeField } from '../components/field.js';
import { PostForm } from '../components/form.js';
import { errorFor, type PageMessages } from '../components/messages.js';
import { Notice } from '../components/notice.js';
import { Page } from '../components/page.js';
import type { PageContext } from '../context.js';
import { PASSKEYS_PATH } from '../paths.js';

/** A pending registration as the service hands it out. */
export interface EnrollmentView {
  /** The key in base32, shown grouped for typing by hand. */
  secret: string;
  otpauthUri: string;
  /** QR code as SVG markup generated on the server from `otpauthUri`. */
  qrSvg: string;
}

/** "ABCDEFGHIJ" → "ABCD EFGH IJ": easier to read aloud and type. */
export function groupKey(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * The registration dialog: QR code, the key as text, an otpauth:// link, and the code that confirms it.
 * `rekey` when 2FA is already on (the old key keeps working until this one is confirmed);
 * `forced` when the administrator requires 2FA and the user may do nothing else first.
 */
export function EnrollPage(props: {
  ctx: PageContext;
  enrollment: EnrollmentView | undefined;
  rekey: boolean;
  forced: boolean;
  messages?: PageMessages | undefined;
}) {
  const { ctx, enrollment, rekey, forced, messages } = props;
  const { t } = ctx;
  return (
    <Page
      ctx={ctx}
      title={rekey ? t('enroll.rekeyTitle') : t('enroll.title')}
      messages={messages}
      bare={forced}
    >
      {forced && (
        <Notice kind="info">
          <p>
            {t('enroll.requiredNotice')} <a href={PASSKEYS_PATH}>{t('passkeys.enrollInstead')}</a>
          </p>
        </Notice>
      )}
      {rekey && <p>{t('enroll.oldKeyWorks')}</p>}
      {rekey && <p>{t('enroll.rekeyRecoveryCodes')}</p>}
      {enrollment ? (
        <Card>
          <p>{t('enroll.step1')}</p>
          {/* SVG drawn by @kakunin/qr from our own URI: paths only, no text or script. */}
          <div
            class="qr"
            role="img"
            aria-label={t('enroll.qrLabel')}
            dangerouslySetInnerHTML={{ __html: enrollment.qrSvg }}
          />
          <p>{t('enroll.keyIntro')}</p>
          <dl class="facts">
            <dt>{t('enroll.keyLabel')}</dt>
            <dd>
              <code id="secret-key" class="key">
                {groupKey(enrollment.secret)}
              </code>
            </dd>
          </dl>
          <p>
            <a href={enrollment.otpauthUri}>{t('enroll.link')}</a>
          </p>
          <PostForm ctx={ctx} action="/account/two-factor/enrollment/confirm">
            <p>{t('enroll.step2')}</p>
            <CodeField ctx={ctx} error={errorFor(messages, 'code')} />
            <Actions>
              <Button kind="primary">{rekey ? t('enroll.submitRekey') : t('enroll.submit')}</Button>
              {!forced && <a href="/account">{t('common.cancel')}</a>}
            </Actions>
          </PostForm>
        </Card>
      ) : (
        <PostForm ctx={ctx} action="/account/two-factor/enrollment">
          <Actions>
            <Button kind="primary">{t('enroll.restart')}</Button>
            {!forced && <a href="/account">{t('common.cancel')}</a>}
          </Actions>
        </PostForm>
      )}
    </Page>
  );
}
