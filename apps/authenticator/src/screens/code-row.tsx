import { Component, type JSX } from 'preact';
import type { VaultEntry } from '../app-context.js';
import { CountdownRing } from '../components/countdown-ring.js';
import { StarIcon } from '../components/icons.js';
import { ServiceIcon } from '../components/service-icon.js';
import { t } from '../i18n/i18n.js';
import type { BrandIcon } from '../lib/brand-colour.js';
import type { Ticker } from '../lib/ticker.js';

/** Holding a row this long opens the account instead of copying its code. */
const LONG_PRESS_MS = 550;

export interface RowProps {
  entry: VaultEntry;
  brand: BrandIcon | undefined;
  /** 1-based place in the whole list and its length, for screen readers (only some rows are in the DOM). */
  position: number;
  setSize: number;
  initialCode: string;
  ticker: Ticker;
  onCopy: (e: VaultEntry) => void;
  onNextHOTP: (e: VaultEntry) => void;
  onOpen: (e: VaultEntry) => void;
  onFavorite: (e: VaultEntry) => void;
}

/**
 * One account as a card: icon, issuer, account name, the code (tap to copy), a countdown ring and the
 * favourite star. Renders once; while mounted the Ticker writes its code and runs its ring directly.
 * A long press, a right click or the context-menu key (Shift+F10) opens the account.
 */
export class CodeRow extends Component<RowProps> {
  private readonly li = { current: null as HTMLLIElement | null };
  private pressTimer: ReturnType<typeof setTimeout> | undefined;
  private longPressed = false;

  override shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return (
      next.entry !== p.entry ||
      next.brand !== p.brand ||
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
    clearTimeout(this.pressTimer);
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
      code: text('.code-digits'),
      next: text('.next-code'),
      parts: {
        right: li.querySelector<HTMLElement>('.ring-half-right .ring-sweep')!,
        left: li.querySelector<HTMLElement>('.ring-half-left .ring-sweep')!,
        endingRight: li.querySelector<HTMLElement>('.ring-half-right .ring-sweep-ending'),
        endingLeft: li.querySelector<HTMLElement>('.ring-half-left .ring-sweep-ending')!,
        column: li.querySelector<HTMLElement>('.seconds-column'),
        swap: li.querySelector<HTMLElement>('.swap-track')!,
        nextBox: li.querySelector<HTMLElement>('.next')!,
      },
    });
  }

  private unwatch(): void {
    if (this.li.current) this.props.ticker.remove(this.li.current);
  }

  private readonly press = (): void => {
    this.longPressed = false;
    clearTimeout(this.pressTimer);
    this.pressTimer = setTimeout(() => {
      this.longPressed = true;
      this.props.onOpen(this.props.entry);
    }, LONG_PRESS_MS);
  };

  private readonly release = (): void => {
    clearTimeout(this.pressTimer);
  };

  override render(): JSX.Element {
    const { entry, brand, position, setSize, initialCode, onCopy, onNextHOTP, onOpen, onFavorite } =
      this.props;
    const { issuer, name, icon, type } = entry.account;
    const hotp = type === 'hotp';
    return (
      <li class="account" ref={this.li} aria-posinset={position} aria-setsize={setSize}>
        <ServiceIcon issuer={issuer} name={name} stored={icon} brand={brand} />
        <button
          type="button"
          class="account-main"
          onPointerDown={this.press}
          onPointerUp={this.release}
          onPointerLeave={this.release}
          onPointerCancel={this.release}
          onContextMenu={(e) => {
            e.preventDefault();
            if (!this.longPressed) onOpen(entry);
          }}
          onClick={() => {
            if (this.longPressed) this.longPressed = false;
            else onCopy(entry);
          }}
        >
          <span class="issuer">{issuer}</span>
          {hotp ? (
            <span class="name">{name}</span>
          ) : (
            // The name's line and, below it, the next code's: the two move up by a line for the
            // period's last seconds (one animation).
            <span class="swap">
              <span class="swap-track">
                <span class="name">{name}</span>
                <span class="next" aria-hidden="true">
                  {t('next')} <span class="next-code">·</span>
                </span>
              </span>
            </span>
          )}
          {/* The digits are laid out on their own when they change (a box of fixed size). */}
          <span class="code">
            <span class="code-digits">{initialCode}</span>
          </span>
        </button>
        {hotp ? (
          <button type="button" class="small" onClick={() => onNextHOTP(entry)}>
            {t('nextCode')}
          </button>
        ) : (
          <CountdownRing period={entry.account.period} />
        )}
        <button
          type="button"
          class={`icon-button star${entry.favorite ? ' on' : ''}`}
          aria-pressed={entry.favorite}
          aria-label={t('favoriteOf', { name: issuer || name })}
          onClick={() => onFavorite(entry)}
        >
          <StarIcon filled={entry.favorite} />
        </button>
      </li>
    );
  }
}
