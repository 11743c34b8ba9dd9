import type { JSX } from 'preact';
import { t } from '../i18n/i18n.js';

export type SortMode = 'manual' | 'issuer';
/** Which accounts the list shows: all, the favourites, or one group. */
export type ListFilter = { kind: 'all' } | { kind: 'favorites' } | { kind: 'group'; name: string };

const SORT_KEY = 'kakunin.sort';

/** The remembered order (not secret, so localStorage). */
export function loadSort(): SortMode {
  try {
    return localStorage.getItem(SORT_KEY) === 'issuer' ? 'issuer' : 'manual';
  } catch {
    return 'manual';
  }
}

function saveSort(mode: SortMode): void {
  try {
    localStorage.setItem(SORT_KEY, mode);
  } catch {
    // not remembered
  }
}

const same = (a: ListFilter, b: ListFilter): boolean =>
  a.kind === b.kind && (a.kind !== 'group' || (b.kind === 'group' && a.name === b.name));

/** Search box, order, and the filter chips (all, favourites, each group), wrapping on narrow phones. */
export function ListTools(props: {
  query: string;
  onQuery: (q: string) => void;
  sort: SortMode;
  onSort: (s: SortMode) => void;
  filter: ListFilter;
  onFilter: (f: ListFilter) => void;
  groups: readonly string[];
  hasFavorites: boolean;
}): JSX.Element {
  const chips: [ListFilter, string][] = [
    [{ kind: 'all' }, t('filterAll')],
    ...(props.hasFavorites ? [[{ kind: 'favorites' }, t('filterFavorites')] as [ListFilter, string]] : []),
    ...props.groups.map((name): [ListFilter, string] => [{ kind: 'group', name }, name]),
  ];
  return (
    <div class="list-tools">
      <div class="list-search">
        <input
          type="search"
          class="search"
          aria-label={t('search')}
          placeholder={t('search')}
          value={props.query}
          onInput={(e) => props.onQuery(e.currentTarget.value)}
        />
        <label class="sort">
          <span class="visually-hidden">{t('sortLabel')}</span>
          <select
            value={props.sort}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value as SortMode;
              props.onSort(v);
              saveSort(v);
            }}
          >
            <option value="manual">{t('sortManual')}</option>
            <option value="issuer">{t('sortIssuer')}</option>
          </select>
        </label>
      </div>
      {chips.length > 1 && (
        <fieldset class="chips">
          <legend class="visually-hidden">{t('filterLabel')}</legend>
          {chips.map(([f, text]) => (
            <button
              key={`${f.kind}:${text}`}
              type="button"
              class="chip"
              aria-pressed={same(f, props.filter)}
              onClick={() => props.onFilter(f)}
            >
              {text}
            </button>
          ))}
        </fieldset>
      )}
    </div>
  );
}
