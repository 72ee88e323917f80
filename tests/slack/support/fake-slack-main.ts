/**
 * Runs the fake Slack in a process of its own (for the benchmark: Slack's servers are not part of the
 * process under test). Prints `{"url": …}` on stdout once listening; stops when stdin closes.
 * Counts are at GET /_stats.
 */
import { startFakeSlack } from '../../support/fake-slack-api.js';

const fake = await startFakeSlack({ maxRecords: 0 });
process.stdout.write(`${JSON.stringify({ url: fake.url, apiUrl: fake.apiUrl })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void fake.close().then(() => process.exit(0));
});
