/**
 * The call's function tools and tool choice as Gemini's `tools` and `toolConfig`. Whether calls may
 * run in parallel has no Gemini counterpart (Gemini decides) and is dropped.
 */
import type { FunctionTool, Tool, ToolChoice } from '../../core/tools.ts';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from './gemini-api-types.ts';
import { stripUnsupportedSchemaKeywords } from './strip-unsupported-schema-keywords.ts';

export interface GeminiToolFields {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
}

export function convertGeminiTools(tools: readonly Tool[], toolChoice: ToolChoice | undefined): GeminiToolFields {
  const functionDeclarations: GeminiFunctionDeclaration[] = [];
  tools.forEach((tool, index) => {
    if (tool.kind === 'function') functionDeclarations.push(functionDeclaration(tool, `tools[${index}].function.parameters`));
  });
  // Without tools there is nothing for a tool config to govern, and Gemini rejects ANY without them.
  if (functionDeclarations.length === 0) return {};

  const fields: GeminiToolFields = { tools: [{ functionDeclarations }] };
  const toolConfig = convertToolChoice(toolChoice);
  if (toolConfig) fields.toolConfig = toolConfig;
  return fields;
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

function convertToolChoice(choice: ToolChoice | undefined): GeminiToolConfig | undefined {
  switch (choice?.mode) {
    case undefined:
      return undefined;
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
}
