import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';
import { ServiceIcon } from './service-icon.js';

type BrandTable = typeof import('../lib/brand-icons.js');

/**
 * Choosing an account's icon: automatic (the brand matching the issuer, else a letter), one of the
 * shipped brand icons, or none (a lettered tile even where a brand matches). The choice is stored in
 * the entry's `icon` as an SVG image, which Aegis shows too.
 */
export function IconPicker(props: {
  issuer: string;
  name: string;
  icon: string | undefined;
  onChange: (icon: string | undefined) => void;
}): JSX.Element {
  const [brands, setBrands] = useState<BrandTable | null>(null);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    import('../lib/brand-icons.js').then(setBrands, () => undefined);
  }, []);
  const q = filter.trim().toLowerCase();
  const icons = brands?.allBrandIcons().filter((i) => !q || i.title.toLowerCase().includes(q)) ?? [];
  return (
    <details class="icon-picker">
      <summary>
        <ServiceIcon
          issuer={props.issuer}
          name={props.name}
          stored={props.icon}
          brand={props.icon ? undefined : brands?.brandIconFor(props.issuer)}
        />
        {t('chooseIcon')}
      </summary>
      <div class="buttons">
        <button type="button" onClick={() => props.onChange(undefined)}>
          {t('iconAutomatic')}
        </button>
        <button
          type="button"
          onClick={() => brands && props.onChange(brands.letterIconDataURL(props.issuer, props.name))}
        >
          {t('iconLetter')}
        </button>
      </div>
      <input
        type="search"
        aria-label={t('iconSearch')}
        placeholder={t('iconSearch')}
        value={filter}
        onInput={(e) => setFilter(e.currentTarget.value)}
      />
      <ul class="icon-grid">
        {icons.map((i) => (
          <li key={i.title}>
            <button
              type="button"
              class="icon-choice"
              aria-label={i.title}
              onClick={() => brands && props.onChange(brands.brandIconDataURL(i))}
            >
              <ServiceIcon issuer={i.title} name="" brand={i} />
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
