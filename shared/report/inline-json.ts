/** Finds the JSON documents that remediation text quotes inline (policy statements), so renderers can set them as code. */

export interface TextPart {
  text: string;
  json: boolean;
}

// A JSON object of up to two nesting levels, as a policy statement is quoted; anything that fails to parse stays prose.
const OBJECT = /(\{"(?:[^{}]|\{[^{}]*\})*\})/;

/** Splits text into prose and inline JSON objects, in order. */
export function inlineJsonParts(text: string): TextPart[] {
  return text
    .split(OBJECT)
    .map((part, i) => ({ text: part, json: i % 2 === 1 && parses(part) }))
    .filter((p) => p.text !== '');
}

function parses(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
