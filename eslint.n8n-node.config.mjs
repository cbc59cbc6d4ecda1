// n8n's own lint for community nodes, the config `n8n-node lint` uses (@n8n/node-cli), unchanged.
// `npm run lint` runs it over what we publish (nodes/, credentials/, package.json) besides
// eslint.config.mjs; it stays a config of its own because its ESLint plugins are other versions
// of the ones eslint.config.mjs loads, and ESLint refuses two plugins under one name.
import { config } from '@n8n/node-cli/eslint';

export default config;
