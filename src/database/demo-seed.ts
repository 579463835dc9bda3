import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../shared/domain/clock.js';
import { utcDay } from '../shared/domain/calendar-date.js';
import { MAX_SEAT_NUMBER } from '../modules/concert/index.js';

const DEMO_CONCERTS = [
  { title: 'Winter Symphony Gala', venue: 'Seoul Arts Center', offsets: [7, 14, 21, 28] },
  { title: 'Neon Nights Live', venue: 'KSPO Dome', offsets: [10, 17, 24] },
  { title: 'Acoustic Evenings', venue: 'Blue Square Hall', offsets: [5, 12, 19] },
];

/** The day `offset` days after `today` (UTC), as the seed writes it. */
function demoDay(today: Date, offset: number): string {
  return utcDay(new Date(today.getTime() + offset * 86_400_000));
}

/** The first day the seed gives its first concert (id 1 in a fresh database) when it seeds on `today`. */
export function firstDemoDay(today: Date): string {
  return demoDay(today, DEMO_CONCERTS[0].offsets[0]);
}

/** Seats 1–10 are VIP, 11–30 R, 31–50 S. */
export function demoSeatPrice(seatNumber: number): number {
  if (seatNumber <= 10) return 150_000;
  if (seatNumber <= 30) return 110_000;
  return 80_000;
}

/** Seeds demo concerts into an empty database; a named lock keeps two starting instances from both seeding. */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeed.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemoData) return;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT GET_LOCK('concert_demo_seed', 30)`);
      const [{ n }]: { n: string }[] = await runner.query('SELECT COUNT(*) AS n FROM concert');
      if (Number(n) > 0) return;
      await runner.startTransaction();
      const today = this.clock.now();
      for (const concert of DEMO_CONCERTS) {
        const inserted: { insertId: number } = await runner.query('INSERT INTO concert (title, venue) VALUES (?, ?)', [
          concert.title,
          concert.venue,
        ]);
        for (const offset of concert.offsets) {
          const day = demoDay(today, offset);
          const date: { insertId: number } = await runner.query(
            'INSERT INTO concert_date (concert_id, date) VALUES (?, ?)',
            [inserted.insertId, day],
          );
          const seats = Array.from({ length: MAX_SEAT_NUMBER }, (_, i) => [date.insertId, i + 1, demoSeatPrice(i + 1)]);
          await runner.query('INSERT INTO seat (concert_date_id, seat_number, price) VALUES ?', [seats]);
        }
      }
      await runner.commitTransaction();
      this.logger.log(`Seeded ${DEMO_CONCERTS.length} demo concerts`);
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.query(`SELECT RELEASE_LOCK('concert_demo_seed')`);
      await runner.release();
    }
  }
}
