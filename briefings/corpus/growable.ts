/**
 * Typed arrays that grow by doubling: the index keeps per-document numbers in flat
 * memory rather than in one object per document. One class per element type keeps
 * every store site monomorphic (a shared generic class made `push` a megamorphic
 * store and the hottest line of index building).
 */

/** A growable `Int32Array` with amortized O(1) push. */
export class GrowableInt32 {
  data: Int32Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data[this.length] = value;
    this.length += 1;
  }

  /** Makes room for at least `capacity` items. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new Int32Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/** A growable `Uint32Array` with amortized O(1) push. */
export class GrowableUint32 {
  data: Uint32Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data[this.length] = value;
    this.length += 1;
  }

  /** Makes room for at least `capacity` items. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new Uint32Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/** A growable `Uint16Array` with amortized O(1) push. */
export class GrowableUint16 {
  data: Uint16Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint16Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data[this.length] = value;
    this.length += 1;
  }

  /** Makes room for at least `capacity` items. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new Uint16Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/** A growable `Uint8Array` with amortized O(1) push. */
export class GrowableUint8 {
  data: Uint8Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Uint8Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data[this.length] = value;
    this.length += 1;
  }

  /** Makes room for at least `capacity` items. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new Uint8Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

/** A growable `Float64Array` with amortized O(1) push. */
export class GrowableFloat64 {
  data: Float64Array<ArrayBuffer>;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length * 2);
    this.data[this.length] = value;
    this.length += 1;
  }

  /** Makes room for at least `capacity` items. */
  reserve(capacity: number): void {
    if (capacity <= this.data.length) return;
    const next = new Float64Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}
