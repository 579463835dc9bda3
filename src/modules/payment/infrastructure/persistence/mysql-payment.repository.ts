import { Injectable } from '@nestjs/common';
import { Sql } from '../../../../shared/infrastructure/sql.js';
import type { NewPayment } from '../../domain/payment.js';
import { PaymentRepository } from '../../domain/payment.ports.js';

@Injectable()
export class MySqlPaymentRepository extends PaymentRepository {
  constructor(private readonly sql: Sql) {
    super();
  }

  async save(payment: NewPayment): Promise<number> {
    const result: { insertId: number } = await this.sql.query(
      `INSERT INTO payment (user_id, reservation_id, amount, status, paid_at) VALUES (?, ?, ?, 'COMPLETED', ?)`,
      [payment.userId, payment.reservationId, payment.amount, payment.paidAt],
    );
    return Number(result.insertId);
  }
}
