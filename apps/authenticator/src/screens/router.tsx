import type { Vault } from '@kakunin/vault';
import type { JSX } from 'preact';
import type { Screen } from '../app-context.js';
import { t } from '../i18n/i18n.js';
import { CodeList } from './code-list.js';
import { lazyScreen } from './lazy.js';
import { Unlock } from './unlock.js';

const ChangePassword = lazyScreen(() => import('./change-password.js').then((m) => m.ChangePassword));
const Confirm = lazyScreen(() => import('./confirm.js').then((m) => m.Confirm));
const ExportOne = lazyScreen(() => import('./export-one.js').then((m) => m.ExportOne));
const FirstRun = lazyScreen(() => import('./first-run.js').then((m) => m.FirstRun));
const ManualEntry = lazyScreen(() => import('./manual-entry.js').then((m) => m.ManualEntry));
const Restore = lazyScreen(() => import('./restore.js').then((m) => m.Restore));
const Service = lazyScreen(() => import('./service.js').then((m) => m.Service));
const Services = lazyScreen(() => import('./services.js').then((m) => m.Services));
const Settings = lazyScreen(() => import('./settings.js').then((m) => m.Settings));
const Passkey = lazyScreen(() => import('./passkey.js').then((m) => m.Passkey));
const Scan = lazyScreen(() => import('./scan.js').then((m) => m.Scan));
const ImportImage = lazyScreen(() => import('./import-image.js').then((m) => m.ImportImage));
const Backup = lazyScreen(() => import('./backup.js').then((m) => m.Backup));
const Move = lazyScreen(() => import('./move.js').then((m) => m.Move));
const MoveExport = lazyScreen(() => import('./move.js').then((m) => m.MoveExport));
const ReceiptShow = lazyScreen(() => import('./move.js').then((m) => m.ReceiptShow));
const ReceiptResult = lazyScreen(() => import('./move.js').then((m) => m.ReceiptResult));

/** The element for a screen; every screen past the lock falls back to Unlock while locked. */
export function renderScreen(screen: Screen, vault: Vault | null): JSX.Element {
  switch (screen.name) {
    case 'loading':
      return <p role="status">{t('loading')}</p>;
    case 'unavailable':
      return (
        <p class="error" role="alert">
          {t('storageUnavailable')}
        </p>
      );
    case 'first-run':
      return <FirstRun />;
    case 'restore':
      return <Restore />;
    case 'unlock':
      return <Unlock />;
  }
  if (!vault) return <Unlock />;
  switch (screen.name) {
    case 'list':
      return <CodeList />;
    case 'scan':
      return <Scan purpose={screen.purpose} />;
    case 'image':
      return <ImportImage />;
    case 'manual':
      return <ManualEntry />;
    case 'confirm':
      return <Confirm accounts={screen.accounts} batch={screen.batch} />;
    case 'settings':
      return <Settings />;
    case 'services':
      return <Services />;
    case 'service':
      return <Service id={screen.id} from={screen.from} />;
    case 'export-one':
      return <ExportOne id={screen.id} />;
    case 'move':
      return <Move side={screen.side} />;
    case 'move-export':
      return <MoveExport />;
    case 'receipt-show':
      return <ReceiptShow />;
    case 'receipt-result':
      return <ReceiptResult check={screen.check} />;
    case 'backup':
      return <Backup />;
    case 'change-password':
      return <ChangePassword />;
    case 'passkey':
      return <Passkey />;
  }
}
