import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../create-app.js';
import { tempDir } from '../testing/index.js';
import { applySchema, SqliteDatabase } from './sqlite-database.js';
import { databaseCheck, sqlitePlugin } from './sqlite-plugin.js';

const DDL = 'CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);';

class NotesDb extends SqliteDatabase {
  constructor(path: string) {
    super(path, { migrate: (sqlite) => applySchema(sqlite, 1, DDL) });
  }
  count(): number {
    return this.sqlite.prepare<[], number>('SELECT count(*) FROM notes').pluck().get() ?? 0;
  }
}

// A subclass, as a service declares it: the plugin must compile against that (tsc checks this file).
declare module 'fastify' {
  interface FastifyInstance {
    db: NotesDb;
  }
}

const temps: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});

describe('SqliteDatabase', () => {
  it('creates the folder, opens in WAL mode and migrates once', () => {
    const temp = tempDir('kit-sqlite');
    temps.push(temp.cleanup);
    const path = join(temp.dir, 'nested', 'notes.db');
    const first = new NotesDb(path);
    expect(first.journalMode()).toBe('wal');
    first.sqlite.prepare('INSERT INTO notes (text) VALUES (?)').run('kept');
    first.close();
    const again = new NotesDb(path);
    expect(again.count()).toBe(1);
    expect(again.sqlite.pragma('user_version', { simple: true })).toBe(1);
    again.ping();
    again.close();
    expect(() => again.ping()).toThrow();
  });

  it('is opened, checked by /health and closed by its plugin', async () => {
    const temp = tempDir('kit-sqlite');
    temps.push(temp.cleanup);
    let opened: NotesDb | undefined;
    const app = createApp({
      name: 'notes',
      health: { service: 'notes', checks: [databaseCheck(() => app.db)] },
    });
    app.register(
      sqlitePlugin('notes-db', (dbPath) => {
        opened = new NotesDb(dbPath);
        return opened;
      }),
      { dbPath: join(temp.dir, 'notes.db') },
    );
    await app.ready();
    expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    opened?.close();
    expect((await app.inject({ url: '/health' })).statusCode).toBe(503);
    await app.close();
  });
});
