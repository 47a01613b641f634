import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONTROL_LABELS, ensureControlLabels } from '../../../src/control/labels.js';
import { CONTROL, startWorld, type World } from './fixtures.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => world.close());

describe('ensureControlLabels', () => {
  const repo = { owner: CONTROL.split('/')[0] ?? '', repo: CONTROL.split('/')[1] ?? '' };

  it('creates the missing labels with their colours and descriptions, then nothing more', async () => {
    await world.as('alice').rest.issues.createLabel({ ...repo, name: 'accepted', color: 'ffffff', description: 'made by hand' });
    const created = await ensureControlLabels(world.github, repo);
    expect(created.sort()).toEqual(CONTROL_LABELS.map((l) => l.name).filter((n) => n !== 'accepted').sort());

    const labels = await world.github.listRepoLabels(repo);
    for (const wanted of CONTROL_LABELS.filter((l) => l.name !== 'accepted')) {
      expect(labels).toContainEqual({ name: wanted.name, color: wanted.color, description: wanted.description });
    }
    // A label someone made by hand is left as it is.
    expect(labels.find((l) => l.name === 'accepted')?.color).toBe('ffffff');

    const writesBefore = world.sandbox.requests.count({ isWrite: true });
    expect(await ensureControlLabels(world.github, repo)).toEqual([]);
    expect(world.sandbox.requests.count({ isWrite: true })).toBe(writesBefore);
  });

  it('treats a label created concurrently as done', async () => {
    await expect(world.github.createLabel(repo, CONTROL_LABELS[1]!)).resolves.toBeUndefined();
  });
});
