import { Injectable } from '@nestjs/common';
import type { Concert } from '../domain/concert.js';
import { ConcertCatalogueRepository } from '../domain/concert-catalogue.repository.js';

@Injectable()
export class ListConcertsUseCase {
  constructor(private readonly catalogue: ConcertCatalogueRepository) {}

  execute(): Promise<Concert[]> {
    return this.catalogue.listConcerts();
  }
}
