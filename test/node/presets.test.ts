/** Every preset of the core's table agrees across the layers: the Verification option both inbound nodes
 * show, the parameters n8n resolves for it (the tolerance field exactly when the sender signs a timestamp),
 * the configuration readVerificationConfig reads from them, signing and verifying in the core, and the nodes
 * themselves. A preset added to the table is checked here with nothing else to write. */
import { randomUUID } from 'node:crypto';

import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import {
	isPresetName,
	PRESET_NAMES,
	PRESETS,
	signRequest,
	verifySignature,
	type PresetName,
	type VerificationConfig,
} from '../../nodes/core/verification';
import { HooklineTrigger } from '../../nodes/HooklineTrigger/HooklineTrigger.node';
import { HooklineVerify } from '../../nodes/HooklineVerify/HooklineVerify.node';
import { readVerificationConfig } from '../../nodes/n8n/verification/verificationConfig';
import { mockExecuteFunctions } from '../support/mockExecuteFunctions';
import { mockWebhookFunctions, runWebhook } from '../support/mockWebhookFunctions';
import { resolveParameters } from '../support/nodeParameters';
import { useThrowawayUserFolder } from '../support/userFolder';

const SECRET = 'preset-agreement-secret';
const BODY = Buffer.from('{"event":"preset.check","note":"Grüße ✓"}');
const AT = 1_700_000_000;
const GENERIC_METHODS = ['bearer', 'headerToken', 'hmac', 'none', 'standardWebhooks'];

useThrowawayUserFolder('hookline-presets-');

const trigger = new HooklineTrigger();
const verify = new HooklineVerify();
const NODES: Array<[string, INodeType]> = [
	['Hookline Trigger', trigger],
	['Hookline Verify', verify],
];

const verificationOptions = (properties: INodeProperties[]) =>
	properties.find((property) => property.name === 'verification')!.options as INodePropertyOptions[];

/** The configuration a node reads when n8n hands it these parameters, defaults filled in as n8n does. */
function configFor(properties: INodeProperties[], given: Record<string, unknown>): VerificationConfig {
	const parameters = resolveParameters(properties, given);
	return readVerificationConfig((name, fallback) => (Object.hasOwn(parameters, name) ? parameters[name] : fallback));
}

const at = (config: VerificationConfig, headers: Record<string, string>, nowSeconds: number, body = BODY) =>
	verifySignature(config, { rawBody: body, headers, secrets: { current: SECRET }, nowMs: nowSeconds * 1000 });

describe.each(NODES)('%s', (_name, node) => {
	const properties = node.description.properties;
	const options = verificationOptions(properties);

	it('offers every preset of the table, and no other besides the generic methods', () => {
		const values = options.map((option) => String(option.value));
		expect(values.filter(isPresetName).sort()).toEqual([...PRESET_NAMES].sort());
		expect(values.filter((value) => !isPresetName(value))).toEqual(GENERIC_METHODS);
	});

	describe.each(PRESET_NAMES)('preset %s', (name: PresetName) => {
		const preset = PRESETS[name];

		it("shows the table's name and option description", () => {
			expect(options.find((option) => option.value === name)).toEqual({
				name: preset.displayName,
				value: name,
				description: preset.optionDescription,
			});
		});

		it('shows the tolerance field exactly when the sender signs a timestamp', () => {
			expect(Object.hasOwn(resolveParameters(properties, { verification: name }), 'toleranceSeconds')).toBe(
				preset.timestamped,
			);
		});

		it("reads the table's configuration, with the user's tolerance when one applies", () => {
			expect(configFor(properties, { verification: name })).toEqual(
				preset.timestamped ? { ...preset.config, toleranceSeconds: 300 } : preset.config,
			);
			expect(configFor(properties, { verification: name, toleranceSeconds: 10 })).toEqual(
				preset.timestamped ? { ...preset.config, toleranceSeconds: 10 } : preset.config,
			);
		});

		it('verifies what it signs, and refuses a tampered body, another secret and (if timestamped) a late request', () => {
			const config = configFor(properties, { verification: name, toleranceSeconds: 10 });
			const headers = signRequest(config, SECRET, { body: BODY, timestampSeconds: AT });
			expect(at(config, headers, AT)).toEqual({ ok: true, method: preset.config.method, secret: 'current' });
			expect(at(config, headers, AT, Buffer.from(BODY.toString().replace('✓', '✗')))).toMatchObject({
				ok: false,
				reason: 'signature_mismatch',
			});
			const forged = signRequest(config, 'another-secret', { body: BODY, timestampSeconds: AT });
			expect(at(config, forged, AT)).toMatchObject({ ok: false, reason: 'signature_mismatch' });
			expect(at(config, headers, AT + 10)).toMatchObject({ ok: true });
			expect(at(config, headers, AT + 11)).toEqual(
				preset.timestamped
					? { ok: false, method: preset.config.method, reason: 'timestamp_out_of_tolerance' }
					: { ok: true, method: preset.config.method, secret: 'current' },
			);
		});
	});
});

describe.each(PRESET_NAMES)('the nodes with preset %s', (name) => {
	const config = configFor(verify.description.properties, { verification: name });
	const signed = (body: Buffer) => signRequest(config, SECRET, { body });
	const tampered = Buffer.from(BODY.toString().replace('check', 'chekc'));

	it('Hookline Verify routes a genuine item to Valid and a tampered one to Invalid', async () => {
		const item = (body: Buffer, headers: Record<string, string>) => ({
			json: { headers },
			binary: { data: { data: body.toString('base64'), mimeType: 'application/json' } },
		});
		const ctx = mockExecuteFunctions({
			properties: verify.description.properties,
			parameters: { verification: name },
			items: [item(BODY, signed(BODY)), item(tampered, signed(BODY))],
			credentials: { hooklineSecretApi: { secret: SECRET, previousSecret: '' } },
		});
		const [valid, invalid] = (await verify.execute!.call(ctx)) as [Array<{ json: object }>, Array<{ json: object }>];
		expect(valid.map((entry) => entry.json)).toEqual([
			expect.objectContaining({
				verification: { valid: true, method: PRESETS[name].config.method, secret: 'current' },
			}),
		]);
		expect(invalid.map((entry) => entry.json)).toEqual([
			expect.objectContaining({
				verification: expect.objectContaining({ valid: false, reason: 'signature_mismatch' }),
			}),
		]);
	});

	it('Hookline Trigger accepts a genuine delivery and refuses a tampered one', async () => {
		const deliver = async (body: Buffer) => {
			const { ctx, response } = mockWebhookFunctions({
				properties: trigger.description.properties,
				parameters: { path: 'hook', verification: name },
				credentials: { hooklineSecretApi: { secret: SECRET, previousSecret: '' } },
				request: { body, headers: { 'Content-Type': 'application/json', ...signed(BODY) } },
				workflowId: randomUUID(),
			});
			await runWebhook(trigger, ctx, response);
			return response.status;
		};
		expect(await deliver(BODY)).toBe(202);
		expect(await deliver(tampered)).toBe(401);
	});
});
