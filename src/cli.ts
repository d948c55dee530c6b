/**
 * Command-line entry points: `brief` (one briefing, then exit), `feeds` and `register`.
 * Only the requested output goes to stdout; logs go to stderr.
 */
import { parseArgs } from 'node:util';
import { renderReply } from '../adapters/console/render.ts';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './log.ts';

const USAGE = `Usage:
  npm run --silent brief -- [topic words] [--headlines] [--json] [--limit N]
  npm run feeds -- check | export | parse <file or URL> [--json]
  npm run register`;

class UsageError extends Error {}

async function brief(argv: string[], config: Config): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      headlines: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new UsageError(`--limit takes a whole number from 1 to 100 (got '${values.limit}').`);
    }
  }
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const app = await createApp(config, { log });
  const now = Date.now();
  const topic = positionals.join(' ').trim();
  const { briefing } = app.services.news.brief({
    kind: values.headlines ? 'headlines' : 'news',
    topic: topic === '' ? null : topic,
    now,
    ...(limit === undefined ? {} : { limit }),
  });
  await app.stop();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(briefing, null, 2)}\n`);
    return;
  }
  const color = process.stdout.isTTY && !config.noColor;
  const text =
    briefing.stories.length === 0
      ? `No stories${topic === '' ? '' : ` about “${topic}”`} right now.`
      : renderReply({ type: 'briefing', briefing }, { color, now });
  process.stdout.write(`${text}\n`);
}

async function main(): Promise<number> {
  const [command = '', ...rest] = process.argv.slice(2);
  try {
    const config = loadConfig();
    switch (command) {
      case 'brief':
        await brief(rest, config);
        return 0;
      default:
        throw new UsageError(`Unknown command '${command}'.`);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`herald: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
