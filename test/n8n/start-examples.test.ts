/**
 * What `npm start` imports when BITRIX24_WEBHOOK_URL names a real portal: the sandbox examples keep
 * the sandbox credentials, and the only workflow given the portal's credential is one that reads.
 */
import { CREDENTIALS, PORTAL_CREDENTIAL } from './credentials';
import { bitrix24Node, startExampleWorkflows } from './workflows';

const READ_ONLY_OPERATIONS = ['get', 'getFields'];

const credentialIdOf = (workflow: ReturnType<typeof startExampleWorkflows>[number]) =>
	Object.values(bitrix24Node(workflow).credentials ?? {}).map((credential) => credential.id);

it('gives a real portal only a read-only example; every other example stays on the sandbox', () => {
	const workflows = startExampleWorkflows(true);
	const onPortal = workflows.filter((workflow) =>
		credentialIdOf(workflow).includes(PORTAL_CREDENTIAL.id),
	);
	expect(onPortal).toHaveLength(1);
	expect(READ_ONLY_OPERATIONS).toContain(bitrix24Node(onPortal[0]).parameters.operation);
	const sandboxIds: string[] = [CREDENTIALS.webhook.id, CREDENTIALS.oAuth2.id];
	for (const workflow of workflows.filter((entry) => !onPortal.includes(entry))) {
		expect(sandboxIds).toEqual(expect.arrayContaining(credentialIdOf(workflow)));
	}
	expect(new Set(workflows.map((workflow) => workflow.id)).size).toBe(workflows.length);
});

it('imports no portal example without a real portal', () => {
	const workflows = startExampleWorkflows(false);
	expect(workflows.flatMap(credentialIdOf)).not.toContain(PORTAL_CREDENTIAL.id);
});
