// Every CLI command, in the order `seatgate --help` lists them. An edge that adds commands
// defines them with defineCommand (../command.ts) and appends them here.
import type { AnyCommand } from '../command.js';
import { migrate } from './migrate.js';
import { serve } from './serve.js';
import { orgCreate, orgList } from './org.js';
import { seatsAdd, seatsShow } from './seats.js';
import { logs } from './logs.js';
import { billingRenew, contractSet, contractShow, invoicesList } from './billing.js';
import { apiKeyCreate, apiKeyList, apiKeyRevoke } from './api-key.js';
import { alertsRun } from './alerts.js';
import { demo } from './demo.js';
import { ssoAddOidc, ssoAddSaml, ssoList, ssoRemove, ssoUpdateOidc } from './sso.js';
import { scimTokenCreate, scimTokenList, scimTokenRevoke } from './scim-token.js';
import { consoleLink } from './console-link.js';
import { ownerAdd } from './owner.js';
import { appCreate, appList, appRemove, appRotateSecret } from './app.js';
import { keysList, keysRotate } from './keys.js';
import { webhookCreate, webhookDeliveries, webhookEnable, webhookList, webhookRemove, webhookRetry } from './webhook.js';

export const COMMANDS: AnyCommand[] = [serve, migrate, orgCreate, orgList, seatsShow, seatsAdd, logs,
  scimTokenCreate, scimTokenList, scimTokenRevoke, ssoAddSaml, ssoAddOidc, ssoUpdateOidc, ssoList, ssoRemove, demo,
  apiKeyCreate, apiKeyList, apiKeyRevoke, contractSet, contractShow, invoicesList, billingRenew, alertsRun,
  consoleLink, ownerAdd, appCreate, appList, appRotateSecret, appRemove, keysRotate, keysList,
  webhookCreate, webhookList, webhookRemove, webhookEnable, webhookDeliveries, webhookRetry];
