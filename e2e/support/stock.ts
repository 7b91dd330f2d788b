// The catalog's stock as the conservation checks read it, straight from the catalog service (GET /stock and the
// reservation report), never through the BFF's saved copies.

export interface StockLevels {
  stock: Map<number, number>;
  /** Units held by reservations neither committed nor released (expired ones not swept yet included). */
  reserved: Map<number, number>;
}

export async function stockLevels(catalogServiceUrl: string): Promise<StockLevels> {
  const res = await fetch(`${catalogServiceUrl}/stock`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET /stock answered ${res.status}`);
  const body = (await res.json()) as {
    products: Array<{ productId: number; stock: number }>;
    reserved: Array<{ productId: number; units: number }>;
  };
  return {
    stock: new Map(body.products.map((p) => [p.productId, p.stock])),
    reserved: new Map(body.reserved.map((r) => [r.productId, r.units])),
  };
}

/** The state of one reservation (`live`, `expired`, `committed`, `released`) or undefined when unknown. */
export async function reservationState(catalogServiceUrl: string, id: string): Promise<string | undefined> {
  const res = await fetch(`${catalogServiceUrl}/stock/reservations?state=all`, {
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`GET /stock/reservations answered ${res.status}`);
  const body = (await res.json()) as { reservations: Array<{ id: string; state: string }> };
  return body.reservations.find((r) => r.id === id)?.state;
}

/** Waits until no reservation holds stock any more (committed, released or swept after expiry). */
export async function waitForNoHeldStock(catalogServiceUrl: string, timeoutMs: number): Promise<StockLevels> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const levels = await stockLevels(catalogServiceUrl).catch(() => null);
    if (levels && [...levels.reserved.values()].every((units) => units === 0)) return levels;
    if (Date.now() > deadline) throw new Error('reservations still hold stock');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
