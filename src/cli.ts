/**
 * Command-line entry points: `brief` (one briefing, then exit), `feeds` and `register`.
 * Only the requested output goes to stdout; logs go to stderr.
 */
import { parseArgs } from 'node:util';
import { renderReply } from '../adapters/console/render.ts';
import { registerCommands } from '../adapters/discord/index.ts';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './log.ts';
import { runFeedsCommand } from './sources/index.ts';

const USAGE = `Usage:
  npm run --silent brief -- [topic words] [--headlines] [--json] [--limit N]
  npm run feeds -- check | export | parse <file or URL> [--json]
  npm run register`;

class UsageError extends Error {}

/** One-shot commands log warnings and worse unless LOG_LEVEL asks for more. */
function quietLevel(config: Config): string {
  return config.logLevelSet ? config.logLevel : 'warn';
}

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
  const log = createLogger(quietLevel(config));
  const app = await createApp(config, { log, store: false });
  // Feeds, when configured, are fetched once; a failing feed is logged and skipped.
  await app.services.feeds?.pollAll();
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
      case 'feeds':
        return await runFeedsCommand(rest, {
          config,
          log: createLogger(quietLevel(config)),
          stdout: process.stdout,
          stderr: process.stderr,
        });
      case 'register': {
        if (config.discord === null) {
          throw new UsageError(
            'npm run register needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example).',
          );
        }
        const { scope, names } = await registerCommands({
          ...config.discord,
          log: createLogger(config.logLevel),
        });
        process.stdout.write(
          `Registered ${names.length} slash commands (${scope}): ${names.map((name) => `/${name}`).join(' ')}\n`,
        );
        return 0;
      }
      default:
        throw new UsageError(`Unknown command '${command}'.`);
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
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
