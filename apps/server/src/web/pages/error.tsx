import { Page } from '../components/page.js';
import type { PageContext } from '../context.js';

/** A page that only says what went wrong and offers a way back. */
export function ErrorPage({ ctx, message }: { ctx: PageContext; message: string }) {
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('error.title')} messages={{ error: message }} width="narrow">
      <p>
        <a href="/">{t('common.back')}</a>
      </p>
    </Page>
  );
}
