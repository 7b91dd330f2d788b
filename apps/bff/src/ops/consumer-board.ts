// The consuming side of the events view (issue 13): each service's consumers as they last reported themselves
// (`GET /events/consumers`, read on request beside the feeds), and who consumed which event when. A consumer
// reports only its last 100 events, so what this replica saw is kept (bounded) here: a chain keeps its "consumed
// by" after the consumer has moved on.
import {
  EVENT_SERVICES,
  type EventService,
  type OpsConsumedBy,
  type OpsConsumer,
  type OpsConsumerService,
} from '@storefront/contract';
import type { ReportedConsumer } from '../clients/consumer-status.js';

/** What the board needs of a service client. */
export interface ConsumerStatusReader {
  consumers(requestId: string): Promise<ReportedConsumer[]>;
}

export interface ConsumerBoardOptions {
  readers: Record<EventService, ConsumerStatusReader>;
  /** Events whose consumers are remembered (default 1500: the events view's 500 per service). */
  keep?: number;
  /** Told why a service's consumers could not be read, once per outage. */
  onFailure?: (service: EventService, error: unknown) => void;
}

interface ServiceConsumers {
  available: boolean;
  /** Failed last time too: told once per outage. */
  failing: boolean;
  /** As last reported: kept while the service does not answer, marked by `available`. */
  consumers: OpsConsumer[];
}

function byTime(a: OpsConsumedBy, b: OpsConsumedBy): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
}

/** Every service's consumers and the consumptions they reported; a service that fails never fails the view. */
export class ConsumerBoard {
  private readonly states = new Map<EventService, ServiceConsumers>(
    EVENT_SERVICES.map((service) => [service, { available: false, failing: false, consumers: [] }]),
  );
  /** Event id → the consumers seen handling it; oldest insertion first, so the oldest are dropped first. */
  private readonly consumed = new Map<string, OpsConsumedBy[]>();
  private readonly keep: number;

  constructor(private readonly options: ConsumerBoardOptions) {
    this.keep = options.keep ?? 1500;
  }

  /** Reads every service's consumers (the caller shares one refresh between concurrent reads). */
  async refresh(requestId: string): Promise<void> {
    await Promise.all(EVENT_SERVICES.map((service) => this.read(service, requestId)));
  }

  consumers(): OpsConsumer[] {
    return [...this.states.values()].flatMap((state) => state.consumers);
  }

  services(): OpsConsumerService[] {
    return [...this.states].map(([service, { available }]) => ({ service, available }));
  }

  /** The consumers seen handling `eventId`, first first. */
  consumedBy(eventId: string): OpsConsumedBy[] {
    return this.consumed.get(eventId) ?? [];
  }

  private async read(service: EventService, requestId: string): Promise<void> {
    const state = this.states.get(service);
    if (!state) return;
    try {
      const reported = await this.options.readers[service].consumers(requestId);
      state.consumers = reported.map(({ recent, ...consumer }) => {
        for (const { eventId, at } of recent)
          this.remember(eventId, { consumer: consumer.consumer, service, at });
        return { service, ...consumer };
      });
      state.available = true;
      state.failing = false;
    } catch (error) {
      // Down, breaker open, no such route yet, or an answer of the wrong shape: the rest of the view answers.
      state.available = false;
      if (!state.failing) this.options.onFailure?.(service, error);
      state.failing = true;
    }
  }

  private remember(eventId: string, by: OpsConsumedBy): void {
    const list = this.consumed.get(eventId);
    if (list) {
      if (!list.some((known) => known.consumer === by.consumer)) list.push(by);
      list.sort(byTime);
      return;
    }
    this.consumed.set(eventId, [by]);
    for (const oldest of this.consumed.keys()) {
      if (this.consumed.size <= this.keep) break;
      this.consumed.delete(oldest);
    }
  }
}
