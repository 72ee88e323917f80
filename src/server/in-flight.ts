/**
 * Counts work that shutdown must wait for (turns the core is handling). Work is tracked by its
 * promise; `drain` resolves once all of it has settled, or reports what is left when time runs out.
 */
export interface InFlight {
  track<T>(work: Promise<T>): Promise<T>;
  readonly size: number;
  /** True when everything tracked settled within `timeoutMs`; false when the time ran out first. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(onChange?: (size: number) => void): InFlight {
  const pending = new Set<Promise<unknown>>();
  let waiters: (() => void)[] = [];

  function settle(entry: Promise<unknown>): void {
    pending.delete(entry);
    onChange?.(pending.size);
    if (pending.size === 0) {
      const ready = waiters;
      waiters = [];
      for (const wake of ready) wake();
    }
  }

  return {
    track(work) {
      const entry = work.then(
        () => undefined,
        () => undefined,
      );
      pending.add(entry);
      onChange?.(pending.size);
      void entry.then(() => settle(entry));
      return work;
    },
    get size() {
      return pending.size;
    },
    drain(timeoutMs) {
      if (pending.size === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== wake);
          resolve(false);
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(wake);
      });
    },
  };
}
