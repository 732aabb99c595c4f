import type { Limits } from '../config';
import { JiansuoError } from '../errors';

/**
 * The time and the response size one search request may use (`timeBudgetMs`,
 * `responseBudgetBytes`), counted from when it starts searching. Past either, the request
 * stops computing: nothing a client sends can hold a core or the heap for longer.
 *
 * @example
 * const budget = new RequestBudget(config.limits);
 * const json = JSON.stringify(search(index, q, { checkBudget: budget.checkTime }));
 * budget.spend(Buffer.byteLength(json)); // throws budget_exceeded past the size budget
 */
export class RequestBudget {
  private readonly deadline: number;
  private bytes = 0;

  constructor(private readonly limits: Pick<Limits, 'timeBudgetMs' | 'responseBudgetBytes'>) {
    this.deadline = performance.now() + limits.timeBudgetMs;
  }

  /** Throws `budget_exceeded` once the time budget is spent; a function, to pass as a search's `checkBudget`. */
  readonly checkTime = (): void => {
    if (performance.now() >= this.deadline) {
      throw new JiansuoError('budget_exceeded', `the request ran past its time budget of ${this.limits.timeBudgetMs} ms (JIANSUO_TIME_BUDGET_MS)`);
    }
  };

  /** Counts `bytes` more of the response; throws `budget_exceeded`, counting nothing, when they do not fit. */
  spend(bytes: number): void {
    if (this.bytes + bytes > this.limits.responseBudgetBytes) {
      throw new JiansuoError('budget_exceeded', `the response would pass its size budget of ${this.limits.responseBudgetBytes} bytes (JIANSUO_RESPONSE_BUDGET_BYTES)`);
    }
    this.bytes += bytes;
  }
}
