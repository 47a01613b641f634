/**
 * Git data routes backed by the real bare repositories: refs, branches, commits, compare, merges,
 * contents and tags, plus the `push`/`create`/`delete` webhooks for every ref change, whether it
 * came through the API or through `git push` on the smart-HTTP endpoint.
 */
import { dirname } from 'node:path';
import type { SandboxApp, SandboxRequest } from '../app.js';
import { type CommitInfo, EMPTY_TREE, GitStore, GitStoreError, type RefChangeEvent, type RefInfo, ZERO_SHA, isValidRefName } from '../git-store.js';
import { registerGitHttp } from '../git-http.js';
import type { Identity, RepoState } from '../state.js';

/** The key under which the sandbox keeps its GitStore in `app.state.extension` (a holder object). */
export const GIT_STORE_KEY = 'git-store';

function storeSlot(app: SandboxApp): { store: GitStore | null } {
  const slot = app.state.extension<{ store: GitStore | null } | GitStore>(GIT_STORE_KEY, () => ({ store: null }));
  // index.ts may also have put the store itself under the key.
  return slot instanceof GitStore ? { store: slot } : slot;
}

/**
 * The sandbox's git store. `index.ts` should hand its own store to `registerGitRoutes`; when it
 * does not, one is derived from the repository's bare directory (`<root>/<owner>/<repo>.git`).
 */
export function gitStoreOf(app: SandboxApp, repo?: RepoState): GitStore {
  const slot = storeSlot(app);
  if (!slot.store) {
    if (!repo?.bareDir) throw new Error('sandbox: no git store registered and no repository to derive it from');
    slot.store = new GitStore(dirname(dirname(repo.bareDir)), { now: () => app.now() });
  }
  wireStore(app, slot.store);
  return slot.store;
}

const wired = new WeakMap<GitStore, SandboxApp>();

function wireStore(app: SandboxApp, store: GitStore): void {
  if (wired.get(store) === app) return;
  wired.set(store, app);
  store.onRefChange((event) => emitRefWebhooks(app, store, event));
}

/** Registers the git data routes and the smart-HTTP endpoint. */
export function registerGitRoutes(app: SandboxApp, store?: GitStore): void {
  if (store) {
    storeSlot(app).store = store;
    wireStore(app, store);
  }
  registerGitHttp(app, (repo) => gitStoreOf(app, repo));

  app.route('GET', '/repos/{owner}/{repo}/git/ref/{ref}', async (req) => {
    const { repo, store } = readAccess(app, req);
    const info = await store.getRef(repo.owner, repo.name, `refs/${req.params.ref}`);
    if (!info) app.fail(404, 'Not Found');
    return { status: 200, body: refJson(app, repo, info) };
  });

  app.route('GET', '/repos/{owner}/{repo}/git/matching-refs/{ref}', async (req) => {
    const { repo, store } = readAccess(app, req);
    const refs = await store.listRefs(repo.owner, repo.name, `refs/${req.params.ref ?? ''}`);
    return { status: 200, body: refs.map((r) => refJson(app, repo, r)) };
  });

  app.route('POST', '/repos/{owner}/{repo}/git/refs', async (req) => {
    const { repo, store } = writeAccess(app, req);
    const body = objectBody(app, req);
    const ref = stringField(app, body, 'ref');
    const sha = stringField(app, body, 'sha');
    if (!ref.startsWith('refs/') || ref.split('/').length < 3 || !isValidRefName(ref)) {
      app.fail(422, 'Reference name is not valid', [{ resource: 'Reference', field: 'ref', code: 'invalid', value: ref }]);
    }
    await translate(app, () => store.createRef(repo.owner, repo.name, ref, sha, req.identity));
    const info = (await store.getRef(repo.owner, repo.name, ref)) as RefInfo;
    return { status: 201, body: refJson(app, repo, info), headers: { location: refUrl(app, repo, ref) } };
  });

  app.route('PATCH', '/repos/{owner}/{repo}/git/refs/{ref}', async (req) => {
    const { repo, store } = writeAccess(app, req);
    const body = objectBody(app, req);
    const sha = stringField(app, body, 'sha');
    const force = body.force === true;
    const ref = `refs/${req.params.ref}`;
    await translate(app, () => store.updateRef(repo.owner, repo.name, ref, sha, { force }, req.identity));
    const info = (await store.getRef(repo.owner, repo.name, ref)) as RefInfo;
    return { status: 200, body: refJson(app, repo, info) };
  });

  app.route('DELETE', '/repos/{owner}/{repo}/git/refs/{ref}', async (req) => {
    const { repo, store } = writeAccess(app, req);
    await translate(app, () => store.deleteRef(repo.owner, repo.name, `refs/${req.params.ref}`, req.identity));
    return { status: 204 };
  });

  app.route('POST', '/repos/{owner}/{repo}/git/tags', async (req) => {
    const { repo, store } = writeAccess(app, req);
    const body = objectBody(app, req);
    const tagger = (body.tagger && typeof body.tagger === 'object' ? body.tagger : {}) as Record<string, unknown>;
    const login = app.loginOf(req.identity) ?? 'sandbox';
    const tag = await translate(app, () =>
      store.createTagObject(repo.owner, repo.name, {
        tag: stringField(app, body, 'tag'),
        message: stringField(app, body, 'message'),
        object: stringField(app, body, 'object'),
        type: stringField(app, body, 'type'),
        tagger: {
          name: typeof tagger.name === 'string' ? tagger.name : login,
          email: typeof tagger.email === 'string' ? tagger.email : noreplyEmail(app, login),
          date: typeof tagger.date === 'string' ? tagger.date : undefined,
        },
      }),
    );
    return { status: 201, body: tagJson(app, repo, tag), headers: { location: app.api(`/repos/${repo.fullName}/git/tags/${tag.sha}`) } };
  });

  app.route('GET', '/repos/{owner}/{repo}/git/tags/{tag_sha}', async (req) => {
    const { repo, store } = readAccess(app, req);
    const tag = await store.readTag(repo.owner, repo.name, req.params.tag_sha ?? '');
    if (!tag) app.fail(404, 'Not Found');
    return { status: 200, body: tagJson(app, repo, tag) };
  });

  app.route('GET', '/repos/{owner}/{repo}/git/commits/{commit_sha}', async (req) => {
    const { repo, store } = readAccess(app, req);
    const sha = req.params.commit_sha ?? '';
    const commit = /^[0-9a-f]{40}$/.test(sha) ? await store.readCommit(repo.owner, repo.name, sha) : null;
    if (!commit) app.fail(404, 'Not Found');
    return { status: 200, body: gitCommitJson(app, repo, commit) };
  });

  app.route('GET', '/repos/{owner}/{repo}/branches', async (req) => {
    const { repo, store } = readAccess(app, req);
    const heads = await store.listRefs(repo.owner, repo.name, 'refs/heads/');
    const page = app.paginate(req, heads);
    return {
      status: 200,
      headers: page.headers,
      body: page.items.map((h) => ({
        name: h.ref.slice('refs/heads/'.length),
        commit: { sha: h.sha, url: app.api(`/repos/${repo.fullName}/commits/${h.sha}`) },
        protected: false,
      })),
    };
  });

  app.route('GET', '/repos/{owner}/{repo}/branches/{branch}', async (req) => {
    const { repo, store } = readAccess(app, req);
    const name = req.params.branch ?? '';
    const head = await store.getRef(repo.owner, repo.name, `refs/heads/${name}`);
    if (!head) app.fail(404, 'Branch not found');
    const commit = (await store.readCommit(repo.owner, repo.name, head.sha)) as CommitInfo;
    return {
      status: 200,
      body: {
        name,
        commit: commitJson(app, repo, commit),
        _links: { self: app.api(`/repos/${repo.fullName}/branches/${name}`), html: app.html(`/${repo.fullName}/tree/${name}`) },
        protected: false,
        protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
        protection_url: app.api(`/repos/${repo.fullName}/branches/${name}/protection`),
      },
    };
  });

  app.route('GET', '/repos/{owner}/{repo}/commits', async (req) => {
    const { repo, store } = readAccess(app, req);
    const start = req.query.sha || repo.defaultBranch;
    const sha = await store.resolveCommit(repo.owner, repo.name, start);
    if (!sha) app.fail(404, `No commit found for SHA: ${start}`);
    const history = await store.log(repo.owner, repo.name, [sha], { limit: 1000, path: req.query.path || undefined });
    const page = app.paginate(req, history);
    return { status: 200, headers: page.headers, body: page.items.map((c) => commitJson(app, repo, c)) };
  });

  app.route('GET', '/repos/{owner}/{repo}/commits/{ref}', async (req) => {
    const { repo, store } = readAccess(app, req);
    const ref = req.params.ref ?? '';
    const sha = await store.resolveCommit(repo.owner, repo.name, ref);
    if (!sha) app.fail(422, `No commit found for SHA: ${ref}`);
    const commit = (await store.readCommit(repo.owner, repo.name, sha)) as CommitInfo;
    const files = await store.diffFiles(repo.owner, repo.name, commit.parents[0] ?? EMPTY_TREE, sha);
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    return {
      status: 200,
      body: {
        ...commitJson(app, repo, commit),
        stats: { additions, deletions, total: additions + deletions },
        files: files.map((f) => fileJson(app, repo, sha, f)),
      },
    };
  });

  app.route('GET', '/repos/{owner}/{repo}/compare/{basehead}', async (req) => {
    const { repo, store } = readAccess(app, req);
    const basehead = req.params.basehead ?? '';
    const split = basehead.includes('...') ? basehead.split('...') : basehead.split('..');
    if (split.length !== 2 || !split[0] || !split[1]) app.fail(404, 'Not Found');
    const [base, head] = split as [string, string];
    const cmp = await store.compare(repo.owner, repo.name, base, head);
    if (!cmp) app.fail(404, 'Not Found');
    if (!cmp.mergeBase) app.fail(404, `No common ancestor between ${base} and ${head}.`);
    const baseCommit = (await store.readCommit(repo.owner, repo.name, cmp.baseSha)) as CommitInfo;
    const mergeBaseCommit = (await store.readCommit(repo.owner, repo.name, cmp.mergeBase)) as CommitInfo;
    return {
      status: 200,
      body: {
        url: app.api(`/repos/${repo.fullName}/compare/${basehead}`),
        html_url: app.html(`/${repo.fullName}/compare/${basehead}`),
        permalink_url: app.html(`/${repo.fullName}/compare/${repo.owner}:${cmp.baseSha.slice(0, 7)}...${repo.owner}:${cmp.headSha.slice(0, 7)}`),
        diff_url: app.html(`/${repo.fullName}/compare/${basehead}.diff`),
        patch_url: app.html(`/${repo.fullName}/compare/${basehead}.patch`),
        base_commit: commitJson(app, repo, baseCommit),
        merge_base_commit: commitJson(app, repo, mergeBaseCommit),
        status: cmp.status,
        ahead_by: cmp.aheadBy,
        behind_by: cmp.behindBy,
        total_commits: cmp.aheadBy,
        commits: cmp.commits.map((c) => commitJson(app, repo, c)),
        files: cmp.files.map((f) => fileJson(app, repo, cmp.headSha, f)),
      },
    };
  });

  app.route('POST', '/repos/{owner}/{repo}/merges', async (req) => {
    const { repo, store } = writeAccess(app, req);
    const body = objectBody(app, req);
    const base = stringField(app, body, 'base');
    const head = stringField(app, body, 'head');
    const message = typeof body.commit_message === 'string' ? body.commit_message : undefined;
    const login = app.loginOf(req.identity) ?? 'sandbox';
    const outcome = await store.merge(repo.owner, repo.name, base, head, message, { name: login, email: noreplyEmail(app, login) }, req.identity);
    switch (outcome.kind) {
      case 'missing':
        return app.fail(404, outcome.which === 'base' ? 'Base does not exist' : 'Head does not exist');
      case 'nothing-to-merge':
        return { status: 204 };
      case 'conflict':
        return app.fail(409, 'Merge conflict');
      case 'merged':
        return { status: 201, body: commitJson(app, repo, outcome.commit) };
    }
  });

  app.route('GET', '/repos/{owner}/{repo}/contents/{path}', async (req) => {
    const { repo, store } = readAccess(app, req);
    const ref = req.query.ref || repo.defaultBranch;
    const sha = await store.resolveCommit(repo.owner, repo.name, ref);
    if (!sha) app.fail(404, `No commit found for the ref ${ref}`);
    const found = await store.readPath(repo.owner, repo.name, sha, req.params.path ?? '');
    if (!found) app.fail(404, 'Not Found');
    if (found.kind === 'dir') {
      return {
        status: 200,
        body: found.entries
          .filter((e) => e.type !== 'commit')
          .map((e) => contentEntryJson(app, repo, ref, e.path, e.type === 'tree' ? 'dir' : 'file', e.sha, e.size ?? 0)),
      };
    }
    // `Accept: application/vnd.github.raw` (Octokit's `mediaType: { format: 'raw' }`) asks for the bytes.
    if (/application\/vnd\.github(\.v3)?\.raw/i.test(String(req.headers.accept ?? ''))) {
      return { status: 200, body: found.content, headers: { 'content-type': 'application/vnd.github.raw' } };
    }
    // Like GitHub, files over 1 MB come without content; clients must ask for the raw media type.
    const large = found.content.length > 1024 * 1024;
    return {
      status: 200,
      body: {
        ...contentEntryJson(app, repo, ref, req.params.path ?? '', 'file', found.sha, found.content.length),
        // GitHub wraps the base64 text at 60 characters.
        content: large ? '' : (found.content.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n',
        encoding: large ? 'none' : 'base64',
      },
    };
  });

  app.route('PUT', '/repos/{owner}/{repo}/contents/{path}', async (req) => {
    const { repo, store } = writeAccess(app, req);
    const body = objectBody(app, req);
    const message = stringField(app, body, 'message');
    const content = stringField(app, body, 'content');
    if (!/^[A-Za-z0-9+/=\s]*$/.test(content)) app.fail(422, 'content is not valid Base64');
    const branch = typeof body.branch === 'string' ? body.branch : repo.defaultBranch;
    const login = app.loginOf(req.identity) ?? 'sandbox';
    const person = (value: unknown) => {
      const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
      return typeof v.name === 'string' && typeof v.email === 'string' ? { name: v.name, email: v.email } : null;
    };
    const author = person(body.author) ?? person(body.committer) ?? { name: login, email: noreplyEmail(app, login) };
    const path = req.params.path ?? '';
    const result = await translate(app, () =>
      store.writeFile(
        repo.owner,
        repo.name,
        branch,
        path,
        Buffer.from(content, 'base64'),
        { message, author, expectedBlob: typeof body.sha === 'string' ? body.sha : undefined },
        req.identity,
      ),
    );
    return {
      status: result.created ? 201 : 200,
      body: {
        content: contentEntryJson(app, repo, branch, path, 'file', result.blobSha, Buffer.from(content, 'base64').length),
        commit: gitCommitJson(app, repo, result.commit),
      },
    };
  });

  app.route('GET', '/repos/{owner}/{repo}/tags', async (req) => {
    const { repo, store } = readAccess(app, req);
    const tags = (await store.listRefs(repo.owner, repo.name, 'refs/tags/')).reverse();
    const page = app.paginate(req, tags);
    const body = [];
    for (const t of page.items) {
      const name = t.ref.slice('refs/tags/'.length);
      const sha = (await store.resolveCommit(repo.owner, repo.name, t.ref)) ?? t.sha;
      body.push({
        name,
        commit: { sha, url: app.api(`/repos/${repo.fullName}/commits/${sha}`) },
        zipball_url: app.api(`/repos/${repo.fullName}/zipball/refs/tags/${name}`),
        tarball_url: app.api(`/repos/${repo.fullName}/tarball/refs/tags/${name}`),
        node_id: app.state.nodeId('REF', hashId(`${repo.fullName}:${t.ref}`)),
      });
    }
    return { status: 200, headers: page.headers, body };
  });
}

/** Repository + store after the read checks (404 for unknown or invisible, contents:read). */
export function readAccess(app: SandboxApp, req: SandboxRequest): { repo: RepoState; store: GitStore } {
  const repo = app.requireRepo(req, req.params.owner ?? '', req.params.repo ?? '');
  app.requirePermission(req, repo.fullName, 'contents', 'read');
  return { repo, store: gitStoreOf(app, repo) };
}

/** Repository + store after the write checks (contents:write). */
export function writeAccess(app: SandboxApp, req: SandboxRequest): { repo: RepoState; store: GitStore } {
  const repo = app.requireRepo(req, req.params.owner ?? '', req.params.repo ?? '');
  app.requirePermission(req, repo.fullName, 'contents', 'write');
  return { repo, store: gitStoreOf(app, repo) };
}

/** The JSON body as an object, or GitHub's 400 `Problems parsing JSON`. */
export function objectBody(app: SandboxApp, req: SandboxRequest): Record<string, unknown> {
  if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) app.fail(400, 'Problems parsing JSON');
  return req.body as Record<string, unknown>;
}

/** A required string field, or GitHub's 422 `missing_field`/`invalid`. */
export function stringField(app: SandboxApp, body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) {
    app.fail(422, 'Invalid request.', [{ resource: 'Request', field, code: 'missing_field' }]);
  }
  if (typeof value !== 'string') app.fail(422, 'Invalid request.', [{ resource: 'Request', field, code: 'invalid', value }]);
  return value;
}

async function translate<T>(app: SandboxApp, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof GitStoreError)) throw error;
    switch (error.code) {
      case 'ref-exists':
        return app.fail(422, 'Reference already exists');
      case 'ref-missing':
        return app.fail(422, 'Reference does not exist');
      case 'not-fast-forward':
        return app.fail(422, 'Update is not a fast forward');
      case 'invalid-object':
        return app.fail(422, 'Object does not exist');
      case 'invalid-ref':
        return app.fail(422, error.message);
      case 'sha-mismatch':
        return error.message.includes("wasn't supplied") ? app.fail(422, `Invalid request.\n\n${error.message}`) : app.fail(409, error.message);
      case 'stale':
      case 'conflict':
        return app.fail(409, error.message);
      case 'not-found':
        return app.fail(404, 'Not Found');
    }
  }
}

/** A stable small positive number from text (node ids of objects that have no sandbox id). */
function hashId(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

/** `ID+login@users.noreply.github.com`, as GitHub writes web commits. */
export function noreplyEmail(app: SandboxApp, login: string): string {
  const account = app.state.account(login);
  return account ? `${account.id}+${account.login}@users.noreply.github.com` : `${login}@users.noreply.github.com`;
}

function accountForEmail(app: SandboxApp, email: string): Record<string, unknown> | null {
  const m = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/i.exec(email);
  if (!m) return null;
  const account = app.state.account(m[1] as string);
  return account ? app.userJson(account.login) : null;
}

function refUrl(app: SandboxApp, repo: RepoState, ref: string): string {
  return app.api(`/repos/${repo.fullName}/git/${ref}`);
}

/** GitHub's git-ref object. */
export function refJson(app: SandboxApp, repo: RepoState, info: RefInfo): Record<string, unknown> {
  const kind = info.type === 'tag' ? 'tags' : info.type === 'commit' ? 'commits' : info.type === 'tree' ? 'trees' : 'blobs';
  return {
    ref: info.ref,
    node_id: app.state.nodeId('REF', hashId(`${repo.fullName}:${info.ref}`)),
    url: refUrl(app, repo, info.ref),
    object: { type: info.type, sha: info.sha, url: app.api(`/repos/${repo.fullName}/git/${kind}/${info.sha}`) },
  };
}

const UNSIGNED = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

function tagJson(app: SandboxApp, repo: RepoState, tag: { sha: string; tag: string; message: string; object: { sha: string; type: string }; tagger: { name: string; email: string; date: string } }): Record<string, unknown> {
  return {
    node_id: app.state.nodeId('TAG', hashId(`${repo.fullName}:${tag.sha}`)),
    tag: tag.tag,
    sha: tag.sha,
    url: app.api(`/repos/${repo.fullName}/git/tags/${tag.sha}`),
    message: tag.message,
    tagger: tag.tagger,
    object: { sha: tag.object.sha, type: tag.object.type, url: app.api(`/repos/${repo.fullName}/git/${tag.object.type}s/${tag.object.sha}`) },
    verification: UNSIGNED,
  };
}

/** GitHub's git-commit object (`GET /git/commits/{sha}`, `PUT /contents` answers). */
export function gitCommitJson(app: SandboxApp, repo: RepoState, c: CommitInfo): Record<string, unknown> {
  return {
    sha: c.sha,
    node_id: app.state.nodeId('C', hashId(`${repo.fullName}:${c.sha}`)),
    url: app.api(`/repos/${repo.fullName}/git/commits/${c.sha}`),
    html_url: app.html(`/${repo.fullName}/commit/${c.sha}`),
    author: c.author,
    committer: c.committer,
    message: c.message,
    tree: { sha: c.tree, url: app.api(`/repos/${repo.fullName}/git/trees/${c.tree}`) },
    parents: c.parents.map((p) => ({ sha: p, url: app.api(`/repos/${repo.fullName}/git/commits/${p}`), html_url: app.html(`/${repo.fullName}/commit/${p}`) })),
    verification: UNSIGNED,
  };
}

/** GitHub's commit object (`GET /commits/{ref}`, lists, compare, merges). */
export function commitJson(app: SandboxApp, repo: RepoState, c: CommitInfo): Record<string, unknown> {
  return {
    url: app.api(`/repos/${repo.fullName}/commits/${c.sha}`),
    sha: c.sha,
    node_id: app.state.nodeId('C', hashId(`${repo.fullName}:${c.sha}`)),
    html_url: app.html(`/${repo.fullName}/commit/${c.sha}`),
    comments_url: app.api(`/repos/${repo.fullName}/commits/${c.sha}/comments`),
    commit: {
      url: app.api(`/repos/${repo.fullName}/git/commits/${c.sha}`),
      author: c.author,
      committer: c.committer,
      message: c.message,
      comment_count: 0,
      tree: { sha: c.tree, url: app.api(`/repos/${repo.fullName}/git/trees/${c.tree}`) },
      verification: UNSIGNED,
    },
    author: accountForEmail(app, c.author.email),
    committer: accountForEmail(app, c.committer.email),
    parents: c.parents.map((p) => ({ sha: p, url: app.api(`/repos/${repo.fullName}/commits/${p}`), html_url: app.html(`/${repo.fullName}/commit/${p}`) })),
  };
}

function fileJson(app: SandboxApp, repo: RepoState, ref: string, f: { filename: string; status: string; sha: string; additions: number; deletions: number; changes: number }): Record<string, unknown> {
  return {
    sha: f.sha,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.changes,
    blob_url: app.html(`/${repo.fullName}/blob/${ref}/${f.filename}`),
    raw_url: app.html(`/${repo.fullName}/raw/${ref}/${f.filename}`),
    contents_url: app.api(`/repos/${repo.fullName}/contents/${f.filename}?ref=${ref}`),
  };
}

function contentEntryJson(app: SandboxApp, repo: RepoState, ref: string, path: string, type: 'file' | 'dir', sha: string, size: number): Record<string, unknown> {
  const name = path.split('/').pop() ?? path;
  const url = app.api(`/repos/${repo.fullName}/contents/${path}?ref=${encodeURIComponent(ref)}`);
  const gitUrl = app.api(`/repos/${repo.fullName}/git/${type === 'dir' ? 'trees' : 'blobs'}/${sha}`);
  const htmlUrl = app.html(`/${repo.fullName}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${path}`);
  return {
    type,
    size: type === 'dir' ? 0 : size,
    name,
    path,
    sha,
    url,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: type === 'dir' ? null : app.html(`/${repo.fullName}/raw/${ref}/${path}`),
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

/**
 * The repository object of push payloads: GitHub writes it in its older form there, with the
 * organization as a login and `created_at`/`pushed_at` as Unix seconds.
 */
function pushRepositoryJson(app: SandboxApp, repo: RepoState): Record<string, unknown> {
  const json: Record<string, unknown> = { ...app.repoJson(repo) };
  if (app.state.account(repo.owner)?.type === 'Organization') json.organization = repo.owner;
  else delete json.organization;
  const seconds = (value: unknown) => (typeof value === 'string' ? Math.floor(Date.parse(value) / 1000) : value);
  json.created_at = seconds(json.created_at);
  json.pushed_at = seconds(json.pushed_at ?? app.timestamp());
  json.stargazers = json.stargazers_count ?? 0;
  json.master_branch = repo.defaultBranch;
  return json;
}

/** The pusher object of push payloads. */
function pusherOf(app: SandboxApp, actor: Identity | null): { name: string; email: string | null } {
  const login = app.loginOf(actor) ?? 'sandbox';
  return { name: login, email: noreplyEmail(app, login) };
}

/** Emits `push` for every branch/tag change and `create`/`delete` for created/deleted ones. */
async function emitRefWebhooks(app: SandboxApp, store: GitStore, event: RefChangeEvent): Promise<void> {
  const repo = app.state.repo(event.owner, event.repo);
  if (!repo) return;
  const actor = (event.actor ?? null) as Identity | null;
  for (const change of event.changes) {
    const isBranch = change.ref.startsWith('refs/heads/');
    const isTag = change.ref.startsWith('refs/tags/');
    if (!isBranch && !isTag) continue;
    const short = change.ref.replace(/^refs\/(heads|tags)\//, '');
    const refType = isBranch ? 'branch' : 'tag';
    // Branches point at commits; only tags may need peeling (annotated tag objects).
    const peel = async (sha: string | null) => (!sha ? null : isBranch ? sha : await store.resolveCommit(repo.owner, repo.name, sha));
    const afterCommit = await peel(change.after);
    const beforeCommit = await peel(change.before);
    let commits: CommitInfo[] = [];
    if (afterCommit) {
      // A new ref lists what no other ref had; an update lists what the old value lacked.
      const others = beforeCommit
        ? []
        : (await store.listRefs(repo.owner, repo.name)).filter((r) => r.ref !== change.ref && r.type === 'commit').map((r) => r.sha);
      const exclude = beforeCommit ? [beforeCommit] : others;
      commits = await store.log(repo.owner, repo.name, [afterCommit], { exclude, limit: 20 });
      commits.reverse();
    }
    const commitPayloads = [];
    for (const c of commits) commitPayloads.push(await pushCommitJson(app, store, repo, c));
    const headCommit = afterCommit
      ? (commitPayloads.find((c) => c.id === afterCommit) ?? (await pushCommitJson(app, store, repo, (await store.readCommit(repo.owner, repo.name, afterCommit)) as CommitInfo)))
      : null;
    const compareBase = change.before ? change.before.slice(0, 12) : `${ZERO_SHA.slice(0, 12)}`;
    app.emit(
      'push',
      undefined,
      {
        ref: change.ref,
        before: change.before ?? ZERO_SHA,
        after: change.after ?? ZERO_SHA,
        created: change.before === null,
        deleted: change.after === null,
        forced: change.forced,
        base_ref: null,
        compare: change.before && change.after
          ? app.html(`/${repo.fullName}/compare/${compareBase}...${change.after.slice(0, 12)}`)
          : app.html(`/${repo.fullName}/${change.after ? `compare/${short}` : `commit/${ZERO_SHA}`}`),
        commits: commitPayloads,
        head_commit: headCommit,
        pusher: pusherOf(app, actor),
        repository: pushRepositoryJson(app, repo),
      },
      actor,
      repo,
    );
    if (change.before === null) {
      app.emit('create', undefined, { ref: short, ref_type: refType, master_branch: repo.defaultBranch, description: repo.description, pusher_type: 'user' }, actor, repo);
    } else if (change.after === null) {
      app.emit('delete', undefined, { ref: short, ref_type: refType, pusher_type: 'user' }, actor, repo);
    }
  }
}

async function pushCommitJson(app: SandboxApp, store: GitStore, repo: RepoState, c: CommitInfo): Promise<{ id: string } & Record<string, unknown>> {
  const files = await store.diffFiles(repo.owner, repo.name, c.parents[0] ?? EMPTY_TREE, c.sha);
  const person = (p: { name: string; email: string }) => {
    const account = accountForEmail(app, p.email);
    return account ? { name: p.name, email: p.email, username: account.login as string } : { name: p.name, email: p.email };
  };
  return {
    id: c.sha,
    tree_id: c.tree,
    distinct: true,
    message: c.message,
    timestamp: c.committer.date,
    url: app.html(`/${repo.fullName}/commit/${c.sha}`),
    author: person(c.author),
    committer: person(c.committer),
    added: files.filter((f) => f.status === 'added').map((f) => f.filename),
    removed: files.filter((f) => f.status === 'removed').map((f) => f.filename),
    modified: files.filter((f) => f.status !== 'added' && f.status !== 'removed').map((f) => f.filename),
  };
}
