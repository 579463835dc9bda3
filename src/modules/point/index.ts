export { PointModule } from './point.module.js';
export { PointFacade } from './application/point.facade.js';
/** The errors this module answers with; the API document's examples are made with them. */
export * as pointErrors from './domain/point.errors.js';
