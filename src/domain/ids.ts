// Ids we hand out are UUIDs. Anything else cannot name a row, so it is "not found", never a
// database type error (Okta's 404 checks send ids like "010101001010101011001010101011").
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
