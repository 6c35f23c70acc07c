/**
 * What a Claude model supports, read from its name, so that `anthropic/<any model>` works without
 * a catalog entry: `claude-opus-4-6`, `claude-sonnet-4-5-20250929`, `claude-opus-4-20250514` (4.0),
 * and the newer lines without a version (`claude-mythos-preview`, `claude-fable-5`).
 */
interface ClaudeVersion {
  major: number;
  minor: number;
}

const NEWER_LINES = /^claude-(?:mythos|fable)\b/;

function claudeVersion(model: string): ClaudeVersion | undefined {
  if (NEWER_LINES.test(model)) return { major: Number.POSITIVE_INFINITY, minor: 0 };
  // The minor version is one or two digits, never the date that may follow.
  const match = /^claude-[a-z]+-(\d+)(?:-(\d{1,2})(?!\d))?/.exec(model);
  return match ? { major: Number(match[1]), minor: Number(match[2] ?? 0) } : undefined;
}

const atLeast = (model: string, major: number, minor: number) => {
  const version = claudeVersion(model);
  return version !== undefined && (version.major > major || (version.major === major && version.minor >= minor));
};

/** Claude 4.6 deprecates budgeted thinking, and 4.7 and later reject it: they think adaptively. */
export const usesAdaptiveThinking = (model: string) => atLeast(model, 4, 6);

/** Structured outputs (`output_config.format`) exist from Claude 4.5 on. */
export const supportsStructuredOutputs = (model: string) => atLeast(model, 4, 5);
