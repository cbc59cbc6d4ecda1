/** Every operation through the OAuth2 credential (tokens from the sandbox's own OAuth server). */
import { describeOperations } from './operations-suite';

describe('operations with the OAuth2 credential', () => {
	describeOperations('oAuth2');
});
