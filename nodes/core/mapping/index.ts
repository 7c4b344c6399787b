export {
	compileExpression,
	evaluateExpression,
	MAX_SEQUENCE_LENGTH,
	type CompiledExpression,
	type ExpressionLimits,
} from './expression';
export { ExpressionError } from './expressionError';
