import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload, type KeyLike } from 'jose';

/** A sender's key set on 127.0.0.1, for the JWT tests: it serves whatever set the test gives it, or fails the
 * way key servers fail, and counts the requests it gets. */
export type JwksBehaviour = 'serve' | 'error' | 'invalidJson' | 'hang';

export interface JwksServer {
	url: string;
	requests: number;
	behaviour: JwksBehaviour;
	keys: JWK[];
	close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[] = []): Promise<JwksServer> {
	const server = http.createServer((_request, response) => {
		state.requests += 1;
		if (state.behaviour === 'hang') return;
		if (state.behaviour === 'error') {
			response.writeHead(500, { 'Content-Type': 'application/json' }).end('{"keys":[]}');
			return;
		}
		const body = state.behaviour === 'invalidJson' ? '{"keys": [' : JSON.stringify({ keys: state.keys });
		response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const state: JwksServer = {
		url: `http://127.0.0.1:${port}/certs`,
		requests: 0,
		behaviour: 'serve',
		keys,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
	return state;
}

/** A plain GET of a JSON document, for the core cache in unit tests (the n8n layer brings the SSRF guard). */
export function getJson(url: string, signal: AbortSignal): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const request = http.get(url, { signal }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				if (response.statusCode !== 200) return reject(new Error(`HTTP ${response.statusCode}`));
				try {
					resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				} catch (error) {
					reject(error);
				}
			});
		});
		request.on('error', reject);
	});
}

export interface SigningKey {
	alg: string;
	kid: string;
	privateKey: KeyLike;
	publicKey: KeyLike;
	/** The public key as the key set publishes it. */
	jwk: JWK;
}

export async function newSigningKey(alg: 'RS256' | 'ES256' | 'EdDSA', kid: string): Promise<SigningKey> {
	const { privateKey, publicKey } = await generateKeyPair(alg);
	return { alg, kid, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface TokenOptions {
	nowS: number;
	claims?: JWTPayload;
	/** Seconds from nowS; default an hour. */
	expiresIn?: number;
}

/** A token signed as a sender signs it: with iat and exp, and the given claims and header. */
export function signToken(
	key: KeyLike | Uint8Array,
	header: { alg: string; kid?: string },
	{ nowS, claims = {}, expiresIn = 3600 }: TokenOptions,
): Promise<string> {
	return new SignJWT({ exp: nowS + expiresIn, ...claims }).setProtectedHeader(header).setIssuedAt(nowS).sign(key);
}

/** An unsigned token (`alg: none`), which jose itself refuses to produce. */
export function unsignedToken(payload: JWTPayload): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}
