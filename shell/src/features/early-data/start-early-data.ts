import { EARLY_DATA_ELEMENT_ID, type EarlyData, startEarlyData } from '@storefront/contract/browser';

// Early data (docs/decisions/017-early-data.md): the composed page lists the GETs the route's remote modules make on
// their first render, filled in by the host for this URL. Starting them here, in the shell's entry, takes the data
// call out of the waterfall (entry → framework → shell → container → module → render → call); each remote's first
// identical GET takes the answer. This runs in every page's first script: it stays this small.

/** Starts the page's early GETs, if it lists any; never throws (a page without them works as before). */
export function startPageEarlyData(doc: Document = document): EarlyData | null {
  try {
    const paths: unknown = JSON.parse(doc.getElementById(EARLY_DATA_ELEMENT_ID)?.textContent || '[]');
    const valid = Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
    return valid.length > 0 ? startEarlyData(valid) : null;
  } catch {
    return null;
  }
}
