import { Page } from '../components/page.js';
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

/** The audit log: who did what, when, from which address (newest first). */
export function AdminAuditPage(props: {
  ctx: PageContext;
  events: readonly AuditRow[];
  eventLabel: (event: string) => string;
  /** Id of the oldest event shown when older ones exist. */
  olderThan?: number | undefined;
}) {
  const { ctx } = props;
  const { t } = ctx;
  const format = new Intl.DateTimeFormat(ctx.locale === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: 'UTC',
  });
  return (
    <Page ctx={ctx} title={t('admin.auditTitle')}>
      {props.events.length === 0 ? (
        <p>{t('admin.audit.empty')}</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.when')}</th>
              <th scope="col">{t('admin.audit.event')}</th>
              <th scope="col">{t('admin.audit.user')}</th>
              <th scope="col">{t('admin.audit.actor')}</th>
              <th scope="col">{t('admin.audit.address')}</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((row) => (
              <tr key={row.id}>
                <td>
                  <time dateTime={new Date(row.at).toISOString()}>{`${format.format(row.at)} UTC`}</time>
                </td>
                <td>{props.eventLabel(row.event)}</td>
                <td>{row.target ?? '—'}</td>
                <td>{row.actor ?? '—'}</td>
                <td>{row.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.olderThan !== undefined && (
        <p class="links">
          <a href={`/admin/audit?before=${props.olderThan}`}>{t('admin.audit.older')}</a>
        </p>
      )}
    </Page>
  );
}
