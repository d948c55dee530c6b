/**
 * Loads every news file under `NEWS_DATA_DIR`. Files are read in parallel (bounded),
 * parsed by `local-formats.ts`, and returned in path order so ids and order do not
 * depend on timing. Broken files and lines are warnings, never a failed start.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Article } from '../../briefings/types.ts';
import type { Logger } from '../log.ts';
import { localFormat, parseNewsFile, type LoadProblem } from './local-formats.ts';

/** Files larger than this are skipped with a warning: news files are not that big. */
export const MAX_NEWS_FILE_BYTES = 64 * 1024 * 1024;
/** How many files are read at once. */
const READ_CONCURRENCY = 16;
/** How deep sub-folders are followed. */
const MAX_DEPTH = 8;

const IGNORED_NAMES =
  /^(readme|license|licence|changelog|contributing|notice|authors)(\.[\w.]+)?$/i;

/** The folder cannot be read at all: a configuration problem, so it names the variable. */
export class NewsDirError extends Error {
  override readonly name = 'NewsDirError';
}

export interface LoadNewsDirOptions {
  /** The clock (epoch ms): items' `seenAt`, and the reference for future dates. */
  readonly now: number;
  readonly log: Logger;
}

export interface NewsDirResult {
  readonly articles: Article[];
  /** Every skipped file or line (also logged as warnings). */
  readonly problems: LoadProblem[];
  /** How many news files were read. */
  readonly files: number;
}

/**
 * Loads the news folder.
 * @throws NewsDirError when the folder is missing, not a folder, or unreadable.
 * @example const { articles } = await loadNewsDir(config.news.dataDir, { now: Date.now(), log });
 */
export async function loadNewsDir(
  dir: string,
  options: LoadNewsDirOptions,
): Promise<NewsDirResult> {
  const { log, now } = options;
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) {
      throw new NewsDirError(
        `NEWS_DATA_DIR names '${dir}', which is not a folder. Set NEWS_DATA_DIR to the folder of your news files (default data/news).`,
      );
    }
  } catch (error) {
    if (error instanceof NewsDirError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new NewsDirError(
      code === 'ENOENT'
        ? `NEWS_DATA_DIR names '${dir}', which does not exist. Create it, or set NEWS_DATA_DIR to the folder of your news files (default data/news).`
        : `NEWS_DATA_DIR names '${dir}', which cannot be read (${code ?? (error as Error).message}).`,
    );
  }

  const problems: LoadProblem[] = [];
  const files = await listNewsFiles(dir, log, problems);
  const results: Article[][] = Array.from({ length: files.length }, () => []);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const path = files[index]!;
      const file = relative(dir, path).split(sep).join('/');
      const fileProblems: LoadProblem[] = [];
      try {
        const info = await stat(path);
        if (!info.isFile()) {
          log.debug({ file }, 'not a regular file; ignored');
        } else if (info.size > MAX_NEWS_FILE_BYTES) {
          fileProblems.push({
            file,
            message: `skipped: ${info.size} bytes is more than the ${MAX_NEWS_FILE_BYTES} a news file may have`,
          });
        } else {
          const result = parseNewsFile(file, await readFile(path), { now });
          results[index] = result.articles;
          fileProblems.push(...result.problems);
          log.debug({ file, articles: result.articles.length }, 'news file loaded');
        }
      } catch (error) {
        fileProblems.push({
          file,
          message: `skipped: cannot be read (${(error as Error).message})`,
        });
      }
      problems.push(...fileProblems);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  // Sorted, so logs and results do not depend on which read finished first.
  problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  for (const problem of problems) {
    log.warn({ file: problem.file, line: problem.line }, describeProblem(problem));
  }
  return { articles: results.flat(), problems, files: files.length };
}

/** `file:line: message`, the way compilers say it. */
export function describeProblem(problem: LoadProblem): string {
  return `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}: ${problem.message}`;
}

async function listNewsFiles(
  root: string,
  log: Logger,
  problems: LoadProblem[],
): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const file = relative(root, dir).split(sep).join('/') || '.';
      problems.push({
        file,
        message: `folder skipped: cannot be read (${(error as Error).message})`,
      });
      return;
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.name.startsWith('.')) continue; // hidden: editor swap files, .git, .DS_Store
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) subdirs.push(path);
        continue;
      }
      if (!entry.isFile() && !entry.isSymbolicLink()) continue;
      if (IGNORED_NAMES.test(entry.name) || localFormat(entry.name) === null) {
        log.debug({ file: relative(root, path) }, 'not a news file; ignored');
        continue;
      }
      found.push(path);
    }
    for (const sub of subdirs) await walk(sub, depth + 1);
  };
  await walk(root, 0);
  return found.sort();
}
