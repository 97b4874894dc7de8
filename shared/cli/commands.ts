/** Every command of `ack-drift`, in the order the help lists them. Adding a command is one declaration and one line here. */
import { AUDIT_COMMAND, DEMO_COMMAND } from './audit-command';
import type { CommandSpec } from './command-spec';
import { DOCTOR_COMMAND } from './doctor-command';
import { POLICY_COMMAND } from './policy-command';
import { RENDER_COMMAND } from './render-command';
import { SIMULATE_COMMAND } from './simulate-command';

export const COMMANDS: readonly CommandSpec[] = [AUDIT_COMMAND, DEMO_COMMAND, POLICY_COMMAND, RENDER_COMMAND, SIMULATE_COMMAND, DOCTOR_COMMAND];
