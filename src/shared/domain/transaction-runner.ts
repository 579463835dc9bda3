export interface TransactionOptions {
  /**
   * READ COMMITTED takes no gap locks: for a transaction that scans ranges other transactions insert into
   * (the queue's admission tick), so that the inserts neither wait for it nor deadlock with it.
   * Ignored by a nested call, which joins the outer transaction. Default: the server's (REPEATABLE READ).
   */
  readonly isolation?: 'READ COMMITTED';
}

/**
 * Runs work in one database transaction. Repositories called inside join it implicitly;
 * a nested call joins the outer transaction instead of opening another.
 */
export abstract class TransactionRunner {
  abstract run<T>(work: () => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Runs `effect` once the current transaction has committed (at once when there is none); never when it rolls
   * back. For what must not see uncommitted state, such as dropping a cache entry the transaction made stale.
   */
  abstract afterCommit(effect: () => void): void;
}
