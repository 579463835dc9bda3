import { Injectable } from '@nestjs/common';
import { type BookableSeat, ConcertFacade, type SeatRef } from '../../../concert/index.js';
import { SeatInventoryPort } from '../../domain/seat-inventory.port.js';

/** The seat inventory, as the Concert module keeps it. */
@Injectable()
export class ConcertSeatInventoryAdapter extends SeatInventoryPort {
  constructor(private readonly concerts: ConcertFacade) {
    super();
  }

  findBookableSeat(seat: SeatRef): Promise<BookableSeat> {
    return this.concerts.findBookableSeat(seat);
  }

  occupy(seatId: number, reservationId: number, heldUntil: Date, now: Date): Promise<boolean> {
    return this.concerts.occupySeat(seatId, reservationId, heldUntil, now);
  }

  release(seatId: number, reservationId: number): Promise<boolean> {
    return this.concerts.releaseSeat(seatId, reservationId);
  }

  sell(seatId: number, reservationId: number): Promise<boolean> {
    return this.concerts.sellSeat(seatId, reservationId);
  }
}
