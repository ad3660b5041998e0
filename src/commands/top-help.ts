// `cdn-check --help` without the CLI: what commander's Help shows for the top-level program, read from the program
// at build time (describeTopHelp) and laid out at run time by the same Help class (formatTopHelp). Help's own
// formatHelp, formatItem, boxWrap and padWidth do the layout, so the output is commander's at any width.
import type { EventEmitter } from 'node:events';
import { Help, type Argument, type Command, type Option } from 'commander';

/** One entry of a help list, as Help's term and description methods made it. */
interface HelpItem {
  term: string;
  description: string;
}

/** An entry of a list commander sorts under headings: `group` is what it groups by (no group: null or ''). */
interface GroupedItem extends HelpItem {
  group: string | null;
}

/** What commander's Help shows for a program, every string as Help's methods made it (JSON: embedded in dist/help.js). */
export interface TopHelp {
  usage: string;
  description: string;
  arguments: HelpItem[];
  /** The visible options in the order help lists them (the help option included). */
  options: GroupedItem[];
  /** The option groups in the order commander lists them: as first met among all the options, hidden ones too. */
  optionGroups: (string | null)[];
  globalOptions: HelpItem[];
  /** The visible subcommands, the implicit `help` command included. */
  commands: GroupedItem[];
  commandGroups: string[];
  /** Text the program adds with addHelpText, as commander writes it before and after the help. */
  before: string;
  after: string;
  /** Help settings configureHelp() may change; the sort settings are already applied to the lists above. */
  minWidthToWrap: number;
  helpWidth: number | null;
}

/**
 * The top-level help of `program`, taken with its own Help (createHelp, so configureHelp settings apply) and its
 * help-text events. Throws if any of it carries an escape sequence: the fast path writes the text as it is, which
 * is what commander does only for text with no colour in it (it strips colour when stdout has none).
 */
export function describeTopHelp(program: Command): TopHelp {
  const helper = program.createHelp();
  const item = (term: string, description: string): HelpItem => ({ term, description });
  // addHelpText keeps its text only in a listener: asked for it as outputHelp does (a Command is an EventEmitter,
  // which commander's typings leave out).
  const written = (event: string): string => {
    let text = '';
    (program as unknown as EventEmitter).emit(event, { error: false, command: program, write: (s: string) => (text += s) });
    return text;
  };
  const data: TopHelp = {
    usage: helper.commandUsage(program),
    description: helper.commandDescription(program),
    arguments: helper.visibleArguments(program).map((a) => item(helper.argumentTerm(a), helper.argumentDescription(a))),
    options: helper.visibleOptions(program).map((o) => ({ ...item(helper.optionTerm(o), helper.optionDescription(o)), group: o.helpGroupHeading ?? null })),
    optionGroups: [...new Set(program.options.map((o) => o.helpGroupHeading ?? null))],
    globalOptions: helper.visibleGlobalOptions(program).map((o) => item(helper.optionTerm(o), helper.optionDescription(o))),
    commands: helper.visibleCommands(program).map((c) => ({ ...item(helper.subcommandTerm(c), helper.subcommandDescription(c)), group: c.helpGroup() })),
    commandGroups: [...new Set(program.commands.map((c) => c.helpGroup()))],
    // For a program with no parent, commander emits beforeAllHelp then beforeHelp, and afterHelp then afterAllHelp.
    before: written('beforeAllHelp') + written('beforeHelp'),
    after: written('afterHelp') + written('afterAllHelp'),
    minWidthToWrap: helper.minWidthToWrap,
    helpWidth: helper.helpWidth ?? null,
  };
  if (JSON.stringify(data).includes('\\u001b')) throw new Error('the top-level help carries an escape sequence: the --help fast path (src/commands/top-help.ts) does not strip colours');
  return data;
}

/**
 * commander's Help reading a described program instead of a Command: the lists and strings come from `data`,
 * the layout from Help itself. The items stand in for commander's Option, Argument and Command objects, which
 * Help only hands back to the methods overridden here (and reads `helpGroupHeading` / `helpGroup()` of, to group).
 */
class DescribedHelp extends Help {
  readonly #data: TopHelp;
  readonly #options: Option[];
  readonly #commands: Command[];

  constructor(data: TopHelp) {
    super();
    this.#data = data;
    this.minWidthToWrap = data.minWidthToWrap;
    if (data.helpWidth !== null) this.helpWidth = data.helpWidth;
    this.showGlobalOptions = data.globalOptions.length > 0;
    this.#options = data.options.map((o) => ({ ...o, helpGroupHeading: o.group ?? undefined }) as unknown as Option);
    this.#commands = data.commands.map((c) => ({ ...c, helpGroup: () => c.group }) as unknown as Command);
  }

  /** What formatHelp reads of the command itself: all its options and subcommands, only to order the groups. */
  program(): Command {
    return {
      options: this.#data.optionGroups.map((group) => ({ helpGroupHeading: group ?? undefined })),
      commands: this.#data.commandGroups.map((group) => ({ helpGroup: () => group })),
    } as unknown as Command;
  }

  override commandUsage(): string {
    return this.#data.usage;
  }
  override commandDescription(): string {
    return this.#data.description;
  }
  override visibleArguments(): Argument[] {
    return this.#data.arguments as unknown as Argument[];
  }
  override argumentTerm(argument: Argument): string {
    return (argument as unknown as HelpItem).term;
  }
  override argumentDescription(argument: Argument): string {
    return (argument as unknown as HelpItem).description;
  }
  override visibleOptions(): Option[] {
    return this.#options;
  }
  override visibleGlobalOptions(): Option[] {
    return this.#data.globalOptions as unknown as Option[];
  }
  override optionTerm(option: Option): string {
    return (option as unknown as HelpItem).term;
  }
  override optionDescription(option: Option): string {
    return (option as unknown as HelpItem).description;
  }
  override visibleCommands(): Command[] {
    return this.#commands;
  }
  override subcommandTerm(command: Command): string {
    return (command as unknown as HelpItem).term;
  }
  override subcommandDescription(command: Command): string {
    return (command as unknown as HelpItem).description;
  }
}

/**
 * What `--help` prints for the described program, as Command.outputHelp writes it: the before text, the help
 * (helpInformation: prepareContext with the width, then formatHelp), the after text. `helpWidth` is what
 * commander passes: stdout's columns when stdout is a terminal, else undefined (Help then uses 80).
 */
export function formatTopHelp(data: TopHelp, helpWidth: number | undefined): string {
  const helper = new DescribedHelp(data);
  helper.prepareContext({ error: false, helpWidth });
  return data.before + helper.formatHelp(helper.program(), helper) + data.after;
}
