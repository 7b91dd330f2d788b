// How the remotes write money, dates and times: one locale, so the shell's pages read the same whichever
// remote rendered them.

const LOCALE = 'en-US';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Formats an amount in cents in its own currency, e.g. `$49.00`. */
export function formatMoney(cents: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
    } catch {
      // An unknown currency code must not break the page.
      format = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(currency, format);
  }
  return format.format(cents / 100);
}

// Built on first use, so a bundle that never formats a date does not build (or keep) its formatter.
let dateFormat: Intl.DateTimeFormat | undefined;
let timeFormat: Intl.DateTimeFormat | undefined;

function parseDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Formats an ISO timestamp as a date, e.g. `May 20, 2025`; null when it is not a date. */
export function formatDate(iso: string): string | null {
  const date = parseDate(iso);
  if (!date) return null;
  dateFormat ??= new Intl.DateTimeFormat(LOCALE, { year: 'numeric', month: 'long', day: 'numeric' });
  return dateFormat.format(date);
}

/** Formats an ISO timestamp as a time of day, e.g. `2:05 PM`; null when it is not a date. */
export function formatTime(iso: string): string | null {
  const date = parseDate(iso);
  if (!date) return null;
  timeFormat ??= new Intl.DateTimeFormat(LOCALE, { hour: 'numeric', minute: '2-digit' });
  return timeFormat.format(date);
}
