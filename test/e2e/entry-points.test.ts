/**
 * The entry points as a newcomer runs them: `npm start` in a child process on the bundled
 * sample, and `npm run --silent brief`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'herald-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], input: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? dir,
        STORE_URL: `sqlite://${join(dir, 'store.sqlite')}`,
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('npm start (console)', () => {
  it('GIVEN no tokens WHEN /news japan then end of input THEN the sample briefing prints and the bot exits 0', async () => {
    const result = await run(['start', '--silent'], '/news japan\n');
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const ishiba = result.stdout.search(/Ishiba/);
    const takaichi = result.stdout.indexOf('Japan Election 2026: Sanae Takaichi');
    expect(ishiba).toBeGreaterThan(0);
    expect(takaichi).toBeGreaterThan(ishiba);
    expect(result.stdout).not.toMatch(/South Korea|TrumpRx|Starbucks/);
    // Not a TTY: no ANSI escapes.
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('GIVEN /quit THEN the bot exits 0 without reading further', async () => {
    const result = await run(['start', '--silent'], '/help\n/quit\n/news japan\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('/subscribe');
    expect(result.stdout).toContain('Bye.');
    expect(result.stdout).not.toContain('Ishiba');
  });
});

describe('npm run brief', () => {
  it('GIVEN --json THEN stdout is exactly the Briefing document', async () => {
    const result = await run(['run', '--silent', 'brief', '--', 'japan', '--json'], '');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(['kind', 'topic', 'generatedAt', 'stories']);
    expect(document['kind']).toBe('news');
    expect(document['topic']).toBe('japan');
    const stories = document['stories'] as Record<string, unknown>[];
    expect(stories.length).toBe(2);
    for (const story of stories) {
      expect(Object.keys(story)).toEqual([
        'title',
        'summary',
        'url',
        'source',
        'publishedAt',
        'related',
      ]);
    }
    expect(stories[1]?.['title']).toMatch(/^Japan Election 2026: Sanae Takaichi/);
  });

  it('GIVEN --headlines --limit 3 THEN three headlines print as text', async () => {
    const result = await run(['run', '--silent', 'brief', '--', '--headlines', '--limit', '3'], '');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Headlines — 3 stories/);
    expect(result.stdout.match(/^\d+\. /gm)).toHaveLength(3);
  });

  it('GIVEN a missing NEWS_DATA_DIR THEN it exits non-zero naming the variable', async () => {
    const result = await run(['run', '--silent', 'brief', '--', 'japan'], '', {
      NEWS_DATA_DIR: join(dir, 'nowhere'),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('NEWS_DATA_DIR');
    expect(result.stdout).toBe('');
  });

  it('GIVEN a bad --limit THEN it exits 2 with the usage', async () => {
    const result = await run(['run', '--silent', 'brief', '--', '--limit', 'lots'], '');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--limit takes a whole number');
  });
});
