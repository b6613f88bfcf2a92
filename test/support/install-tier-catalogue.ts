// Every test file starts with the shipped tier catalogue (config/tiers.json) installed, as the
// server and the CLI install it at start-up; a test of another catalogue installs its own.
import { DEFAULT_TIERS_FILE, readTierCatalogue } from '../../src/config.js';
import { installCatalogue } from '../../src/domain/seats/catalogue.js';

installCatalogue(readTierCatalogue(DEFAULT_TIERS_FILE));
