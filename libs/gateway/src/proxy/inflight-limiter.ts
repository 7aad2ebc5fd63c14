/**
 * Bounds the requests in flight to each upstream service. Past the bound the gateway answers
 * 503 with Retry-After at once instead of queueing work the client will have given up on: under
 * overload goodput stays at capacity rather than collapsing into timeouts (docs/benchmarks.md).
 */
export class InflightLimiter {
  private readonly inflight = new Map<string, number>();

  constructor(private readonly limit: number) {}

  tryAcquire(upstream: string): boolean {
    const current = this.inflight.get(upstream) ?? 0;
    if (current >= this.limit) return false;
    this.inflight.set(upstream, current + 1);
    return true;
  }

  release(upstream: string): void {
    const current = this.inflight.get(upstream) ?? 0;
    this.inflight.set(upstream, Math.max(0, current - 1));
  }

  current(upstream: string): number {
    return this.inflight.get(upstream) ?? 0;
  }
}
