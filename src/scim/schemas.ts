// The SCIM schemas we serve, all from scimmy: core User with the Enterprise User extension and
// our seat extension, core Group, and the ServiceProviderConfig we advertise. scimmy keeps these
// in process-wide registries, so they are set up once, here, on first import.
import SCIMMY from 'scimmy';

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Our extension: the seat the member holds. Read-only; no client can set it (mass assignment). */
export const SEAT_EXTENSION = 'urn:seatgate:params:scim:schemas:extension:seat:2.0:User';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Advertised (ServiceProviderConfig) and enforced. */
export const MAX_RESULTS = 1000;
export const MAX_FILTER_LENGTH = 2000;
export const MAX_FILTER_CLAUSES = 50;

// The seat extension is not registered with scimmy: scimmy only accepts schema ids under
// urn:ietf:params:scim:schemas:, and ours is not IETF's to claim. attribute-selection.ts,
// user-resource.ts and discovery-routes.ts handle it instead.

let ready = false;

export function setUpScimmy(): void {
  if (ready) return;
  ready = true;
  // scimmy's typings say extend() takes a Schema instance; at run time it takes a schema class
  // (its documented usage).
  SCIMMY.Schemas.User.extend(SCIMMY.Schemas.EnterpriseUser as never, false);
  SCIMMY.Resources.declare(SCIMMY.Resources.User);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group);
  SCIMMY.Config.set({
    documentationUri: 'https://github.com/seatgate/seatgate/blob/main/docs/scim-compat.md',
    patch: true,
    filter: { supported: true, maxResults: MAX_RESULTS },
    sort: true,
    bulk: false,
    changePassword: false,
    etag: false,
    authenticationSchemes: [{
      type: 'oauthbearertoken', name: 'Bearer token',
      description: 'A token from `seatgate scim-token create`; it decides the organization.',
    }],
  });
}

setUpScimmy();

export { SCIMMY };
