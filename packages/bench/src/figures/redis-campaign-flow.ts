/**
 * The outbound flow of the Redis campaign figure, as a module `ivrkit campaign` loads (its `flow` export): the
 * bench's one-prompt reminder.
 *
 * @module
 */
import type { Flow } from '@ivrkit/machines';
import { createReminderFlow } from '../bench-flow.js';

export const flow: Flow = createReminderFlow();
