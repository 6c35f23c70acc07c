/**
 * Anthropic's own model ids as Claude Code and the Anthropic SDKs send them, without a provider:
 * `claude-sonnet-4-5`, a dated snapshot (`claude-sonnet-4-5-20250929`), or a model newer than the
 * catalog. Such an id is Anthropic's; a dated one shares the catalog's facts (price, limits,
 * equivalents) with its undated model, which names the same weights.
 */
const BARE_CLAUDE_ID = /^claude-[a-z0-9.-]+$/;
const SNAPSHOT_DATE = /-\d{8}$/;

export const ANTHROPIC_PROVIDER_ID = 'anthropic';

/** A model id with no provider that is Anthropic's own. */
export const isBareClaudeId = (name: string): boolean => BARE_CLAUDE_ID.test(name);

/** The undated id of a dated snapshot (`…-20250929` dropped); other ids as they are. */
export const undatedModelId = (id: string): string => id.replace(SNAPSHOT_DATE, '');
