import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../../../shared/infrastructure/transaction-host.js';
import type { NewPayment } from '../../domain/payment.js';
import { PaymentRepository } from '../../domain/payment.ports.js';

@Injectable()
export class TypeOrmPaymentRepository extends PaymentRepository {
  constructor(private readonly txHost: TransactionHost) {
    super();
  }

  async save(payment: NewPayment): Promise<number> {
    const result: { insertId: number } = await this.txHost.tx.query(
      `INSERT INTO payment (user_id, reservation_id, amount, status, paid_at) VALUES (?, ?, ?, 'COMPLETED', ?)`,
      [payment.userId, payment.reservationId, payment.amount, payment.paidAt],
    );
    return Number(result.insertId);
  }
}
