/** The string formats of the RAM policy grammar, called by its generated validators (scripts/validators.ts). */
import { toCidr, toDateMs } from './operators';

/** Formats by name: a date the Date operators can compare, an address or CIDR the IpAddress operators can. */
export const formats: Readonly<Record<string, (s: string) => boolean>> = {
  'ram-date': (s) => toDateMs(s) !== undefined,
  'ram-ip': (s) => toCidr(s) !== undefined,
};
