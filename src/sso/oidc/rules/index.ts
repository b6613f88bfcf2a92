// The OIDC checks Seatgate adds after openid-client's, in order.
import type { Rule } from './rule.js';
import { subjectPresent } from './subject-present.js';
import { iatIsRecent } from './iat-is-recent.js';

export const ID_TOKEN_RULES: readonly Rule[] = [subjectPresent, iatIsRecent];
