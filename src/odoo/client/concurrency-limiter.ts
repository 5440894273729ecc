import { OdooOverloaded } from '../odoo.errors';

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
  timer?: NodeJS.Timeout;
}

/**
 * At most `limit` calls in flight to Odoo (a prefork Odoo serves one request per worker);
 * the rest wait in a bounded FIFO queue with a deadline. Waiting is local congestion, not an
 * Odoo failure: it never feeds the circuit breaker.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly queue: Waiter[] = [];
  /** Highest number of calls seen in flight at once (tests and metrics). */
  maxObserved = 0;

  constructor(private readonly limit: number, private readonly maxQueue: number, private readonly queueTimeoutMs: number) {}

  get inFlight(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      if (this.active > this.maxObserved) this.maxObserved = this.active;
      return Promise.resolve();
    }
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(new OdooOverloaded(`Too many Odoo calls waiting (${this.queue.length}); try again shortly`));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      waiter.timer = setTimeout(() => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(new OdooOverloaded(`No free Odoo slot within ${this.queueTimeoutMs} ms`));
      }, this.queueTimeoutMs);
      this.queue.push(waiter);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) {
      // The slot passes straight to the next waiter: `active` stays the same.
      clearTimeout(next.timer);
      next.resolve();
    } else {
      this.active--;
    }
  }
}
