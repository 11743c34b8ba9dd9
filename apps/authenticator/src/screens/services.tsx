import type { JSX } from 'preact';
import { useApp, useVault } from '../app-context.js';
import { GoButton } from '../components/go-button.js';
import { t } from '../i18n/i18n.js';
import { label } from '../lib/register.js';

/** Registered services: open one to edit, export or delete it; reorder with up/down. */
export function Services(): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const entries = vault.entries();
  const move = async (id: string, to: number): Promise<void> => {
    vault.move(id, to);
    await app.commit();
  };
  return (
    <section class="screen narrow">
      <h2>{t('registeredServices')}</h2>
      {entries.length === 0 && <p class="empty">{t('noAccounts')}</p>}
      <ul class="menu-list">
        {entries.map((e, i) => (
          <li key={e.id} class="service-row">
            <button type="button" class="row-button" onClick={() => app.go({ name: 'service', id: e.id })}>
              <span class="issuer">{e.account.issuer}</span> <span class="name">{e.account.name}</span>
            </button>
            <button
              type="button"
              class="small"
              aria-label={`${t('moveUp')}: ${label(e.account)}`}
              disabled={i === 0}
              onClick={() => move(e.id, i - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              class="small"
              aria-label={`${t('moveDown')}: ${label(e.account)}`}
              disabled={i === entries.length - 1}
              onClick={() => move(e.id, i + 1)}
            >
              ↓
            </button>
          </li>
        ))}
      </ul>
      <div class="buttons">
        <GoButton to={{ name: 'settings' }}>{t('back')}</GoButton>
      </div>
    </section>
  );
}
