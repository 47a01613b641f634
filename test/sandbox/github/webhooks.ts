/**
 * The sandbox's webhook bus: every event a mutation causes, delivered to listeners (the
 * workflow runner, tests) after the HTTP answer, with scriptable delivery faults.
 */
import { randomUUID } from 'node:crypto';
import type { CausedBy } from './state.js';

export interface WebhookDelivery {
  /** Delivery GUID (`X-GitHub-Delivery`); a duplicated delivery repeats it. */
  readonly id: string;
  readonly event: string;
  readonly action?: string;
  readonly payload: Record<string, unknown>;
  /** Full name of the repository the event belongs to ('' for none). */
  readonly repository: string;
  readonly causedBy: CausedBy;
}

export type WebhookListener = (delivery: WebhookDelivery) => void;

export interface WebhookFaultRule {
  readonly event?: string;
  readonly action?: string;
  /** drop: never delivered; duplicate: delivered twice; delay: delivered `ms` later (others overtake it). */
  readonly kind: 'drop' | 'duplicate' | 'delay';
  /** Defaults to 1. */
  readonly times?: number;
  readonly ms?: number;
}

/** The public face used by tests and the workflow runner. */
export interface WebhookBus {
  /** Every event GitHub would emit, with the acting identity as `sender` and how it was caused. */
  on(listener: WebhookListener): () => void;
  /** What was delivered, in delivery order (a duplicate appears twice; a dropped one not at all). */
  readonly deliveries: readonly WebhookDelivery[];
  /** Delivery faults: drop / duplicate / reorder the next N deliveries that match. */
  fault(rule: WebhookFaultRule): void;
}

/** The bus a sandbox publishes to. */
export class WebhookHub implements WebhookBus {
  private readonly listeners = new Set<WebhookListener>();
  private readonly delivered: WebhookDelivery[] = [];
  private readonly dropped: WebhookDelivery[] = [];
  private faults: { rule: WebhookFaultRule; remaining: number }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly immediates = new Set<NodeJS.Immediate>();
  /** Errors thrown by listeners: kept, not swallowed, so a test can look. */
  readonly listenerErrors: unknown[] = [];
  private closed = false;

  get deliveries(): readonly WebhookDelivery[] {
    return this.delivered;
  }

  /** Deliveries a 'drop' fault swallowed. */
  get droppedDeliveries(): readonly WebhookDelivery[] {
    return this.dropped;
  }

  on(listener: WebhookListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fault(rule: WebhookFaultRule): void {
    if (rule.kind === 'delay' && rule.ms === undefined) throw new Error("sandbox webhook fault: kind 'delay' needs ms");
    this.faults.push({ rule, remaining: rule.times ?? 1 });
  }

  /** Queues an event; listeners see it after the current request has been answered. */
  publish(delivery: Omit<WebhookDelivery, 'id'>): void {
    if (this.closed) return;
    const full: WebhookDelivery = { id: randomUUID(), ...delivery };
    const fault = this.takeFault(full);
    if (fault?.kind === 'drop') {
      this.dropped.push(full);
      return;
    }
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.deliver(full);
      }, fault.ms);
      this.timers.add(timer);
      return;
    }
    // setImmediate keeps order and lets the HTTP answer go out first, as on GitHub.
    const immediate = setImmediate(() => {
      this.immediates.delete(immediate);
      this.deliver(full);
      if (fault?.kind === 'duplicate') this.deliver(full);
    });
    this.immediates.add(immediate);
  }

  /** Resolves once every queued (not delayed) delivery has been handed to the listeners. */
  async settle(): Promise<void> {
    while (this.immediates.size > 0) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Stops pending deliveries (sandbox shutdown). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const immediate of this.immediates) clearImmediate(immediate);
    this.timers.clear();
    this.immediates.clear();
  }

  private takeFault(delivery: WebhookDelivery): WebhookFaultRule | undefined {
    const hit = this.faults.find(
      ({ rule }) =>
        (rule.event === undefined || rule.event === delivery.event) &&
        (rule.action === undefined || rule.action === delivery.action),
    );
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.faults = this.faults.filter((f) => f !== hit);
    return hit.rule;
  }

  private deliver(delivery: WebhookDelivery): void {
    this.delivered.push(delivery);
    for (const listener of this.listeners) {
      try {
        listener(delivery);
      } catch (error) {
        this.listenerErrors.push(error);
      }
    }
  }
}
