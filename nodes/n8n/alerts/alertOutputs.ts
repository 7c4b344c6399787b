import { namedOutputs } from '../outputs';

/** The Alert Trigger's outputs and the Alert node's Raise ones, in this order (0 new, 1 repeated): "New alert"
 * can start a ticket flow once per outage. */
export const alertOutputs = namedOutputs('New alert', 'Repeated alert');
