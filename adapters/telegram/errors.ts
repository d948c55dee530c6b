/**
 * Telegram failures in Herald's terms. grammY reports an answer from the Bot API as a
 * `GrammyError` (code, description, parameters) and a failed HTTP exchange as an
 * `HttpError`; the scheduler needs a `DeliveryError` saying whether to pause, retry or
 * follow a moved chat. Messages are rebuilt from safe parts only: the inner error of a
 * failed request carries the request URL, and the URL carries the bot token.
 */
import { GrammyError, HttpError } from 'grammy';
import { DeliveryError } from '../../src/adapter.ts';

/**
 * Bad Request descriptions that mean the chat will not take messages from the bot
 * (it is gone, or the bot may not write there), as opposed to a malformed request.
 */
const CHAT_REJECTS =
  /chat not found|user not found|peer_id_invalid|chat_write_forbidden|have no rights|not enough rights|need administrator rights|group chat was deactivated|chat is deactivated|user is deactivated|bot is not a member|topic_closed|topic_deleted|message thread not found|chat_restricted/i;

/** A description of any error that is safe to log or show: no token, no request URL. */
export function describeError(error: unknown, token: string): string {
  if (error instanceof GrammyError)
    return `${error.method}: ${error.error_code} ${error.description}`;
  if (error instanceof HttpError) {
    const inner = error.error instanceof Error ? error.error.message : String(error.error);
    return redact(`${error.message} ${inner}`, token);
  }
  if (error instanceof Error) return redact(`${error.name}: ${error.message}`, token);
  return redact(String(error), token);
}

/** Maps a failed send to the `DeliveryError` the scheduler acts on. */
export function toDeliveryError(error: unknown, chatId: string, token: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const description = describeError(error, token);
  const cause = new Error(description);
  const message = `Telegram delivery to chat ${chatId} failed: ${description}`;
  if (error instanceof GrammyError) {
    const movedTo = error.parameters.migrate_to_chat_id;
    if (movedTo !== undefined) {
      return new DeliveryError(message, 'moved', { movedTo: String(movedTo), cause });
    }
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after;
      return new DeliveryError(message, 'transient', {
        cause,
        ...(seconds === undefined ? {} : { retryAfterMs: seconds * 1000 }),
      });
    }
    if (error.error_code === 403) return new DeliveryError(message, 'permanent', { cause });
    if (error.error_code === 400) {
      // A request Telegram refuses as malformed will not succeed on retry either: it is
      // permanent too, but worth an error in the logs (a rendering bug), which the
      // caller writes.
      return new DeliveryError(message, 'permanent', { cause });
    }
    // 401/404 mean a bad token (every chat fails alike: an operator problem, not the
    // chat's); 5xx and anything else may pass.
    return new DeliveryError(message, 'transient', { cause });
  }
  return new DeliveryError(message, 'transient', { cause });
}

/** Whether a refusal names the chat itself (gone, blocked, no rights) rather than the request. */
export function isChatRejection(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    (error.error_code === 403 || (error.error_code === 400 && CHAT_REJECTS.test(error.description)))
  );
}

function redact(text: string, token: string): string {
  let safe = token === '' ? text : text.split(token).join('[token]');
  // Any other token-shaped string (a second bot, an old token) goes too.
  safe = safe.replace(/\/bot\d+:[\w-]+/g, '/bot[token]');
  return safe;
}
