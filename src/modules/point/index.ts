export { PointModule } from './point.module.js';
