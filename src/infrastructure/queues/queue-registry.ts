import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Queue } from 'bull';

const QUEUE_TOKEN_PREFIX = 'BullQueue_';

/**
 * Every Bull queue the application registered (`BullModule.registerQueue` in any module), found
 * through Nest's discovery on first use. Dashboards, metrics, health and dead-letter replays use it,
 * so a context's new queue shows up everywhere without further wiring.
 */
@Injectable()
export class QueueRegistry {
  private queues?: Map<string, Queue>;

  constructor(private readonly discovery: DiscoveryService) {}

  all(): Map<string, Queue> {
    if (!this.queues) {
      const found = new Map<string, Queue>();
      for (const wrapper of this.discovery.getProviders()) {
        const token = wrapper.token;
        if (typeof token !== 'string' || !token.startsWith(QUEUE_TOKEN_PREFIX) || !wrapper.instance) continue;
        const queue = wrapper.instance as Queue;
        if (!found.has(queue.name)) found.set(queue.name, queue);
      }
      // Providers are all instantiated once the module graph is initialised; before that, do not cache.
      if (!found.size) return found;
      this.queues = found;
    }
    return this.queues;
  }

  get(name: string): Queue | undefined {
    return this.all().get(name);
  }

  names(): string[] {
    return [...this.all().keys()].sort();
  }
}
