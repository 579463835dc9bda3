import { CreateConcertCatalogue1764129600000 } from './1764129600000-create-concert-catalogue.js';

/** Every migration, in order. Listed explicitly so the ESM build and the tests load the same set. */
export const MIGRATIONS = [CreateConcertCatalogue1764129600000];
