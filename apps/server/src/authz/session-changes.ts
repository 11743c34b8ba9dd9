import {
  AliasNode,
  type Kysely,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  TableNode,
  type UnknownRow,
} from 'kysely';
import type { DB } from '../db/schema.js';

/** Tables whose changes can end or alter what a forward-auth check answers. */
const WATCHED = new Set(['sessions', 'users']);

/** Counts this process's own writes to sessions and users, so that its cache forgets at once. */
class SessionChangeWatch implements KyselyPlugin {
  changes = 0;
  readonly #writes = new WeakSet<object>();

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    if (writesWatchedTable(node)) {
      this.changes++;
      this.#writes.add(queryId);
    }
    return node;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // Counted again once the statement has run: a check between the two may have read the old row.
    if (this.#writes.has(queryId)) this.changes++;
    return result;
  }
}

const watches = new WeakMap<Kysely<DB>, SessionChangeWatch>();

/**
 * The database handle the services use, counting this process's writes to sessions and users. Other
 * instances' writes reach the cache through the database's epoch counter (see session-cache.ts).
 */
export function watchSessionChanges(db: Kysely<DB>): Kysely<DB> {
  const watch = new SessionChangeWatch();
  const watched = db.withPlugin(watch);
  watches.set(watched, watch);
  return watched;
}

/** How many writes to sessions and users this process has made through `db` (0 if not watched). */
export function localSessionChanges(db: Kysely<DB>): number {
  return watches.get(db)?.changes ?? 0;
}

function writesWatchedTable(node: RootOperationNode): boolean {
  if (node.kind === 'DeleteQueryNode') return node.from.froms.some(isWatchedTable);
  if (node.kind === 'UpdateQueryNode') return node.table !== undefined && isWatchedTable(node.table);
  return false;
}

function isWatchedTable(node: OperationNode): boolean {
  const table = AliasNode.is(node) ? node.node : node;
  return TableNode.is(table) && WATCHED.has(table.table.identifier.name);
}
