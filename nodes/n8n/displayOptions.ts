import type { IDisplayOptions } from 'n8n-workflow';

type Conditions = Record<string, Array<string | number | boolean>>;

/** Shown only while every named parameter holds one of its values. */
export const showWhen = (conditions: Conditions): IDisplayOptions => ({ show: conditions });

/** Hidden while any named parameter holds one of its values. */
export const hideWhen = (conditions: Conditions): IDisplayOptions => ({ hide: conditions });

/** Shown only while one parameter holds one of the values, the most common case. */
export const showFor = (parameter: string, ...values: string[]): IDisplayOptions => showWhen({ [parameter]: values });

export const hideFor = (parameter: string, ...values: string[]): IDisplayOptions => hideWhen({ [parameter]: values });
