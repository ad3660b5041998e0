// The --help fast path lays help out with commander's own Help: described once and formatted again, a program's
// top-level help is what commander prints for it, at every width, with what cdn-check's program uses and what it
// might (option and command groups, hidden items, sorting, configureHelp settings, text before and after).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command, Option } from 'commander';
import { describeTopHelp, formatTopHelp } from '../../../src/commands/top-help.ts';

const WIDTHS = [undefined, 30, 40, 60, 80, 100, 120, 200];

/** What commander itself prints for `--help` on a terminal `width` columns wide (undefined: not a terminal). */
function commanderHelp(program: Command, width: number | undefined): string {
  let out = '';
  // Off a terminal commander's own getOutHelpWidth returns undefined (its typings say number).
  program.configureOutput({ writeOut: (s) => (out += s), getOutHelpWidth: () => width as number, getOutHasColors: () => false });
  program.outputHelp();
  return out;
}

function busyProgram(): Command {
  const program = new Command('tool')
    .description(`${'a description long enough to wrap '.repeat(6)}\nand a line of its own`)
    .argument('<file>', 'the file to read')
    .argument('[more...]', 'more files', ['a.txt']);
  // Hidden, but its group is met first: commander lists Tuning before the default Options group.
  program.addOption(new Option('--secret', 'not shown').hideHelp().helpGroup('Tuning:'));
  program.version('1.2.3');
  program.option('-a, --alpha', 'the first option, with a description long enough to wrap at narrow widths '.repeat(2));
  program.addOption(new Option('--beta <n>', 'a number').default(3).helpGroup('Tuning:'));
  program.addOption(new Option('--gamma <mode>').choices(['x', 'y']).env('GAMMA').helpGroup('Tuning:'));
  program.option('--delta [level]', 'back in the default group', 'low');
  program.command('run <what>').description('runs it').option('--fast').helpGroup('Actions:');
  program.command('hidden-one', { hidden: true });
  program.command('list [what]').summary('lists').description('lists things, with a description the summary replaces');
  program.command('zap').alias('z').description('');
  program.addHelpText('beforeAll', 'BEFORE ALL');
  program.addHelpText('before', 'before\n');
  program.addHelpText('after', () => '\nAfter:\n  $ tool run x   preformatted: indented, so never wrapped\n');
  program.addHelpText('afterAll', 'after all');
  return program;
}

test('a program with groups, hidden items, defaults, choices and help text is laid out as commander does, at every width', () => {
  const program = busyProgram();
  const data = describeTopHelp(program);
  for (const width of WIDTHS) assert.equal(formatTopHelp(data, width), commanderHelp(program, width), `width ${width ?? 'not a terminal'}`);
});

test('configureHelp settings carry over: sorted lists, a fixed width, a different wrap threshold', () => {
  for (const settings of [{ sortOptions: true, sortSubcommands: true }, { helpWidth: 50 }, { minWidthToWrap: 70 }]) {
    const program = busyProgram().configureHelp(settings);
    const data = describeTopHelp(program);
    for (const width of WIDTHS) assert.equal(formatTopHelp(data, width), commanderHelp(program, width), `${JSON.stringify(settings)} at width ${width ?? 'not a terminal'}`);
  }
});

test('a program with no description, arguments or subcommands is laid out as commander does', () => {
  const program = new Command('bare').helpOption('-?, --what', 'help me');
  const data = describeTopHelp(program);
  for (const width of WIDTHS) assert.equal(formatTopHelp(data, width), commanderHelp(program, width));
});

test('help text with an escape sequence is refused: the fast path does not strip colours as commander would', () => {
  const program = new Command('tool').description('\u001b[1mbold\u001b[22m claims');
  assert.throws(() => describeTopHelp(program), /escape sequence/);
  const after = new Command('tool').addHelpText('after', '\u001b[31mred\u001b[39m');
  assert.throws(() => describeTopHelp(after), /escape sequence/);
});

test('what is described changes with the program: a new option is in the data (so a stale build can be caught)', () => {
  const before = describeTopHelp(busyProgram());
  const program = busyProgram().option('--epsilon', 'new');
  assert.notDeepEqual(describeTopHelp(program), before);
  assert.ok(describeTopHelp(program).options.some((o) => o.term === '--epsilon'));
});
