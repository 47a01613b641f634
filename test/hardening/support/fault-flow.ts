/**
 * What the two fault files share: reading a request back, retrying the way a release manager does,
 * and the one convergence check (exactly once, and a correct record).
 */
import { expect } from '@jest/globals';
import { parseRequest } from '../../../src/request-format/index.js';
import { recordFigure } from './figures.js';
import { BOT, PACKAGE, PEOPLE, PRODUCT, type ControlWorld } from './control-world.js';

/** The fault-test helpers bound to one world (read lazily: the world starts in beforeAll). */
export function faultFlow(worldOf: () => ControlWorld) {
  const manager = PEOPLE.managers[0];
  function issueOf(n: number) {
    const issue = worldOf().sandbox.admin.getIssue('acme/publish', n);
    if (issue === undefined) throw new Error(`no issue #${n}`);
    return issue;
  }

  /**
   * Re-adds `accepted` as a release manager (removing it first if a dead run left it), and runs what
   * follows. A person takes more than a second: label events carry whole seconds, and a re-add in
   * the same second as the first label is taken for a duplicated delivery of it.
   */
  async function retry(n: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
    if (issueOf(n).labels.includes('accepted')) {
      await worldOf().api(manager, 'DELETE', `/repos/acme/publish/issues/${n}/labels/accepted`);
      await worldOf().pump();
    }
    await worldOf().api(manager, 'POST', `/repos/acme/publish/issues/${n}/labels`, { labels: ['accepted'] });
    await worldOf().pump();
  }

  /** Retries (at most 3 times, as a person would) until the request is closed. Returns the retries used. */
  async function retryUntilClosed(n: number): Promise<number> {
    let used = 0;
    while (issueOf(n).state === 'open' && used < 3) {
      used += 1;
      await retry(n);
    }
    return used;
  }

  async function npmVersions(): Promise<Record<string, { dist?: { integrity?: string } }>> {
    const npm = worldOf().npm;
    if (npm === null) return {};
    const res = await fetch(`${npm.url}/${PACKAGE.replace('/', '%2f')}`, { headers: { authorization: `Bearer ${worldOf().npmToken}` } });
    if (res.status === 404) return {};
    return ((await res.json()) as { versions?: Record<string, { dist?: { integrity?: string } }> }).versions ?? {};
  }

  /** Exactly once, and a correct record. */
  async function expectConverged(version: string, n: number): Promise<void> {
    const releases = (await worldOf().bot.listReleases(PRODUCT)).filter((r) => r.tagName === version);
    const records = await worldOf().registryRecords(version);
    const assetNames = releases.flatMap((r) => r.assets.map((a) => a.name));
    const duplicates = Math.max(0, releases.length - 1) + Math.max(0, records - 1) + (assetNames.length - new Set(assetNames).size);
    recordFigure('duplicate publishes', duplicates);
    expect(releases).toHaveLength(1);
    expect(releases[0]?.draft).toBe(false);
    const issue = issueOf(n);
    const request = parseRequest(issue.title, issue.body ?? '');
    const ids = request.targets.map((t) => t.id);
    const withNpm = ids.includes('npm');
    expect(assetNames.sort()).toEqual(withNpm ? [`acme-widget-${version}.tgz`, `widget-${version}.txt`] : [`widget-${version}.txt`]);
    expect(records).toBe(ids.includes('registry') ? 1 : 0);
    if (withNpm) expect(Object.keys(await npmVersions())).toContain(version);
    expect({ state: request.state, targets: Object.fromEntries(request.targets.map((t) => [t.id, t.state])), issue: issue.state }).toEqual({
      state: 'published',
      targets: Object.fromEntries(ids.map((id) => [id, 'done'])),
      issue: 'closed',
    });
    expect(request.history.filter((h) => h.event === 'published').length).toBeGreaterThanOrEqual(1);
    if (request.history.some((h) => h.event === 'merge-conflict') && !request.history.some((h) => h.event === 'merged')) {
      // A merge that failed is reported with the commands to finish by hand (not a publish failure): the branch stays for that.
      const comments = worldOf().sandbox.admin.listComments('acme/publish', n).map((c) => c.body ?? '').join('\n');
      expect(comments).toContain(`git merge origin/release/${version}`);
    } else {
      expect(await worldOf().sandbox.admin.branchSha('acme/widget', `release/${version}`)).toBeNull();
    }
    // The success comment is posted once.
    const successes = worldOf().sandbox.admin.listComments('acme/publish', n).filter((c) => c.user === BOT && (c.body ?? '').startsWith('🎉'));
    expect(successes.length).toBe(1);
  }

  /** A request approved with CI green: the publish job runs in the same run. */
  async function approveGreen(version: string): Promise<number> {
    const { number } = await worldOf().openRequest(version);
    await worldOf().pump();
    await worldOf().api(manager, 'POST', `/repos/acme/publish/issues/${number}/labels`, { labels: ['accepted'] });
    await worldOf().pump();
    return number;
  }

  return { issueOf, retry, retryUntilClosed, expectConverged, approveGreen };
}
