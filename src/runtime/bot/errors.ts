/** Raised where the Lex build (BuildBotLocale) would fail: every problem, one per line. */
export class BotDefinitionError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'BotDefinitionError';
    this.problems = problems;
  }
}
