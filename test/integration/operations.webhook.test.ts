/** Every operation through the inbound-webhook credential: output, sandbox state and request log. */
import { describeOperations } from './operations-suite';

describe('operations with the webhook credential', () => {
	describeOperations('webhook');
});
