/**
 * The Telegram adapter's public face, for the composition root (`src/main.ts`).
 */
export { createTelegramAdapter, TelegramAdapter, TELEGRAM_THROTTLE } from './telegram-adapter.ts';
export type { TelegramAdapterOptions, ThrottleLimits } from './telegram-adapter.ts';
