import { Injectable } from '@nestjs/common';
import { PointFacade } from '../../../point/index.js';
import { QueueFacade } from '../../../queue/index.js';
import { ReservationFacade } from '../../../reservation/index.js';
import { PointPort, QueuePort, ReservationPort } from '../../domain/payment.ports.js';

@Injectable()
export class ReservationFacadeAdapter extends ReservationPort {
  constructor(private readonly reservations: ReservationFacade) {
    super();
  }

  async confirm(userId: string, reservationId: number, now: Date): Promise<{ price: number }> {
    const confirmed = await this.reservations.confirm(userId, reservationId, now);
    return { price: confirmed.price };
  }
}

@Injectable()
export class PointFacadeAdapter extends PointPort {
  constructor(private readonly points: PointFacade) {
    super();
  }

  use(userId: string, amount: number): Promise<{ balance: number }> {
    return this.points.use(userId, amount);
  }
}

@Injectable()
export class QueueFacadeAdapter extends QueuePort {
  constructor(private readonly queue: QueueFacade) {
    super();
  }

  async expireAfterPayment(tokenId: string): Promise<void> {
    await this.queue.expireAfterPayment(tokenId);
  }
}
