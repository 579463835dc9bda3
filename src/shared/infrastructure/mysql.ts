/** The MySQL/MariaDB error code of a driver error, also when TypeORM wrapped it in a QueryFailedError. */
export function mysqlErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  if (typeof code === 'string') return code;
  return typeof driverError?.code === 'string' ? driverError.code : undefined;
}

export const isDuplicateKey = (error: unknown): boolean => mysqlErrorCode(error) === 'ER_DUP_ENTRY';

export const isDeadlock = (error: unknown): boolean => mysqlErrorCode(error) === 'ER_LOCK_DEADLOCK';

/** What mysql2 returns for INSERT, UPDATE and DELETE through `EntityManager.query`. */
export interface WriteResult {
  readonly affectedRows: number;
  readonly insertId: number;
}
