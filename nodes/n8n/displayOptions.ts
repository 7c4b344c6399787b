type Conditions = Record<string, Array<string | number | boolean>>;

// Plain conditions rather than n8n's IDisplayOptions, so the same helpers also type a credential's
// displayOptions (ICredentialsDisplayOptions), which accepts no conditional operators.

/** Shown only while every named parameter holds one of its values. */
export const showWhen = (conditions: Conditions): { show: Conditions } => ({ show: conditions });

/** Hidden while any named parameter holds one of its values. */
export const hideWhen = (conditions: Conditions): { hide: Conditions } => ({ hide: conditions });

/** Shown only while one parameter holds one of the values, the most common case. */
export const showFor = (parameter: string, ...values: string[]) => showWhen({ [parameter]: values });

export const hideFor = (parameter: string, ...values: string[]) => hideWhen({ [parameter]: values });
