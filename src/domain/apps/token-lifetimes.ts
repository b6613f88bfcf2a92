// How long what Seatgate issues to applications lives, in seconds: the OpenID Provider's
// configuration and the key rotation (a retired key stays published as long as its tokens live)
// read the same numbers.
export const ID_TOKEN_TTL_SECONDS = 3600;
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
export const AUTHORIZATION_CODE_TTL_SECONDS = 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
export const INTERACTION_TTL_SECONDS = 15 * 60;
/** The OP's own sign-in record; each authorization still needs a live Seatgate session (src/op/). */
export const OP_SESSION_TTL_SECONDS = 8 * 3600;
export const GRANT_TTL_SECONDS = REFRESH_TOKEN_TTL_SECONDS;
export const CLOCK_TOLERANCE_SECONDS = 15;
