/** The shared store a node writes through, as `/api/health` shows it. */
export interface StoreHealth {
  /** `redis` */
  readonly kind: string;
  /** Whether the store answers now: writes fail with 503 while it does not; searches go on. */
  readonly connected: boolean;
}
