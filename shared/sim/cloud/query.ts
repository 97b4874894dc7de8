/** Query strings and form bodies, decoded as the Alibaba Cloud clients encode them. */
import { CloudError } from './errors';

/** Decodes `a=1&b=2` (percent-encoding as pop-core writes it) into a map; the last duplicate wins. */
export function parseForm(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    try {
      out.set(decodeURIComponent(k.replace(/\+/g, ' ')), decodeURIComponent(v.replace(/\+/g, ' ')));
    } catch {
      throw new CloudError(400, 'InvalidParameter', 'The request has a malformed percent-encoding.');
    }
  }
  return out;
}
