// The early DNS questions bin/ sends before the CLI loads: only argv of a shape read for sure sends anything,
// and a run that does not take them (a usage error) is not held up by them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { firstQuestions } from '../../../src/prefetch.ts';
import { runCli } from '../../helpers/cli.ts';

describe('firstQuestions', () => {
  const cases: [args: string[], expected: ReturnType<typeof firstQuestions>][] = [
    [['paytm.com'], { resolvers: [], hosts: ['paytm.com'], timeoutMs: 3000, probes: true }],
    [['--json', '--resolver', '127.0.0.1:5353', 'https://www.hotstar.com/in', '--timeout', '900'], { resolvers: ['127.0.0.1:5353'], hosts: ['www.hotstar.com'], timeoutMs: 900, probes: true }],
    [['--fingerprint-only', '--port', '8443', '--ca-file', 'ca.pem', 'a.example', 'B.example.'], { resolvers: [], hosts: ['a.example', 'b.example'], timeoutMs: 3000, probes: false }],
    [['192.0.2.1', 'a.example'], { resolvers: [], hosts: ['a.example'], timeoutMs: 3000, probes: true }],
  ];
  for (const [args, expected] of cases) {
    it(`reads ${JSON.stringify(args)}`, () => assert.deepEqual(firstQuestions(args), expected));
  }

  const none: [string[], string][] = [
    [['lab', 'akamai-2021'], 'a subcommand'],
    [['watch', 'x.example'], 'another subcommand'],
    [['--resolver=127.0.0.1', 'x.example'], 'an --opt=value form'],
    [['--targets-file', 'list.txt'], 'a sweep'],
    [['--from', 'IN', 'x.example'], 'an option not on the list'],
    [['--timeout', '3s', 'x.example'], 'a timeout that is not plain milliseconds'],
    [['--timeout', '5', 'x.example'], 'a bare timeout under 50 ms, which the CLI refuses (did you mean 5s?)'],
    [['-4', 'x.example'], '-4, which changes the questions'],
    [['--resolve', 'x.example:443:192.0.2.1', 'x.example'], '--resolve, which replaces them'],
    [['--resolver'], 'an option without its value'],
    [['--resolver', '--json', 'x.example'], 'a flag where a value belongs'],
    [['localhost'], 'a name without a dot'],
    [['192.0.2.1'], 'only IP literals'],
    [['x..example'], 'a target that does not parse'],
    [Array.from({ length: 9 }, (_, i) => `s${i}.example`), 'more targets than a plain check'],
  ];
  for (const [args, why] of none) {
    it(`sends nothing for ${why}`, () => assert.equal(firstQuestions(args), null));
  }
});

describe('the early questions in the real binary', () => {
  it('do not hold up a usage error, even when the resolver never answers', async () => {
    // A silent resolver on loopback: it reads the questions and never answers.
    const silent = createSocket('udp4');
    let questions = 0;
    silent.on('message', () => questions++);
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const result = await runCli(['--deadline', 'soon', '--timeout', '20000', '--resolver', `127.0.0.1:${silent.address().port}`, 'www.example.com']);
      assert.equal(result.code, 64, result.stderr);
      assert.match(result.stderr, /--deadline/);
      // Whether the early questions left before the usage error is a race between two imports (on Node 24, with
      // its compile cache, the CLI often wins and nothing is sent, which is better still); what must hold either
      // way is that nothing in flight keeps the process up.
      assert.ok(questions <= 3, `${questions} questions: only the early CNAME, A and AAAA may leave`);
      assert.ok(result.ms < 10_000, `exited after ${result.ms} ms: an early query kept the process up`);
    } finally {
      silent.close();
    }
  });
});
