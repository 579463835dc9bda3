import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueCache } from './application/catalogue-cache.js';
import { ConcertFacade } from './application/concert.facade.js';
import { ListAvailableSeatsUseCase } from './application/list-available-seats.use-case.js';
import { ListConcertsUseCase } from './application/list-concerts.use-case.js';
import { ListReservableDatesUseCase } from './application/list-reservable-dates.use-case.js';
import { SeatMapCache } from './application/seat-map-cache.js';
import { ConcertCatalogueRepository } from './domain/concert-catalogue.repository.js';
import { SeatInventoryRepository } from './domain/seat-inventory.repository.js';
import { ConcertController } from './infrastructure/http/concert.controller.js';
import { ConcertOrmEntity, SeatOrmEntity } from './infrastructure/persistence/concert.orm-entity.js';
import { MySqlConcertCatalogueRepository } from './infrastructure/persistence/mysql-concert-catalogue.repository.js';
import { MySqlSeatInventoryRepository } from './infrastructure/persistence/mysql-seat-inventory.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([ConcertOrmEntity, SeatOrmEntity])],
  controllers: [ConcertController],
  providers: [
    ListConcertsUseCase,
    ListReservableDatesUseCase,
    ListAvailableSeatsUseCase,
    ConcertFacade,
    CatalogueCache,
    SeatMapCache,
    { provide: ConcertCatalogueRepository, useClass: MySqlConcertCatalogueRepository },
    { provide: SeatInventoryRepository, useClass: MySqlSeatInventoryRepository },
  ],
  exports: [ConcertFacade],
})
export class ConcertModule {}
