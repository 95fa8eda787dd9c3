/** Viet Nam's clock, which the dashboards' pages, charts and counts and the matcher's publish days follow. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

// en-CA formats as YYYY-MM-DD. One formatter: building one costs more than formatting.
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (YYYY-MM-DD) of an instant in Viet Nam. */
export function vietnamDay(iso: string | Date): string {
  return dayFormat.format(new Date(iso));
}
