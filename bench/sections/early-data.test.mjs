import { describe, expect, it } from 'vitest';
import { summariseEarlyData } from './early-data.mjs';

/** @param {number[]} lcps @param {Array<number | null>} apis */
const loads = (lcps, apis) => lcps.map((lcpMs, i) => ({ lcpMs, firstApiMs: apis[i] ?? null }));

describe('summariseEarlyData', () => {
  it('reports medians with and without early data, and budgets LCP only where the API takes time', () => {
    const { rows, budgets } = summariseEarlyData(
      [
        {
          condition: 'loopback',
          page: '/',
          with: loads([760, 770, 750], [230, 220, 240]),
          without: loads([780, 770, 760], [500, 490, null]),
        },
        {
          condition: '150 ms on the catalog',
          page: '/',
          with: loads([940, 930, 950], [290, 300, 280]),
          without: loads([1060, 1070, 1050], [580, 590, 570]),
        },
      ],
      150,
    );
    expect(rows.map((r) => `${r.measure}: ${r.text}`)).toEqual([
      '/ (loopback) first API call: with / without early data: 230 ms / 495 ms',
      '/ (loopback) LCP: with / without early data: 760 ms / 770 ms',
      '/ (150 ms on the catalog) first API call: with / without early data: 290 ms / 580 ms',
      '/ (150 ms on the catalog) LCP: with / without early data: 940 ms / 1060 ms',
    ]);
    expect(budgets).toEqual([
      {
        name: '/ LCP with ÷ without early data, 150 ms on the catalog',
        value: 0.89,
        limit: 0.95,
        unit: '×',
        pass: true,
      },
    ]);
  });

  it('a page that did not get faster where the API is slow misses; no call seen reads as –', () => {
    const { rows, budgets } = summariseEarlyData(
      [
        {
          condition: '150 ms on the catalog',
          page: '/cart',
          with: loads([500], [null]),
          without: loads([500], [null]),
        },
      ],
      150,
    );
    expect(rows[0]?.text).toBe('– ms / – ms');
    expect(budgets[0]).toMatchObject({ value: 1, pass: false });
  });
});
