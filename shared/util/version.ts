/** ack-drift's version, from package.json (the bundler inlines only this field). */
import { version } from '../../package.json';

export const VERSION: string = version;
