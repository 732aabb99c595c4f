/**
 * What `work` resolves to, and how many turns the event loop made while it ran: one count per
 * turn, which a timer cannot give (a timer of 0 ms fires only once a millisecond has passed, so
 * its count depends on the machine's speed).
 */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let ticking = true;
  const tick = (): void => {
    turns++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const result = await work();
  ticking = false;
  return { result, turns };
}
