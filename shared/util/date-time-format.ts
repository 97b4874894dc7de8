/** The `date-time` format (RFC 3339, as ajv-formats checks it), for the precompiled validators that use it. */
import { fullFormats } from 'ajv-formats/dist/formats';

const dateTime = fullFormats['date-time'] as { validate: (s: string) => boolean };

/** Formats by name, called by generated validator code (scripts/validators.ts). */
export const formats: Readonly<Record<string, (s: string) => boolean>> = { 'date-time': (s) => dateTime.validate(s) };
