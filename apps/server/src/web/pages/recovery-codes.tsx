import { Actions, Button, ButtonLink } from '../components/button.js';
import { Card } from '../components/card.js';
import { PostForm } from '../components/form.js';
import type { PageMessages } from '../components/messages.js';
import { Page } from '../components/page.js';
import type { PageContext } from '../context.js';

/**
 * The recovery codes, shown once. Copy needs the small external script (the button stays hidden
 * without it); download is a plain form POST that works everywhere.
 */
export function RecoveryCodesPage(props: {
  ctx: PageContext;
  codes: readonly string[];
  messages?: PageMessages | undefined;
}) {
  const { ctx, codes } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('codes.title')} messages={props.messages}>
      <Card>
        <p>{t('codes.intro')}</p>
        <ol id="recovery-codes" class="codes" aria-label={t('codes.listLabel')}>
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <PostForm ctx={ctx} action="/account/two-factor/recovery-codes/download">
          <input type="hidden" name="codes" value={codes.join(' ')} />
          <Actions>
            <button
              type="button"
              class="button"
              id="copy-codes"
              hidden
              data-copy-target="recovery-codes"
              data-copied-label={t('codes.copied')}
            >
              {t('codes.copy')}
            </button>
            <Button>{t('codes.download')}</Button>
          </Actions>
        </PostForm>
        <Actions>
          <ButtonLink href="/account" kind="primary">
            {t('codes.done')}
          </ButtonLink>
        </Actions>
      </Card>
      <script src="/assets/copy-codes.js" defer />
    </Page>
  );
}
