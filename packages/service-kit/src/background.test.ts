import { describe, expect, it, vi } from 'vitest';
import { repeatInBackground } from './background.js';
import { createApp } from './create-app.js';

describe('repeatInBackground', () => {
  it('runs from ready to close, and a failed run is logged while the next ones still run', async () => {
    const lines: string[] = [];
    const app = createApp({
      name: 'jobs',
      logger: { level: 'error', stream: { write: (line: string) => lines.push(line) } },
    });
    let runs = 0;
    repeatInBackground(app, {
      name: 'test sweep',
      everyMs: 5,
      run: () => {
        runs++;
        if (runs === 1) throw new Error('busy');
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).toBe(0);
    await app.ready();
    await vi.waitFor(() => expect(runs).toBeGreaterThanOrEqual(3));
    expect(lines.some((line) => line.includes('test sweep failed') && line.includes('busy'))).toBe(true);
    await app.close();
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).toBe(after);
  });
});
