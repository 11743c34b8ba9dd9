import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';

/**
 * A screen loaded on first use. Scanning, importing and moving pull in the QR decoder, the QR
 * encoder and the migration protobuf code; the code list and the lock screens do not need them, so
 * they stay out of the JavaScript loaded before the first code shows.
 *
 * When the chunk cannot be fetched (offline before the service worker cached it, or a deploy removed
 * it) the screen says so and offers to try again, instead of showing "Loading…" for ever.
 */
export function lazyScreen<P extends object>(
  load: () => Promise<ComponentType<P>>,
): (props: P) => JSX.Element {
  let loaded: ComponentType<P> | null = null;
  return function LazyScreen(props: P): JSX.Element {
    const [Screen, setScreen] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (Screen) return;
      let live = true;
      load().then(
        (c) => {
          loaded = c;
          if (live) setScreen(() => c);
        },
        () => {
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, [Screen, attempt]);
    if (Screen) return <Screen {...props} />;
    if (!failed) return <p role="status">{t('loading')}</p>;
    return (
      <div class="screen narrow">
        <p class="error" role="alert">
          {navigator.onLine ? t('screenLoadFailed') : t('screenLoadOffline')}
        </p>
        <div class="buttons">
          <button
            type="button"
            class="primary"
            onClick={() => {
              setFailed(false);
              setAttempt((a) => a + 1);
            }}
          >
            {t('retry')}
          </button>
        </div>
      </div>
    );
  };
}
