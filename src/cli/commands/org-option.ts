// The --org option most commands take: which organization, by its slug.
import type { OptionSpec } from '../command.js';

export const orgOption: OptionSpec = {
  type: 'string', value: 'SLUG', required: true, help: 'the organization, by its slug as `seatgate org list` shows it',
};
