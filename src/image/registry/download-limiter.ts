/**
 * A counting semaphore: at most `limit` blob downloads run at once, the others wait in
 * order. `acquire()` resolves with a release function that is safe to call twice.
 */
export class DownloadLimiter {
  readonly #limit: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, Math.floor(limit));
  }

  get running(): number {
    return this.#running;
  }

  async acquire(): Promise<() => void> {
    if (this.#running >= this.#limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter; `running` stays the same.
      if (next) next();
      else this.#running--;
    };
  }
}
