import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChargePointsUseCase } from './application/charge-points.use-case.js';
import { GetPointBalanceUseCase } from './application/get-point-balance.use-case.js';
import { ListPointHistoryUseCase } from './application/list-point-history.use-case.js';
import { PointFacade } from './application/point.facade.js';
import { UsePointsUseCase } from './application/use-points.use-case.js';
import { PointHistoryRepository } from './domain/point-history.repository.js';
import { PointWalletRepository } from './domain/point-wallet.repository.js';
import { PointController } from './infrastructure/http/point.controller.js';
import { PointHistoryOrmEntity, PointWalletOrmEntity } from './infrastructure/persistence/point.orm-entity.js';
import { MySqlPointHistoryRepository } from './infrastructure/persistence/mysql-point-history.repository.js';
import { MySqlPointWalletRepository } from './infrastructure/persistence/mysql-point-wallet.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([PointWalletOrmEntity, PointHistoryOrmEntity])],
  controllers: [PointController],
  providers: [
    ChargePointsUseCase,
    UsePointsUseCase,
    GetPointBalanceUseCase,
    ListPointHistoryUseCase,
    PointFacade,
    { provide: PointWalletRepository, useClass: MySqlPointWalletRepository },
    { provide: PointHistoryRepository, useClass: MySqlPointHistoryRepository },
  ],
  exports: [PointFacade],
})
export class PointModule {}
