import { actingToken } from '../../services/audit.js';
import { Actions, Button, Card, Field, Page, type PageMessages, SelectField } from '../components/index.js';
import { Table } from '../components/table.js';
import { LocalTime } from '../components/time.js';
import type { PageContext } from '../context.js';

/** One security event as the audit page shows it. */
export interface AuditRow {
  id: number;
  at: number;
  event: string;
  actor: string | null;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

/** Who acted: a person, or an API token of its creator. */
function actorText(t: PageContext['t'], row: AuditRow): string {
  const token = actingToken(row.details);
  if (token !== undefined) return t('admin.audit.viaToken', { token, username: row.actor ?? '—' });
  return row.actor ?? '—';
}

/** The filter as typed into the form (dates as `YYYY-MM-DD`). */
export interface AuditFilterForm {
  user?: string | undefined;
  event?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The filter's query string (empty parts left out), to carry it to the next page and the export. */
export function auditQueryString(filter: AuditFilterForm, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filter, ...extra }))
    if (value !== undefined && value !== '') params.set(name, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The audit log: who did what, when (in the reader's time zone), from which address (newest first),
 * narrowed by person, event and dates, exported as CSV.
 */
export function AdminAuditPage(props: {
  ctx: PageContext;
  events: readonly AuditRow[];
  eventLabel: (event: string) => string;
  /** Every event name, for the event filter. */
  eventNames: readonly string[];
  filter: AuditFilterForm;
  /** Id of the oldest event shown when older ones exist. */
  olderThan?: number | undefined;
  messages?: PageMessages;
}) {
  const { ctx, filter } = props;
  const { t } = ctx;
  const eventOptions = [
    { value: '', label: t('audit.filter.anyEvent') },
    ...props.eventNames.map((name) => ({ value: name, label: props.eventLabel(name) })),
  ];
  return (
    <Page ctx={ctx} title={t('admin.auditTitle')} width="wide" messages={props.messages}>
      <Card title={t('audit.filter.title')}>
        <form method="get" action="/admin/audit" class="filters">
          <Field ctx={ctx} name="user" label={t('audit.filter.user')} value={filter.user} required={false} />
          <SelectField
            ctx={ctx}
            name="event"
            label={t('audit.filter.event')}
            options={eventOptions}
            value={filter.event ?? ''}
          />
          <Field
            ctx={ctx}
            name="from"
            type="date"
            label={t('audit.filter.from')}
            value={filter.from}
            required={false}
          />
          <Field
            ctx={ctx}
            name="to"
            type="date"
            label={t('audit.filter.to')}
            value={filter.to}
            required={false}
          />
          <Actions>
            <Button kind="primary">{t('audit.filter.apply')}</Button>
            <a href="/admin/audit">{t('audit.filter.clear')}</a>
            <a href={`/admin/audit.csv${auditQueryString(filter)}`} download>
              {t('audit.export')}
            </a>
          </Actions>
        </form>
      </Card>
      {props.events.length === 0 ? (
        <p>{t('admin.audit.empty')}</p>
      ) : (
        <Table
          caption={t('admin.auditTitle')}
          captionHidden
          head={[
            t('admin.audit.when'),
            t('admin.audit.event'),
            t('admin.audit.user'),
            t('admin.audit.actor'),
            t('admin.audit.address'),
          ]}
        >
          {props.events.map((row) => (
            <tr key={row.id}>
              <td>
                <LocalTime ctx={ctx} at={row.at} />
              </td>
              <td>{props.eventLabel(row.event)}</td>
              <td>{row.target ?? '—'}</td>
              <td>{actorText(t, row)}</td>
              <td>{row.ip ?? '—'}</td>
            </tr>
          ))}
        </Table>
      )}
      {props.olderThan !== undefined && (
        <p>
          <a href={`/admin/audit${auditQueryString(filter, { before: String(props.olderThan) })}`}>
            {t('admin.audit.older')}
          </a>
        </p>
      )}
    </Page>
  );
}
