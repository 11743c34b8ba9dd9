import type { Translate } from '../../i18n/index.js';
import type { PageMessages } from './messages.js';

/**
 * "There is a problem" at the top of the page: every error of the form, each linking to its field,
 * worded as beside the field. It takes focus when the page loads (autofocus, no script), so a
 * screen reader reads it first and a keyboard user continues from there.
 */
export function ErrorSummary({ t, messages }: { t: Translate; messages: PageMessages | undefined }) {
  const fieldErrors = messages?.fieldErrors ?? [];
  if (!messages?.error && fieldErrors.length === 0) return null;
  return (
    <div class="error-summary" tabIndex={-1} autofocus>
      <div role="alert">
        <h2 id="error-summary-title">{t('errors.summaryTitle')}</h2>
        <ul>
          {messages?.error && <li>{messages.error}</li>}
          {fieldErrors
            .filter((error) => error.message !== messages?.error)
            .map((error) => (
              <li key={error.field}>
                <a href={`#${error.field}`}>{error.message}</a>
              </li>
            ))}
        </ul>
      </div>
    </div>
  );
}
