import type { Scenario } from '@storefront/contract/browser';
import { listScenarios } from './faults-api';
import { type Loaded, useLoad } from './use-load';

async function loadScenarios(): Promise<Scenario[]> {
  const answer = await listScenarios();
  return Array.isArray(answer?.scenarios) ? answer.scenarios : [];
}

/** The scenarios the fault proxy runs (`GET /api/faults/scenarios`). */
export function useScenarios(): { state: Loaded<Scenario[]>; retry: () => void } {
  return useLoad(loadScenarios);
}
