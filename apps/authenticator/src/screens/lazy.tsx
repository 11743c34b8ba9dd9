import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';

/**
 * A screen loaded on first use. Scanning, importing and moving pull in the QR decoder, the QR
 * encoder and the migration protobuf code; the code list and the lock screens do not need them, so
 * they stay out of the JavaScript loaded before the first code shows.
 */
export function lazyScreen<P extends object>(
  load: () => Promise<ComponentType<P>>,
): (props: P) => JSX.Element {
  let loaded: ComponentType<P> | null = null;
  return function LazyScreen(props: P): JSX.Element {
    const [Screen, setScreen] = useState<ComponentType<P> | null>(() => loaded);
    useEffect(() => {
      if (!Screen) {
        load().then((c) => {
          loaded = c;
          setScreen(() => c);
        });
      }
    }, [Screen]);
    return Screen ? <Screen {...props} /> : <p role="status">{t('loading')}</p>;
  };
}
