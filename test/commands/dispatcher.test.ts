import { describe, expect, it } from 'vitest';
import { NewsIndex } from '../../briefings/index.ts';
import type { CommandRequest } from '../../src/adapter.ts';
import { createDispatcher, editDistance } from '../../src/commands/index.ts';
import { parseCommandText } from '../../src/commands/text.ts';
import { createConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { Services } from '../../src/services.ts';
import { PassThrough } from 'node:stream';

function request(
  command: string,
  args = '',
  overrides: Partial<CommandRequest> = {},
): CommandRequest {
  return {
    command,
    args,
    chat: { platform: 'telegram', id: '-100', kind: 'group' },
    user: { id: '42' },
    isAdmin: false,
    ...overrides,
  };
}

class BrokenIndex extends NewsIndex {
  override get size() {
    return 1;
  }
  override brief(): never {
    throw new Error('index exploded with token=secret123');
  }
}

function services(news: NewsIndex, env: Record<string, string> = {}) {
  const logs = new PassThrough();
  let logged = '';
  logs.on('data', (chunk: Buffer) => (logged += chunk.toString()));
  const value: Services = {
    config: createConfig(env),
    log: createLogger('info', logs),
    news,
  };
  return { services: value, logged: () => logged };
}

describe('dispatcher', () => {
  it('GIVEN an unknown command close to a real one THEN it suggests the real one', async () => {
    const { services: s } = services(new NewsIndex());
    const reply = await createDispatcher(s).handle(request('heldp'));
    expect(reply).toEqual({
      type: 'error',
      code: 'unknown-command',
      message: 'Unknown command /heldp. Did you mean /help? Type /help for the list.',
    });
  });

  it('GIVEN a handler that throws THEN the user gets a reference and the log has the error, not the user', async () => {
    const { services: s, logged } = services(new BrokenIndex());
    const reply = await createDispatcher(s).handle(request('news', 'japan'));
    expect(reply.type).toBe('error');
    const ref = /ref ([0-9a-f]{6})/.exec(reply.type === 'error' ? reply.message : '')?.[1];
    expect(ref).toBeDefined();
    expect(reply.type === 'error' && reply.message).not.toContain('exploded');
    expect(logged()).toContain(`"ref":"${ref ?? 'none'}"`);
    expect(logged()).toContain('command failed');
  });

  it('GIVEN /help THEN the listed commands appear, the /start alias does not', async () => {
    const { services: s } = services(new NewsIndex());
    const reply = await createDispatcher(s).handle(request('help'));
    expect(reply.type).toBe('message');
    const lines = reply.type === 'message' ? (reply.sections?.[0]?.lines ?? []) : [];
    expect(lines.some((line) => line.startsWith('/news <topic>'))).toBe(true);
    expect(lines.some((line) => line.startsWith('/start'))).toBe(false);
  });

  it('GIVEN an empty corpus THEN /news explains that no news is loaded', async () => {
    const { services: s } = services(new NewsIndex());
    const reply = await createDispatcher(s).handle(request('news', 'japan'));
    expect(reply.type === 'message' && reply.text).toMatch(/no news loaded/);
  });

  it('GIVEN a topic over the length limit THEN /news refuses it with the limit', async () => {
    const { services: s } = services(new NewsIndex());
    const reply = await createDispatcher(s).handle(request('news', 'x'.repeat(81)));
    expect(reply).toMatchObject({ type: 'error', code: 'bad-input' });
    expect(reply.type === 'error' && reply.message).toContain('at most 80 characters');
  });
});

describe('command text', () => {
  it('GIVEN a group command with a bot suffix THEN name, bot and args are split', () => {
    expect(parseCommandText('/News@HeraldBot  trump tariffs ')).toEqual({
      command: 'news',
      botName: 'HeraldBot',
      args: 'trump tariffs',
    });
    expect(parseCommandText('news japan')).toBeNull();
    expect(parseCommandText('/news 日本')?.args).toBe('日本');
  });

  it('GIVEN two words THEN edit distance counts single-letter changes', () => {
    expect(editDistance('nwes', 'news')).toBe(2);
    expect(editDistance('topic', 'topics')).toBe(1);
  });
});
