/**
 * Scriptable faults for the sandbox API: error answers (5xx, rate limits), "did the write but
 * lost the answer", latency and reset connections. Rules are consumed in order; the first rule
 * that matches a request applies and uses up one of its `times`.
 */

export type FaultKind = 'status' | 'after-write' | 'latency' | 'reset';

export interface FaultRule {
  /** HTTP method; any when omitted. */
  readonly method?: string;
  /** The request path (without query) or the route template, or a RegExp tested against the path. */
  readonly path: string | RegExp;
  /** How many requests it hits; defaults to 1. */
  readonly times?: number;
  readonly kind: FaultKind;
  /** For 'status' and 'after-write'. */
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Answer body; GitHub's error body for the status when omitted. */
  readonly body?: unknown;
  /** For 'latency'. */
  readonly ms?: number;
}

/** The public face used by tests. */
export interface FaultInjector {
  /** First matching rule applies; `times` defaults to 1. kinds: 'status' answers without doing the work; 'after-write' does the work then answers `status`; 'latency' delays by `ms` then proceeds; 'reset' destroys the socket without an answer. */
  add(rule: FaultRule): void;
  clear(): void;
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

/** The fault list a sandbox consults for every request. */
export class Faults implements FaultInjector {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    if ((rule.kind === 'status' || rule.kind === 'after-write') && !rule.status) {
      throw new Error(`sandbox fault: kind '${rule.kind}' needs a status`);
    }
    if (rule.kind === 'latency' && rule.ms === undefined) throw new Error("sandbox fault: kind 'latency' needs ms");
    this.rules.push({ rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  /** Finds and consumes the first rule matching this request. */
  take(method: string, path: string, route: string | null): FaultRule | undefined {
    const hit = this.rules.find(({ rule }) => {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
      if (rule.path instanceof RegExp) return rule.path.test(path);
      return rule.path === path || (route !== null && rule.path === route);
    });
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.rules = this.rules.filter((r) => r !== hit);
    return hit.rule;
  }
}

/** The body GitHub sends with a given fault status, chosen so Octokit's plugins recognise it. */
export function faultBody(status: number, headers: Record<string, string>): unknown {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const docs = 'https://docs.github.com/rest';
  if (status === 429 || (status === 403 && lower['retry-after'] !== undefined)) {
    return {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url: `${docs}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
      status: String(status),
    };
  }
  if (status === 403 && lower['x-ratelimit-remaining'] === '0') {
    return {
      message: 'API rate limit exceeded for installation.',
      documentation_url: `${docs}/overview/rate-limits-for-the-rest-api`,
      status: '403',
    };
  }
  const messages: Record<number, string> = {
    500: 'Internal Server Error',
    502: 'Server Error',
    503: 'Service Unavailable',
    504: 'We couldn’t respond to your request in time.',
    404: 'Not Found',
    403: 'Forbidden',
    409: 'Conflict',
  };
  return { message: messages[status] ?? `Error ${status}`, documentation_url: docs, status: String(status) };
}
