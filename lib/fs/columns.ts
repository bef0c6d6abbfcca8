/**
 * Growable typed-array columns. A layer can hold a million entries; one
 * object per entry would cost hundreds of bytes each, a row across a few
 * typed arrays costs tens, and the garbage collector never walks them.
 */

/** Any typed array used as a column. */
export type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/** A copy of `column` with room for `capacity` rows (rows beyond the old length are zero). */
export function growColumn<T extends Column>(column: T, capacity: number): T {
  const Ctor = column.constructor as new (length: number) => T;
  const next = new Ctor(capacity);
  (next as Uint8Array).set(column as Uint8Array);
  return next;
}

/** A new column of `order.length` rows where row k is `column[order[k]]`. */
export function permuteColumn<T extends Column>(column: T, order: Int32Array): T {
  const Ctor = column.constructor as new (length: number) => T;
  const next = new Ctor(order.length);
  for (let k = 0; k < order.length; k++) next[k] = column[order[k]];
  return next;
}

/** A growable array of 32-bit signed integers. */
export class IntList {
  private data = new Int32Array(16);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) this.data = growColumn(this.data, this.data.length * 2);
    this.data[this.length++] = value;
  }

  /** Overwrites an existing value. */
  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** The values as an exact-length array (a copy; the list stays usable). */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
