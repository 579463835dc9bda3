/**
 * Runs work in one database transaction. Repositories called inside join it implicitly;
 * a nested call joins the outer transaction instead of opening another.
 */
export abstract class TransactionRunner {
  abstract run<T>(work: () => Promise<T>): Promise<T>;
}
