/**
 * `npm start`: the bot. Telegram and/or Discord when their tokens are set, else a
 * console chat on stdin/stdout. The composition root: the only module (with cli.ts)
 * that imports adapters.
 */
import { ConsoleAdapter } from '../adapters/console/console-adapter.ts';
import { createDiscordAdapter } from '../adapters/discord/index.ts';
import { createTelegramAdapter } from '../adapters/telegram/index.ts';
import type { ChatAdapter } from './adapter.ts';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  // In the console chat, info logs on the same terminal would drown the conversation.
  const consoleOnly = config.telegram === null && config.discord === null;
  const log = createLogger(consoleOnly && !config.logLevelSet ? 'warn' : config.logLevel);
  const app = await createApp(config, { log });

  const adapters: ChatAdapter[] = [];
  let fatal: ((error: Error) => void) | undefined;
  if (config.telegram !== null) {
    adapters.push(
      createTelegramAdapter({
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        log,
        onFatal: (error) => fatal?.(error),
      }),
    );
  }
  if (config.discord !== null) adapters.push(createDiscordAdapter({ ...config.discord, log }));
  let console_: ConsoleAdapter | undefined;
  if (consoleOnly) {
    const interactive = process.stdin.isTTY && process.stdout.isTTY;
    console_ = new ConsoleAdapter({
      input: process.stdin,
      output: process.stdout,
      color: process.stdout.isTTY && !config.noColor,
      prompt: interactive,
    });
    adapters.push(console_);
  }

  const done = new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'shutting down');
      void app.stop().then(() => resolve(0));
    };
    fatal = (error) => {
      log.fatal({ err: error }, 'a platform connection failed for good');
      void app.stop().then(() => resolve(1));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    void console_?.closed.then(() => app.stop()).then(() => resolve(0));
  });
  try {
    await app.start(adapters);
  } catch (error) {
    await app.stop();
    throw error;
  }
  return done;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `Herald could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
