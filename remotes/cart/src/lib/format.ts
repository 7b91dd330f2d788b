const priceFormats = new Map<string, Intl.NumberFormat>();

/** Formats a price in cents in its own currency, e.g. `$49.00`. */
export function formatPrice(priceCents: number, currency: string): string {
  let format = priceFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    } catch {
      // An unknown currency code must not break the page.
      format = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    priceFormats.set(currency, format);
  }
  return format.format(priceCents / 100);
}

const timeFormat = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });

/** Formats an ISO timestamp as a time of day, e.g. `2:05 PM`; null when it is not a date. */
export function formatTime(iso: string): string | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : timeFormat.format(date);
}
