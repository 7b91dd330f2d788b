// The supervisor's loopback API (scripts/lib/supervisor-api.mjs), when a supervisor runs the stack: the processes
// with their restarts for `/ops`, and the kill the chaos CLI asks for. Answers pass through as they are.
import { ApiError } from '@storefront/service-kit';
import { callJson, type JsonAnswer } from './loopback-json.js';

/** A supervisor answer, passed on with its status. */
export type SupervisorAnswer = JsonAnswer;

function unavailable(reason: string): ApiError {
  return new ApiError(503, 'SUPERVISOR_UNAVAILABLE', `The supervisor is unavailable: ${reason}`, {
    headers: { 'Retry-After': '1' },
  });
}

export class SupervisorClient {
  /** `baseUrl` undefined: no supervisor runs this stack (every call is 503 SUPERVISOR_UNAVAILABLE). */
  constructor(
    private readonly baseUrl: string | undefined,
    private readonly timeoutMs = 2000,
  ) {}

  /** `GET /processes`. */
  processes(): Promise<SupervisorAnswer> {
    return this.call('GET', '/processes');
  }

  /** `POST /processes/:name/kill` (SIGKILL; the supervisor restarts it). */
  kill(name: string): Promise<SupervisorAnswer> {
    return this.call('POST', `/processes/${encodeURIComponent(name)}/kill`);
  }

  private async call(method: 'GET' | 'POST', path: string): Promise<SupervisorAnswer> {
    if (!this.baseUrl) throw unavailable('no supervisor runs this stack (SUPERVISOR_URL is not set)');
    try {
      return await callJson(method, `${this.baseUrl}${path}`, this.timeoutMs);
    } catch (error) {
      throw unavailable(error instanceof Error ? error.message : String(error));
    }
  }
}
