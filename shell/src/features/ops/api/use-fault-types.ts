import type { FaultTypesAnswer } from '@storefront/contract/browser';
import { listFaultTypes } from './faults-api';
import { type Loaded, useLoad } from './use-load';

/** Whether an answer reads as the list of fault types (a BFF without the route answers something else). */
function isFaultTypes(answer: unknown): answer is FaultTypesAnswer {
  const value = answer as Partial<FaultTypesAnswer> | null;
  return (
    Array.isArray(value?.types) &&
    value.types.every((info) => typeof info?.type === 'string' && Array.isArray(info.options)) &&
    typeof value.durationMs?.min === 'number' &&
    typeof value.durationMs.max === 'number'
  );
}

async function loadFaultTypes(): Promise<FaultTypesAnswer> {
  const answer: unknown = await listFaultTypes();
  if (!isFaultTypes(answer)) throw new Error('The fault API did not answer a list of fault types');
  return answer;
}

/** The fault types with their options and bounds, as the fault proxy lists them (`GET /api/faults/types`). */
export function useFaultTypes(): { state: Loaded<FaultTypesAnswer>; retry: () => void } {
  return useLoad(loadFaultTypes);
}
