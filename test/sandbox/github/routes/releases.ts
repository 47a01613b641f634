/**
 * GitHub releases and their assets. Publishing a release whose tag does not exist creates the tag
 * in the real git repository (with `push`/`create` webhooks), as GitHub does. Assets are kept in
 * memory with a sha256 `digest`; the download answers 200 with the bytes for
 * `Accept: application/octet-stream`, and `browser_download_url` is served on the same server.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RawContext, SandboxApp, SandboxRequest } from '../app.js';
import type { Identity, RepoState } from '../state.js';
import { gitStoreOf, objectBody, stringField } from './git.js';

interface AssetState {
  readonly id: number;
  readonly nodeId: string;
  name: string;
  label: string | null;
  readonly contentType: string;
  readonly data: Buffer;
  readonly uploader: string | null;
  readonly createdAt: string;
  updatedAt: string;
  downloadCount: number;
}

interface ReleaseState {
  readonly id: number;
  readonly nodeId: string;
  readonly repo: string;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  readonly author: string;
  readonly createdAt: string;
  publishedAt: string | null;
  updatedAt: string;
  readonly assets: AssetState[];
}

function releases(app: SandboxApp): Map<number, ReleaseState> {
  return app.state.extension<Map<number, ReleaseState>>('releases', () => new Map());
}

function releasesOf(app: SandboxApp, repo: RepoState): ReleaseState[] {
  return [...releases(app).values()].filter((r) => r.repo === repo.fullName);
}

function assetJson(app: SandboxApp, repo: RepoState, release: ReleaseState, asset: AssetState): Record<string, unknown> {
  return {
    url: app.api(`/repos/${repo.fullName}/releases/assets/${asset.id}`),
    browser_download_url: app.html(`/${repo.fullName}/releases/download/${encodeURIComponent(release.tagName)}/${encodeURIComponent(asset.name)}`),
    id: asset.id,
    node_id: asset.nodeId,
    name: asset.name,
    label: asset.label,
    state: 'uploaded',
    content_type: asset.contentType,
    size: asset.data.length,
    digest: `sha256:${createHash('sha256').update(asset.data).digest('hex')}`,
    download_count: asset.downloadCount,
    created_at: asset.createdAt,
    updated_at: asset.updatedAt,
    uploader: asset.uploader ? app.userJson(asset.uploader) : null,
  };
}

function releaseJson(app: SandboxApp, repo: RepoState, r: ReleaseState): Record<string, unknown> {
  const base = `/repos/${repo.fullName}/releases/${r.id}`;
  return {
    url: app.api(base),
    html_url: app.html(`/${repo.fullName}/releases/${r.draft ? `untagged-${r.id}` : `tag/${encodeURIComponent(r.tagName)}`}`),
    assets_url: app.api(`${base}/assets`),
    upload_url: `${app.api(`${base}/assets`)}{?name,label}`,
    tarball_url: r.draft ? null : app.api(`/repos/${repo.fullName}/tarball/${encodeURIComponent(r.tagName)}`),
    zipball_url: r.draft ? null : app.api(`/repos/${repo.fullName}/zipball/${encodeURIComponent(r.tagName)}`),
    id: r.id,
    node_id: r.nodeId,
    tag_name: r.tagName,
    target_commitish: r.targetCommitish,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    immutable: false,
    created_at: r.createdAt,
    published_at: r.publishedAt,
    updated_at: r.updatedAt,
    author: app.userJson(r.author),
    assets: r.assets.map((a) => assetJson(app, repo, r, a)),
  };
}

function canWrite(app: SandboxApp, identity: Identity | null, repo: RepoState): boolean {
  return app.can(identity, repo, 'contents', 'write');
}

function readRepo(app: SandboxApp, req: SandboxRequest): RepoState {
  const repo = app.requireRepo(req, req.params.owner ?? '', req.params.repo ?? '');
  app.requirePermission(req, repo.fullName, 'contents', 'read');
  return repo;
}

function writeRepo(app: SandboxApp, req: SandboxRequest): RepoState {
  const repo = app.requireRepo(req, req.params.owner ?? '', req.params.repo ?? '');
  app.requirePermission(req, repo.fullName, 'contents', 'write');
  return repo;
}

/** A release by id; drafts are invisible (404) to those who cannot write. */
function findRelease(app: SandboxApp, req: SandboxRequest, repo: RepoState): ReleaseState {
  const release = releases(app).get(Number(req.params.release_id));
  if (!release || release.repo !== repo.fullName || (release.draft && !canWrite(app, req.identity, repo))) app.fail(404, 'Not Found');
  return release;
}

function findAsset(app: SandboxApp, repo: RepoState, id: number, identity: Identity | null): { release: ReleaseState; asset: AssetState } | null {
  for (const release of releasesOf(app, repo)) {
    if (release.draft && !canWrite(app, identity, repo)) continue;
    const asset = release.assets.find((a) => a.id === id);
    if (asset) return { release, asset };
  }
  return null;
}

/** Creates the release's tag at its target when the tag does not exist yet (on publishing). */
async function ensureTag(app: SandboxApp, repo: RepoState, release: ReleaseState, actor: Identity | null): Promise<void> {
  const store = gitStoreOf(app, repo);
  const ref = `refs/tags/${release.tagName}`;
  if (await store.getRef(repo.owner, repo.name, ref)) return;
  const sha = await store.resolveCommit(repo.owner, repo.name, release.targetCommitish);
  if (!sha) app.fail(422, 'Validation Failed', [{ resource: 'Release', code: 'invalid', field: 'target_commitish' }]);
  await store.createRef(repo.owner, repo.name, ref, sha, actor);
}

function emitPublished(app: SandboxApp, repo: RepoState, release: ReleaseState, actor: Identity | null): void {
  app.emit('release', 'published', { release: releaseJson(app, repo, release) }, actor, repo);
  app.emit('release', release.prerelease ? 'prereleased' : 'released', { release: releaseJson(app, repo, release) }, actor, repo);
}

const TAG_NAME_RE = /^[^\s~^:?*[\\]+$/;

/** Registers the release and release-asset routes (and the browser download URL). */
export function registerReleasesRoutes(app: SandboxApp): void {
  app.route('GET', '/repos/{owner}/{repo}/releases', (req) => {
    const repo = readRepo(app, req);
    const writer = canWrite(app, req.identity, repo);
    const list = releasesOf(app, repo)
      .filter((r) => writer || !r.draft)
      .reverse();
    const page = app.paginate(req, list);
    return { status: 200, headers: page.headers, body: page.items.map((r) => releaseJson(app, repo, r)) };
  });

  app.route('POST', '/repos/{owner}/{repo}/releases', async (req) => {
    const repo = writeRepo(app, req);
    const body = objectBody(app, req);
    const tagName = stringField(app, body, 'tag_name');
    if (!TAG_NAME_RE.test(tagName) || tagName.includes('..')) {
      app.fail(422, 'Validation Failed', [{ resource: 'Release', code: 'invalid', field: 'tag_name' }]);
    }
    if (releasesOf(app, repo).some((r) => r.tagName === tagName)) {
      app.fail(422, 'Validation Failed', [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
    }
    const now = app.timestamp();
    const id = app.state.nextId();
    const draft = body.draft === true;
    const release: ReleaseState = {
      id,
      nodeId: app.state.nodeId('RE', id),
      repo: repo.fullName,
      tagName,
      targetCommitish: typeof body.target_commitish === 'string' && body.target_commitish ? body.target_commitish : repo.defaultBranch,
      name: typeof body.name === 'string' ? body.name : null,
      body: typeof body.body === 'string' ? body.body : null,
      draft,
      prerelease: body.prerelease === true,
      author: app.loginOf(req.identity) ?? 'ghost',
      createdAt: now,
      publishedAt: draft ? null : now,
      updatedAt: now,
      assets: [],
    };
    if (!draft) await ensureTag(app, repo, release, req.identity);
    releases(app).set(id, release);
    app.emit('release', 'created', { release: releaseJson(app, repo, release) }, req.identity, repo);
    if (!draft) emitPublished(app, repo, release, req.identity);
    return { status: 201, body: releaseJson(app, repo, release), headers: { location: app.api(`/repos/${repo.fullName}/releases/${id}`) } };
  });

  app.route('GET', '/repos/{owner}/{repo}/releases/latest', (req) => {
    const repo = readRepo(app, req);
    const latest = releasesOf(app, repo)
      .filter((r) => !r.draft && !r.prerelease)
      .sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? '') || a.id - b.id)
      .pop();
    if (!latest) app.fail(404, 'Not Found');
    return { status: 200, body: releaseJson(app, repo, latest) };
  });

  app.route('GET', '/repos/{owner}/{repo}/releases/tags/{tag}', (req) => {
    const repo = readRepo(app, req);
    // Like GitHub, a draft is never found by its tag, even by writers.
    const release = releasesOf(app, repo).find((r) => !r.draft && r.tagName === req.params.tag);
    if (!release) app.fail(404, 'Not Found');
    return { status: 200, body: releaseJson(app, repo, release) };
  });

  app.route('GET', '/repos/{owner}/{repo}/releases/{release_id}', (req) => {
    const repo = readRepo(app, req);
    return { status: 200, body: releaseJson(app, repo, findRelease(app, req, repo)) };
  });

  app.route('PATCH', '/repos/{owner}/{repo}/releases/{release_id}', async (req) => {
    const repo = writeRepo(app, req);
    const release = findRelease(app, req, repo);
    const body = objectBody(app, req);
    if (typeof body.tag_name === 'string' && body.tag_name !== release.tagName) {
      if (!TAG_NAME_RE.test(body.tag_name)) app.fail(422, 'Validation Failed', [{ resource: 'Release', code: 'invalid', field: 'tag_name' }]);
      if (releasesOf(app, repo).some((r) => r.tagName === body.tag_name)) {
        app.fail(422, 'Validation Failed', [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
      }
    }
    const wasDraft = release.draft;
    const next = {
      tagName: typeof body.tag_name === 'string' ? body.tag_name : release.tagName,
      targetCommitish: typeof body.target_commitish === 'string' ? body.target_commitish : release.targetCommitish,
      draft: typeof body.draft === 'boolean' ? body.draft : release.draft,
    };
    if (wasDraft && !next.draft) await ensureTag(app, repo, { ...release, ...next }, req.identity);
    release.tagName = next.tagName;
    release.targetCommitish = next.targetCommitish;
    release.draft = next.draft;
    if (typeof body.name === 'string') release.name = body.name;
    if (typeof body.body === 'string') release.body = body.body;
    if (typeof body.prerelease === 'boolean') release.prerelease = body.prerelease;
    release.updatedAt = app.timestamp();
    if (wasDraft && !release.draft) {
      release.publishedAt = release.updatedAt;
      emitPublished(app, repo, release, req.identity);
    } else {
      app.emit('release', 'edited', { release: releaseJson(app, repo, release), changes: {} }, req.identity, repo);
    }
    return { status: 200, body: releaseJson(app, repo, release) };
  });

  app.route('DELETE', '/repos/{owner}/{repo}/releases/{release_id}', (req) => {
    const repo = writeRepo(app, req);
    const release = findRelease(app, req, repo);
    releases(app).delete(release.id);
    app.emit('release', 'deleted', { release: releaseJson(app, repo, release) }, req.identity, repo);
    return { status: 204 };
  });

  app.route('GET', '/repos/{owner}/{repo}/releases/{release_id}/assets', (req) => {
    const repo = readRepo(app, req);
    const release = findRelease(app, req, repo);
    const page = app.paginate(req, release.assets);
    return { status: 200, headers: page.headers, body: page.items.map((a) => assetJson(app, repo, release, a)) };
  });

  app.route('POST', '/repos/{owner}/{repo}/releases/{release_id}/assets', (req) => {
    const repo = writeRepo(app, req);
    const release = findRelease(app, req, repo);
    const name = req.query.name;
    if (!name) app.fail(422, 'Validation Failed', [{ resource: 'ReleaseAsset', code: 'missing_field', field: 'name' }]);
    // GitHub replaces characters it does not allow in asset names with dots.
    const clean = name.replace(/[^A-Za-z0-9._+@-]/g, '.');
    if (release.assets.some((a) => a.name === clean)) {
      app.fail(422, 'Validation Failed', [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }]);
    }
    const now = app.timestamp();
    const id = app.state.nextId();
    const contentType = typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : 'application/octet-stream';
    const asset: AssetState = {
      id,
      nodeId: app.state.nodeId('RA', id),
      name: clean,
      label: req.query.label ?? null,
      contentType,
      data: Buffer.from(req.rawBody),
      uploader: app.loginOf(req.identity),
      createdAt: now,
      updatedAt: now,
      downloadCount: 0,
    };
    release.assets.push(asset);
    return { status: 201, body: assetJson(app, repo, release, asset) };
  });

  app.route('GET', '/repos/{owner}/{repo}/releases/assets/{asset_id}', (req) => {
    const repo = readRepo(app, req);
    const found = findAsset(app, repo, Number(req.params.asset_id), req.identity);
    if (!found) app.fail(404, 'Not Found');
    if (/application\/octet-stream/i.test(String(req.headers.accept ?? ''))) {
      found.asset.downloadCount += 1;
      return { status: 200, body: found.asset.data, headers: { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename=${found.asset.name}` } };
    }
    return { status: 200, body: assetJson(app, repo, found.release, found.asset) };
  });

  app.route('PATCH', '/repos/{owner}/{repo}/releases/assets/{asset_id}', (req) => {
    const repo = writeRepo(app, req);
    const found = findAsset(app, repo, Number(req.params.asset_id), req.identity);
    if (!found) app.fail(404, 'Not Found');
    const body = objectBody(app, req);
    if (typeof body.name === 'string') {
      if (found.release.assets.some((a) => a !== found.asset && a.name === body.name)) {
        app.fail(422, 'Validation Failed', [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }]);
      }
      found.asset.name = body.name;
    }
    if (typeof body.label === 'string') found.asset.label = body.label;
    found.asset.updatedAt = app.timestamp();
    return { status: 200, body: assetJson(app, repo, found.release, found.asset) };
  });

  app.route('DELETE', '/repos/{owner}/{repo}/releases/assets/{asset_id}', (req) => {
    const repo = writeRepo(app, req);
    const found = findAsset(app, repo, Number(req.params.asset_id), req.identity);
    if (!found) app.fail(404, 'Not Found');
    found.release.assets.splice(found.release.assets.indexOf(found.asset), 1);
    return { status: 204 };
  });

  app.raw('/{owner}/{repo}/releases/download', (req, res, context) => serveDownload(app, req, res, context), { operationId: 'web/release-download' });
}

/** `GET /{owner}/{repo}/releases/download/{tag}/{name}`: the browser download URL. */
function serveDownload(app: SandboxApp, req: IncomingMessage, res: ServerResponse, context: RawContext): void {
  const repo = app.state.repo(context.params.owner ?? '', context.params.repo ?? '');
  const parts = context.rest.split('/').slice(1);
  const send = (status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(text);
  };
  if (req.method !== 'GET' || !repo || parts.length !== 2 || !app.can(context.identity, repo, 'contents', 'read')) return send(404, 'Not Found');
  let tag: string;
  let name: string;
  try {
    tag = decodeURIComponent(parts[0] as string);
    name = decodeURIComponent(parts[1] as string);
  } catch {
    return send(404, 'Not Found');
  }
  const release = releasesOf(app, repo).find((r) => !r.draft && r.tagName === tag);
  const asset = release?.assets.find((a) => a.name === name);
  if (!asset) return send(404, 'Not Found');
  asset.downloadCount += 1;
  res.writeHead(200, { 'content-type': asset.contentType, 'content-length': String(asset.data.length) });
  res.end(asset.data);
}
