// docs/domain.md's events table against the code (issue 13): an event published in code must be on the map, by its
// owner; an event the map says is published must be published by some code. Renaming an event in one place only
// fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOMAIN_EVENT_TYPES } from './domain-events.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** One row of the map's events table. */
interface MapRow {
  event: string;
  publishedBy: string;
  planned: boolean;
}

/** The rows of the table under `## Domain events` (first column: the event's name in backticks). */
function mapEvents(markdown: string): MapRow[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Domain events'));
  if (!section) throw new Error('docs/domain.md has no "## Domain events" section');
  const rows = section.split('\n').filter((line) => line.startsWith('|'));
  const header = rows[0]?.split('|').map((cell) => cell.trim()) ?? [];
  const publishedColumn = header.indexOf('published by');
  if (header[1] !== 'event' || publishedColumn < 0) {
    throw new Error('the events table needs the columns "event" and "published by"');
  }
  return rows.slice(2).map((line) => {
    const cells = line.split('|').map((cell) => cell.trim());
    const publishedBy = cells[publishedColumn] ?? '';
    return {
      event: (cells[1] ?? '').replace(/`/g, ''),
      publishedBy,
      planned: publishedBy.startsWith('—') || /planned/i.test(publishedBy),
    };
  });
}

/** The balanced-parenthesis text after each `appendEvents(` in `source`. */
function appendCalls(source: string): string[] {
  const calls: string[] = [];
  for (
    let start = source.indexOf('appendEvents(');
    start >= 0;
    start = source.indexOf('appendEvents(', start + 1)
  ) {
    let depth = 0;
    let end = start + 'appendEvents'.length;
    for (; end < source.length; end += 1) {
      if (source[end] === '(') depth += 1;
      if (source[end] === ')') {
        depth -= 1;
        if (depth === 0) break;
      }
    }
    calls.push(source.slice(start, end + 1));
  }
  return calls;
}

/**
 * Event types a service's source publishes: the name given to the contract's `domainEvent('…'` and any literal
 * `type: '…'` inside an `appendEvents(…)` call.
 */
function publishedIn(source: string): string[] {
  const names = [...source.matchAll(/domainEvent\(\s*'([A-Za-z]+)'/g)].map((match) => match[1] ?? '');
  for (const call of appendCalls(source)) {
    names.push(...[...call.matchAll(/\btype:\s*'([A-Za-z]+)'/g)].map((match) => match[1] ?? ''));
  }
  return names;
}

/** The problems between the map's rows and the events code publishes (event → publishing services). */
function mapProblems(rows: MapRow[], published: Publishers): string[] {
  const problems: string[] = [];
  const byEvent = new Map(rows.map((row) => [row.event, row]));
  for (const [event, publishers] of published) {
    const row = byEvent.get(event);
    const owners = [...publishers].sort().join(', ');
    if (!row) problems.push(`${event} is published by ${owners} but missing from docs/domain.md`);
    else if (row.planned) problems.push(`${event} is published by ${owners} but the map says planned`);
    else if (row.publishedBy !== owners) {
      problems.push(`${event} is published by ${owners} but the map says ${row.publishedBy}`);
    }
  }
  for (const row of rows) {
    if (!row.planned && !published.has(row.event)) {
      problems.push(`${row.event} is on the map as published by ${row.publishedBy} but no code publishes it`);
    }
  }
  return problems;
}

type Publishers = Map<string, Set<string>>;

function add(published: Publishers, event: string, owner: string): void {
  published.set(event, (published.get(event) ?? new Set()).add(owner));
}

/** The contract's list, by owner. */
function listedInContract(): Publishers {
  const published: Publishers = new Map();
  for (const spec of DOMAIN_EVENT_TYPES) add(published, spec.type, spec.owner);
  return published;
}

/** What every app's `src` appends (tests left out), by app. */
function scannedInApps(): Publishers {
  const published: Publishers = new Map();
  const apps = join(ROOT, 'apps');
  for (const app of readdirSync(apps)) {
    const src = join(apps, app, 'src');
    let files: string[];
    try {
      files = readdirSync(src, { recursive: true, encoding: 'utf8' });
    } catch {
      continue;
    }
    for (const file of files.filter((name) => /\.ts$/.test(name) && !/\.test\.ts$/.test(name))) {
      for (const event of publishedIn(readFileSync(join(src, file), 'utf8'))) add(published, event, app);
    }
  }
  return published;
}

const MAP = readFileSync(join(ROOT, 'docs', 'domain.md'), 'utf8');

describe('docs/domain.md against the code', () => {
  it('names every published event by its owner, and only events some code publishes', () => {
    const listed = listedInContract();
    const scanned = scannedInApps();
    expect(mapProblems(mapEvents(MAP), listed)).toEqual([]);
    expect(mapProblems(mapEvents(MAP), scanned)).toEqual([]);
    // Each listed event is appended by its owner and by no other app: the list and the code agree too.
    expect(scanned).toEqual(listed);
  });

  it('has no planned events left: every event on the map is published', () => {
    expect(mapEvents(MAP).filter((row) => row.planned)).toEqual([]);
  });
});

describe('the map checker', () => {
  const published = listedInContract;

  it('fails when an event is renamed in the map only', () => {
    const doctored = MAP.replace('| `OrderPlaced` |', '| `OrderWasPlaced` |');
    expect(mapProblems(mapEvents(doctored), published())).toEqual([
      'OrderPlaced is published by cart-service but missing from docs/domain.md',
      'OrderWasPlaced is on the map as published by cart-service but no code publishes it',
    ]);
  });

  it('fails when the code publishes an event the map lacks, or the map says planned or another owner', () => {
    const code = published();
    code.set('StockReserved', new Set(['cart-service']));
    code.set('OrderShipped', new Set(['cart-service']));
    const planned = MAP.replace('| `OrderConfirmed` | cart-service |', '| `OrderConfirmed` | — planned |');
    expect(mapProblems(mapEvents(planned), code)).toEqual([
      'StockReserved is published by cart-service but the map says catalog-service',
      'OrderConfirmed is published by cart-service but the map says planned',
      'OrderShipped is published by cart-service but missing from docs/domain.md',
    ]);
    const withoutRow = MAP.replace(/^\| `UserRegistered` .*\n/m, '');
    expect(mapProblems(mapEvents(withoutRow), published())).toEqual([
      'UserRegistered is published by account-service but missing from docs/domain.md',
    ]);
  });

  it('finds the events a source appends, by domainEvent or a literal type', () => {
    const source = `appendEvents(db, [domainEvent('StockReserved', { x: f(1) }, id), { type: 'Renamed', version: 1 }]);
      const other = { type: 'NotAnEvent' };`;
    expect(publishedIn(source).sort()).toEqual(['Renamed', 'StockReserved']);
  });
});
