import type { SessionInfo } from '../../services/session-list.js';
import { Button } from '../components/button.js';
import { PostForm } from '../components/form.js';
import { Table } from '../components/table.js';
import { LocalTime } from '../components/time.js';
import type { PageContext } from '../context.js';

/**
 * A person's signed-in browsers: browser and system, address, when signed in and last seen, and a
 * button that ends each one (a form posting `session=<id>` to `endAction`). The asking browser's own
 * session is marked and has no button: signing out does that.
 */
export function SessionTable(props: {
  ctx: PageContext;
  caption: string;
  sessions: readonly SessionInfo[];
  endAction: string;
  endLabel: string;
}) {
  const { ctx, sessions } = props;
  const { t } = ctx;
  if (sessions.length === 0) return <p>{t('sessions.none')}</p>;
  return (
    <Table
      caption={props.caption}
      captionHidden
      head={[
        t('sessions.col.browser'),
        t('sessions.col.system'),
        t('sessions.col.address'),
        t('sessions.col.signedIn'),
        t('sessions.col.lastSeen'),
        t('sessions.col.action'),
      ]}
    >
      {sessions.map((session) => (
        <tr key={session.id} data-session={session.id}>
          <th scope="row">
            {session.browser ?? t('sessions.unknown')}
            {session.current && (
              <>
                {' '}
                <span class="tag on">{t('sessions.thisBrowser')}</span>
              </>
            )}
          </th>
          <td>{session.system ?? t('sessions.unknown')}</td>
          <td>{session.ip ?? t('sessions.unknown')}</td>
          <td>
            <LocalTime ctx={ctx} at={session.signedInAt} />
          </td>
          <td>{session.lastSeenAt === null ? '—' : <LocalTime ctx={ctx} at={session.lastSeenAt} />}</td>
          <td>
            {!session.current && (
              <PostForm ctx={ctx} action={props.endAction} label={props.endLabel}>
                <input type="hidden" name="session" value={session.id} />
                <Button>{props.endLabel}</Button>
              </PostForm>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}
