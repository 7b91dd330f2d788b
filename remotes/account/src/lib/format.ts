const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Formats an amount in cents in its own currency, e.g. `$49.00`. */
export function formatMoney(cents: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    } catch {
      // An unknown currency code must not break the page.
      format = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(currency, format);
  }
  return format.format(cents / 100);
}

const dateFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });

function parseDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Formats an ISO timestamp as a date, e.g. `May 20, 2025`; null when it is not a date. */
export function formatDate(iso: string): string | null {
  const date = parseDate(iso);
  return date ? dateFormat.format(date) : null;
}

/** Formats an ISO timestamp as a time of day, e.g. `2:05 PM`; null when it is not a date. */
export function formatTime(iso: string): string | null {
  const date = parseDate(iso);
  return date ? timeFormat.format(date) : null;
}
