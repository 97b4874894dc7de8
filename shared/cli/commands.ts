/** Every command of `ack-drift`, in the order the help lists them. Adding a command is one declaration and one line here. */
import { AUDIT_COMMAND } from './audit-command';
import type { CommandSpec } from './command-spec';
import { DOCTOR_COMMAND } from './doctor-command';
import { DEMO_WITH_FIX_COMMAND, FIX_COMMAND } from './fix-command';
import { POLICY_COMMAND } from './policy-command';
import { RENDER_COMMAND } from './render-command';
import { SIMULATE_COMMAND } from './simulate-command';

export const COMMANDS: readonly CommandSpec[] = [AUDIT_COMMAND, DEMO_WITH_FIX_COMMAND, FIX_COMMAND, POLICY_COMMAND, RENDER_COMMAND, SIMULATE_COMMAND, DOCTOR_COMMAND];
