import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConcertFacade } from './application/concert.facade.js';
import { ListAvailableSeatsUseCase } from './application/list-available-seats.use-case.js';
import { ListConcertsUseCase } from './application/list-concerts.use-case.js';
import { ListReservableDatesUseCase } from './application/list-reservable-dates.use-case.js';
import { ConcertCatalogueRepository } from './domain/concert-catalogue.repository.js';
import { SeatInventoryRepository } from './domain/seat-inventory.repository.js';
import { ConcertController } from './infrastructure/http/concert.controller.js';
import {
  ConcertDateOrmEntity,
  ConcertOrmEntity,
  SeatOrmEntity,
} from './infrastructure/persistence/concert.orm-entity.js';
import { TypeOrmConcertCatalogueRepository } from './infrastructure/persistence/typeorm-concert-catalogue.repository.js';
import { TypeOrmSeatInventoryRepository } from './infrastructure/persistence/typeorm-seat-inventory.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([ConcertOrmEntity, ConcertDateOrmEntity, SeatOrmEntity])],
  controllers: [ConcertController],
  providers: [
    ListConcertsUseCase,
    ListReservableDatesUseCase,
    ListAvailableSeatsUseCase,
    ConcertFacade,
    { provide: ConcertCatalogueRepository, useClass: TypeOrmConcertCatalogueRepository },
    { provide: SeatInventoryRepository, useClass: TypeOrmSeatInventoryRepository },
  ],
  exports: [ConcertFacade],
})
export class ConcertModule {}
