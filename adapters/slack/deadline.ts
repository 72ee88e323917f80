export const TIMED_OUT = Symbol('timed out');

/**
 * Waits for `work` at most `ms`. Slack wants an answer to commands, buttons and form submissions
 * within 3 s: what is ready in time goes into the ack itself, anything slower follows afterwards.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
