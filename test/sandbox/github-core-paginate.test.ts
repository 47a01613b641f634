import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { SandboxRequest } from './github/app.js';
import { type GitHubSandbox, startGitHubSandbox } from './github/index.js';

let sandbox: GitHubSandbox;

beforeAll(async () => {
  sandbox = await startGitHubSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

/** A request for `path?query` as the router would build it. */
function request(url: string): SandboxRequest {
  const parsed = new URL(url, sandbox.apiUrl);
  return {
    method: 'GET', path: parsed.pathname, route: parsed.pathname, params: {}, query: Object.fromEntries(parsed.searchParams.entries()),
    body: undefined, rawBody: Buffer.alloc(0), headers: {}, identity: null,
  };
}

function rels(link: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (link ?? '').split(', ').filter(Boolean)) {
    const m = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    if (!m) throw new Error(`malformed Link part: ${part}`);
    out[m[2]!] = m[1]!;
  }
  return out;
}

describe('pagination', () => {
  it('walks every item exactly once by following rel="next", with consistent last/first/prev', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 320 }), fc.option(fc.integer({ min: -5, max: 150 }), { nil: undefined }), (count, perPage) => {
        const items = Array.from({ length: count }, (_, i) => i);
        const size = perPage === undefined || perPage < 1 ? 30 : Math.min(perPage, 100);
        let url: string | undefined = `/x/items?state=all${perPage === undefined ? '' : `&per_page=${perPage}`}`;
        const seen: number[] = [];
        let pages = 0;
        while (url) {
          const page = sandbox.app.paginate(request(url), items);
          const links = rels(page.headers.link);
          pages += 1;
          expect(page.items.length).toBeLessThanOrEqual(size);
          if (pages > 1) {
            expect(links.first).toContain('page=1');
            expect(links.prev).toContain(`page=${pages - 1}`);
            expect(links.first).toContain('state=all');
          }
          if (links.next) expect(links.last).toContain(`page=${Math.ceil(count / size)}`);
          seen.push(...page.items);
          url = links.next;
        }
        expect(seen).toEqual(items);
        expect(pages).toBe(Math.max(1, Math.ceil(count / size)));
      }),
      { numRuns: 150 },
    );
  });
});
