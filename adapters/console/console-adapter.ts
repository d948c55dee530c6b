/**
 * The console adapter: a chat on stdin/stdout, so Herald runs without any platform token.
 * The person at the terminal is the admin (and owner) of the one console chat.
 */
import { createInterface, type Interface } from 'node:readline';
import type { ChatAdapter, ChatRef, Dispatcher } from '../../src/adapter.ts';
import type { Reply } from '../../src/commands/reply.ts';
import { parseCommandText } from '../../src/commands/text.ts';
import { renderReply } from './render.ts';

export const CONSOLE_CHAT: ChatRef = {
  platform: 'console',
  id: 'console',
  kind: 'private',
  title: 'console',
};
const CONSOLE_USER = { id: 'operator', name: 'operator' };
const QUIT_COMMANDS = new Set(['quit', 'exit']);

export interface ConsoleAdapterOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** ANSI styles; the entry point turns them on only for a TTY without NO_COLOR. */
  color: boolean;
  /** Show a prompt (interactive terminals only). */
  prompt: boolean;
  clock?: () => number;
}

export class ConsoleAdapter implements ChatAdapter {
  readonly platform = 'console';
  /** Resolves when the user ends the session (end of input or /quit) and every answer is written. */
  readonly closed: Promise<void>;
  #resolveClosed!: () => void;
  #readline: Interface | undefined;
  /** Lines are answered one at a time, in order, even when input arrives all at once. */
  #queue: Promise<void> = Promise.resolve();
  #stopping = false;
  readonly #clock: () => number;

  constructor(private readonly options: ConsoleAdapterOptions) {
    this.#clock = options.clock ?? Date.now;
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
  }

  start(dispatcher: Dispatcher): Promise<void> {
    const readline = createInterface({
      input: this.options.input,
      output: this.options.output,
      terminal: false,
      prompt: 'herald> ',
    });
    this.#readline = readline;
    this.#write(
      'Herald is ready. Try /news japan, /headlines, /topics or /help. /quit or Ctrl-D to leave.',
    );
    this.#prompt();
    readline.on('line', (line) => {
      this.#queue = this.#queue.then(() => this.#answer(line, dispatcher));
    });
    readline.on('close', () => {
      void this.#queue.then(() => this.#resolveClosed());
    });
    return Promise.resolve();
  }

  stop(): Promise<void> {
    if (!this.#stopping) {
      this.#stopping = true;
      this.#readline?.close();
    }
    return this.#queue;
  }

  deliver(_chatId: string, reply: Reply): Promise<void> {
    this.#write(this.#render(reply));
    this.#prompt();
    return Promise.resolve();
  }

  async #answer(line: string, dispatcher: Dispatcher): Promise<void> {
    const text = line.trim();
    if (text === '' || this.#stopping) return this.#prompt();
    const parsed = parseCommandText(text);
    if (parsed === null) {
      this.#write(
        this.#render({
          type: 'error',
          code: 'unknown-command',
          message: `Commands start with a slash. Try /news ${text.length > 40 ? 'japan' : text} or /help.`,
        }),
      );
      return this.#prompt();
    }
    if (QUIT_COMMANDS.has(parsed.command)) {
      this.#write('Bye.');
      this.#stopping = true;
      this.#readline?.close();
      return;
    }
    const reply = await dispatcher.handle({
      command: parsed.command,
      args: parsed.args,
      chat: CONSOLE_CHAT,
      user: CONSOLE_USER,
      isAdmin: true,
    });
    this.#write(this.#render(reply));
    this.#prompt();
  }

  #render(reply: Reply): string {
    return renderReply(reply, { color: this.options.color, now: this.#clock() });
  }

  #write(text: string): void {
    this.options.output.write(`${text}\n`);
  }

  #prompt(): void {
    if (this.options.prompt && !this.#stopping) this.#readline?.prompt();
  }
}
