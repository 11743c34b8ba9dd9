import { Page } from '../components/page.js';
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
}

/** The audit log: who did what, when (in the reader's time zone), from which address (newest first). */
export function AdminAuditPage(props: {
  ctx: PageContext;
  events: readonly AuditRow[];
  eventLabel: (event: string) => string;
  /** Id of the oldest event shown when older ones exist. */
  olderThan?: number | undefined;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Page ctx={ctx} title={t('admin.auditTitle')} width="wide">
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
              <td>{row.actor ?? '—'}</td>
              <td>{row.ip ?? '—'}</td>
            </tr>
          ))}
        </Table>
      )}
      {props.olderThan !== undefined && (
        <p>
          <a href={`/admin/audit?before=${props.olderThan}`}>{t('admin.audit.older')}</a>
        </p>
      )}
    </Page>
  );
}
