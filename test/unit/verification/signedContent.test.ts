import { buildSignedContent, templateUses } from '../../../nodes/core/verification';

const invalidUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x80, 0x7d]);

describe('buildSignedContent', () => {
	it('is the body itself for {body}', () => {
		expect(buildSignedContent('{body}', { body: invalidUtf8 }).equals(invalidUtf8)).toBe(true);
	});

	it('inserts the raw body bytes unchanged, even when they are not valid UTF-8', () => {
		const content = buildSignedContent('{timestamp}.{body}', { body: invalidUtf8, timestamp: '1700000000' });
		expect(content.equals(Buffer.concat([Buffer.from('1700000000.'), invalidUtf8]))).toBe(true);
		// What decoding to a string and re-encoding would have produced instead:
		expect(content.equals(Buffer.from(`1700000000.${invalidUtf8.toString('utf8')}`))).toBe(false);
	});

	it('keeps multi-byte characters of the body, literals and values as UTF-8', () => {
		const body = Buffer.from('{"t":"héllo ✓ 🎉"}', 'utf8');
		const content = buildSignedContent('v0:{timestamp}:{id}–{body}', { body, timestamp: '1', id: 'ïd' });
		expect(content.toString('utf8')).toBe('v0:1:ïd–{"t":"héllo ✓ 🎉"}');
		expect(content.subarray(content.length - body.length).equals(body)).toBe(true);
	});

	it('fills every occurrence and leaves other braces literal', () => {
		const content = buildSignedContent('{id}.{id}.{Body}.{other}.{body}', { body: Buffer.from('B'), id: 'I' });
		expect(content.toString()).toBe('I.I.{Body}.{other}.B');
	});

	it('signs an empty body as nothing between the separators', () => {
		expect(
			buildSignedContent('{id}.{timestamp}.{body}', { body: Buffer.alloc(0), id: 'm', timestamp: '5' }).toString(),
		).toBe('m.5.');
	});

	it('throws (a caller bug) when a used placeholder has no value', () => {
		expect(() => buildSignedContent('{timestamp}.{body}', { body: Buffer.alloc(0) })).toThrow('{timestamp}');
	});
});

describe('templateUses', () => {
	it('tells which placeholders a template uses', () => {
		expect(templateUses('v0:{timestamp}:{body}', 'timestamp')).toBe(true);
		expect(templateUses('v0:{timestamp}:{body}', 'id')).toBe(false);
		expect(templateUses('{Timestamp}', 'timestamp')).toBe(false);
	});
});
