/** The finish step with a literal fake port (branch gone, merge that fails) and the Markdown report. */
import { describe, expect, it } from '@jest/globals';
import { WriteOutcomeUnknownError } from '../../../src/errors.js';
import type { GitHubPort } from '../../../src/github/port.js';
import { finishRelease, renderReport } from '../../../src/publisher/finish.js';
import { withTargetState } from '../../../src/request-format/index.js';
import { makeRequest, recordingLogger, steppingClock } from './helpers.js';

function fakePort(branchSha: string | null, merge: GitHubPort['mergeBranch']): GitHubPort {
  const port: Partial<GitHubPort> = {
    getDefaultBranch: async () => 'main',
    getBranchSha: async () => branchSha,
    mergeBranch: merge,
    deleteBranch: async () => undefined,
  };
  return port as GitHubPort;
}

describe('finishRelease', () => {
  it('says so when the branch is already gone (an earlier run merged it), without saving', async () => {
    let saved = 0;
    const result = await finishRelease({ github: fakePort(null, async () => ({ kind: 'up-to-date' })), log: recordingLogger(), clock: steppingClock(), request: makeRequest(['github']), productRepo: { owner: 'acme', repo: 'widget' }, save: async () => void (saved += 1), runUrl: null });
    expect(result.merge.kind).toBe('already-gone');
    expect(saved).toBe(0);
  });

  it('reports a merge that failed with the commands to finish by hand, keeping the branch', async () => {
    const request = { ...makeRequest(['github']), mergeTarget: 'stable' };
    const result = await finishRelease({
      github: fakePort(request.releaseCommit, async () => {
        throw new WriteOutcomeUnknownError('mergeBranch', new Error('socket hang up'));
      }),
      log: recordingLogger(),
      clock: steppingClock(),
      request,
      productRepo: { owner: 'acme', repo: 'widget' },
      save: async () => undefined,
      runUrl: 'https://github.com/acme/central/actions/runs/9',
    });
    expect(result.merge).toMatchObject({ kind: 'failed', base: 'stable', branchDeleted: false });
    expect(result.markdown).toContain('git merge origin/release/1.0.0');
    expect(result.markdown).toContain('[Run log](https://github.com/acme/central/actions/runs/9)');
  });
});

describe('renderReport', () => {
  it('renders a failed run with the error, durations, and how to retry; table cells are escaped', () => {
    let request = makeRequest(['github', 'npm[@acme/ab]']);
    request = withTargetState(request, 'github', 'done', { at: '2026-11-22T00:00:00Z', durationMs: 1530, location: 'https://github.com/acme/widget/releases/tag/1.0.0' });
    request = withTargetState(request, 'npm[@acme/ab]', 'failed', { at: '2026-11-22T00:00:00Z', detail: 'E503 | <b>down</b>' });
    const markdown = renderReport(request);
    expect(markdown).toContain('### Publishing acme/widget@1.0.0 failed');
    expect(markdown).toContain('| `github` | ✅ done | 1.5 s | https://github.com/acme/widget/releases/tag/1.0.0 |');
    expect(markdown).toContain('| `npm[@acme/ab]` | ❌ failed |  | E503 \\| &lt;b&gt;down&lt;/b&gt; |');
    expect(markdown).toContain('add the `accepted` label again');
  });
});
