/**
 * The code of a driver or system error (ER_DUP_ENTRY, ECONNREFUSED, FST_…), also when TypeORM wrapped it in a
 * QueryFailedError (its driverError).
 */
export function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, driverError } = error as { code?: unknown; driverError?: unknown };
  if (typeof code === 'string') return code;
  return driverError === error ? undefined : errorCodeOf(driverError);
}

export const isDuplicateKey = (error: unknown): boolean => errorCodeOf(error) === 'ER_DUP_ENTRY';

export const isDeadlock = (error: unknown): boolean => errorCodeOf(error) === 'ER_LOCK_DEADLOCK';

/** What mysql2 returns for INSERT, UPDATE and DELETE through `EntityManager.query`. */
export interface WriteResult {
  readonly affectedRows: number;
  readonly insertId: number;
}
