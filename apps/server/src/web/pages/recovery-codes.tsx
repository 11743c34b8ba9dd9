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
  messages?: PageMessages;
}) {
  const { ctx, codes } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('codes.title')} messages={props.messages}>
      <div class="card">
        <p>{t('codes.intro')}</p>
        <ol id="recovery-codes" class="codes" aria-label={t('codes.listLabel')}>
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <p class="actions">
          <button
            type="button"
            id="copy-codes"
            hidden
            data-copy-target="recovery-codes"
            data-copied-label={t('codes.copied')}
          >
            {t('codes.copy')}
          </button>
        </p>
        <PostForm ctx={ctx} action="/account/two-factor/recovery-codes/download">
          <input type="hidden" name="codes" value={codes.join(' ')} />
          <button type="submit">{t('codes.download')}</button>
        </PostForm>
        <p>
          <a href="/account" class="button primary">
            {t('codes.done')}
          </a>
        </p>
      </div>
      <script src="/assets/copy-codes.js" defer />
    </Page>
  );
}
