/**
 * Stand-ins for actions/upload-artifact and actions/download-artifact, storing artifacts of the
 * run in the sandbox through the host.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import type { ActionContext, ArtifactFile } from '../types.js';

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Files selected by the `path` input: files, folders, globs, `!` exclusions; named relative to their root. */
async function collect(workspace: string, spec: string): Promise<ArtifactFile[]> {
  const lines = spec.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const include = lines.filter((l) => !l.startsWith('!'));
  const exclude = lines.filter((l) => l.startsWith('!')).map((l) => picomatch(resolve(workspace, l.slice(1)), { dot: true }));
  const found = new Map<string, string>();
  for (const pattern of include) {
    const absolute = resolve(workspace, pattern);
    if (!picomatch.scan(absolute).isGlob) {
      if (!existsSync(absolute)) continue;
      if ((await stat(absolute)).isDirectory()) for (const f of await walk(absolute)) found.set(f, relative(absolute, f));
      else found.set(absolute, relative(dirname(absolute), absolute));
      continue;
    }
    const base = picomatch.scan(absolute).base;
    if (!existsSync(base)) continue;
    const isMatch = picomatch(absolute, { dot: true });
    for (const f of await walk(base)) if (isMatch(f)) found.set(f, relative(base, f));
  }
  const files: ArtifactFile[] = [];
  for (const [file, name] of found) {
    if (exclude.some((m) => m(file))) continue;
    files.push({ path: name, content: await readFile(file) });
  }
  return files;
}

/** actions/upload-artifact (inputs: name, path, if-no-files-found). */
export async function uploadArtifact(ctx: ActionContext): Promise<void> {
  if (ctx.host.uploadArtifact === undefined) throw new Error('The sandbox host does not store artifacts (uploadArtifact missing)');
  const name = ctx.inputs.name || 'artifact';
  if (!ctx.inputs.path) throw new Error('Input required and not supplied: path');
  const files = await collect(ctx.workspace, ctx.inputs.path);
  if (files.length === 0) {
    const mode = ctx.inputs['if-no-files-found'] || 'warn';
    const message = `No files were found with the provided path: ${ctx.inputs.path}. No artifacts will be uploaded.`;
    if (mode === 'error') throw new Error(message);
    ctx.log(mode === 'warn' ? `::warning::${message}` : message);
    return;
  }
  await ctx.host.uploadArtifact(ctx.repository, ctx.runId, name, files);
  ctx.log(`Uploaded artifact '${name}' with ${files.length} file(s)`);
}

/** actions/download-artifact (inputs: name, path, run-id, repository). */
export async function downloadArtifact(ctx: ActionContext): Promise<void> {
  if (ctx.host.downloadArtifact === undefined) throw new Error('The sandbox host does not serve artifacts (downloadArtifact missing)');
  const name = ctx.inputs.name;
  if (!name) throw new Error('The sandbox stand-in needs the name input (downloading every artifact is not supported)');
  const runId = ctx.inputs['run-id'] ? Number(ctx.inputs['run-id']) : ctx.runId;
  const repository = ctx.inputs.repository || ctx.repository;
  const files = await ctx.host.downloadArtifact(repository, runId, name);
  if (files === undefined) throw new Error(`Unable to download artifact(s): Artifact not found for name: ${name}`);
  const target = resolve(ctx.workspace, ctx.inputs.path || '.');
  for (const file of files) {
    const out = resolve(target, file.path);
    // An artifact entry must not escape the target folder (zip-slip).
    if (!out.startsWith(target)) throw new Error(`Artifact entry escapes the target folder: ${file.path}`);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, file.content);
  }
  ctx.setOutput('download-path', target);
  ctx.log(`Downloaded artifact '${name}' (${files.length} file(s)) to ${target}`);
}
