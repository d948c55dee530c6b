import { PassThrough } from 'node:stream';
import { ConsoleAdapter, CONSOLE_CHAT } from '../../adapters/console/console-adapter.ts';
import { adapterContract } from '../contract/adapter-contract.ts';

/** Drives the console adapter in-process through streams, as a terminal would. */
adapterContract('console', async (app) => {
  const input = new PassThrough();
  const output = new PassThrough();
  let buffered = '';
  output.on('data', (chunk: Buffer) => (buffered += chunk.toString('utf8')));
  const adapter = new ConsoleAdapter({ input, output, color: false, prompt: false });
  await app.start([adapter]);

  const settle = async () => {
    // Answers are written in order; a marker line after the command tells us it is done.
    const marker = `/__done_${Math.random().toString(36).slice(2)}`;
    input.write(`${marker}\n`);
    while (!buffered.includes(`Unknown command ${marker}`))
      await new Promise((r) => setTimeout(r, 5));
    const text = buffered.slice(0, buffered.indexOf(`! Unknown command ${marker}`));
    buffered = '';
    return text;
  };

  return {
    hasNonAdmins: false,
    async send(text) {
      buffered = '';
      input.write(`${text}\n`);
      return settle();
    },
    async deliver(reply) {
      buffered = '';
      await adapter.deliver(CONSOLE_CHAT.id, reply);
      return settle();
    },
    async close() {
      input.end();
      await adapter.closed;
    },
  };
});
