/**
 * Typed arrays that grow by doubling: the index keeps per-document numbers in flat
 * memory rather than in one object per document.
 */

type TypedArray = Int32Array | Uint32Array | Float64Array | Float32Array | Uint8Array | Uint16Array;
type TypedArrayConstructor<T extends TypedArray> = new (length: number) => T;

/** A typed array with a length and amortized O(1) push. */
export class Growable<T extends TypedArray> {
  #data: T;
  length = 0;
  readonly #make: TypedArrayConstructor<T>;

  constructor(make: TypedArrayConstructor<T>, capacity = 1024) {
    this.#make = make;
    this.#data = new make(capacity);
  }

  /** The backing array (valid up to `length`; re-read after a push). */
  get data(): T {
    return this.#data;
  }

  push(value: number): void {
    if (this.length === this.#data.length) this.reserve(this.length * 2 + 16);
    this.#data[this.length] = value;
    this.length += 1;
  }

  /** Makes room for at least `capacity` items. */
  reserve(capacity: number): void {
    if (capacity <= this.#data.length) return;
    const next = new this.#make(capacity);
    next.set(this.#data.subarray(0, this.length) as never);
    this.#data = next;
  }

  /** Replaces the content (used by compaction). */
  replace(data: T, length: number): void {
    this.#data = data;
    this.length = length;
  }
}
