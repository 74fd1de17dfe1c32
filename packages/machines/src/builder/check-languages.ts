/**
 * Definition-time check of the languages a menu flow names: each is a documented TTS code (or a function, checked
 * per call).
 *
 * @module
 */
import type { MenuFlowSpec } from './flow-spec.js';
import { checkLanguageSpec } from './language.js';
import type { FlowNode, PromptSpec } from './nodes.js';

/** The prompts a node can play, with the field that holds each. */
function promptsOf(node: FlowNode): Array<[field: string, prompt: PromptSpec]> {
  const list: Array<[string, PromptSpec | undefined]> = [];
  if (node.kind === 'menu' || node.kind === 'ask') {
    list.push(
      ['prompt', node.prompt],
      ['noInput.prompt', node.noInput?.prompt],
      ['invalid.prompt', node.invalid?.prompt],
    );
  } else if (node.kind === 'say' || node.kind === 'hangup') list.push(['prompt', node.prompt]);
  return list.filter((p): p is [string, PromptSpec] => p[1] !== undefined);
}

/**
 * Throws `FlowDefinitionError` for the first `language` of `spec` (the flow's, or a prompt's) that is neither a
 * documented TTS code, one of its `extraLanguages`, nor a function.
 *
 * @example
 * checkLanguages({ id: 'x', version: 1, direction: 'inbound', language: 'en-us', start: 'a', nodes: { a: hangup() } }); // throws
 */
export function checkLanguages(spec: MenuFlowSpec): void {
  const extra = new Set(spec.extraLanguages ?? []);
  if (spec.language !== undefined) checkLanguageSpec(spec.language, `flow "${spec.id}".language`, extra);
  for (const [name, node] of Object.entries(spec.nodes)) {
    for (const [field, prompt] of promptsOf(node)) {
      if (typeof prompt === 'object' && 'say' in prompt && prompt.language !== undefined)
        checkLanguageSpec(prompt.language, `flow "${spec.id}" node "${name}".${field}.language`, extra);
    }
  }
}
