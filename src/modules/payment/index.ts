export { PaymentModule } from './payment.module.js';
