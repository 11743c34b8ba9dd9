import type { PageContext } from '../context.js';
import { Actions, Button, type ButtonKind } from './button.js';
import { Card } from './card.js';
import { PostForm } from './form.js';

/** The field a confirmed form carries; its route acts only when it is present. */
export const CONFIRM_FIELD = 'confirm';

/**
 * The confirmation step of an action that is hard to undo: says in words what will happen, then one
 * button that does it and a way back. Without JavaScript, as a page of its own.
 */
export function ConfirmStep(props: {
  ctx: PageContext;
  /** The question, e.g. "Reset two-factor authentication of alice?". */
  title: string;
  /** What will happen, one consequence per item. */
  consequences: readonly string[];
  action: string;
  confirmLabel: string;
  cancelHref: string;
  kind?: ButtonKind;
  /** Values the confirmed form carries along (the change being confirmed), as hidden fields. */
  fields?: Readonly<Record<string, string>>;
}) {
  const { t } = props.ctx;
  return (
    <Card title={props.title} id="confirm" tone={props.kind === 'primary' ? undefined : 'danger'}>
      <p>{t('confirm.consequences')}</p>
      <ul>
        {props.consequences.map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ul>
      <PostForm ctx={props.ctx} action={props.action}>
        {Object.entries(props.fields ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} key={name} />
        ))}
        <input type="hidden" name={CONFIRM_FIELD} value="yes" />
        <Actions>
          <Button kind={props.kind ?? 'danger'}>{props.confirmLabel}</Button>
          <a href={props.cancelHref}>{t('common.cancel')}</a>
        </Actions>
      </PostForm>
    </Card>
  );
}
