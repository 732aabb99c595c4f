import fc from 'fast-check';
import { UintColumn } from '../../src/index/growable';

describe('UintColumn', () => {
  it('returns every value pushed, in a Uint8Array while each fits in 8 bits', () => {
    const column = new UintColumn();
    for (let i = 0; i < 200; i++) column.push(i);
    expect(column.array).toBeInstanceOf(Uint8Array);
    expect(Array.from(column.array.subarray(0, column.length))).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('widens to 16 and then 32 bits when a larger value comes, keeping the values before it', () => {
    const column = new UintColumn();
    column.push(255);
    column.push(256);
    expect(column.array).toBeInstanceOf(Uint16Array);
    column.push(65535);
    expect(column.array).toBeInstanceOf(Uint16Array);
    column.push(65536);
    expect(column.array).toBeInstanceOf(Uint32Array);
    column.push(2 ** 32 - 1);
    expect(Array.from(column.array.subarray(0, column.length))).toEqual([255, 256, 65535, 65536, 2 ** 32 - 1]);
  });

  it('returns the values pushed whatever their sizes and order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 ** 32 - 1 })), { maxLength: 300 }), (values) => {
        const column = new UintColumn();
        values.forEach((value) => column.push(value));
        expect(column.length).toBe(values.length);
        expect(Array.from(column.array.subarray(0, column.length))).toEqual(values);
      }),
      { seed: 20261203, numRuns: 200 },
    );
  });
});
