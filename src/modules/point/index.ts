export { PointModule } from './point.module.js';
export { PointFacade } from './application/point.facade.js';
