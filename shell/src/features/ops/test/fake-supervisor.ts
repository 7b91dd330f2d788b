import type { ProcessExit, ProcessesAnswer, ProcessKillAnswer, ProcessStatus } from '@storefront/contract';
import { type HttpHandler, HttpResponse, http } from 'msw';

const STARTED_AT = '2025-05-01T11:50:00.000Z';

/** A running process that never restarted, unless `patch` says otherwise. */
export function processOf(name: string, patch: Partial<ProcessStatus> = {}): ProcessStatus {
  return {
    name,
    pid: 4100,
    state: 'running',
    url: 'http://127.0.0.1:4000',
    restarts: 0,
    startedAt: STARTED_AT,
    lastExit: null,
    ...patch,
  };
}

function seed(): ProcessStatus[] {
  return [
    processOf('catalog-service', { pid: 4101 }),
    processOf('bff-1', { pid: 4102 }),
    processOf('bff-2', { pid: 4103 }),
    processOf('shell', { pid: 4104 }),
  ];
}

const unsupervisedBody = {
  error: { code: 'SUPERVISOR_UNAVAILABLE', message: 'No supervisor runs this stack' },
  meta: { requestId: 'test' },
};

/**
 * The supervisor behind `GET /api/ops/processes` and the kill route, driven by the tests: `processes` is what the
 * next poll answers, `running = false` answers 503 SUPERVISOR_UNAVAILABLE; `polls` counts the reads.
 */
export class FakeSupervisor {
  processes = seed();
  running = true;
  polls = 0;
  private nextPid = 5000;

  reset(): void {
    this.processes = seed();
    this.running = true;
    this.polls = 0;
    this.nextPid = 5000;
  }

  /** `name` died (`exit`, default SIGKILL just now) and is already running again with a new pid. */
  restart(name: string, exit: Partial<ProcessExit> = {}): void {
    this.nextPid += 1;
    const lastExit: ProcessExit = { code: null, signal: 'SIGKILL', at: new Date().toISOString(), ...exit };
    const pid = this.nextPid;
    this.processes = this.processes.map((process) =>
      process.name === name ? { ...process, pid, restarts: process.restarts + 1, lastExit } : process,
    );
  }

  /** The two routes; `record` hears every kill (the polls are only counted: they never stop). */
  handlers(record: (path: string) => void): HttpHandler[] {
    return [
      http.get('*/api/ops/processes', () => {
        this.polls += 1;
        if (!this.running) return HttpResponse.json(unsupervisedBody, { status: 503 });
        return HttpResponse.json<ProcessesAnswer>({ processes: this.processes, meta: { requestId: 'test' } });
      }),
      http.post('*/api/faults/processes/:name/kill', ({ params }) => {
        const name = String(params.name);
        record(`/api/faults/processes/${name}/kill`);
        if (!this.processes.some((process) => process.name === name)) {
          return HttpResponse.json(
            {
              error: { code: 'PROCESS_NOT_FOUND', message: `No process ${name}` },
              meta: { requestId: 'test' },
            },
            { status: 404 },
          );
        }
        this.restart(name);
        const process = this.processes.find((candidate) => candidate.name === name) ?? processOf(name);
        return HttpResponse.json<ProcessKillAnswer>(
          { process, meta: { requestId: 'test' } },
          { status: 202 },
        );
      }),
    ];
  }
}
