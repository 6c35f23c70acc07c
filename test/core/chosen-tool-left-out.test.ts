import { describe, expect, it } from 'vitest';
import { refuseChosenToolLeftOut } from '../../functions/core/chosen-tool-left-out.ts';
import type { NativeTool } from '../../functions/core/tools.ts';
import { failureDisposition } from '../../functions/routing/retry-policy.ts';

const search: NativeTool = { kind: 'native', dialect: 'anthropic-messages', type: 'web_search_20250305', name: 'web_search', definition: {} };
const unnamed: NativeTool = { kind: 'native', dialect: 'openai-responses', type: 'code_interpreter', definition: {} };

describe('refuseChosenToolLeftOut', () => {
  it("refuses a choice naming a tool left out, by its name or else its type, as a 400 of the gateway's own that fails over", () => {
    let refused: unknown;
    try {
      refuseChosenToolLeftOut({ mode: 'tool', name: 'web_search' }, [search], 'bedrock');
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ status: 400, kind: 'invalid_request', fault: 'caller', param: 'tool_choice', message: "tool_choice requires the tool 'web_search', which bedrock cannot run" });
    expect(failureDisposition(refused)).toBe('next');
    expect(() => refuseChosenToolLeftOut({ mode: 'tool', name: 'code_interpreter' }, [unnamed], 'gemini')).toThrow("which gemini cannot run");
  });

  it('lets any other choice through', () => {
    for (const choice of [undefined, { mode: 'auto' }, { mode: 'required' }, { mode: 'none' }, { mode: 'tool', name: 'lookup' }] as const) {
      expect(() => refuseChosenToolLeftOut(choice, [search, unnamed], 'anthropic')).not.toThrow();
    }
  });
});
