import type { Account, MigrationBatch } from '@kakunin/otp';
import type { AppAPI } from '../app-context.js';
import { t } from '../i18n/i18n.js';
import { describeError } from './errors.js';
import { interpretQRText } from './qr-text.js';
import { checkReceipt } from './receipt.js';

/**
 * Acts on the texts of the QR codes found in one camera frame or image: accounts open the
 * confirmation screen; a move confirmation QR (from the camera or from an image, whatever screen it
 * was read on) is checked against this device's accounts. Returns false (with a message shown) when
 * nothing usable was found, so the camera keeps looking.
 */
export async function handleQRTexts(
  app: AppAPI,
  texts: readonly string[],
  purpose: 'add' | 'receipt',
): Promise<boolean> {
  const contents = await Promise.all(texts.map(interpretQRText));
  const receipt = contents.find((c) => c.kind === 'receipt');
  if (receipt?.kind === 'receipt' && app.vault) {
    const check = await checkReceipt(receipt.receipt, app.vault.entries(), (e) => e.account);
    app.go({ name: 'receipt-result', check });
    return true;
  }
  if (purpose === 'receipt') {
    app.notify(t('notReceipt'), 'error');
    return false;
  }
  const accounts: Account[] = [];
  let batch: MigrationBatch | undefined;
  for (const c of contents) {
    if (c.kind === 'account') accounts.push(c.account);
    if (c.kind === 'migration') {
      accounts.push(...c.accounts);
      batch = c.batch;
    }
  }
  if (accounts.length > 0 || batch) {
    app.go({ name: 'confirm', accounts, batch });
    return true;
  }
  const first = contents[0];
  if (!first) app.notify(t('noQRFound'), 'error');
  else if (first.kind === 'damaged')
    app.notify(t('damagedQR', { reason: describeError(first.error) }), 'error');
  else if (first.kind === 'foreign') app.notify(t('notOTPQR', { preview: first.preview }), 'error');
  return false;
}
