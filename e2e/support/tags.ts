// Test tags the Playwright projects select by (playwright.config.ts imports this file: it must import nothing).

/**
 * The tests of the choreographed checkout (issue 13): the NATS project runs only these, the default project runs
 * them with everything else.
 */
export const CHOREOGRAPHY = '@choreography';
