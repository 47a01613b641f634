/**
 * Issues, pull-request issues, labels, comments and the issue event history, with GitHub's
 * rules: anyone who sees a repository may open issues and comment; labels and closing other
 * people's issues need triage; editing other people's text needs write. Every mutation records
 * the issue events GitHub records and emits the webhooks GitHub emits.
 */
import { z } from 'zod';
import type { SandboxApp, SandboxRequest } from '../app.js';
import {
  type CommentRecord,
  type Identity,
  type IssueEventKind,
  type IssueRecord,
  type LabelRecord,
  type RepoState,
  roleAtLeast,
} from '../state.js';

/** GitHub's limit on issue and comment bodies. */
export const MAX_BODY = 65_536;
const R = '/repos/{owner}/{repo}';

const issueCreateSchema = z.object({
  title: z.union([z.string(), z.number()]).optional(),
  body: z.string().nullable().optional(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).optional(),
  assignees: z.array(z.string()).optional(),
  assignee: z.string().nullable().optional(),
});

const issueUpdateSchema = z.object({
  title: z.union([z.string(), z.number()]).nullable().optional(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']).optional(),
  state_reason: z.enum(['completed', 'not_planned', 'reopened', 'duplicate']).nullable().optional(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).optional(),
  assignees: z.array(z.string()).optional(),
});

const labelNamesSchema = z.union([
  z.array(z.string()),
  z.object({ labels: z.array(z.union([z.string(), z.object({ name: z.string() })])) }),
]);

const labelCreateSchema = z.object({
  name: z.string().min(1),
  color: z.string().regex(/^[0-9a-fA-F]{6}$/).optional(),
  description: z.string().nullable().optional(),
});

const labelUpdateSchema = z.object({
  new_name: z.string().min(1).optional(),
  color: z.string().regex(/^[0-9a-fA-F]{6}$/).optional(),
  description: z.string().nullable().optional(),
});

const commentSchema = z.object({ body: z.string() });

/** Parses a JSON body or answers GitHub's 422 "Invalid request". */
export function parseBody<T>(app: SandboxApp, schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const detail = result.error.issues.map((i) => `For '${i.path.join('/') || 'body'}', ${i.message}.`).join('\n');
  return app.fail(422, `Invalid request.\n\n${detail}`);
}

function bodyTooLong(app: SandboxApp, resource: string, body: string | null | undefined): void {
  if (body && body.length > MAX_BODY) {
    app.fail(422, 'Validation Failed', [
      { resource, field: 'body', code: 'custom', message: `body is too long (maximum is ${MAX_BODY} characters)` },
    ]);
  }
}

function labelNames(labels: readonly (string | { name: string })[]): string[] {
  const names = labels.map((l) => (typeof l === 'string' ? l : l.name).trim()).filter((n) => n !== '');
  // Case-insensitive de-duplication, keeping the first spelling.
  return names.filter((n, i) => names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i);
}

/** The app slug when an app installation acts (GitHub's `performed_via_github_app`). */
function viaApp(identity: Identity | null): string | null {
  return identity?.kind === 'app' ? identity.appSlug : null;
}

/** The issue and comment logic, shared by the HTTP routes and the admin helpers. */
export class IssueService {
  private muted = false;

  constructor(private readonly app: SandboxApp) {}

  /** Runs set-up work without webhooks (admin helpers do not emit). */
  quietly<T>(work: () => T): T {
    this.muted = true;
    try {
      return work();
    } finally {
      this.muted = false;
    }
  }

  private emit(...args: Parameters<SandboxApp['emit']>): void {
    if (!this.muted) this.app.emit(...args);
  }

  /** The issue or 404. */
  issue(repo: RepoState, number: string | number): IssueRecord {
    const issue = repo.issues.get(Number(number));
    if (!issue) this.app.fail(404, 'Not Found');
    return issue;
  }

  /** Creates the repo label when missing (GitHub does this when labelling an issue). */
  ensureLabel(repo: RepoState, name: string, actor: Identity | null): LabelRecord {
    const existing = repo.labels.get(name.toLowerCase());
    if (existing) return existing;
    return this.createLabel(repo, { name, color: 'ededed', description: null }, actor);
  }

  createLabel(repo: RepoState, input: { name: string; color: string; description: string | null }, actor: Identity | null): LabelRecord {
    const id = this.app.state.nextId();
    const label: LabelRecord = { id, nodeId: this.app.state.nodeId('LA', id), name: input.name, color: input.color.toLowerCase(), description: input.description, default: false };
    repo.labels.set(label.name.toLowerCase(), label);
    this.emit('label', 'created', { label: this.app.render.label(repo, label) }, actor, repo);
    return label;
  }

  record(repo: RepoState, issue: IssueRecord, event: IssueEventKind, actor: Identity | null, extra: { label?: string; rename?: { from: string; to: string }; stateReason?: string | null } = {}): void {
    const id = this.app.state.nextId();
    const label = extra.label === undefined ? undefined : repo.labels.get(extra.label.toLowerCase());
    repo.events.push({
      id,
      nodeId: this.app.state.nodeId('LE', id),
      issueNumber: issue.number,
      event,
      actor: this.app.loginOf(actor) ?? 'ghost',
      createdAt: this.app.timestamp(),
      ...(extra.label !== undefined ? { label: { name: label?.name ?? extra.label, color: label?.color ?? 'ededed' } } : {}),
      ...(extra.rename ? { rename: extra.rename } : {}),
      ...(extra.stateReason !== undefined ? { stateReason: extra.stateReason } : {}),
      performedViaApp: viaApp(actor),
    });
  }

  /** Emits an `issues` (or `pull_request`) event for the issue. */
  emitIssue(repo: RepoState, issue: IssueRecord, action: string, actor: Identity | null, extra: Record<string, unknown> = {}): void {
    const render = this.app.render;
    const key = issue.pullRequest ? 'pull_request' : 'issue';
    this.emit(issue.pullRequest ? 'pull_request' : 'issues', action, { ...(issue.pullRequest ? { number: issue.number } : {}), [key]: render.issue(repo, issue), ...extra }, actor, repo);
  }

  createIssue(repo: RepoState, actor: Identity | null, input: { title: string; body?: string | null; labels?: string[]; assignees?: string[]; pullRequest?: IssueRecord['pullRequest']; user?: string }): IssueRecord {
    const id = this.app.state.nextId();
    const now = this.app.timestamp();
    const issue: IssueRecord = {
      id,
      nodeId: this.app.state.nodeId(input.pullRequest ? 'PR' : 'I', id),
      number: repo.nextNumber++,
      title: input.title,
      body: input.body ?? null,
      state: 'open',
      stateReason: null,
      user: input.user ?? this.app.loginOf(actor) ?? 'ghost',
      labels: [],
      assignees: input.assignees ?? [],
      locked: false,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      closedBy: null,
      performedViaApp: viaApp(actor),
      ...(input.pullRequest ? { pullRequest: input.pullRequest } : {}),
    };
    repo.issues.set(issue.number, issue);
    this.emitIssue(repo, issue, 'opened', actor);
    if (input.labels?.length) this.addLabels(repo, issue, input.labels, actor, false);
    return issue;
  }

  /** Adds labels not yet on the issue; records and emits one `labeled` per added label. */
  addLabels(repo: RepoState, issue: IssueRecord, names: readonly string[], actor: Identity | null, touch = true): void {
    for (const name of names) {
      if (issue.labels.some((l) => l.toLowerCase() === name.toLowerCase())) continue;
      const label = this.ensureLabel(repo, name, actor);
      issue.labels.push(label.name);
      if (touch) issue.updatedAt = this.app.timestamp();
      this.record(repo, issue, 'labeled', actor, { label: label.name });
      this.emitIssue(repo, issue, 'labeled', actor, { label: this.app.render.label(repo, label) });
    }
  }

  removeLabel(repo: RepoState, issue: IssueRecord, name: string, actor: Identity | null): boolean {
    const index = issue.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
    if (index < 0) return false;
    const [removed = name] = issue.labels.splice(index, 1);
    issue.updatedAt = this.app.timestamp();
    this.record(repo, issue, 'unlabeled', actor, { label: removed });
    this.emitIssue(repo, issue, 'unlabeled', actor, { label: this.app.render.labelByName(repo, removed) });
    return true;
  }

  setLabels(repo: RepoState, issue: IssueRecord, names: readonly string[], actor: Identity | null): void {
    for (const current of [...issue.labels]) {
      if (!names.some((n) => n.toLowerCase() === current.toLowerCase())) this.removeLabel(repo, issue, current, actor);
    }
    this.addLabels(repo, issue, names, actor);
  }

  setState(repo: RepoState, issue: IssueRecord, state: 'open' | 'closed', reason: IssueRecord['stateReason'] | undefined, actor: Identity | null): void {
    const now = this.app.timestamp();
    if (state === issue.state) {
      if (reason !== undefined && state === 'closed') issue.stateReason = reason;
      return;
    }
    issue.state = state;
    issue.updatedAt = now;
    if (state === 'closed') {
      issue.stateReason = reason ?? 'completed';
      issue.closedAt = now;
      issue.closedBy = this.app.loginOf(actor);
      this.record(repo, issue, 'closed', actor, { stateReason: issue.stateReason });
      this.emitIssue(repo, issue, 'closed', actor);
    } else {
      issue.stateReason = 'reopened';
      issue.closedAt = null;
      issue.closedBy = null;
      this.record(repo, issue, 'reopened', actor, { stateReason: null });
      this.emitIssue(repo, issue, 'reopened', actor);
    }
  }

  /** Changes title/body; records `renamed` and emits `edited` with `changes`. */
  edit(repo: RepoState, issue: IssueRecord, patch: { title?: string; body?: string | null }, actor: Identity | null): void {
    const changes: Record<string, { from: unknown }> = {};
    if (patch.title !== undefined && patch.title !== issue.title) {
      changes.title = { from: issue.title };
      this.record(repo, issue, 'renamed', actor, { rename: { from: issue.title, to: patch.title } });
      issue.title = patch.title;
    }
    if (patch.body !== undefined && patch.body !== issue.body) {
      changes.body = { from: issue.body ?? '' };
      issue.body = patch.body;
    }
    if (Object.keys(changes).length === 0) return;
    issue.updatedAt = this.app.timestamp();
    this.emitIssue(repo, issue, 'edited', actor, { changes });
  }

  createComment(repo: RepoState, issue: IssueRecord, body: string, actor: Identity | null, user?: string): CommentRecord {
    const id = this.app.state.nextId();
    const now = this.app.timestamp();
    const comment: CommentRecord = {
      id,
      nodeId: this.app.state.nodeId('IC', id),
      issueNumber: issue.number,
      body,
      user: user ?? this.app.loginOf(actor) ?? 'ghost',
      createdAt: now,
      updatedAt: now,
      performedViaApp: viaApp(actor),
    };
    repo.comments.set(id, comment);
    issue.updatedAt = now;
    this.emitComment(repo, issue, comment, 'created', actor);
    return comment;
  }

  emitComment(repo: RepoState, issue: IssueRecord, comment: CommentRecord, action: string, actor: Identity | null, extra: Record<string, unknown> = {}): void {
    const render = this.app.render;
    this.emit('issue_comment', action, { issue: render.issue(repo, issue), comment: render.comment(repo, comment), ...extra }, actor, repo);
  }
}

/** Whether the requester may label, assign and close others' issues (triage, or an issues:write token). */
function canTriage(app: SandboxApp, req: SandboxRequest, repo: RepoState): boolean {
  const identity = req.identity;
  if (!identity) return false;
  if (identity.kind === 'user') return roleAtLeast(app.state.userRole(repo, identity.login), 'triage');
  return app.can(identity, repo, 'issues', 'write');
}

/** Whether the requester may edit text written by `author` (the author, write role, or a token). */
function canEditText(app: SandboxApp, req: SandboxRequest, repo: RepoState, author: string): boolean {
  const identity = req.identity;
  if (!identity) return false;
  if (identity.kind === 'user') {
    return identity.login.toLowerCase() === author.toLowerCase() || roleAtLeast(app.state.userRole(repo, identity.login), 'write');
  }
  return app.can(identity, repo, 'issues', 'write');
}

function isAuthor(req: SandboxRequest, login: string): boolean {
  return req.identity?.login.toLowerCase() === login.toLowerCase();
}

const NEEDS_TRIAGE = 'Must have triage access to repository';

function compareIssues(sort: string, direction: string) {
  const sign = direction === 'asc' ? 1 : -1;
  return (a: { issue: IssueRecord; comments: number }, b: { issue: IssueRecord; comments: number }): number => {
    let diff: number;
    if (sort === 'updated') diff = a.issue.updatedAt.localeCompare(b.issue.updatedAt);
    else if (sort === 'comments') diff = a.comments - b.comments;
    else diff = a.issue.createdAt.localeCompare(b.issue.createdAt);
    // Equal timestamps (a frozen clock) fall back to creation order, as ids are.
    return sign * (diff !== 0 ? diff : a.issue.number - b.issue.number);
  };
}

/** Registers the issue, label, comment and event routes. */
export function registerIssueRoutes(app: SandboxApp, service: IssueService = new IssueService(app)): IssueService {
  const render = app.render;

  /** Repo + read access check. */
  const readRepo = (req: SandboxRequest): RepoState => {
    const repo = app.requireRepo(req, req.params.owner ?? '', req.params.repo ?? '');
    app.requirePermission(req, repo.fullName, 'issues', 'read');
    return repo;
  };
  const writeRepo = (req: SandboxRequest): RepoState => {
    const repo = app.requireRepo(req, req.params.owner ?? '', req.params.repo ?? '');
    app.requirePermission(req, repo.fullName, 'issues', 'write');
    return repo;
  };
  const requireTriage = (req: SandboxRequest, repo: RepoState): void => {
    if (!canTriage(app, req, repo)) app.fail(403, NEEDS_TRIAGE);
  };

  // ---- issues ----
  app.route('POST', `${R}/issues`, (req) => {
    const repo = writeRepo(req);
    const input = parseBody(app, issueCreateSchema, req.body);
    if (input.title === undefined || String(input.title).trim() === '') {
      app.fail(422, 'Validation Failed', [{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
    }
    bodyTooLong(app, 'Issue', input.body);
    // Like GitHub, labels and assignees from people without triage are silently dropped.
    const triage = canTriage(app, req, repo);
    const issue = service.createIssue(repo, req.identity, {
      title: String(input.title),
      body: input.body ?? null,
      labels: triage && input.labels ? labelNames(input.labels) : [],
      assignees: triage ? (input.assignees ?? (input.assignee ? [input.assignee] : [])) : [],
    });
    return { status: 201, body: render.issue(repo, issue), headers: { location: app.api(`/repos/${repo.fullName}/issues/${issue.number}`) } };
  });

  app.route('GET', `${R}/issues`, (req) => {
    const repo = readRepo(req);
    const q = req.query;
    const state = q.state ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) app.fail(422, 'Validation Failed', [{ resource: 'Issue', field: 'state', code: 'invalid' }]);
    const wanted = (q.labels ?? '').split(',').map((l) => l.trim().toLowerCase()).filter((l) => l !== '');
    const since = q.since ? Date.parse(q.since) : undefined;
    const commentCount = (n: number): number => [...repo.comments.values()].filter((c) => c.issueNumber === n).length;
    const list = [...repo.issues.values()]
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
      .filter((i) => !q.creator || i.user.toLowerCase() === q.creator.toLowerCase())
      .filter((i) => !q.assignee || (q.assignee === 'none' ? i.assignees.length === 0 : q.assignee === '*' ? i.assignees.length > 0 : i.assignees.some((a) => a.toLowerCase() === q.assignee!.toLowerCase())))
      .filter((i) => since === undefined || Number.isNaN(since) || Date.parse(i.updatedAt) >= since)
      .map((issue) => ({ issue, comments: q.sort === 'comments' ? commentCount(issue.number) : 0 }))
      .sort(compareIssues(q.sort ?? 'created', q.direction ?? 'desc'))
      .map(({ issue }) => issue);
    const page = app.paginate(req, list);
    return { status: 200, body: page.items.map((i) => render.issue(repo, i)), headers: page.headers };
  });

  app.route('GET', `${R}/issues/{issue_number}`, (req) => {
    const repo = readRepo(req);
    return { status: 200, body: render.issue(repo, service.issue(repo, req.params.issue_number ?? '')) };
  });

  app.route('PATCH', `${R}/issues/{issue_number}`, (req) => {
    const repo = writeRepo(req);
    const issue = service.issue(repo, req.params.issue_number ?? '');
    const input = parseBody(app, issueUpdateSchema, req.body);
    const triage = canTriage(app, req, repo);
    if ((input.title !== undefined || input.body !== undefined) && !canEditText(app, req, repo, issue.user)) {
      app.fail(403, 'Must have write access to edit the issues of others');
    }
    if ((input.state !== undefined || input.state_reason !== undefined) && !triage && !isAuthor(req, issue.user)) app.fail(403, NEEDS_TRIAGE);
    if ((input.labels !== undefined || input.assignees !== undefined) && !triage) app.fail(403, NEEDS_TRIAGE);
    if (input.title === null || (input.title !== undefined && String(input.title).trim() === '')) {
      app.fail(422, 'Validation Failed', [{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
    }
    bodyTooLong(app, 'Issue', input.body);
    service.edit(repo, issue, { title: input.title === undefined ? undefined : String(input.title), body: input.body }, req.identity);
    if (input.labels !== undefined) service.setLabels(repo, issue, labelNames(input.labels), req.identity);
    if (input.assignees !== undefined) issue.assignees = [...input.assignees];
    const reason = input.state_reason === null ? null : input.state_reason;
    if (input.state !== undefined) service.setState(repo, issue, input.state, reason, req.identity);
    else if (reason !== undefined && issue.state === 'closed') issue.stateReason = reason;
    return { status: 200, body: render.issue(repo, issue) };
  });

  // ---- labels on an issue ----
  app.route('GET', `${R}/issues/{issue_number}/labels`, (req) => {
    const repo = readRepo(req);
    const issue = service.issue(repo, req.params.issue_number ?? '');
    const page = app.paginate(req, issue.labels);
    return { status: 200, body: page.items.map((n) => render.labelByName(repo, n)), headers: page.headers };
  });

  const labelsAnswer = (repo: RepoState, issue: IssueRecord) => ({ status: 200, body: issue.labels.map((n) => render.labelByName(repo, n)) });

  app.route('POST', `${R}/issues/{issue_number}/labels`, (req) => {
    const repo = writeRepo(req);
    const issue = service.issue(repo, req.params.issue_number ?? '');
    requireTriage(req, repo);
    const input = parseBody(app, labelNamesSchema, req.body);
    service.addLabels(repo, issue, labelNames(Array.isArray(input) ? input : input.labels), req.identity);
    return labelsAnswer(repo, issue);
  });

  app.route('PUT', `${R}/issues/{issue_number}/labels`, (req) => {
    const repo = writeRepo(req);
    const issue = service.issue(repo, req.params.issue_number ?? '');
    requireTriage(req, repo);
    const input = parseBody(app, labelNamesSchema, req.body);
    service.setLabels(repo, issue, labelNames(Array.isArray(input) ? input : input.labels), req.identity);
    return labelsAnswer(repo, issue);
  });

  app.route('DELETE', `${R}/issues/{issue_number}/labels`, (req) => {
    const repo = writeRepo(req);
    const issue = service.issue(repo, req.params.issue_number ?? '');
    requireTriage(req, repo);
    service.setLabels(repo, issue, [], req.identity);
    return { status: 204 };
  });

  app.route('DELETE', `${R}/issues/{issue_number}/labels/{name}`, (req) => {
    const repo = writeRepo(req);
    const issue = service.issue(repo, req.params.issue_number ?? '');
    requireTriage(req, repo);
    if (!service.removeLabel(repo, issue, req.params.name ?? '', req.identity)) app.fail(404, 'Label does not exist');
    return labelsAnswer(repo, issue);
  });

  // ---- repository labels ----
  app.route('GET', `${R}/labels`, (req) => {
    const repo = readRepo(req);
    const page = app.paginate(req, [...repo.labels.values()]);
    return { status: 200, body: page.items.map((l) => render.label(repo, l)), headers: page.headers };
  });

  app.route('POST', `${R}/labels`, (req) => {
    const repo = writeRepo(req);
    requireTriage(req, repo);
    const input = parseBody(app, labelCreateSchema, req.body);
    if (repo.labels.has(input.name.toLowerCase())) {
      app.fail(422, 'Validation Failed', [{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    }
    const label = service.createLabel(repo, { name: input.name, color: input.color ?? 'ededed', description: input.description ?? null }, req.identity);
    return { status: 201, body: render.label(repo, label) };
  });

  const labelOr404 = (repo: RepoState, name: string): LabelRecord => {
    const label = repo.labels.get(name.toLowerCase());
    if (!label) app.fail(404, 'Not Found');
    return label;
  };

  app.route('GET', `${R}/labels/{name}`, (req) => {
    const repo = readRepo(req);
    return { status: 200, body: render.label(repo, labelOr404(repo, req.params.name ?? '')) };
  });

  app.route('PATCH', `${R}/labels/{name}`, (req) => {
    const repo = writeRepo(req);
    requireTriage(req, repo);
    const label = labelOr404(repo, req.params.name ?? '');
    const input = parseBody(app, labelUpdateSchema, req.body);
    const changes: Record<string, { from: unknown }> = {};
    if (input.new_name !== undefined && input.new_name !== label.name) {
      if (input.new_name.toLowerCase() !== label.name.toLowerCase() && repo.labels.has(input.new_name.toLowerCase())) {
        app.fail(422, 'Validation Failed', [{ resource: 'Label', code: 'already_exists', field: 'name' }]);
      }
      changes.name = { from: label.name };
      repo.labels.delete(label.name.toLowerCase());
      for (const issue of repo.issues.values()) issue.labels = issue.labels.map((l) => (l.toLowerCase() === label.name.toLowerCase() ? input.new_name! : l));
      label.name = input.new_name;
      repo.labels.set(label.name.toLowerCase(), label);
    }
    if (input.color !== undefined && input.color.toLowerCase() !== label.color) {
      changes.color = { from: label.color };
      label.color = input.color.toLowerCase();
    }
    if (input.description !== undefined && input.description !== label.description) {
      changes.description = { from: label.description };
      label.description = input.description;
    }
    app.emit('label', 'edited', { label: render.label(repo, label), changes }, req.identity, repo);
    return { status: 200, body: render.label(repo, label) };
  });

  app.route('DELETE', `${R}/labels/{name}`, (req) => {
    const repo = writeRepo(req);
    requireTriage(req, repo);
    const label = labelOr404(repo, req.params.name ?? '');
    repo.labels.delete(label.name.toLowerCase());
    for (const issue of repo.issues.values()) issue.labels = issue.labels.filter((l) => l.toLowerCase() !== label.name.toLowerCase());
    app.emit('label', 'deleted', { label: render.label(repo, label) }, req.identity, repo);
    return { status: 204 };
  });

  // ---- comments ----
  const commentOr404 = (repo: RepoState, id: string): CommentRecord => {
    const comment = repo.comments.get(Number(id));
    if (!comment) app.fail(404, 'Not Found');
    return comment;
  };
  const sinceFilter = (req: SandboxRequest) => {
    const since = req.query.since ? Date.parse(req.query.since) : Number.NaN;
    return (c: CommentRecord): boolean => Number.isNaN(since) || Date.parse(c.updatedAt) >= since;
  };

  app.route('POST', `${R}/issues/{issue_number}/comments`, (req) => {
    const repo = writeRepo(req);
    const issue = service.issue(repo, req.params.issue_number ?? '');
    const input = parseBody(app, commentSchema, req.body);
    if (input.body.trim() === '') app.fail(422, 'Validation Failed', [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }]);
    bodyTooLong(app, 'IssueComment', input.body);
    if (issue.locked && !canTriage(app, req, repo)) app.fail(403, 'Unable to create comment because issue is locked.');
    const comment = service.createComment(repo, issue, input.body, req.identity);
    return { status: 201, body: render.comment(repo, comment), headers: { location: app.api(`/repos/${repo.fullName}/issues/comments/${comment.id}`) } };
  });

  app.route('GET', `${R}/issues/{issue_number}/comments`, (req) => {
    const repo = readRepo(req);
    const issue = service.issue(repo, req.params.issue_number ?? '');
    const list = [...repo.comments.values()].filter((c) => c.issueNumber === issue.number).filter(sinceFilter(req)).sort((a, b) => a.id - b.id);
    const page = app.paginate(req, list);
    return { status: 200, body: page.items.map((c) => render.comment(repo, c)), headers: page.headers };
  });

  app.route('GET', `${R}/issues/comments`, (req) => {
    const repo = readRepo(req);
    const direction = req.query.direction === 'desc' ? -1 : 1;
    const list = [...repo.comments.values()].filter(sinceFilter(req)).sort((a, b) => direction * (a.id - b.id));
    const page = app.paginate(req, list);
    return { status: 200, body: page.items.map((c) => render.comment(repo, c)), headers: page.headers };
  });

  app.route('GET', `${R}/issues/comments/{comment_id}`, (req) => {
    const repo = readRepo(req);
    return { status: 200, body: render.comment(repo, commentOr404(repo, req.params.comment_id ?? '')) };
  });

  app.route('PATCH', `${R}/issues/comments/{comment_id}`, (req) => {
    const repo = writeRepo(req);
    const comment = commentOr404(repo, req.params.comment_id ?? '');
    if (!canEditText(app, req, repo, comment.user)) app.fail(403, 'Must have write access to edit the comments of others');
    const input = parseBody(app, commentSchema, req.body);
    bodyTooLong(app, 'IssueComment', input.body);
    const issue = service.issue(repo, comment.issueNumber);
    if (input.body !== comment.body) {
      const from = comment.body;
      comment.body = input.body;
      comment.updatedAt = app.timestamp();
      service.emitComment(repo, issue, comment, 'edited', req.identity, { changes: { body: { from } } });
    }
    return { status: 200, body: render.comment(repo, comment) };
  });

  app.route('DELETE', `${R}/issues/comments/{comment_id}`, (req) => {
    const repo = writeRepo(req);
    const comment = commentOr404(repo, req.params.comment_id ?? '');
    if (!canEditText(app, req, repo, comment.user)) app.fail(403, 'Must have write access to delete the comments of others');
    const issue = service.issue(repo, comment.issueNumber);
    repo.comments.delete(comment.id);
    service.emitComment(repo, issue, comment, 'deleted', req.identity);
    return { status: 204 };
  });

  // ---- events and timeline ----
  app.route('GET', `${R}/issues/{issue_number}/events`, (req) => {
    const repo = readRepo(req);
    const issue = service.issue(repo, req.params.issue_number ?? '');
    const page = app.paginate(req, repo.events.filter((e) => e.issueNumber === issue.number));
    return { status: 200, body: page.items.map((e) => render.event(repo, e)), headers: page.headers };
  });

  app.route('GET', `${R}/issues/events`, (req) => {
    const repo = readRepo(req);
    const page = app.paginate(req, [...repo.events].reverse());
    return {
      status: 200,
      body: page.items.map((e) => ({ ...render.event(repo, e), issue: render.issue(repo, service.issue(repo, e.issueNumber)) })),
      headers: page.headers,
    };
  });

  app.route('GET', `${R}/issues/events/{event_id}`, (req) => {
    const repo = readRepo(req);
    const event = repo.events.find((e) => e.id === Number(req.params.event_id));
    if (!event) app.fail(404, 'Not Found');
    return { status: 200, body: { ...render.event(repo, event), issue: render.issue(repo, service.issue(repo, event.issueNumber)) } };
  });

  app.route('GET', `${R}/issues/{issue_number}/timeline`, (req) => {
    const repo = readRepo(req);
    const issue = service.issue(repo, req.params.issue_number ?? '');
    const items: { at: string; id: number; json: Record<string, unknown> }[] = [];
    for (const e of repo.events) if (e.issueNumber === issue.number) items.push({ at: e.createdAt, id: e.id, json: render.event(repo, e) });
    for (const c of repo.comments.values()) {
      if (c.issueNumber !== issue.number) continue;
      const json = render.comment(repo, c);
      items.push({ at: c.createdAt, id: c.id, json: { ...json, event: 'commented', actor: json.user } });
    }
    // Ids grow with time, so they order items that share a timestamp.
    items.sort((a, b) => a.at.localeCompare(b.at) || a.id - b.id);
    const page = app.paginate(req, items);
    return { status: 200, body: page.items.map((i) => i.json), headers: page.headers };
  });

  return service;
}
