/**
 * Configuration: the only module that reads `process.env`. Parsed once with zod into a
 * typed, frozen object and passed down; tests build one with `createConfig({...})`.
 */
import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const positiveNumber = (fallback: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .positive({ error: 'must be greater than 0' })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback);

const url = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => /^https?:\/\/[^\s/]+/.test(value), {
      error: 'must be an http:// or https:// URL',
    })
    .transform((value) => value.replace(/\/+$/, ''));

const ownerList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const owners: string[] = [];
    for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
      if (!/^(telegram|discord|console):[\w-]+$/.test(entry)) {
        ctx.addIssue({
          code: 'custom',
          message: `'${entry}' is not PLATFORM:USER_ID (for example telegram:123456,discord:80351110224678912)`,
        });
        continue;
      }
      owners.push(entry);
    }
    return owners;
  });

const storeUrl = z
  .string()
  .trim()
  .default('sqlite://data/herald.sqlite')
  .refine((value) => /^(sqlite|redis|rediss|postgres|postgresql):\/\/.+/.test(value), {
    error: 'must start with sqlite://, redis://, rediss://, postgres:// or postgresql://',
  });

const timeZone = z
  .string()
  .trim()
  .default('UTC')
  .refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/London or UTC' });

/** The environment variables Herald reads, with their defaults (see `.env.example`). */
export const envSchema = z.object({
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: url('https://api.telegram.org'),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.refine((v) => v === undefined || /^\d{5,25}$/.test(v), {
    error: 'must be the numeric application id from the Discord developer portal',
  }),
  DISCORD_API_BASE: url('https://discord.com/api'),
  DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || /^\d{5,25}$/.test(v), {
    error: 'must be a numeric guild (server) id',
  }),
  NEWS_DATA_DIR: z.string().trim().min(1, { error: 'must name a folder' }).default('data/news'),
  NEWS_FEEDS: z
    .string()
    .default('')
    .transform((value) => value.split(/[\s,]+/).filter(Boolean)),
  NEWS_FEEDS_FILE: optionalText,
  FEED_POLL_MINUTES: positiveNumber(15, 24 * 60),
  NEWS_RETENTION_DAYS: positiveNumber(7, 365),
  BRIEFING_GRACE_HOURS: z.coerce
    .number({ error: 'must be a number' })
    .min(0, { error: 'must be 0 or more' })
    .max(48, { error: 'must be at most 48' })
    .default(6),
  STORE_URL: storeUrl,
  DEFAULT_TIMEZONE: timeZone,
  BOT_OWNERS: ownerList,
  NO_COLOR: optionalText,
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
});

export type Env = z.input<typeof envSchema>;

/** Herald's configuration, validated and frozen. */
export interface Config {
  readonly telegram: { readonly token: string; readonly apiRoot: string } | null;
  readonly discord: {
    readonly token: string;
    readonly applicationId: string;
    readonly apiBase: string;
    readonly guildId: string | null;
  } | null;
  readonly news: {
    readonly dataDir: string;
    readonly feeds: readonly string[];
    readonly feedsFile: string | null;
    readonly pollMinutes: number;
    readonly retentionDays: number;
  };
  readonly briefingGraceHours: number;
  readonly storeUrl: string;
  readonly defaultTimeZone: string;
  /** `platform:userId` entries. */
  readonly owners: readonly string[];
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Whether LOG_LEVEL was set; the console chat is quieter by default. */
  readonly logLevelSet: boolean;
  /** The NO_COLOR convention (no-color.org): no ANSI styles even on a terminal. */
  readonly noColor: boolean;
}

/** A configuration problem, with one line per variable naming it and the fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Validates an environment-like record into a `Config`. Pure: no file system access.
 * @throws ConfigError naming each bad variable and how to fix it.
 * @example createConfig({ NEWS_DATA_DIR: 'test/fixtures/news', STORE_URL: 'sqlite://:memory:' })
 */
export function createConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // An empty variable (`FOO=` in .env) means unset, as in .env.example.
  const given = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = envSchema.safeParse(given);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'configuration');
        const value = env[name];
        const shown = value === undefined || isSecret(name) ? '' : ` (got '${value}')`;
        return `${name} ${issue.message}${shown}`;
      });
  if (Boolean(env['DISCORD_TOKEN']?.trim()) && !env['DISCORD_APPLICATION_ID']?.trim()) {
    problems.push(
      'DISCORD_APPLICATION_ID is required when DISCORD_TOKEN is set (copy the Application ID from the General Information page of your app in the Discord developer portal)',
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return deepFreeze({
    telegram:
      e.TELEGRAM_BOT_TOKEN === undefined
        ? null
        : { token: e.TELEGRAM_BOT_TOKEN, apiRoot: e.TELEGRAM_API_ROOT },
    discord:
      e.DISCORD_TOKEN === undefined || e.DISCORD_APPLICATION_ID === undefined
        ? null
        : {
            token: e.DISCORD_TOKEN,
            applicationId: e.DISCORD_APPLICATION_ID,
            apiBase: e.DISCORD_API_BASE,
            guildId: e.DISCORD_GUILD_ID ?? null,
          },
    news: {
      dataDir: e.NEWS_DATA_DIR,
      feeds: e.NEWS_FEEDS,
      feedsFile: e.NEWS_FEEDS_FILE ?? null,
      pollMinutes: e.FEED_POLL_MINUTES,
      retentionDays: e.NEWS_RETENTION_DAYS,
    },
    briefingGraceHours: e.BRIEFING_GRACE_HOURS,
    storeUrl: e.STORE_URL,
    defaultTimeZone: e.DEFAULT_TIMEZONE,
    owners: e.BOT_OWNERS,
    logLevel: e.LOG_LEVEL,
    logLevelSet: given['LOG_LEVEL'] !== undefined,
    noColor: e.NO_COLOR !== undefined,
  });
}

/**
 * Reads `.env` (when present) and `process.env`, validates, and checks that the folders
 * and files named exist.
 * @throws ConfigError
 */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) {
    try {
      process.loadEnvFile(envFile);
    } catch (error) {
      throw new ConfigError([`${envFile} could not be read: ${(error as Error).message}`]);
    }
  }
  const config = createConfig(process.env);
  const problems: string[] = [];
  if (!isDirectory(config.news.dataDir)) {
    problems.push(
      `NEWS_DATA_DIR names '${config.news.dataDir}', which is not a folder. Create it, or set NEWS_DATA_DIR to the folder of your news files (default data/news).`,
    );
  }
  if (config.news.feedsFile !== null && !existsSync(config.news.feedsFile)) {
    problems.push(
      `NEWS_FEEDS_FILE names '${config.news.feedsFile}', which does not exist. Create it (one feed URL a line, or an OPML export) or unset NEWS_FEEDS_FILE.`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Whether `name` is an IANA time zone this Node.js knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function isSecret(name: string): boolean {
  return /TOKEN|SECRET|PASSWORD/.test(name) || name === 'STORE_URL';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
