/**
 * OpenAI's `tools` and `tool_choice` as Gemini's `tools` and `toolConfig`. `parallel_tool_calls`
 * has no Gemini counterpart (Gemini decides) and is dropped.
 */
import type { ChatTool, ChatToolChoice } from '../../chat/chat-request-schema.ts';
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from './gemini-api-types.ts';
import { stripUnsupportedSchemaKeywords } from './strip-unsupported-schema-keywords.ts';

export interface GeminiToolFields {
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
}

export function convertGeminiTools(tools: ChatTool[] | undefined, toolChoice: ChatToolChoice | undefined): GeminiToolFields {
  // Without tools there is nothing for a tool config to govern, and Gemini rejects ANY without them.
  if (!tools?.length) return {};

  const functionDeclarations = tools.map(({ function: fn }, index): GeminiFunctionDeclaration => {
    const declaration: GeminiFunctionDeclaration = { name: fn.name };
    if (fn.description !== undefined) declaration.description = fn.description;
    // `parametersJsonSchema` takes JSON Schema as clients write it; `parameters` would need a
    // lossy conversion to OpenAPI 3.0. An empty schema means "no parameters": leave it unset.
    if (fn.parameters && Object.keys(fn.parameters).length > 0) {
      declaration.parametersJsonSchema = stripUnsupportedSchemaKeywords(fn.parameters, `tools[${index}].function.parameters`);
    }
    return declaration;
  });

  const fields: GeminiToolFields = { tools: [{ functionDeclarations }] };
  const toolConfig = convertToolChoice(toolChoice);
  if (toolConfig) fields.toolConfig = toolConfig;
  return fields;
}

function convertToolChoice(choice: ChatToolChoice | undefined): GeminiToolConfig | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
}
