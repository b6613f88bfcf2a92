// oidc-provider ships no types; the tests and the demo use a small part of it.
declare module 'oidc-provider';
