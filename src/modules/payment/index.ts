export { PaymentModule } from './payment.module.js';
/** The errors this module answers with; the API document's examples are made with them. */
export * as paymentErrors from './domain/payment.errors.js';
