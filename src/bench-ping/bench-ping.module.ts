import { Module } from '@nestjs/common';
import { BenchPingController } from './bench-ping.controller.js';

/** GET /ping for the benchmark baseline; AppModule imports it only when BENCH_MODE=true. */
@Module({ controllers: [BenchPingController] })
export class BenchPingModule {}
