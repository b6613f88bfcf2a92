// Every CLI command. An edge that adds commands lists them here.
import type { Command } from '../command.js';
import { migrate } from './migrate.js';
import { serve } from './serve.js';
import { orgCreate, orgList } from './org.js';
import { seatsAdd, seatsShow } from './seats.js';
import { logs } from './logs.js';
import { billingRenew, contractSet, contractShow, invoicesList } from './billing.js';
import { apiKeyCreate, apiKeyList, apiKeyRevoke } from './api-key.js';
import { alertsRun } from './alerts.js';
import { demo } from './demo.js';
import { ssoAddOidc, ssoAddSaml, ssoList, ssoRemove } from './sso.js';
import { scimTokenCreate, scimTokenList, scimTokenRevoke } from './scim-token.js';
import { consoleLink } from './console-link.js';

export const COMMANDS: Command[] = [serve, migrate, orgCreate, orgList, seatsShow, seatsAdd, logs,
  scimTokenCreate, scimTokenList, scimTokenRevoke, ssoAddSaml, ssoAddOidc, ssoList, ssoRemove, demo,
  apiKeyCreate, apiKeyList, apiKeyRevoke, contractSet, contractShow, invoicesList, billingRenew, alertsRun,
  consoleLink];
