type TypedArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

interface TypedArrayType<T extends TypedArray> {
  new (length: number): T;
}

/**
 * A typed array that grows by doubling: per-document columns that writes append to.
 * `array` is the backing store (read it directly in hot loops); only `0 … length - 1` is set.
 *
 * @example const dates = new Growable(Float64Array); dates.push(Date.parse('2022-03-29')); dates.array[0]
 */
export class Growable<T extends TypedArray> {
  array: T;
  length = 0;

  constructor(private readonly Type: TypedArrayType<T>) {
    this.array = new Type(64);
  }

  push(value: number): void {
    if (this.length === this.array.length) this.reserve(this.length + 1);
    this.array[this.length++] = value;
  }

  private reserve(size: number): void {
    if (size <= this.array.length) return;
    let capacity = this.array.length;
    while (capacity < size) capacity *= 2;
    const bigger = new this.Type(capacity);
    bigger.set(this.array as never);
    this.array = bigger;
  }
}
