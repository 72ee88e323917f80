import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('ANSVAR_DIGEST_TICK', () => {
  it('defaults to every minute and accepts cron patterns (with seconds) or off', () => {
    expect(parseConfig({}).digestTick).toBe('0 * * * * *');
    expect(parseConfig({ ANSVAR_DIGEST_TICK: '* * * * * *' }).digestTick).toBe('* * * * * *');
    expect(parseConfig({ ANSVAR_DIGEST_TICK: '*/5 * * * *' }).digestTick).toBe('*/5 * * * *');
    expect(parseConfig({ ANSVAR_DIGEST_TICK: 'off' }).digestTick).toBe('off');
  });

  it('rejects anything else with one line naming the variable', () => {
    expect(() => parseConfig({ ANSVAR_DIGEST_TICK: 'every minute' })).toThrow(ConfigError);
    const problems = (() => {
      try {
        parseConfig({ ANSVAR_DIGEST_TICK: '61 * * * *' });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems).toEqual([
      "ANSVAR_DIGEST_TICK: must be a cron pattern (e.g. '0 * * * * *') or off (got '61 * * * *')",
    ]);
  });
});
