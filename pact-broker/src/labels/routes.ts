// Label routes: a pacticipant's labels, every label name, the pacticipants with a label.

import { emptyObjectBody } from '../http/context.js';
import { route } from '../route.js';
import { listLabels, listPacticipantsWithLabel, putLabel, removeLabel, showLabel } from './handlers.js';

const label = '/pacticipants/:pacticipant/labels/:label';

export const labelRoutes = [
  route('GET', '/pacticipants/label/:label', listPacticipantsWithLabel, 'read'),
  route('GET', label, showLabel, 'read'),
  route('PUT', label, putLabel, 'write', emptyObjectBody),
  route('DELETE', label, removeLabel, 'write'),
  route('GET', '/labels', listLabels, 'read'),
];
