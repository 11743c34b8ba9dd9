import {
  type Account,
  ALGORITHMS,
  type Algorithm,
  createAccount,
  decodeBase32Lenient,
  encodeBase32,
  type OTPType,
  parseKeyURI,
} from '@kakunin/otp';
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import { ErrorLine } from '../components/fields.js';
import { GoButton } from '../components/go-button.js';
import { t } from '../i18n/i18n.js';
import { describeError } from '../lib/errors.js';
import { registerAccounts } from '../lib/register.js';

interface Fields {
  issuer: string;
  name: string;
  key: string;
  type: OTPType;
  algorithm: Algorithm;
  digits: string;
  period: string;
  counter: string;
}

/** Builds an account from typed fields; a message key and detail on bad input. */
export function accountFromFields(
  f: Fields,
): { account: Account } | { error: 'badKey' | 'badField'; reason?: string } {
  let secret: Uint8Array;
  try {
    secret = decodeBase32Lenient(f.key);
  } catch {
    return { error: 'badKey' };
  }
  if (secret.length === 0) return { error: 'badKey' };
  try {
    if (!/^\d+$/.test(f.counter.trim() || '0')) throw new RangeError(`${t('counter')}: ${f.counter}`);
    const account = createAccount({
      secret,
      type: f.type,
      issuer: f.issuer.trim(),
      name: f.name.trim(),
      algorithm: f.algorithm,
      ...(f.type === 'steam' ? {} : { digits: Number(f.digits), period: Number(f.period) }),
      counter: BigInt(f.counter.trim() || '0'),
    });
    return { account };
  } catch (e) {
    return { error: 'badField', reason: e instanceof Error ? e.message : String(e) };
  }
}

/** The fields a whole otpauth:// link fills in (pasted into the key box); an error message otherwise. */
export function fieldsFromKeyURI(uri: string): Fields | { error: string } {
  try {
    const a = parseKeyURI(uri.trim());
    return {
      issuer: a.issuer,
      name: a.name,
      key: encodeBase32(a.secret),
      type: a.type,
      algorithm: a.algorithm,
      digits: String(a.digits),
      period: String(a.period),
      counter: String(a.counter),
    };
  } catch (e) {
    return { error: describeError(e) };
  }
}

/** Enter a key by hand: issuer, account, key; advanced: type, algorithm, digits, period, counter. */
export function ManualEntry(): JSX.Element {
  const app = useApp();
  const [f, setF] = useState<Fields>({
    issuer: '',
    name: '',
    key: '',
    type: 'totp',
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
    counter: '0',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const bind = (k: keyof Fields) => ({
    value: f[k],
    onInput: (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value }),
  });
  return (
    <section class="screen">
      <h2>{t('manualTitle')}</h2>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          const result = accountFromFields(f);
          if ('error' in result) {
            setError(
              result.error === 'badKey' ? t('badKey') : t('badField', { reason: result.reason ?? '' }),
            );
            return;
          }
          setError(null);
          setBusy(true);
          try {
            await registerAccounts(app, [result.account]);
          } catch (err) {
            setError(describeError(err));
          } finally {
            // A failed registration leaves the form usable for another try.
            setBusy(false);
          }
        }}
      >
        <label class="field">
          <span>{t('issuer')}</span>
          <input autocomplete="off" {...bind('issuer')} />
        </label>
        <label class="field">
          <span>{t('accountName')}</span>
          <input autocomplete="off" {...bind('name')} />
        </label>
        <label class="field">
          <span>{t('secretKey')}</span>
          <input
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            required
            value={f.key}
            onInput={(e) => {
              const value = e.currentTarget.value;
              // A whole otpauth:// link (copied from a service's "can't scan?" text) fills every field.
              if (/^\s*otpauth:\/\//i.test(value)) {
                const filled = fieldsFromKeyURI(value);
                if ('error' in filled) {
                  setF({ ...f, key: value });
                  setError(filled.error);
                } else {
                  setF(filled);
                  setError(null);
                }
                return;
              }
              setF({ ...f, key: value });
            }}
          />
        </label>
        <details>
          <summary>{t('advanced')}</summary>
          <label class="field">
            <span>{t('type')}</span>
            <select
              {...bind('type')}
              onChange={(e) => setF({ ...f, type: e.currentTarget.value as OTPType })}
            >
              <option value="totp">TOTP</option>
              <option value="hotp">HOTP</option>
              <option value="steam">Steam</option>
            </select>
          </label>
          <label class="field">
            <span>{t('algorithm')}</span>
            <select
              {...bind('algorithm')}
              onChange={(e) => setF({ ...f, algorithm: e.currentTarget.value as Algorithm })}
            >
              {ALGORITHMS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span>{t('digits')}</span>
            <input type="number" min={1} max={10} {...bind('digits')} />
          </label>
          <label class="field">
            <span>{t('period')}</span>
            <input type="number" min={1} {...bind('period')} />
          </label>
          <label class="field">
            <span>{t('counter')}</span>
            <input type="number" min={0} {...bind('counter')} />
          </label>
        </details>
        <ErrorLine text={error} />
        <div class="buttons">
          <GoButton to={{ name: 'list' }}>{t('cancel')}</GoButton>
          <button type="submit" class="primary" disabled={busy}>
            {t('register')}
          </button>
        </div>
      </form>
    </section>
  );
}
