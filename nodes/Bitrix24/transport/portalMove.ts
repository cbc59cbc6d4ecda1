/**
 * A portal that changed its address answers 301/302 with a `Location` on the new one
 * (settings/how-to-call-rest-api/change-domen.md). An HTTP client that follows it turns the POST
 * into a GET without its body, so the transport follows it itself: the same POST, same body, same
 * authentication, at the new origin, which the rest of the execution then uses. The PHP SDK does
 * the same (src/Core/Core.php) and, like it, treats a redirect within the same origin (an expired
 * licence page, for instance) as no move at all.
 */
import { redact } from './redact';

type MoveReading =
	| { moved: true; restBaseUrl: string; from: string; to: string }
	| { moved: false; problem: string };

/** Reads a redirect's Location against the REST base the request went to. Never echoes the path. */
export function readMove(sentToRestBase: string, location: string): MoveReading {
	const current = new URL(sentToRestBase);
	let target: URL;
	try {
		target = new URL(location, current);
	} catch {
		return { moved: false, problem: 'a redirect to an address that is not a valid URL' };
	}
	if (target.protocol !== 'https:' && target.protocol !== 'http:') {
		return { moved: false, problem: 'a redirect to an address that is not http(s)' };
	}
	if (target.origin === current.origin) {
		return {
			moved: false,
			problem:
				'a redirect to another page of the same portal (the portal may be blocked or its licence expired)',
		};
	}
	if (current.protocol === 'https:' && target.protocol === 'http:') {
		return {
			moved: false,
			problem: `a redirect to ${target.origin}, which is not HTTPS; the node does not send the credential there`,
		};
	}
	return {
		moved: true,
		restBaseUrl: `${target.origin}${current.pathname}`,
		from: current.origin,
		to: target.origin,
	};
}

/** What to change in the credential so that later executions go to the new address directly. */
export function credentialUpdateHint(credentialType: string): string {
	return credentialType === 'bitrix24OAuth2Api'
		? 'set the Portal URL of the Bitrix24 OAuth2 credential to the new address and reconnect it'
		: 'copy the inbound webhook URL from Bitrix24 again (Developer resources → Other → Inbound webhook) into the Bitrix24 webhook credential: it holds the new address';
}

export function movedMessage(
	from: string,
	to: string,
	credentialType: string,
	secrets: readonly string[],
): string {
	return redact(
		`Bitrix24: the portal has moved from ${from} to ${to}. Requests go to the new address for the rest of this execution; to stop the detour, ${credentialUpdateHint(credentialType)}.`,
		secrets,
	);
}
