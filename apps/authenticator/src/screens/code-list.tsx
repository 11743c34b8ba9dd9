import { code } from '@kakunin/otp';
import { Component, type JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useApp, useVault, type VaultEntry } from '../app-context.js';
import { PendingBatchBanner } from '../components/pending-batch-banner.js';
import { t } from '../i18n/i18n.js';
import { groupCode } from '../lib/format-code.js';
import { type RowWindow, rowWindow } from '../lib/row-window.js';
import { Ticker } from '../lib/ticker.js';

type SortMode = 'manual' | 'issuer';
const SORT_KEY = 'kakunin.sort';
/** Rows rendered before the list has been measured (more than a screenful). */
const INITIAL_ROWS = 40;
/** Row height assumed until rows have been measured (5.5rem, as in styles.css). */
const DEFAULT_ROW_PX = 88;

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
  const shown = useMemo(() => visibleEntries(entries, query, sort), [entries, query, sort]);
  const count = shown.length;
  const list = useRef<HTMLUListElement>(null);
  const [range, setRange] = useState<RowWindow & { rowPx: number }>({
    start: 0,
    end: INITIAL_ROWS,
    rowPx: DEFAULT_ROW_PX,
  });
  // Only the rows near the viewport are in the DOM; spacing above and below stands in for the rest.
  // The window is recomputed from the scroll position (one read per frame at most, before any write).
  useEffect(() => {
    let frame = 0;
    const measure = (): void => {
      frame = 0;
      const ul = list.current;
      if (!ul) return;
      const first = ul.firstElementChild as HTMLElement | null;
      const last = ul.lastElementChild as HTMLElement | null;
      const average =
        first && last ? (last.offsetTop + last.offsetHeight - first.offsetTop) / ul.childElementCount : 0;
      setRange((r) => {
        const rowPx = average > 0 && Math.abs(average - r.rowPx) >= 0.5 ? average : r.rowPx;
        const next = rowWindow(count, rowPx, ul.getBoundingClientRect().top, window.innerHeight);
        return r.start === next.start && r.end === next.end && r.rowPx === rowPx ? r : { ...next, rowPx };
      });
    };
    const schedule = (): void => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    measure();
    addEventListener('scroll', schedule, { passive: true });
    addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      removeEventListener('scroll', schedule);
      removeEventListener('resize', schedule);
    };
  }, [count, shown]);
  const start = Math.min(range.start, count);
  const end = Math.min(range.end, count);
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
      <ul
        class="codes"
        aria-label={t('appName')}
        ref={list}
        style={{
          paddingTop: `${start * range.rowPx}px`,
          paddingBottom: `${(count - end) * range.rowPx}px`,
        }}
      >
        {shown.slice(start, end).map((entry, i) => (
          <CodeRow
            key={entry.id}
            entry={entry}
            issuer={entry.account.issuer}
            name={entry.account.name}
            counter={entry.account.counter}
            position={start + i + 1}
            setSize={count}
            initialCode={groupCode(code(entry.account, now))}
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
  /** 1-based place in the whole list and its length, for screen readers (only some rows are in the DOM). */
  position: number;
  setSize: number;
  initialCode: string;
  ticker: Ticker;
  onCopy: (e: VaultEntry) => void;
  onNextHOTP: (e: VaultEntry) => void;
}

/** One account. Renders once; while mounted the Ticker writes its code and countdown text directly. */
class CodeRow extends Component<RowProps> {
  private readonly li = { current: null as HTMLLIElement | null };

  override shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return (
      next.entry.account !== p.entry.account ||
      next.issuer !== p.issuer ||
      next.name !== p.name ||
      next.counter !== p.counter ||
      next.position !== p.position ||
      next.setSize !== p.setSize
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
    const { entry, issuer, name, position, setSize, initialCode, onCopy, onNextHOTP } = this.props;
    const hotp = entry.account.type === 'hotp';
    return (
      <li class="account" ref={this.li} aria-posinset={position} aria-setsize={setSize}>
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
