import { constants } from 'node:os';

export type ShutdownSignal = 'SIGTERM' | 'SIGINT';

interface SignalSource {
  on(event: ShutdownSignal, listener: () => void): unknown;
  off(event: ShutdownSignal, listener: () => void): unknown;
}

export interface SignalHandlers {
  /** The first SIGTERM/SIGINT: shut down gracefully. */
  onFirst(signal: ShutdownSignal): void;
  /** A second one while shutting down: exit at once (the caller passes `process.exit`). */
  onSecond(signal: ShutdownSignal, exitCode: number): void;
}

/** The conventional exit status for death by a signal: 128 + its number (143 for SIGTERM, 130 for SIGINT). */
export function signalExitCode(signal: ShutdownSignal): number {
  return 128 + constants.signals[signal];
}

/** Listens for SIGTERM and SIGINT; returns a function that removes the listeners. */
export function handleShutdownSignals(source: SignalSource, handlers: SignalHandlers): () => void {
  let received = false;
  const listeners = (['SIGTERM', 'SIGINT'] as const).map((signal) => {
    const listener = () => {
      if (received) {
        handlers.onSecond(signal, signalExitCode(signal));
        return;
      }
      received = true;
      handlers.onFirst(signal);
    };
    source.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) source.off(signal, listener);
  };
}
