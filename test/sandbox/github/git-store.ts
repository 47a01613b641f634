/**
 * Real bare git repositories on disk behind the sandbox GitHub server. Every API read of git data
 * goes to the repository itself, and every ref write goes through `git update-ref` with the
 * expected old value, so the API and `git push`/`git fetch` over smart HTTP always agree.
 *
 * The git CLI runs through `execFile` (never a shell), with an isolated configuration. Writes to
 * one repository are serialised by a per-repository lock, which the smart-HTTP endpoint also takes
 * around receive-pack so that ref changes can be attributed to the pusher.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

/** The all-zero object id git and GitHub use for "no object". */
export const ZERO_SHA = '0000000000000000000000000000000000000000';

const SHA_RE = /^[0-9a-f]{40}$/;
// Owner and repo names as GitHub allows them; anything else never reaches the file system.
const NAME_RE = /^[A-Za-z0-9_.-]{1,100}$/;

/** A git failure the routes translate into an HTTP answer. */
export class GitStoreError extends Error {
  override readonly name = 'GitStoreError';
  constructor(
    readonly code:
      | 'not-found'
      | 'ref-exists'
      | 'ref-missing'
      | 'not-fast-forward'
      | 'invalid-ref'
      | 'invalid-object'
      | 'conflict'
      | 'stale'
      | 'sha-mismatch',
    message: string,
  ) {
    super(message);
  }
}

export interface GitPerson {
  readonly name: string;
  readonly email: string;
  /** ISO 8601. */
  readonly date: string;
}

export interface CommitInfo {
  readonly sha: string;
  readonly tree: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly author: GitPerson;
  readonly committer: GitPerson;
}

export interface TagObjectInfo {
  readonly sha: string;
  readonly tag: string;
  readonly message: string;
  readonly object: { readonly sha: string; readonly type: string };
  readonly tagger: GitPerson;
}

export interface RefInfo {
  /** Full ref name, e.g. `refs/heads/main`. */
  readonly ref: string;
  /** The object the ref points at (a tag object for annotated tags). */
  readonly sha: string;
  readonly type: 'commit' | 'tag' | 'tree' | 'blob';
}

/** One ref that moved; `before`/`after` are null for a created/deleted ref. */
export interface RefChange {
  readonly ref: string;
  readonly before: string | null;
  readonly after: string | null;
  /** True when the new value does not contain the old one (a force push / forced update). */
  readonly forced: boolean;
}

/** A batch of ref changes caused by one API call or one push, with whoever caused it. */
export interface RefChangeEvent {
  readonly owner: string;
  readonly repo: string;
  readonly via: 'api' | 'push';
  /** Opaque identity of the caller, passed through from the API layer or the git endpoint. */
  readonly actor: unknown;
  readonly changes: readonly RefChange[];
}

export interface FileChange {
  readonly filename: string;
  readonly status: 'added' | 'removed' | 'modified' | 'renamed' | 'changed';
  readonly sha: string;
  readonly additions: number;
  readonly deletions: number;
  readonly changes: number;
}

export interface Comparison {
  readonly status: 'identical' | 'ahead' | 'behind' | 'diverged';
  readonly aheadBy: number;
  readonly behindBy: number;
  readonly baseSha: string;
  readonly headSha: string;
  readonly mergeBase: string | null;
  /** Commits in head not in base, oldest first (at most 250, like GitHub). */
  readonly commits: readonly CommitInfo[];
  readonly files: readonly FileChange[];
}

export type MergeOutcome =
  | { readonly kind: 'merged'; readonly commit: CommitInfo }
  | { readonly kind: 'nothing-to-merge' }
  | { readonly kind: 'conflict' }
  | { readonly kind: 'missing'; readonly which: 'base' | 'head' };

export interface TreeEntry {
  readonly mode: string;
  readonly type: 'blob' | 'tree' | 'commit';
  readonly sha: string;
  readonly path: string;
  readonly size: number | null;
}

export interface FileAtRef {
  readonly kind: 'file';
  readonly sha: string;
  readonly content: Buffer;
  readonly mode: string;
}

export interface DirAtRef {
  readonly kind: 'dir';
  readonly sha: string;
  readonly entries: readonly TreeEntry[];
}

interface RunResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Options for the store: a clock for commit dates. */
export interface GitStoreOptions {
  readonly now?: () => Date;
}

/** Bare repositories under one root directory, one per `owner/repo`. */
export class GitStore {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<(event: RefChangeEvent) => void | Promise<void>>();
  private readonly now: () => Date;
  /** Errors thrown by ref-change listeners (kept for tests instead of being swallowed). */
  readonly listenerErrors: unknown[] = [];

  constructor(
    readonly rootDir: string,
    options: GitStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** The environment every git command runs with: no user or system configuration, no prompts. */
  static gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: tmpdir(),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      LANG: 'C',
      LC_ALL: 'C',
      ...extra,
    };
  }

  /** The bare directory of a repository (whether or not it exists). */
  bareDir(owner: string, repo: string): string {
    if (!NAME_RE.test(owner) || !NAME_RE.test(repo) || owner.startsWith('.') || repo.startsWith('.')) {
      throw new GitStoreError('not-found', `invalid repository name ${owner}/${repo}`);
    }
    return join(this.rootDir, owner.toLowerCase(), `${repo.toLowerCase()}.git`);
  }

  /** True when the repository has been created. */
  has(owner: string, repo: string): boolean {
    try {
      return existsSync(join(this.bareDir(owner, repo), 'HEAD'));
    } catch {
      return false;
    }
  }

  /** Creates a bare repository with one initial commit holding `files` (a README when none). */
  async init(
    owner: string,
    repo: string,
    options: { defaultBranch: string; files?: Record<string, string | Buffer> },
  ): Promise<string> {
    const dir = this.bareDir(owner, repo);
    await mkdir(dir, { recursive: true });
    await this.run(dir, ['init', '--bare', '--quiet', '-b', options.defaultBranch, '.'], { check: true });
    // Pushes arrive through git-http-backend; these keep the repository like GitHub's.
    await this.run(dir, ['config', 'http.receivepack', 'true'], { check: true });
    await this.run(dir, ['config', 'uploadpack.allowAnySHA1InWant', 'true'], { check: true });
    const files = options.files && Object.keys(options.files).length > 0 ? options.files : { 'README.md': `# ${repo}\n` };
    const tree = await this.buildTree(dir, null, files);
    const sha = await this.commitTree(dir, tree, [], 'Initial commit', this.person('sandbox', 'sandbox@users.noreply.github.com'));
    await this.run(dir, ['update-ref', `refs/heads/${options.defaultBranch}`, sha, ZERO_SHA], { check: true });
    return dir;
  }

  /**
   * Subscribes to ref changes (API and pushes); the change's caller waits for async listeners,
   * so a webhook is queued before the API call that caused it answers. Returns an unsubscribe.
   */
  onRefChange(listener: (event: RefChangeEvent) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `fn` with the repository's write lock held (writes are serialised per repository). */
  async withLock<T>(owner: string, repo: string, fn: () => Promise<T>): Promise<T> {
    const key = `${owner}/${repo}`.toLowerCase();
    const previous = this.locks.get(key) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const settled = result.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return result;
  }

  /** Every ref with its object id. */
  async snapshotRefs(owner: string, repo: string): Promise<Map<string, string>> {
    const out = await this.git(owner, repo, ['for-each-ref', '--format=%(objectname) %(refname)']);
    const refs = new Map<string, string>();
    for (const line of out.split('\n')) {
      if (!line) continue;
      const space = line.indexOf(' ');
      refs.set(line.slice(space + 1), line.slice(0, space));
    }
    return refs;
  }

  /** Compares two snapshots and announces what moved (used by the git endpoint after a push). */
  async announceDiff(
    owner: string,
    repo: string,
    before: Map<string, string>,
    after: Map<string, string>,
    actor: unknown,
    via: 'api' | 'push',
  ): Promise<RefChange[]> {
    const changes: RefChange[] = [];
    const names = new Set([...before.keys(), ...after.keys()]);
    for (const ref of [...names].sort()) {
      const b = before.get(ref) ?? null;
      const a = after.get(ref) ?? null;
      if (b === a) continue;
      changes.push({ ref, before: b, after: a, forced: b !== null && a !== null && !(await this.isAncestor(owner, repo, b, a)) });
    }
    if (changes.length > 0) await this.emit({ owner, repo, via, actor, changes });
    return changes;
  }

  /** Lists refs, optionally only those starting with `prefix` (a full ref prefix such as `refs/tags/v1`). */
  async listRefs(owner: string, repo: string, prefix = 'refs/'): Promise<RefInfo[]> {
    const out = await this.git(owner, repo, ['for-each-ref', '--format=%(objectname) %(objecttype) %(refname)', '--sort=refname']);
    const refs: RefInfo[] = [];
    for (const line of out.split('\n')) {
      if (!line) continue;
      const [sha, type, ref] = line.split(' ') as [string, RefInfo['type'], string];
      if (ref.startsWith(prefix)) refs.push({ ref, sha, type });
    }
    return refs;
  }

  /** The object a full ref points at, or null. */
  async getRef(owner: string, repo: string, ref: string): Promise<RefInfo | null> {
    if (!isValidRefName(ref)) return null;
    const refs = await this.listRefs(owner, repo, ref);
    return refs.find((r) => r.ref === ref) ?? null;
  }

  /** The default branch (where HEAD points). */
  async defaultBranch(owner: string, repo: string): Promise<string> {
    const out = await this.git(owner, repo, ['symbolic-ref', 'HEAD']);
    return out.trim().replace(/^refs\/heads\//, '');
  }

  /**
   * Resolves a branch, tag, full ref or (abbreviated) sha to a commit sha, or null. Like GitHub,
   * branches win over tags of the same name.
   */
  async resolveCommit(owner: string, repo: string, ref: string): Promise<string | null> {
    if (!ref || ref.startsWith('-') || ref.includes('..') || /[\s~^:?*[\\]/.test(ref)) return null;
    const candidates = ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`];
    if (/^[0-9a-f]{4,40}$/.test(ref)) candidates.push(ref);
    // One process for every candidate: cat-file answers "<sha> commit <size>" or "<name> missing".
    const input = Buffer.from(candidates.map((c) => `${c}^{commit}\n`).join(''), 'utf8');
    const res = await this.run(this.bareDir(owner, repo), ['cat-file', '--batch-check'], { input });
    for (const line of res.stdout.toString('utf8').split('\n')) {
      const [sha, type] = line.split(' ');
      if (type === 'commit' && sha && SHA_RE.test(sha)) return sha;
    }
    return null;
  }

  /** The type of an object, or null when it does not exist. */
  async objectType(owner: string, repo: string, sha: string): Promise<RefInfo['type'] | null> {
    if (!SHA_RE.test(sha)) return null;
    const res = await this.run(this.bareDir(owner, repo), ['cat-file', '-t', sha]);
    return res.code === 0 ? (res.stdout.toString().trim() as RefInfo['type']) : null;
  }

  /** Creates a ref; fails with `ref-exists` when it is already there. */
  async createRef(owner: string, repo: string, ref: string, sha: string, actor: unknown): Promise<RefChange> {
    if (!isValidRefName(ref) || !ref.startsWith('refs/') || ref.split('/').length < 3) {
      throw new GitStoreError('invalid-ref', `${ref} is not a valid ref name.`);
    }
    if ((await this.objectType(owner, repo, sha)) === null) throw new GitStoreError('invalid-object', 'Object does not exist');
    return this.withLock(owner, repo, async () => {
      const res = await this.run(this.bareDir(owner, repo), ['update-ref', ref, sha, ZERO_SHA]);
      if (res.code !== 0) throw new GitStoreError('ref-exists', 'Reference already exists');
      const change: RefChange = { ref, before: null, after: sha, forced: false };
      await this.emit({ owner, repo, via: 'api', actor, changes: [change] });
      return change;
    });
  }

  /**
   * Moves an existing ref. Without `force` the new commit must contain the old one. With
   * `expected`, the ref must still point there (a compare-and-swap for callers that read first).
   */
  async updateRef(
    owner: string,
    repo: string,
    ref: string,
    sha: string,
    options: { force?: boolean; expected?: string },
    actor: unknown,
  ): Promise<RefChange> {
    if ((await this.objectType(owner, repo, sha)) === null) throw new GitStoreError('invalid-object', 'Object does not exist');
    return this.withLock(owner, repo, async () => {
      const current = await this.getRef(owner, repo, ref);
      if (!current) throw new GitStoreError('ref-missing', 'Reference does not exist');
      if (options.expected && options.expected !== current.sha) throw new GitStoreError('stale', 'Reference moved');
      const ancestor = await this.isAncestor(owner, repo, current.sha, sha);
      if (!options.force && !ancestor) throw new GitStoreError('not-fast-forward', 'Update is not a fast forward');
      if (current.sha === sha) return { ref, before: sha, after: sha, forced: false };
      const res = await this.run(this.bareDir(owner, repo), ['update-ref', ref, sha, current.sha]);
      if (res.code !== 0) throw new GitStoreError('stale', 'Reference moved');
      const change: RefChange = { ref, before: current.sha, after: sha, forced: !ancestor };
      await this.emit({ owner, repo, via: 'api', actor, changes: [change] });
      return change;
    });
  }

  /** Deletes a ref; fails with `ref-missing` when it is not there. */
  async deleteRef(owner: string, repo: string, ref: string, actor: unknown): Promise<RefChange> {
    return this.withLock(owner, repo, async () => {
      const current = await this.getRef(owner, repo, ref);
      if (!current) throw new GitStoreError('ref-missing', 'Reference does not exist');
      const res = await this.run(this.bareDir(owner, repo), ['update-ref', '-d', ref, current.sha]);
      if (res.code !== 0) throw new GitStoreError('stale', 'Reference moved');
      const change: RefChange = { ref, before: current.sha, after: null, forced: false };
      await this.emit({ owner, repo, via: 'api', actor, changes: [change] });
      return change;
    });
  }

  /** Reads a commit, or null when `sha` is not a commit. */
  async readCommit(owner: string, repo: string, sha: string): Promise<CommitInfo | null> {
    const commits = await this.log(owner, repo, [sha], { limit: 1, walk: false });
    return commits[0] ?? null;
  }

  /**
   * Commits reachable from `include` and not from `exclude`, newest first (like `git log`), or
   * oldest first with `reverse`. With `walk: false` only the given commits themselves.
   */
  async log(
    owner: string,
    repo: string,
    include: readonly string[],
    options: { exclude?: readonly string[]; limit?: number; skip?: number; reverse?: boolean; walk?: boolean; path?: string } = {},
  ): Promise<CommitInfo[]> {
    const revs = [...include, ...(options.exclude ?? []).map((s) => `^${s}`)];
    if (revs.some((r) => !/^\^?[0-9a-f]{40}$/.test(r))) throw new GitStoreError('invalid-object', 'log takes full shas only');
    const args = ['log', '-z', `--format=${LOG_FORMAT}`];
    if (options.walk === false) args.push('--no-walk=unsorted');
    if (options.limit !== undefined) args.push(`--max-count=${options.limit}`);
    if (options.skip) args.push(`--skip=${options.skip}`);
    if (options.reverse) args.push('--reverse');
    args.push(...revs, '--');
    if (options.path) args.push(options.path);
    const res = await this.run(this.bareDir(owner, repo), args);
    if (res.code !== 0) return [];
    return parseLog(res.stdout.toString('utf8'));
  }

  /** The number of commits reachable from `include` and not from `exclude`. */
  async count(owner: string, repo: string, include: string, exclude?: string): Promise<number> {
    const args = ['rev-list', '--count', include];
    if (exclude) args.push(`^${exclude}`);
    return Number((await this.git(owner, repo, args)).trim());
  }

  /** True when `ancestor` is reachable from `descendant` (or equal). */
  async isAncestor(owner: string, repo: string, ancestor: string, descendant: string): Promise<boolean> {
    const res = await this.run(this.bareDir(owner, repo), ['merge-base', '--is-ancestor', ancestor, descendant]);
    return res.code === 0;
  }

  /** The best common ancestor, or null for unrelated histories. */
  async mergeBase(owner: string, repo: string, a: string, b: string): Promise<string | null> {
    const res = await this.run(this.bareDir(owner, repo), ['merge-base', a, b]);
    return res.code === 0 ? res.stdout.toString().trim() : null;
  }

  /** Compares `base...head` like GitHub's compare API (commits and files since the merge base). */
  async compare(owner: string, repo: string, base: string, head: string): Promise<Comparison | null> {
    const baseSha = await this.resolveCommit(owner, repo, base);
    const headSha = await this.resolveCommit(owner, repo, head);
    if (!baseSha || !headSha) return null;
    const mergeBase = await this.mergeBase(owner, repo, baseSha, headSha);
    const aheadBy = await this.count(owner, repo, headSha, baseSha);
    const behindBy = await this.count(owner, repo, baseSha, headSha);
    const status = aheadBy === 0 && behindBy === 0 ? 'identical' : behindBy === 0 ? 'ahead' : aheadBy === 0 ? 'behind' : 'diverged';
    const commits = await this.log(owner, repo, [headSha], { exclude: [baseSha], limit: 250, reverse: true });
    const files = await this.diffFiles(owner, repo, mergeBase ?? EMPTY_TREE, headSha);
    return { status, aheadBy, behindBy, baseSha, headSha, mergeBase, commits, files };
  }

  /** The files that differ between two tree-ish objects, with line counts. */
  async diffFiles(owner: string, repo: string, from: string, to: string): Promise<FileChange[]> {
    const raw = await this.git(owner, repo, ['diff-tree', '-r', '-z', '--no-renames', '--raw', '--numstat', from, to]);
    // With -z, --raw gives ":m1 m2 s1 s2 X\0path\0" and --numstat gives "add\tdel\tpath\0".
    const parts = raw.split('\0');
    const entries: { path: string; status: string; sha: string }[] = [];
    const counts = new Map<string, { add: number; del: number }>();
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (part.startsWith(':')) {
        const fields = part.slice(1).split(' ');
        entries.push({ status: fields[4] ?? 'M', sha: fields[3] ?? ZERO_SHA, path: parts[++i] as string });
      } else if (part.includes('\t')) {
        const [add, del, path] = part.split('\t') as [string, string, string];
        counts.set(path, { add: add === '-' ? 0 : Number(add), del: del === '-' ? 0 : Number(del) });
      }
    }
    return entries.map((e) => {
      const c = counts.get(e.path) ?? { add: 0, del: 0 };
      const status = e.status === 'A' ? 'added' : e.status === 'D' ? 'removed' : e.status === 'M' ? 'modified' : 'changed';
      return { filename: e.path, status, sha: e.status === 'D' ? ZERO_SHA : e.sha, additions: c.add, deletions: c.del, changes: c.add + c.del };
    });
  }

  /**
   * Merges `head` into branch `base` with a merge commit, without a work tree
   * (`merge-tree --write-tree` + `commit-tree`), like `POST /repos/{owner}/{repo}/merges`.
   */
  async merge(
    owner: string,
    repo: string,
    base: string,
    head: string,
    message: string | undefined,
    committer: { name: string; email: string },
    actor: unknown,
  ): Promise<MergeOutcome> {
    return this.withLock(owner, repo, async () => {
      const dir = this.bareDir(owner, repo);
      const baseRef = `refs/heads/${base}`;
      const baseInfo = await this.getRef(owner, repo, baseRef);
      if (!baseInfo) return { kind: 'missing', which: 'base' } as const;
      const headSha = await this.resolveCommit(owner, repo, head);
      if (!headSha) return { kind: 'missing', which: 'head' } as const;
      if (await this.isAncestor(owner, repo, headSha, baseInfo.sha)) return { kind: 'nothing-to-merge' } as const;
      const merged = await this.run(dir, ['merge-tree', '--write-tree', '--no-messages', '--allow-unrelated-histories', baseInfo.sha, headSha]);
      if (merged.code === 1) return { kind: 'conflict' } as const;
      if (merged.code !== 0) throw new Error(`git merge-tree failed: ${merged.stderr}`);
      const tree = merged.stdout.toString().split('\n')[0]?.trim() ?? '';
      const text = message ?? `Merge ${head} into ${base}`;
      const sha = await this.commitTree(dir, tree, [baseInfo.sha, headSha], text, this.person(committer.name, committer.email));
      const res = await this.run(dir, ['update-ref', baseRef, sha, baseInfo.sha]);
      if (res.code !== 0) throw new GitStoreError('stale', 'Reference moved');
      await this.emit({ owner, repo, via: 'api', actor, changes: [{ ref: baseRef, before: baseInfo.sha, after: sha, forced: false }] });
      return { kind: 'merged', commit: (await this.readCommit(owner, repo, sha)) as CommitInfo } as const;
    });
  }

  /** A file or directory at a commit, or null when the path does not exist there. */
  async readPath(owner: string, repo: string, commit: string, path: string): Promise<FileAtRef | DirAtRef | null> {
    const clean = normalisePath(path);
    if (clean === null) return null;
    const dir = this.bareDir(owner, repo);
    if (clean === '') {
      const tree = (await this.run(dir, ['rev-parse', `${commit}^{tree}`], { check: true })).stdout.toString().trim();
      return { kind: 'dir', sha: tree, entries: await this.listTree(owner, repo, tree, '') };
    }
    const ls = await this.run(dir, ['ls-tree', '-z', '--full-tree', commit, '--', clean]);
    const line = ls.stdout.toString('utf8').split('\0')[0];
    if (ls.code !== 0 || !line) return null;
    const [meta] = line.split('\t') as [string];
    const [mode, type, sha] = meta.split(' ') as [string, string, string];
    if (type === 'tree') return { kind: 'dir', sha, entries: await this.listTree(owner, repo, sha, `${clean}/`) };
    if (type !== 'blob') return null;
    const blob = await this.run(dir, ['cat-file', 'blob', sha], { check: true });
    return { kind: 'file', sha, content: blob.stdout, mode };
  }

  /** The tree entry at a path of a commit (one `ls-tree`, no content), or null. */
  async statPath(owner: string, repo: string, commit: string, path: string): Promise<{ mode: string; type: string; sha: string } | null> {
    const clean = normalisePath(path);
    if (!clean) return null;
    const ls = await this.run(this.bareDir(owner, repo), ['ls-tree', '-z', '--full-tree', commit, '--', clean]);
    const line = ls.stdout.toString('utf8').split('\0')[0];
    if (ls.code !== 0 || !line) return null;
    const [mode, type, sha] = (line.split('\t')[0] as string).split(' ') as [string, string, string];
    return { mode, type, sha };
  }

  /** The entries of one tree object (not recursive), with blob sizes. */
  async listTree(owner: string, repo: string, tree: string, prefix: string): Promise<TreeEntry[]> {
    const out = await this.run(this.bareDir(owner, repo), ['ls-tree', '-z', '--long', tree], { check: true });
    const entries: TreeEntry[] = [];
    for (const item of out.stdout.toString('utf8').split('\0')) {
      if (!item) continue;
      const tab = item.indexOf('\t');
      const [mode, type, sha, size] = item.slice(0, tab).split(/ +/) as [string, TreeEntry['type'], string, string];
      entries.push({ mode, type, sha, path: prefix + item.slice(tab + 1), size: size === '-' ? null : Number(size) });
    }
    return entries;
  }

  /**
   * Creates or updates one file on a branch with a new commit (`PUT /contents`). `expectedBlob`
   * must match the current blob when the file exists (GitHub's `sha` parameter).
   */
  async writeFile(
    owner: string,
    repo: string,
    branch: string,
    path: string,
    content: Buffer,
    options: { message: string; author: { name: string; email: string }; expectedBlob?: string },
    actor: unknown,
  ): Promise<{ commit: CommitInfo; blobSha: string; created: boolean }> {
    const clean = normalisePath(path);
    if (!clean) throw new GitStoreError('invalid-ref', 'path is not valid');
    return this.withLock(owner, repo, async () => {
      const dir = this.bareDir(owner, repo);
      const ref = `refs/heads/${branch}`;
      const head = await this.getRef(owner, repo, ref);
      if (!head) throw new GitStoreError('ref-missing', `Branch ${branch} not found`);
      const existing = await this.statPath(owner, repo, head.sha, clean);
      if (existing && existing.type !== 'blob') throw new GitStoreError('conflict', `${clean} is a directory`);
      if (existing && existing.sha !== options.expectedBlob) {
        throw new GitStoreError('sha-mismatch', options.expectedBlob ? `${clean} does not match ${options.expectedBlob}` : '"sha" wasn\'t supplied.');
      }
      const tree = await this.buildTree(dir, head.sha, { [clean]: content });
      const sha = await this.commitTree(dir, tree, [head.sha], options.message, this.person(options.author.name, options.author.email));
      const res = await this.run(dir, ['update-ref', ref, sha, head.sha]);
      if (res.code !== 0) throw new GitStoreError('stale', 'Reference moved');
      await this.emit({ owner, repo, via: 'api', actor, changes: [{ ref, before: head.sha, after: sha, forced: false }] });
      const blobSha = (await this.statPath(owner, repo, sha, clean))?.sha ?? '';
      return { commit: (await this.readCommit(owner, repo, sha)) as CommitInfo, blobSha, created: !existing };
    });
  }

  /** Writes an annotated tag object (no ref: `POST /git/refs` names it afterwards, as on GitHub). */
  async createTagObject(
    owner: string,
    repo: string,
    input: { tag: string; message: string; object: string; type: string; tagger: { name: string; email: string; date?: string } },
  ): Promise<TagObjectInfo> {
    if (!isValidRefName(`refs/tags/${input.tag}`)) throw new GitStoreError('invalid-ref', `${input.tag} is not a valid tag name`);
    const type = await this.objectType(owner, repo, input.object);
    if (!type || type !== input.type) throw new GitStoreError('invalid-object', 'Object does not exist');
    const date = input.tagger.date ? new Date(input.tagger.date) : this.now();
    const text =
      `object ${input.object}\ntype ${type}\ntag ${input.tag}\n` +
      `tagger ${cleanIdent(input.tagger.name)} <${cleanIdent(input.tagger.email)}> ${Math.floor(date.getTime() / 1000)} +0000\n\n` +
      `${input.message.endsWith('\n') || input.message === '' ? input.message : `${input.message}\n`}`;
    const res = await this.run(this.bareDir(owner, repo), ['mktag'], { input: Buffer.from(text, 'utf8'), check: true });
    return (await this.readTag(owner, repo, res.stdout.toString().trim())) as TagObjectInfo;
  }

  /** Reads an annotated tag object, or null. */
  async readTag(owner: string, repo: string, sha: string): Promise<TagObjectInfo | null> {
    if ((await this.objectType(owner, repo, sha)) !== 'tag') return null;
    const raw = (await this.run(this.bareDir(owner, repo), ['cat-file', 'tag', sha], { check: true })).stdout.toString('utf8');
    const split = raw.indexOf('\n\n');
    const header = raw.slice(0, split < 0 ? raw.length : split);
    const message = split < 0 ? '' : raw.slice(split + 2);
    const field = (name: string) => header.split('\n').find((l) => l.startsWith(`${name} `))?.slice(name.length + 1) ?? '';
    return {
      sha,
      tag: field('tag'),
      message,
      object: { sha: field('object'), type: field('type') },
      tagger: parseIdent(field('tagger')),
    };
  }

  /** Runs git in a repository and returns stdout as text; throws on failure. */
  async git(owner: string, repo: string, args: readonly string[]): Promise<string> {
    return (await this.run(this.bareDir(owner, repo), args, { check: true })).stdout.toString('utf8');
  }

  /** Runs git in `cwd` without a shell. */
  run(cwd: string, args: readonly string[], options: { input?: Buffer; env?: Record<string, string>; check?: boolean } = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        args as string[],
        { cwd, env: GitStore.gitEnv(options.env), encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1) : 0;
          const result = { code, stdout, stderr: stderr.toString('utf8') };
          if (options.check && code !== 0) reject(new Error(`git ${args.join(' ')} failed (${code}): ${result.stderr}`));
          else resolve(result);
        },
      );
      child.stdin?.end(options.input ?? undefined);
    });
  }

  private async emit(event: RefChangeEvent): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (error) {
        // A broken listener must not undo a ref change that already happened; keep it visible.
        this.listenerErrors.push(error);
      }
    }
  }

  private person(name: string, email: string): { name: string; email: string; date: Date } {
    return { name, email, date: this.now() };
  }

  private async commitTree(dir: string, tree: string, parents: readonly string[], message: string, who: { name: string; email: string; date: Date }): Promise<string> {
    const stamp = `${Math.floor(who.date.getTime() / 1000)} +0000`;
    const env = {
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_AUTHOR_DATE: stamp,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      GIT_COMMITTER_DATE: stamp,
    };
    const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
    // The message goes through stdin so no text ever becomes an argument.
    const res = await this.run(dir, args, { input: Buffer.from(message, 'utf8'), env, check: true });
    return res.stdout.toString().trim();
  }

  /** Writes a tree: the tree of `baseCommit` (or empty) with `files` added or replaced. */
  private async buildTree(dir: string, baseCommit: string | null, files: Record<string, string | Buffer>): Promise<string> {
    const scratch = await mkdtemp(join(tmpdir(), 'sandbox-index-'));
    const env = { GIT_INDEX_FILE: join(scratch, 'index') };
    try {
      if (baseCommit) await this.run(dir, ['read-tree', baseCommit], { env, check: true });
      for (const [path, value] of Object.entries(files)) {
        const clean = normalisePath(path);
        if (!clean) throw new GitStoreError('invalid-ref', `invalid path ${path}`);
        const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
        const blob = (await this.run(dir, ['hash-object', '-w', '--stdin'], { input: data, check: true })).stdout.toString().trim();
        await this.run(dir, ['update-index', '--add', '--cacheinfo', `100644,${blob},${clean}`], { env, check: true });
      }
      return (await this.run(dir, ['write-tree'], { env, check: true })).stdout.toString().trim();
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}

/** The empty tree's id (for diffs of root commits and unrelated histories). */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

// Fields separated by unit separators; records end at the NUL that `log -z` adds.
const LOG_FORMAT = ['%H', '%T', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join('%x1f');

function parseLog(text: string): CommitInfo[] {
  return text
    .split('\0')
    .filter((record) => record.length > 0)
    .map((record) => {
      const [sha, tree, parents, an, ae, ad, cn, ce, cd, ...body] = record.split('\x1f') as string[];
      return {
        sha: sha as string,
        tree: tree as string,
        parents: parents ? parents.split(' ') : [],
        message: body.join('\x1f').replace(/\n$/, ''),
        author: { name: an as string, email: ae as string, date: toUtc(ad as string) },
        committer: { name: cn as string, email: ce as string, date: toUtc(cd as string) },
      };
    });
}

function toUtc(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseIdent(text: string): GitPerson {
  const m = /^(.*) <(.*)> (\d+) [+-]\d{4}$/.exec(text);
  if (!m) return { name: text, email: '', date: new Date(0).toISOString() };
  return { name: m[1] as string, email: m[2] as string, date: toUtc(new Date(Number(m[3]) * 1000).toISOString()) };
}

// Identity lines cannot contain angle brackets or newlines.
function cleanIdent(text: string): string {
  return text.replace(/[<>\n\r]/g, '');
}

/** A repository path without leading/trailing slashes, or null when it escapes or is malformed. */
export function normalisePath(path: string): string | null {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  const parts = trimmed.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p === '.git' || p.includes('\0'))) return null;
  return trimmed;
}

/** A conservative check of git's ref-name rules (`git check-ref-format`) without spawning git. */
export function isValidRefName(ref: string): boolean {
  if (!ref || ref.length > 1024) return false;
  if (ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.') || ref.endsWith('.lock')) return false;
  if (ref.includes('..') || ref.includes('//') || ref.includes('@{') || ref === '@') return false;
  if ([...ref].some((ch) => ch.charCodeAt(0) <= 0x20 || ch.charCodeAt(0) === 0x7f)) return false;
  if (/[~^:?*[\\]/.test(ref)) return false;
  return ref.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock'));
}
