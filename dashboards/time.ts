/** The dashboards follow Viet Nam's clock (core/time.ts). */
export { TIME_ZONE, vietnamDay } from '../core/time.js';
