import { code } from '@kakunin/otp';
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useApp, useVault, type VaultEntry } from '../app-context.js';
import { EmptyState } from '../components/empty-state.js';
import { type ListFilter, ListTools, loadSort, type SortMode } from '../components/list-tools.js';
import { PendingBatchBanner } from '../components/pending-batch-banner.js';
import { t } from '../i18n/i18n.js';
import { copyCode } from '../lib/clipboard.js';
import { groupCode } from '../lib/format-code.js';
import { type RowWindow, rowWindow } from '../lib/row-window.js';
import { Ticker } from '../lib/ticker.js';
import { CodeRow } from './code-row.js';

/** Rows rendered before the list has been measured (more than a screenful). */
const INITIAL_ROWS = 40;
/** Row height assumed until rows have been measured (as in styles.css). */
const DEFAULT_ROW_PX = 92;

type BrandTable = typeof import('../lib/brand-icons.js');

/**
 * Entries matching `query` (issuer or account name, case-insensitive) and the filter (a group, or
 * favourites), favourites first, then in the chosen order.
 */
export function visibleEntries(
  entries: readonly VaultEntry[],
  query: string,
  sort: SortMode,
  filter: ListFilter = { kind: 'all' },
): VaultEntry[] {
  const q = query.trim().toLowerCase();
  const found = entries.filter(
    (e) =>
      (!q || e.account.issuer.toLowerCase().includes(q) || e.account.name.toLowerCase().includes(q)) &&
      (filter.kind === 'all' || (filter.kind === 'favorites' ? e.favorite : e.account.group === filter.name)),
  );
  // Array.prototype.sort is stable: within favourites and the rest, the manual order stays.
  return found.sort(
    (a, b) =>
      Number(b.favorite) - Number(a.favorite) ||
      (sort === 'issuer'
        ? a.account.issuer.localeCompare(b.account.issuer) || a.account.name.localeCompare(b.account.name)
        : 0),
  );
}

/** The code list: search, groups, order, and one card per account kept current by a single Ticker. */
export function CodeList(): JSX.Element {
  const app = useApp();
  const vault = useVault();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortMode>(loadSort);
  const [filter, setFilter] = useState<ListFilter>({ kind: 'all' });
  const [brands, setBrands] = useState<BrandTable | null>(null);
  const ticker = useMemo(() => new Ticker(), []);
  useEffect(() => {
    ticker.start();
    return () => ticker.stop();
  }, [ticker]);
  // Brand icons load after the first code is on screen; until then rows show lettered tiles.
  useEffect(() => {
    let live = true;
    import('../lib/brand-icons.js').then(
      (m) => live && setBrands(m),
      () => undefined, // offline before caching: lettered tiles stay
    );
    return () => {
      live = false;
    };
  }, []);

  const entries = vault.entries();
  const groups = vault.groups();
  const shown = useMemo(() => visibleEntries(entries, query, sort, filter), [entries, query, sort, filter]);
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
      await copyCode(value);
      app.notify(t('copied', { code: groupCode(value) }));
    } catch {
      app.notify(t('copyFailed'), 'error');
    }
  };
  const nextHOTP = async (entry: VaultEntry): Promise<void> => {
    vault.update(entry.id, { counter: entry.account.counter + 1n });
    await app.commit();
  };
  const favorite = async (entry: VaultEntry): Promise<void> => {
    vault.update(entry.id, { favorite: !entry.favorite });
    await app.commit();
  };

  if (entries.length === 0) {
    return (
      <section class="screen code-list">
        <PendingBatchBanner />
        <EmptyState />
      </section>
    );
  }
  return (
    <section class="screen code-list">
      <PendingBatchBanner />
      <ListTools
        query={query}
        onQuery={setQuery}
        sort={sort}
        onSort={setSort}
        filter={filter}
        onFilter={setFilter}
        groups={groups}
        hasFavorites={entries.some((e) => e.favorite)}
      />
      {shown.length === 0 && <p class="empty">{t('noMatches')}</p>}
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
            brand={entry.account.icon ? undefined : brands?.brandIconFor(entry.account.issuer)}
            position={start + i + 1}
            setSize={count}
            initialCode={groupCode(code(entry.account, now))}
            ticker={ticker}
            onCopy={copy}
            onNextHOTP={nextHOTP}
            onOpen={(e) => app.go({ name: 'service', id: e.id, from: 'list' })}
            onFavorite={favorite}
          />
        ))}
      </ul>
    </section>
  );
}
