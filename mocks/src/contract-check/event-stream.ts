// Test support for `src/contract.test.ts`: an event stream has no body schema in the contract (answerProblems lets
// it pass), so its events are held to the contract's event schemas one by one. The ops stream is the only one.
import { OPS_EVENTS, problemsOf } from '@storefront/contract';

type EventName = keyof typeof OPS_EVENTS;

const isEventName = (name: string): name is EventName => Object.hasOwn(OPS_EVENTS, name);

/** Problems of the events in an event stream's text; a stream without any event is one too. */
export function eventStreamProblems(text: string): string[] {
  const problems: string[] = [];
  let events = 0;
  for (const block of text.split(/\n\n+/)) {
    let name = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) name = line.slice('event:'.length).trim();
      else if (line.startsWith('data:')) data.push(line.slice('data:'.length).replace(/^ /, ''));
    }
    // `retry:` and comment blocks carry no event.
    if (data.length === 0) continue;
    events += 1;
    if (!isEventName(name)) {
      problems.push(`event ${name} is not an event of the contract`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(data.join('\n'));
    } catch {
      problems.push(`event ${name}: the data is not JSON`);
      continue;
    }
    problems.push(...problemsOf(OPS_EVENTS[name], value).map((problem) => `event ${name}: ${problem}`));
  }
  if (events === 0) problems.push('the stream sent no event');
  return problems;
}
