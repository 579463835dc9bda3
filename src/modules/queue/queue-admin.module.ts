import { Module } from '@nestjs/common';
import { AdminQueueController } from './infrastructure/http/admin-queue.controller.js';
import { QueueModule } from './queue.module.js';

/** The operator routes (GET/PATCH /admin/queue, DELETE /admin/queue/tokens/:userId); AppModule imports it only with ADMIN_API_KEY. */
@Module({ imports: [QueueModule], controllers: [AdminQueueController] })
export class QueueAdminModule {}
