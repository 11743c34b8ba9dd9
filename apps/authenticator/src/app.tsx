import type { Vault } from '@kakunin/vault';
import { Fragment, type JSX } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type AppAPI, AppContext, type Notice, type Screen } from './app-context.js';
import { ClockBanner } from './components/clock-banner.js';
import { Header } from './components/header.js';
import { t } from './i18n/i18n.js';
import { autoLockMinutes, watchInactivity } from './lib/auto-lock.js';
import { describeError } from './lib/errors.js';
import { renderScreen } from './screens/router.js';
import { loadVaultTexts, saveVaultText } from './storage/vault-store.js';

/** The whole app: which screen is showing, the unlocked vault, and the shared notice line. */
export function App(): JSX.Element {
  const [screen, setScreen] = useState<Screen>({ name: 'loading' });
  const [vault, setVault] = useState<Vault | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [, setRevision] = useState(0);
  // Bumped at each navigation and at lock: screens remount fresh, so no form keeps an old attempt
  // and no screen keeps a reference to a locked vault.
  const [visit, setVisit] = useState(0);
  const vaultRef = useRef<Vault | null>(null);

  useEffect(() => {
    loadVaultTexts().then(
      ({ current, previous }) => setScreen(current || previous ? { name: 'unlock' } : { name: 'first-run' }),
      () => setScreen({ name: 'unavailable' }),
    );
  }, []);

  const lock = useCallback(() => {
    // The vault object holds the master key and every decrypted entry: once nothing refers to it the
    // garbage collector takes it, and the next action needs the password again.
    vaultRef.current = null;
    setVault(null);
    setScreen({ name: 'unlock' });
    setVisit((v) => v + 1);
    setNotice({ text: t('locked'), kind: 'info' });
  }, []);

  useEffect(() => {
    if (!vault) return;
    return watchInactivity(autoLockMinutes, lock);
  }, [vault, lock]);

  const api = useMemo<AppAPI>(
    () => ({
      screen,
      vault,
      go(next) {
        setNotice(null);
        setScreen(next);
        setVisit((v) => v + 1);
        window.scrollTo(0, 0);
      },
      notify(text, kind = 'info') {
        setNotice({ text, kind });
      },
      unlocked(v) {
        vaultRef.current = v;
        setVault(v);
        setScreen({ name: 'list' });
      },
      lock,
      async commit() {
        const v = vaultRef.current;
        if (!v) return false;
        try {
          // The device's own copy keeps the passkey slot; every file written for people leaves it out.
          await saveVaultText(await v.serialize({ localSlots: true }));
          setRevision((r) => r + 1);
          return true;
        } catch (e) {
          // The in-memory vault keeps the change and the next commit retries; storage still holds
          // the last good copy.
          setRevision((r) => r + 1);
          setNotice({ text: describeError(e), kind: 'error' });
          return false;
        }
      },
      refresh() {
        setRevision((r) => r + 1);
      },
    }),
    [screen, vault, lock],
  );

  return (
    <AppContext.Provider value={api}>
      <Header />
      <ClockBanner />
      <main id="main">
        {notice && (
          <p class={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
        <Fragment key={visit}>{renderScreen(screen, vault)}</Fragment>
      </main>
    </AppContext.Provider>
  );
}
