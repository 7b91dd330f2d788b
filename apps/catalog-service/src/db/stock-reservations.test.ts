import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogDbPath } from '../testing/catalog-app.js';
import { CatalogDb } from './catalog-db.js';
import { SCHEMA_VERSION } from './schema.js';
import { type ReportQuery, StockReservationsDb, SWEEP_BATCH_SIZE } from './stock-reservations.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const TTL = 60_000;
const T0 = new Date('2030-01-01T00:00:00.000Z');

/** `ms` after T0. */
function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

function openDb(): { catalog: CatalogDb; reservations: StockReservationsDb; path: string } {
  const temp = catalogDbPath();
  const path = temp.dbPath;
  const catalog = new CatalogDb(path);
  cleanups.push(() => {
    catalog.close();
    temp.cleanup();
  });
  return { catalog, reservations: new StockReservationsDb(catalog.sqlite, { ttlMs: TTL }), path };
}

function setStock(catalog: CatalogDb, stock: Record<number, number>): void {
  const update = catalog.sqlite.prepare<[number, number]>('UPDATE products SET stock = ? WHERE id = ?');
  for (const [id, value] of Object.entries(stock)) update.run(value, Number(id));
}

function stockOf(catalog: CatalogDb, id: number): number | undefined {
  return catalog.findProductById(id)?.stock;
}

function columnsOf(sqlite: Database.Database): string[] {
  return (sqlite.pragma('table_info(stock_reservations)') as Array<{ name: string }>).map((c) => c.name);
}

describe('StockReservationsDb', () => {
  it('stores the reservation row with its lines as JSON, its expiry and no commit or release time', () => {
    const { catalog, reservations } = openDb();
    setStock(catalog, { 4: 9 });
    const result = reservations.reserve('row-check-1', [{ productId: 4, quantity: 2 }], T0);
    expect(result.kind).toBe('created');
    const row = catalog.sqlite.prepare('SELECT * FROM stock_reservations WHERE id = ?').get('row-check-1');
    expect(row).toEqual({
      id: 'row-check-1',
      lines: '[{"productId":4,"quantity":2}]',
      created_at: '2030-01-01T00:00:00.000Z',
      released_at: null,
      expires_at: '2030-01-01T00:01:00.000Z',
      committed_at: null,
    });
    expect(result.kind === 'created' && result.reservation).toEqual({
      id: 'row-check-1',
      lines: [{ productId: 4, quantity: 2 }],
      units: 2,
      state: 'live',
      createdAt: '2030-01-01T00:00:00.000Z',
      expiresAt: '2030-01-01T00:01:00.000Z',
      committedAt: null,
      releasedAt: null,
    });
    expect(stockOf(catalog, 4)).toBe(7);
  });

  it('uses the clock option when no time is passed', () => {
    const temp = catalogDbPath();
    const catalog = new CatalogDb(temp.dbPath);
    cleanups.push(() => {
      catalog.close();
      temp.cleanup();
    });
    const reservations = new StockReservationsDb(catalog.sqlite, { ttlMs: 5_000, clock: () => at(1_000) });
    setStock(catalog, { 1: 5 });
    const result = reservations.reserve('clocked-1', [{ productId: 1, quantity: 1 }]);
    expect(result.kind === 'created' && result.reservation).toMatchObject({
      createdAt: at(1_000).toISOString(),
      expiresAt: at(6_000).toISOString(),
    });
  });

  it('upgrades a version-1 database (no reservations table) on open', () => {
    const temp = catalogDbPath();
    cleanups.push(temp.cleanup);
    const path = temp.dbPath;
    new CatalogDb(path).close();
    const raw = new Database(path);
    raw.exec('DROP TABLE stock_reservations');
    raw.pragma('user_version = 1');
    raw.close();

    const reopened = new CatalogDb(path);
    try {
      const reservations = new StockReservationsDb(reopened.sqlite);
      setStock(reopened, { 1: 3 });
      expect(reservations.reserve('upgraded-1', [{ productId: 1, quantity: 1 }]).kind).toBe('created');
      expect(reopened.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(columnsOf(reopened.sqlite)).toEqual(
        expect.arrayContaining(['expires_at', 'committed_at', 'released_at']),
      );
    } finally {
      reopened.close();
    }
  });

  it('upgrades a version-2 file: adds expires_at and committed_at, expiry = created_at + TTL', () => {
    const temp = catalogDbPath();
    cleanups.push(temp.cleanup);
    const path = temp.dbPath;
    new CatalogDb(path).close();
    // The version-2 table exactly as version 2 created it, with a live and a released reservation.
    const raw = new Database(path);
    raw.exec(`
      DROP TABLE stock_reservations;
      CREATE TABLE stock_reservations (
        id           TEXT PRIMARY KEY,
        lines        TEXT NOT NULL CHECK (json_valid(lines)),
        created_at   TEXT NOT NULL,
        released_at  TEXT NULL
      );
      INSERT INTO stock_reservations VALUES
        ('v2-live-1', '[{"productId":2,"quantity":3}]', '2030-01-01T00:00:00.000Z', NULL),
        ('v2-released-1', '[{"productId":2,"quantity":1}]', '2029-12-31T23:00:00.000Z', '2029-12-31T23:00:01.000Z');
      UPDATE products SET stock = 4 WHERE id = 2;
    `);
    raw.pragma('user_version = 2');
    raw.close();

    const reopened = new CatalogDb(path, { reservationTtlMs: 90_000 });
    cleanups.push(() => reopened.close());
    expect(reopened.sqlite.pragma('user_version', { simple: true })).toBe(3);
    expect(columnsOf(reopened.sqlite)).toEqual([
      'id',
      'lines',
      'created_at',
      'released_at',
      'expires_at',
      'committed_at',
    ]);
    const rows = reopened.sqlite
      .prepare('SELECT id, expires_at, committed_at FROM stock_reservations ORDER BY id')
      .all();
    expect(rows).toEqual([
      { id: 'v2-live-1', expires_at: '2030-01-01T00:01:30.000Z', committed_at: null },
      { id: 'v2-released-1', expires_at: '2029-12-31T23:01:30.000Z', committed_at: null },
    ]);
    const indexes = reopened.sqlite
      .prepare<[], string>(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'stock_reservations'",
      )
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining(['stock_reservations_expiry_idx', 'stock_reservations_created_at_idx']),
    );

    // The old live reservation expires like a new one; the released one stays as it was.
    const reservations = new StockReservationsDb(reopened.sqlite);
    expect(reservations.sweepExpired(new Date('2030-01-01T00:01:29.999Z'))).toEqual({
      released: 0,
      units: 0,
    });
    expect(reservations.sweepExpired(new Date('2030-01-01T00:01:30.000Z'))).toEqual({
      released: 1,
      units: 3,
    });
    expect(stockOf(reopened, 2)).toBe(7);
  });

  it('finishes a half-done upgrade: a version-2 file that already has expires_at gains committed_at', () => {
    const temp = catalogDbPath();
    cleanups.push(temp.cleanup);
    const path = temp.dbPath;
    new CatalogDb(path).close();
    const raw = new Database(path);
    raw.exec(`
      DROP TABLE stock_reservations;
      CREATE TABLE stock_reservations (
        id TEXT PRIMARY KEY, lines TEXT NOT NULL, created_at TEXT NOT NULL, released_at TEXT NULL,
        expires_at TEXT NULL
      );
      INSERT INTO stock_reservations VALUES
        ('half-1', '[{"productId":1,"quantity":1}]', '2030-01-01T00:00:00.000Z', NULL, '2030-01-01T00:00:05.000Z');
    `);
    raw.pragma('user_version = 2');
    raw.close();

    const reopened = new CatalogDb(path);
    cleanups.push(() => reopened.close());
    expect(columnsOf(reopened.sqlite)).toContain('committed_at');
    // An expiry already set is kept.
    expect(new StockReservationsDb(reopened.sqlite).find('half-1', T0)?.expiresAt).toBe(
      '2030-01-01T00:00:05.000Z',
    );
  });

  it('sees reservations made by another connection to the same file (one transaction each)', () => {
    const { catalog, reservations, path } = openDb();
    setStock(catalog, { 5: 1 });
    const other = new CatalogDb(path);
    try {
      const fromOther = new StockReservationsDb(other.sqlite);
      expect(fromOther.reserve('first-proc', [{ productId: 5, quantity: 1 }]).kind).toBe('created');
      expect(reservations.reserve('second-proc', [{ productId: 5, quantity: 1 }])).toEqual({
        kind: 'insufficient',
        lines: [{ productId: 5, requested: 1, available: 0 }],
      });
    } finally {
      other.close();
    }
  });
});

describe('expiry and the sweep', () => {
  it('returns the stock of an expired reservation exactly once, at expires_at and not before', () => {
    const { catalog, reservations } = openDb();
    setStock(catalog, { 1: 10, 2: 5 });
    reservations.reserve(
      'sweep-once-1',
      [
        { productId: 1, quantity: 3 },
        { productId: 2, quantity: 2 },
      ],
      T0,
    );
    expect(reservations.find('sweep-once-1', at(TTL - 1))?.state).toBe('live');
    expect(reservations.sweepExpired(at(TTL - 1))).toEqual({ released: 0, units: 0 });
    expect([stockOf(catalog, 1), stockOf(catalog, 2)]).toEqual([7, 3]);

    expect(reservations.find('sweep-once-1', at(TTL))?.state).toBe('expired');
    expect(reservations.sweepExpired(at(TTL))).toEqual({ released: 1, units: 5 });
    expect([stockOf(catalog, 1), stockOf(catalog, 2)]).toEqual([10, 5]);
    expect(reservations.find('sweep-once-1', at(TTL))).toMatchObject({
      state: 'released',
      releasedAt: at(TTL).toISOString(),
    });

    // A second sweep and a late release (the checkout's compensation) give nothing back again.
    expect(reservations.sweepExpired(at(TTL * 10))).toEqual({ released: 0, units: 0 });
    expect(reservations.release('sweep-once-1', at(TTL * 10)).kind).toBe('already-released');
    expect([stockOf(catalog, 1), stockOf(catalog, 2)]).toEqual([10, 5]);
  });

  it('returns an existing unreleased reservation as it is, even when expired but not yet swept', () => {
    const { catalog, reservations } = openDb();
    setStock(catalog, { 1: 10 });
    reservations.reserve('replay-1', [{ productId: 1, quantity: 2 }], T0);
    const replay = reservations.reserve('replay-1', [{ productId: 1, quantity: 5 }], at(TTL + 1));
    expect(replay.kind).toBe('existing');
    expect(replay.kind === 'existing' && replay.reservation).toMatchObject({
      state: 'expired',
      createdAt: T0.toISOString(),
      lines: [{ productId: 1, quantity: 2 }],
    });
    expect(stockOf(catalog, 1)).toBe(8);
  });

  it('sweeps in batches: every expired reservation is released, later ones are kept', () => {
    const { catalog, reservations } = openDb();
    const count = SWEEP_BATCH_SIZE * 2 + 50;
    setStock(catalog, { 1: count + 10 });
    for (let i = 0; i < count; i += 1) {
      reservations.reserve(`batch-${i}`, [{ productId: 1, quantity: 1 }], at(i));
    }
    reservations.reserve('batch-late', [{ productId: 1, quantity: 4 }], at(TTL));
    expect(stockOf(catalog, 1)).toBe(6);
    expect(reservations.sweepExpired(at(TTL + count))).toEqual({ released: count, units: count });
    expect(stockOf(catalog, 1)).toBe(count + 6);
    expect(reservations.find('batch-late', at(TTL + count))?.state).toBe('live');
  });

  it('lets a released id be reserved again with a new expiry', () => {
    const { catalog, reservations } = openDb();
    setStock(catalog, { 1: 10 });
    reservations.reserve('again-1', [{ productId: 1, quantity: 2 }], T0);
    reservations.sweepExpired(at(TTL));
    const again = reservations.reserve('again-1', [{ productId: 1, quantity: 3 }], at(TTL * 2));
    expect(again.kind).toBe('created');
    expect(again.kind === 'created' && again.reservation).toMatchObject({
      state: 'live',
      units: 3,
      createdAt: at(TTL * 2).toISOString(),
      expiresAt: at(TTL * 3).toISOString(),
      releasedAt: null,
      committedAt: null,
    });
    expect(stockOf(catalog, 1)).toBe(7);
  });
});

describe('commit', () => {
  it('keeps the stock of a committed reservation: the sweep never returns it', () => {
    const { catalog, reservations } = openDb();
    setStock(catalog, { 3: 4 });
    reservations.reserve('commit-1', [{ productId: 3, quantity: 4 }], T0);
    const committed = reservations.commit('commit-1', at(500));
    expect(committed).toMatchObject({ kind: 'committed', retaken: false, replayed: false });
    expect(committed.kind === 'committed' && committed.reservation).toMatchObject({
      state: 'committed',
      committedAt: at(500).toISOString(),
      releasedAt: null,
    });
    expect(reservations.sweepExpired(at(TTL * 100))).toEqual({ released: 0, units: 0 });
    expect(stockOf(catalog, 3)).toBe(0);

    // Idempotent: a second commit changes nothing and keeps the first commit time.
    const replay = reservations.commit('commit-1', at(TTL));
    expect(replay).toMatchObject({ kind: 'committed', retaken: false, replayed: true });
    expect(replay.kind === 'committed' && replay.reservation.committedAt).toBe(at(500).toISOString());
    // A reserve with the same id returns the committed reservation, without a second decrement.
    expect(reservations.reserve('commit-1', [{ productId: 3, quantity: 1 }], at(TTL)).kind).toBe('existing');
    expect(stockOf(catalog, 3)).toBe(0);
  });

  it('commits an expired reservation the sweep has not reached yet, without touching the stock', () => {
    const { catalog, reservations } = openDb();
    setStock(catalog, { 1: 5 });
    reservations.reserve('late-commit-1', [{ productId: 1, quantity: 2 }], T0);
    expect(reservations.commit('late-commit-1', at(TTL + 1))).toMatchObject({
      kind: 'committed',
      retaken: false,
    });
    expect(reservations.sweepExpired(at(TTL + 2)).released).toBe(0);
    expect(stockOf(catalog, 1)).toBe(3);
  });

  it('takes the stock again when the commit comes after the sweep', () => {
    const { catalog, reservations } = openDb();
    setStock(catalog, { 1: 10, 2: 5 });
    const lines = [
      { productId: 1, quantity: 3 },
      { productId: 2, quantity: 1 },
    ];
    reservations.reserve('retake-1', lines, T0);
    reservations.sweepExpired(at(TTL));
    expect([stockOf(catalog, 1), stockOf(catalog, 2)]).toEqual([10, 5]);

    const result = reservations.commit('retake-1', at(TTL + 10));
    expect(result).toMatchObject({ kind: 'committed', retaken: true, replayed: false });
    expect(result.kind === 'committed' && result.reservation).toMatchObject({
      state: 'committed',
      lines,
      committedAt: at(TTL + 10).toISOString(),
      releasedAt: null,
    });
    expect([stockOf(catalog, 1), stockOf(catalog, 2)]).toEqual([7, 4]);
    // Once committed, a second commit does not take again.
    expect(reservations.commit('retake-1', at(TTL + 20))).toMatchObject({ retaken: false, replayed: true });
    expect([stockOf(catalog, 1), stockOf(catalog, 2)]).toEqual([7, 4]);
  });

  it('refuses to commit a released reservation whose stock was sold again, and changes nothing', () => {
    const { catalog, reservations } = openDb();
    setStock(catalog, { 1: 10, 2: 2 });
    reservations.reserve(
      'sold-out-1',
      [
        { productId: 1, quantity: 3 },
        { productId: 2, quantity: 2 },
      ],
      T0,
    );
    reservations.sweepExpired(at(TTL));
    reservations.reserve('someone-else', [{ productId: 2, quantity: 1 }], at(TTL + 1));

    const result = reservations.commit('sold-out-1', at(TTL + 2));
    expect(result).toMatchObject({
      kind: 'insufficient',
      lines: [{ productId: 2, requested: 2, available: 1 }],
    });
    expect([stockOf(catalog, 1), stockOf(catalog, 2)]).toEqual([10, 1]);
    expect(reservations.find('sold-out-1', at(TTL + 2))?.state).toBe('released');
  });

  it('answers not-found for an unknown id', () => {
    const { reservations } = openDb();
    expect(reservations.commit('never-reserved', T0)).toEqual({ kind: 'not-found' });
  });
});

describe('release', () => {
  it('never releases a committed reservation', () => {
    const { catalog, reservations } = openDb();
    setStock(catalog, { 1: 5 });
    reservations.reserve('release-committed-1', [{ productId: 1, quantity: 2 }], T0);
    reservations.commit('release-committed-1', at(1));
    expect(reservations.release('release-committed-1', at(2)).kind).toBe('committed');
    expect(stockOf(catalog, 1)).toBe(3);
    expect(reservations.find('release-committed-1', at(2))?.state).toBe('committed');
  });

  it('releases a live reservation once and knows unknown ids', () => {
    const { catalog, reservations } = openDb();
    setStock(catalog, { 1: 5 });
    reservations.reserve('release-1', [{ productId: 1, quantity: 2 }], T0);
    expect(reservations.release('release-1', at(1)).kind).toBe('released');
    expect(reservations.release('release-1', at(2)).kind).toBe('already-released');
    expect(reservations.release('never-reserved', at(3))).toEqual({ kind: 'not-found' });
    expect(stockOf(catalog, 1)).toBe(5);
  });
});

describe('report and stock overview', () => {
  /** live-new (t=50s), live-old (t=0, 40 units), expired, committed, released. */
  function populated() {
    const opened = openDb();
    const { catalog, reservations } = opened;
    setStock(catalog, { 1: 100, 2: 100, 3: 100 });
    reservations.reserve('expired-1', [{ productId: 1, quantity: 1 }], at(-TTL - 1_000));
    reservations.reserve('released-1', [{ productId: 2, quantity: 2 }], at(-30_000));
    reservations.release('released-1', at(-29_000));
    reservations.reserve('committed-1', [{ productId: 3, quantity: 3 }], at(-20_000));
    reservations.commit('committed-1', at(-19_000));
    reservations.reserve(
      'live-old',
      [
        { productId: 1, quantity: 10 },
        { productId: 2, quantity: 30 },
      ],
      at(0),
    );
    reservations.reserve('live-new', [{ productId: 1, quantity: 5 }], at(50_000));
    return opened;
  }

  const query = (over: Partial<ReportQuery>): ReportQuery => ({
    olderThanMs: 0,
    state: 'live',
    now: at(55_000),
    limit: 500,
    ...over,
  });

  it('lists live reservations newest first with units and totals', () => {
    const { reservations } = populated();
    const report = reservations.report(query({}));
    expect(report.reservations.map((r) => [r.id, r.state, r.units])).toEqual([
      ['live-new', 'live', 5],
      ['live-old', 'live', 40],
    ]);
    expect(report.totals).toEqual({ count: 2, units: 45 });
    expect(report.truncated).toBe(false);
  });

  it.each([
    ['expired', ['expired-1'], 1],
    ['committed', ['committed-1'], 3],
    ['released', ['released-1'], 2],
    ['all', ['live-new', 'live-old', 'committed-1', 'released-1', 'expired-1'], 51],
  ] as const)('filters state=%s', (state, ids, units) => {
    const { reservations } = populated();
    const report = reservations.report(query({ state }));
    expect(report.reservations.map((r) => r.id)).toEqual(ids);
    expect(report.totals).toEqual({ count: ids.length, units });
  });

  it('filters by age: olderThan keeps reservations created at least that long ago', () => {
    const { reservations } = populated();
    expect(reservations.report(query({ olderThanMs: 5_000 })).reservations.map((r) => r.id)).toEqual([
      'live-new',
      'live-old',
    ]);
    expect(reservations.report(query({ olderThanMs: 5_001 })).reservations.map((r) => r.id)).toEqual([
      'live-old',
    ]);
    expect(reservations.report(query({ olderThanMs: 55_001 })).totals).toEqual({ count: 0, units: 0 });
    // Older than the epoch: nothing, not an error.
    expect(
      reservations.report(query({ olderThanMs: Number.MAX_SAFE_INTEGER, state: 'all' })).totals.count,
    ).toBe(0);
  });

  it('cuts the list at the limit, says so, and still totals every match', () => {
    const { reservations } = populated();
    const report = reservations.report(query({ state: 'all', limit: 2 }));
    expect(report.reservations.map((r) => r.id)).toEqual(['live-new', 'live-old']);
    expect(report.truncated).toBe(true);
    expect(report.totals).toEqual({ count: 5, units: 51 });
  });

  it('sums stock and units held by unsettled reservations (expired but unswept included)', () => {
    const { catalog, reservations } = populated();
    const overview = reservations.stockOverview();
    expect(overview.products).toHaveLength(
      catalog.sqlite.prepare<[], number>('SELECT COUNT(*) FROM products').pluck().get() ?? -1,
    );
    expect(overview.products.slice(0, 3)).toEqual([
      { productId: 1, stock: 84 },
      { productId: 2, stock: 70 },
      { productId: 3, stock: 97 },
    ]);
    expect(overview.reserved).toEqual([
      { productId: 1, units: 16 },
      { productId: 2, units: 30 },
    ]);
    // Conservation: stock + held + committed = what there was.
    reservations.sweepExpired(at(55_000));
    const swept = reservations.stockOverview();
    expect(swept.products.slice(0, 3)).toEqual([
      { productId: 1, stock: 85 },
      { productId: 2, stock: 70 },
      { productId: 3, stock: 97 },
    ]);
    expect(swept.reserved).toEqual([
      { productId: 1, units: 15 },
      { productId: 2, units: 30 },
    ]);
  });
});
