import { code } from '@kakunin/otp';
import { Component, type JSX } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApp, useVault, type VaultEntry } from '../app-context.js';
import { PendingBatchBanner } from '../components/pending-batch-banner.js';
import { t } from '../i18n/i18n.js';
import { groupCode } from '../lib/format-code.js';
import { Ticker } from '../lib/ticker.js';

type SortMode = 'manual' | 'issuer';
const SORT_KEY = 'kakunin.sort';
/** Rows rendered with their code at once (the first screenful); the rest fill in as they scroll in. */
const EAGER_ROWS = 30;

function loadSort(): SortMode {
  try {
    return localStorage.getItem(SORT_KEY) === 'issuer' ? 'issuer' : 'manual';
  } catch {
    return 'manual';
  }
}

/** Entries matching `query` (issuer or account name, case-insensitive), in the chosen order. */
export function visibleEntries(entries: readonly VaultEntry[], query: string, sort: SortMode): VaultEntry[] {
  const q = query.trim().toLowerCase();
  const found = q
    ? entries.filter(
        (e) => e.account.issuer.toLowerCase().includes(q) || e.account.name.toLowerCase().includes(q),
      )
    : [...entries];
  if (sort === 'issuer') {
    found.sort(
      (a, b) =>
        a.account.issuer.localeCompare(b.account.issuer) || a.account.name.localeCompare(b.account.name),
    );
  }
  return found;
}

/** The code list: search, order, and one row per account kept current by a single Ticker. */
export function CodeList(): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortMode>(loadSort);
  const ticker = useMemo(() => new Ticker(), []);
  useEffect(() => {
    ticker.start();
    return () => ticker.stop();
  }, [ticker]);

  const entries = vault.entries();
  const shown = visibleEntries(entries, query, sort);
  const now = Date.now();

  const copy = async (entry: VaultEntry): Promise<void> => {
    const value = code(entry.account, Date.now());
    try {
      await navigator.clipboard.writeText(value);
      app.notify(t('copied', { code: groupCode(value) }));
    } catch {
      app.notify(t('copyFailed'), 'error');
    }
  };
  const nextHOTP = async (entry: VaultEntry): Promise<void> => {
    vault.update(entry.id, { counter: entry.account.counter + 1n });
    await app.commit();
  };

  return (
    <section class="screen">
      <PendingBatchBanner />
      {entries.length > 0 && (
        <div class="list-tools">
          <input
            type="search"
            class="search"
            aria-label={t('search')}
            placeholder={t('search')}
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          <label class="field inline">
            <span class="visually-hidden">{t('sortLabel')}</span>
            <select
              value={sort}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLSelectElement).value as SortMode;
                setSort(v);
                try {
                  localStorage.setItem(SORT_KEY, v);
                } catch {
                  // not remembered
                }
              }}
            >
              <option value="manual">{t('sortManual')}</option>
              <option value="issuer">{t('sortIssuer')}</option>
            </select>
          </label>
        </div>
      )}
      {entries.length === 0 && <p class="empty">{t('noAccounts')}</p>}
      {entries.length > 0 && shown.length === 0 && <p class="empty">{t('noMatches')}</p>}
      <ul class="codes" aria-label={t('appName')}>
        {shown.map((entry, i) => (
          <CodeRow
            key={entry.id}
            entry={entry}
            issuer={entry.account.issuer}
            name={entry.account.name}
            counter={entry.account.counter}
            initialCode={
              i < EAGER_ROWS || entry.account.type === 'hotp'
                ? groupCode(code(entry.account, now))
                : '··· ···'
            }
            ticker={ticker}
            onCopy={copy}
            onNextHOTP={nextHOTP}
          />
        ))}
      </ul>
    </section>
  );
}

interface RowProps {
  entry: VaultEntry;
  issuer: string;
  name: string;
  counter: bigint;
  initialCode: string;
  ticker: Ticker;
  onCopy: (e: VaultEntry) => void;
  onNextHOTP: (e: VaultEntry) => void;
}

/** One account. Renders once; afterwards the Ticker writes its code and countdown text directly. */
class CodeRow extends Component<RowProps> {
  private readonly li = { current: null as HTMLLIElement | null };

  override shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return (
      next.entry.account !== p.entry.account ||
      next.issuer !== p.issuer ||
      next.name !== p.name ||
      next.counter !== p.counter
    );
  }

  override componentDidMount(): void {
    this.watch();
  }

  override componentDidUpdate(): void {
    this.unwatch();
    this.watch();
  }

  override componentWillUnmount(): void {
    this.unwatch();
  }

  private watch(): void {
    const li = this.li.current;
    if (!li || this.props.entry.account.type === 'hotp') return;
    const text = (selector: string): Text => {
      const el = li.querySelector(selector)!;
      if (!(el.firstChild instanceof Text)) el.replaceChildren(document.createTextNode(''));
      return el.firstChild as Text;
    };
    this.props.ticker.add(li, {
      account: this.props.entry.account,
      code: text('.code'),
      countdown: text('.seconds'),
      next: text('.next-code'),
      nextBox: li.querySelector<HTMLElement>('.next')!,
    });
  }

  private unwatch(): void {
    if (this.li.current) this.props.ticker.remove(this.li.current);
  }

  override render(): JSX.Element {
    const { entry, issuer, name, initialCode, onCopy, onNextHOTP } = this.props;
    const hotp = entry.account.type === 'hotp';
    return (
      <li class="account" ref={this.li}>
        <button type="button" class="account-main" onClick={() => onCopy(entry)}>
          <span class="issuer">{issuer}</span>
          <span class="name">{name}</span>
          <span class="code">{initialCode}</span>
        </button>
        {hotp ? (
          <button type="button" class="small" onClick={() => onNextHOTP(entry)}>
            {t('nextCode')}
          </button>
        ) : (
          <span class="timing">
            <span class="countdown">
              <span class="seconds">·</span>
              {t('secondsUnit')}
            </span>
            <span class="next" hidden>
              {t('next')} <span class="next-code">·</span>
            </span>
          </span>
        )}
      </li>
    );
  }
}
