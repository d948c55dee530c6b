/**
 * Where JSON breaks and where its list items start, as line numbers, so a warning about
 * a local `.json` file can name the line. `JSON.parse` on Node 20 often names neither.
 */

/** The 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The offset of the first syntax error in `text`, or -1 when it is valid JSON.
 * A small recursive-descent checker; only called after `JSON.parse` has failed.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw new JsonSyntaxAt(i);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) fail();
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value(0);
    ws();
    return i < text.length ? i : -1;
  } catch (error) {
    return error instanceof JsonSyntaxAt ? Math.min(error.offset, text.length) : 0;
  }
}

class JsonSyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}

/**
 * Start offsets of the elements of the article list in valid JSON: the top-level array,
 * or the first array directly inside a top-level object (`{"articles": [...]}`).
 */
export function arrayElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  const stack: string[] = [];
  let target = -1; // depth of the article array, once found
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      if (expectElement && stack.length === target) offsets.push(i);
      expectElement = false;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (' \t\n\r'.includes(c)) continue;
    if (expectElement && stack.length === target && c !== ']') offsets.push(i);
    expectElement = false;
    if (c === '[' || c === '{') {
      stack.push(c);
      if (c === '[' && target < 0 && stack.length <= 2) {
        target = stack.length;
        expectElement = true;
      }
    } else if (c === ']' || c === '}') {
      if (stack.length === target) return offsets;
      stack.pop();
    } else if (c === ',' && stack.length === target) {
      expectElement = true;
    }
  }
  return offsets;
}
