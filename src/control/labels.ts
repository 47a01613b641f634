/**
 * The labels the control repo uses, in one place: names, colours and what they mean. The docs
 * (docs/control-repo.md) describe the same table.
 */
import type { GitHubPort, RepoId } from '../github/port.js';

/** A label of the control repo. */
export interface ControlLabel {
  readonly name: string;
  readonly color: string;
  readonly description: string;
}

/** Label names, by role. */
export const LABEL = {
  accepted: 'accepted',
  ciPending: 'ci-pending',
  ciFailed: 'ci-failed',
  onHold: 'on-hold',
  dryRun: 'dry-run',
} as const;

/** Every label with its colour and description (for creating them in a new control repo). */
export const CONTROL_LABELS: readonly ControlLabel[] = [
  { name: LABEL.accepted, color: '0e8a16', description: 'Approved by a release manager: publish once CI on the release commit is green' },
  { name: LABEL.ciPending, color: 'fbca04', description: 'Approved; waiting for CI on the release commit (reconcile picks it up)' },
  { name: LABEL.ciFailed, color: 'd93f0b', description: 'CI failed on the release commit; fix it and add accepted again' },
  { name: LABEL.onHold, color: 'b60205', description: 'On hold (#hold): cannot be approved until #unhold' },
  { name: LABEL.dryRun, color: 'c5def5', description: 'Publish nothing: run every check and report what would be published' },
];

/**
 * Creates the control labels that are missing, with their colours and descriptions (labels that
 * GitHub creates implicitly on first use are grey and unexplained). Two API calls when all exist.
 */
export async function ensureControlLabels(github: GitHubPort, repo: RepoId): Promise<string[]> {
  const existing = new Set((await github.listRepoLabels(repo)).map((label) => label.name));
  const missing = CONTROL_LABELS.filter((label) => !existing.has(label.name));
  for (const label of missing) await github.createLabel(repo, label);
  return missing.map((label) => label.name);
}
