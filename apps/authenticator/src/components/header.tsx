import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import { t } from '../i18n/i18n.js';
import { GearIcon, LockIcon, PlusIcon } from './icons.js';

/** The top bar: title, and once unlocked the [+] menu, the gear and the lock button. */
export function Header(): JSX.Element {
  const app = useApp();
  return (
    <header class="topbar">
      <h1 class="title">{t('appName')}</h1>
      {app.vault && (
        <nav class="actions">
          <AddMenu />
          <button
            type="button"
            class="icon-button"
            aria-label={t('settings')}
            onClick={() => app.go({ name: 'settings' })}
          >
            <GearIcon />
          </button>
          <button type="button" class="icon-button" aria-label={t('lockNow')} onClick={app.lock}>
            <LockIcon />
          </button>
        </nav>
      )}
    </header>
  );
}

function AddMenu(): JSX.Element {
  const app = useApp();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const close = (e: Event): void => {
      if (e instanceof KeyboardEvent && e.key !== 'Escape') return;
      if (e instanceof MouseEvent && menu.current?.parentElement?.contains(e.target as Node)) return;
      setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('click', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('click', close);
    };
  }, [open]);

  const choose = (screen: Parameters<typeof app.go>[0]) => () => {
    setOpen(false);
    app.go(screen);
  };

  return (
    <div class="menu-anchor">
      <button
        type="button"
        class="icon-button"
        aria-label={t('addAccount')}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <PlusIcon />
      </button>
      {open && (
        <div class="menu" role="menu" ref={menu} aria-label={t('addAccount')}>
          <button type="button" role="menuitem" onClick={choose({ name: 'scan', purpose: 'add' })}>
            {t('scanQR')}
          </button>
          <button type="button" role="menuitem" onClick={choose({ name: 'image' })}>
            {t('importImage')}
          </button>
          <button type="button" role="menuitem" onClick={choose({ name: 'manual' })}>
            {t('enterKeyManually')}
          </button>
        </div>
      )}
    </div>
  );
}
