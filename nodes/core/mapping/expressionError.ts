export type ExpressionErrorKind = 'syntax' | 'evaluation' | 'timeout' | 'depth';

/** Why a JSONata expression could not produce a value; `message` is fit to show a user or a sender. */
export class ExpressionError extends Error {
	readonly kind: ExpressionErrorKind;
	/** JSONata's error code (S0203, T2002, D1012 …) when it raised one. */
	readonly code?: string;
	/** Character offset in the expression source, when JSONata knows it. */
	readonly position?: number;

	constructor(kind: ExpressionErrorKind, message: string, details: { code?: string; position?: number } = {}) {
		super(message);
		this.name = 'ExpressionError';
		this.kind = kind;
		this.code = details.code;
		this.position = details.position;
	}
}
