import type { DataSource } from 'typeorm';

export interface LedgerSummary {
  balance: number;
  rows: number;
  charges: number;
  uses: number;
  /** SUM(CHARGE) − SUM(USE) */
  sum: number;
  /** True when, in id order, every balance_after is the previous one plus or minus the entry's amount. */
  chained: boolean;
}

/** What the database holds for one user: the wallet, and the ledger checked against it. */
export async function ledgerOf(db: DataSource, userId: string): Promise<LedgerSummary> {
  const wallet: { balance: number }[] = await db.query('SELECT balance FROM point_wallet WHERE user_id = ?', [userId]);
  const rows: { type: string; amount: number; balanceAfter: number }[] = await db.query(
    'SELECT type, amount, balance_after AS balanceAfter FROM point_history WHERE user_id = ? ORDER BY id',
    [userId],
  );
  let running = 0;
  let chained = true;
  let charges = 0;
  let uses = 0;
  for (const row of rows) {
    const amount = Number(row.amount);
    if (row.type === 'CHARGE') charges += 1;
    else uses += 1;
    running += row.type === 'CHARGE' ? amount : -amount;
    if (Number(row.balanceAfter) !== running) chained = false;
  }
  return {
    balance: wallet.length === 0 ? 0 : Number(wallet[0].balance),
    rows: rows.length,
    charges,
    uses,
    sum: running,
    chained,
  };
}
