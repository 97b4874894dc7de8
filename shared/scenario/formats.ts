/** The string formats of the scenario schema, called by its generated validator (scripts/validators.ts). */
import { isIP } from 'node:net';
import { isCidrSyntax } from '../net/cidr';
import { formats as dateTime } from '../util/date-time-format';

/** Formats by name: `cidr` and `ip` as the simulators read them, `date-time` as RFC 3339. */
export const formats: Readonly<Record<string, (s: string) => boolean>> = { ...dateTime, cidr: isCidrSyntax, ip: (s) => isIP(s) !== 0 };
