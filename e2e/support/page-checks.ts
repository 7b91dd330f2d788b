// What a page must never do in the browser: violate its CSP, log an error, or carry a serious accessibility
// violation. Used by tests/accessibility.spec.ts and tests/browser-security.spec.ts.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** One CSP violation as the page reported it. */
export interface CspViolation {
  directive: string;
  blocked: string;
  source: string;
}

declare global {
  interface Window {
    __cspViolations?: CspViolation[];
  }
}

/**
 * Starts recording CSP violations (the page's `securitypolicyviolation` events, from before any script runs),
 * console errors and console warnings (e.g. Chromium's "preloaded using link preload but not used"). Call before
 * the first navigation; read with {@link pageProblems}.
 */
export async function watchPageProblems(
  page: Page,
): Promise<{ consoleErrors: string[]; consoleWarnings: string[] }> {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
      });
    });
  });
  const consoleErrors: string[] = [];
  const consoleWarnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
    if (message.type() === 'warning') consoleWarnings.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  return { consoleErrors, consoleWarnings };
}

/** The CSP violations the current document has reported so far. */
export async function cspViolations(page: Page): Promise<CspViolation[]> {
  return page.evaluate(() => window.__cspViolations ?? []);
}

/** axe's rules that can fail a page; the label-in-name rule (WCAG 2.5.3) is experimental, hence asked for. */
const AXE_RULES = { 'label-content-name-mismatch': { enabled: true } };

/** Runs axe-core on the page as it is now and fails with each serious or critical violation's id and targets. */
export async function expectNoSeriousA11yViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).options({ rules: AXE_RULES }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((node) => node.target.join(' ')),
    }));
  expect(serious, `${what}: serious/critical axe violations`).toEqual([]);
}
