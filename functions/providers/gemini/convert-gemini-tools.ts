/**
 * The call's tools and tool choice as Gemini's `tools` and `toolConfig`. Function tools are
 * function declarations; another API's web search is Gemini's own Google Search; any other tool a
 * provider runs itself is left out with a note (and a choice that requires it refused,
 * core/chosen-tool-left-out.ts). Whether calls may run in parallel has no Gemini
 * counterpart (Gemini decides) and is dropped.
 *
 * Google Search beside function tools needs Gemini 3 and `includeServerSideToolInvocations`
 * (https://ai.google.dev/gemini-api/docs/tool-combination); before Gemini 3 the search is left out
 * with a note, as Gemini would refuse the request.
 */
import { refuseChosenToolLeftOut } from '../../core/chosen-tool-left-out.ts';
import { leftOutNote } from '../../core/left-out-note.ts';
import type { FunctionTool, NativeTool, Tool, ToolChoice } from '../../core/tools.ts';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from './gemini-api-types.ts';
import { GEMINI_PROVIDER } from './gemini-provider-name.ts';
import { isGemini3OrLater } from './is-gemini-3-or-later.ts';
import { isWebSearchTool } from './is-web-search-tool.ts';
import { stripUnsupportedSchemaKeywords } from './strip-unsupported-schema-keywords.ts';

export interface GeminiToolFields {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
}

/** What is left out goes into `notes`. */
export function convertGeminiTools(tools: readonly Tool[], toolChoice: ToolChoice | undefined, model: string, notes: Set<string>): GeminiToolFields {
  const functionDeclarations: GeminiFunctionDeclaration[] = [];
  const leftOut: NativeTool[] = [];
  let webSearch: NativeTool | undefined;
  tools.forEach((tool, index) => {
    if (tool.kind === 'function') functionDeclarations.push(functionDeclaration(tool, `tools[${index}].function.parameters`));
    else if (isWebSearchTool(tool)) webSearch = tool;
    else {
      leftOut.push(tool);
      notes.add(leftOutNote({ kind: 'tool', name: tool.type, target: GEMINI_PROVIDER }));
    }
  });
  const functions = functionDeclarations.length > 0;
  if (webSearch !== undefined && functions && !isGemini3OrLater(model)) {
    leftOut.push(webSearch);
    notes.add(leftOutNote({ kind: 'tool', name: webSearch.type, target: model, why: 'cannot search beside function tools' }));
    webSearch = undefined;
  }
  refuseChosenToolLeftOut(toolChoice, leftOut, GEMINI_PROVIDER);
  if (!functions && webSearch === undefined) return {};

  const tool: GeminiTool = { ...(functions && { functionDeclarations }), ...(webSearch !== undefined && { googleSearch: {} }) };
  const toolConfig: GeminiToolConfig = {};
  // Without function tools there is nothing for a function calling config to govern, and Gemini
  // rejects ANY without them.
  const functionCallingConfig = functions ? convertToolChoice(toolChoice) : undefined;
  if (functionCallingConfig) toolConfig.functionCallingConfig = functionCallingConfig;
  if (functions && webSearch !== undefined) toolConfig.includeServerSideToolInvocations = true;
  return { tools: [tool], ...(Object.keys(toolConfig).length > 0 && { toolConfig }) };
}

function functionDeclaration(tool: FunctionTool, param: string): GeminiFunctionDeclaration {
  const declaration: GeminiFunctionDeclaration = { name: tool.name };
  if (tool.description !== undefined) declaration.description = tool.description;
  // `parametersJsonSchema` takes JSON Schema as clients write it; `parameters` would need a lossy
  // conversion to OpenAPI 3.0. An empty schema means "no parameters": leave it unset.
  if (tool.parameters && Object.keys(tool.parameters).length > 0) {
    declaration.parametersJsonSchema = stripUnsupportedSchemaKeywords(tool.parameters, param);
  }
  return declaration;
}

function convertToolChoice(choice: ToolChoice | undefined): GeminiToolConfig['functionCallingConfig'] {
  switch (choice?.mode) {
    case undefined:
      return undefined;
    case 'auto':
      return { mode: 'AUTO' };
    case 'none':
      return { mode: 'NONE' };
    case 'required':
      return { mode: 'ANY' };
    case 'tool':
      return { mode: 'ANY', allowedFunctionNames: [choice.name] };
  }
}
